"""Reading the API: the root, each collection and item, their representations, and the
number of queries a list or an item costs (the same for 1 row as for 30)."""

import datetime

import pytest

from registry.models import AccessLevel, DatePrecision, LicenseCategory
from tests.factories import (
    AIModelCitationFactory,
    AIModelFactory,
    CompanyCitationFactory,
    CompanyFactory,
    LicenseCitationFactory,
    LicenseFactory,
    ReleaseEventCitationFactory,
    ReleaseEventFactory,
    SourceFactory,
    assess,
)

pytestmark = pytest.mark.django_db


def test_root_lists_the_collections_schema_docs_and_bulk_data(api_client):
    data = api_client.get("/api/").json()
    assert data == {
        "models": "http://testserver/api/models/",
        "companies": "http://testserver/api/companies/",
        "licenses": "http://testserver/api/licenses/",
        "releases": "http://testserver/api/releases/",
        "suggestions": "http://testserver/api/suggestions/",
        "schema": "http://testserver/api/schema/",
        "docs": "http://testserver/api/docs/",
        "exports": "http://testserver/api/exports/",
        "dump": "http://testserver/api/dump.jsonl",
    }


def test_model_representation(api_client):
    company = CompanyFactory(slug="deepseek", name="DeepSeek", country="CN")
    mit = LicenseFactory(
        slug="mit", name="MIT License", spdx_id="MIT", category=LicenseCategory.PERMISSIVE
    )
    base = AIModelFactory(slug="deepseek-v3", company=company, license=mit)
    model = AIModelFactory(
        slug="deepseek-r1",
        name="DeepSeek-R1",
        company=company,
        license=mit,
        base_model=base,
        access=AccessLevel.OPEN_UNRESTRICTED,
        released_on=datetime.date(2025, 1, 1),
        released_on_precision=DatePrecision.MONTH,
        parameters=671_000_000_000,
        active_parameters=37_000_000_000,
    )
    source = SourceFactory(
        title="The article", url="https://news.example/article", publisher="News"
    )
    AIModelCitationFactory(model=model, source=source, claim="license", quote="Released under MIT.")

    data = api_client.get("/api/models/deepseek-r1/").json()

    assert data["slug"] == "deepseek-r1"
    assert data["name"] == "DeepSeek-R1"
    assert data["company"] == {
        "slug": "deepseek",
        "name": "DeepSeek",
        "country": "CN",
        "url": "http://testserver/api/companies/deepseek/",
    }
    assert data["license"]["slug"] == "mit"
    assert data["license"]["spdx_id"] == "MIT"
    assert data["license"]["category"] == "permissive"
    assert data["license"]["osi_approved"] is True
    assert {"commercial_use", "mau_limit", "excluded_territories", "attribution_required"} <= set(
        data["license"]
    )
    assert data["base_model"] == "deepseek-v3"
    assert (data["modality"], data["kind"], data["access"]) == ("text", "chat", "open-unrestricted")
    assert data["has_open_weights"] is True
    assert data["released_on"] == "2025-01-01"
    assert data["released_on_precision"] == "month"
    assert data["released"] == "2025-01"
    assert data["parameters"] == 671_000_000_000
    assert data["active_parameters"] == 37_000_000_000
    assert data["url"] == "http://testserver/api/models/deepseek-r1/"
    assert data["html_url"] == "http://testserver/models/deepseek-r1/"
    assert data["releases_url"] == "http://testserver/api/releases/?model=deepseek-r1"
    assert data["sources"] == [
        {
            "title": "The article",
            "url": "https://news.example/article",
            "publisher": "News",
            "published_on": None,
            "claim": "license",
            "value": "",
            "quote": "Released under MIT.",
        }
    ]


def test_model_without_license_date_or_base(api_client):
    AIModelFactory(slug="secret", license=None, released_on=None, base_model=None)
    data = api_client.get("/api/models/secret/").json()
    assert (data["license"], data["released_on"], data["base_model"]) == (None, None, None)
    assert data["released"] == ""


def test_company_representation(api_client):
    company = CompanyFactory(slug="moonshot", name="Moonshot AI", country="CN")
    CompanyCitationFactory(company=company)
    data = api_client.get("/api/companies/moonshot/").json()
    assert data["name"] == "Moonshot AI"
    assert data["country"] == "CN"
    assert data["url"] == "http://testserver/api/companies/moonshot/"
    assert data["html_url"] == "http://testserver/companies/moonshot/"
    assert data["models_url"] == "http://testserver/api/models/?company=moonshot"
    assert data["releases_url"] == "http://testserver/api/releases/?company=moonshot"
    assert len(data["sources"]) == 1


def test_license_representation_spells_out_its_terms(api_client):
    terms = LicenseFactory(
        slug="llama",
        spdx_id="LicenseRef-llama",
        url="https://example.org/llama-license",
        mau_limit=700_000_000,
        excluded_territories=["CN"],
        attribution_required=True,
    )
    LicenseCitationFactory(license=terms)
    data = api_client.get("/api/licenses/llama/").json()
    assert data["mau_limit"] == 700_000_000
    assert data["excluded_territories"] == ["CN"]
    assert data["attribution_required"] is True
    assert data["osi_approved"] is False
    assert data["text_url"] == "https://example.org/llama-license"
    assert data["url"] == "http://testserver/api/licenses/llama/"
    assert data["models_url"] == "http://testserver/api/models/?license=llama"
    assert len(data["sources"]) == 1


def test_release_event_representation(api_client):
    model = AIModelFactory(slug="qwen", name="Qwen")
    event = ReleaseEventFactory(
        slug="qwen-open",
        title="Qwen open-sourced",
        company=model.company,
        model=model,
        license=model.license,
        date=datetime.date(2024, 1, 1),
        date_precision=DatePrecision.YEAR,
        kind="open-sourcing",
        description="Weights published.",
    )
    ReleaseEventCitationFactory(event=event)
    data = api_client.get("/api/releases/qwen-open/").json()
    assert data["date"] == "2024-01-01"
    assert data["date_precision"] == "year"
    assert data["when"] == "2024"
    assert (data["kind"], data["status"]) == ("open-sourcing", "happened")
    assert data["title"] == "Qwen open-sourced"
    assert data["description"] == "Weights published."
    assert data["company"]["slug"] == model.company.slug
    assert data["model"] == {
        "slug": "qwen",
        "name": "Qwen",
        "url": "http://testserver/api/models/qwen/",
    }
    assert data["license"]["slug"] == model.license.slug
    assert data["partner"] is None
    assert data["html_url"] == "http://testserver/releases/#qwen-open"
    assert len(data["sources"]) == 1


def test_company_event_has_no_model(api_client):
    ReleaseEventFactory(slug="funding", kind="investment")
    data = api_client.get("/api/releases/funding/").json()
    assert (data["model"], data["license"]) == (None, None)


@pytest.mark.parametrize(
    "path", ["/api/models/", "/api/companies/", "/api/licenses/", "/api/releases/"]
)
def test_empty_collections(api_client, path):
    assert api_client.get(path).json() == {"next": None, "previous": None, "results": []}


def test_lists_default_orders(api_client):
    for name in ["Beta", "alpha", "Gamma"]:
        AIModelFactory(name=name)
    ReleaseEventFactory(slug="old", date=datetime.date(2020, 1, 1))
    ReleaseEventFactory(slug="new", date=datetime.date(2025, 6, 1))

    names = [row["name"] for row in api_client.get("/api/models/").json()["results"]]
    assert names == sorted(names)
    events = [row["slug"] for row in api_client.get("/api/releases/").json()["results"]]
    assert events == ["new", "old"]  # latest first


# Query counts: one query for the page (related rows joined), one for all its citations.


def make_models(count, citations=2):
    for _ in range(count):
        model = AIModelFactory(base_model=AIModelFactory())
        AIModelCitationFactory.create_batch(citations, model=model)


def make_companies(count, citations=1):
    for _ in range(count):
        CompanyCitationFactory.create_batch(citations, company=CompanyFactory())


def make_licenses(count, citations=1):
    for _ in range(count):
        LicenseCitationFactory.create_batch(citations, license=LicenseFactory())


def make_releases(count, citations=1):
    for _ in range(count):
        model = AIModelFactory()
        event = ReleaseEventFactory(
            company=model.company, model=model, license=model.license, partner=CompanyFactory()
        )
        ReleaseEventCitationFactory.create_batch(citations, event=event)


# Models: the page (company, license, base model, assessment joined), then one query each for
# license-history events and citations. Openness dimensions and MOF components cost one more
# query each, only on pages with an assessed model (test_openness_api.py).
MODEL_QUERIES = 3
COLLECTIONS = [
    ("/api/models/", make_models, MODEL_QUERIES),
    ("/api/companies/", make_companies, 2),
    ("/api/licenses/", make_licenses, 2),
    ("/api/releases/", make_releases, 2),
]


@pytest.mark.parametrize("rows", [1, 30])
@pytest.mark.parametrize(("path", "make", "queries"), COLLECTIONS)
def test_list_query_count_is_fixed(
    api_client, django_assert_num_queries, path, make, queries, rows
):
    make(rows)
    with django_assert_num_queries(queries):
        response = api_client.get(path, {"page_size": 100})
    assert len(response.json()["results"]) >= rows


@pytest.mark.parametrize(("path", "make", "queries"), COLLECTIONS)
def test_csv_export_query_count_is_fixed(
    api_client, django_assert_num_queries, path, make, queries
):
    make(30)
    with django_assert_num_queries(queries):
        response = api_client.get(path, {"format": "csv"})
    assert response.content.decode().count("\r\n") >= 31


@pytest.mark.parametrize("citations", [1, 30])
@pytest.mark.parametrize(("path", "make", "queries"), COLLECTIONS)
def test_detail_query_count_is_fixed(
    api_client, django_assert_num_queries, path, make, queries, citations
):
    make(1, citations=citations)
    url = next(row["url"] for row in api_client.get(path).json()["results"] if row["sources"])
    with django_assert_num_queries(queries):
        response = api_client.get(url)
    assert len(response.json()["sources"]) == citations


@pytest.mark.parametrize("as_editor", [False, True])
def test_browsable_api_renders_every_page(client, editor, as_editor):
    if as_editor:  # an editor also gets the write forms, with <select>s of slugs
        client.force_login(editor)
    model = AIModelFactory(slug="m", base_model=AIModelFactory())
    ReleaseEventFactory(slug="e", company=model.company, model=model)
    pages = ["/api/", "/api/models/", "/api/models/m/", "/api/companies/", "/api/licenses/"]
    pages += [f"/api/companies/{model.company.slug}/", f"/api/licenses/{model.license.slug}/"]
    pages += ["/api/releases/", "/api/releases/e/", "/api/models/?page_size=1"]
    for page in pages:
        response = client.get(page, HTTP_ACCEPT="text/html")
        assert response.status_code == 200, page
        assert response["Content-Type"].startswith("text/html")
    if as_editor:
        assert f'<option value="{model.company.slug}"' in response.content.decode()


# Openness (docs/openness.md) as the model endpoints show it.


@pytest.fixture
def ernie():
    proprietary = LicenseFactory(slug="proprietary", spdx_id="LicenseRef-Proprietary")
    apache = LicenseFactory(slug="apache", spdx_id="Apache-2.0", category="permissive")
    model = AIModelFactory(slug="ernie", license=apache)
    assess(
        model,
        {"training-code": "closed", "base-model-weights": "open"},
        {"final-parameters": "Apache-2.0"},
    )
    for date, kind, license_, access in [
        (datetime.date(2025, 3, 16), "release", proprietary, "api"),
        (datetime.date(2025, 6, 30), "open-sourcing", apache, "open-unrestricted"),
    ]:
        ReleaseEventFactory(
            company=model.company,
            model=model,
            date=date,
            kind=kind,
            license=license_,
            access=access,
        )
    return model


def test_model_shows_its_openness_and_license_history(api_client, ernie):
    data = api_client.get("/api/models/ernie/").json()
    assert data["openness"]["osaid_open"] is False
    assert len(data["openness"]["dimensions"]) == 12
    assert data["openness"]["mof_components"][0]["component"] == "final-parameters"
    assert [(p["license"]["slug"], p["start"], p["end"]) for p in data["license_history"]] == [
        ("proprietary", "2025-03-16", "2025-06-30"),
        ("apache", "2025-06-30", None),
    ]
    assert data["license_as_of"] is None


def test_unassessed_model_has_null_openness(api_client):
    AIModelFactory(slug="m")
    assert api_client.get("/api/models/m/").json()["openness"] is None


@pytest.mark.parametrize("path", ["/api/models/ernie/", "/api/models/"])
def test_as_of_answers_the_license_on_that_day(api_client, ernie, path):
    data = api_client.get(path, {"as_of": "2025-05-01"}).json()
    item = data["results"][0] if "results" in data else data
    assert item["license_as_of"]["as_of"] == "2025-05-01"
    assert item["license_as_of"]["license"]["slug"] == "proprietary"
    assert item["license_as_of"]["access"] == "api"


def test_bad_as_of_is_400_and_empty_as_of_is_unset(api_client, ernie):
    response = api_client.get("/api/models/", {"as_of": "2025-02-30"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["as_of"]
    assert api_client.get("/api/models/ernie/", {"as_of": ""}).json()["license_as_of"] is None


def test_event_shows_the_access_level_it_set(api_client, ernie):
    rows = api_client.get("/api/releases/", {"model": "ernie", "ordering": "date"}).json()
    assert [row["access"] for row in rows["results"]] == ["api", "open-unrestricted"]
