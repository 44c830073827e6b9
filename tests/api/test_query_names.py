"""Query parameters on the API are strict (registry/api/filtering.py): an unknown name is a
400 naming it (with the registry's name for a familiar alias), a single-valued name given
twice is a 400, multi-valued filters take one value per repetition; and the names accepted
are exactly those the schema documents. The pages ignore unknown names."""

import pytest
from django.urls import resolve

from tests.factories import AIModelFactory, CompanyFactory, LicenseFactory

pytestmark = pytest.mark.django_db


def errors_of(response, status=400):
    assert response.status_code == status, response.content
    body = response.json()
    assert body["code"] == "invalid"
    return body["errors"]


@pytest.mark.parametrize(
    ("alias", "name"),
    [
        ("search", "q"),
        ("author", "company"),
        ("sort", "ordering"),
        ("direction", "ordering"),
        ("limit", "page_size"),
        ("page", "cursor"),
    ],
)
def test_hugging_face_hub_names_are_400s_pointing_at_the_registry_name(api_client, alias, name):
    AIModelFactory.create_batch(3)
    errors = errors_of(api_client.get("/api/models/", {alias: "deepseek"}))
    assert list(errors) == [alias]
    assert f"the registry calls it {name}" in errors[alias][0]


def test_the_issue_query_is_refused_not_answered_with_every_row(api_client):
    AIModelFactory.create_batch(3)
    errors = errors_of(api_client.get("/api/models/?search=deepseek&limit=5"))
    assert set(errors) == {"search", "limit"}


def test_an_unknown_name_is_a_400_listing_the_accepted_ones(api_client):
    errors = errors_of(api_client.get("/api/companies/?licence=mit"))
    assert errors["licence"] == [
        "Unknown parameter. Accepted here: country, cursor, format, has_open_models, "
        "ordering, page_size, q."
    ]
    # An alias whose target this collection lacks is simply unknown.
    assert (
        "Unknown parameter. Accepted"
        in errors_of(api_client.get("/api/licenses/?author=x"))["author"][0]
    )


@pytest.mark.parametrize(
    "path",
    [
        "/api/models/m/?company=other",
        "/api/models/m/history/?as_of=2025-01-01",
        "/api/models/m/?x=",
    ],
)
def test_details_and_history_take_only_their_own_parameters(api_client, path):
    AIModelFactory(slug="m")
    assert errors_of(api_client.get(path))


@pytest.mark.parametrize(
    "query",
    [
        "company=deepseek&company=openai",
        "q=a&q=b",
        "page_size=1&page_size=2",
    ],
)
def test_a_repeated_single_valued_parameter_is_a_400(api_client, query):
    name = query.split("=")[0]
    errors = errors_of(api_client.get(f"/api/models/?{query}"))
    assert list(errors) == [name]
    assert errors[name][0].startswith("Given 2 times; give it once.")


def test_sort_keys_repeat_or_go_comma_separated(api_client, client, document):
    AIModelFactory(slug="a-small", name="A", parameters=1)
    AIModelFactory(slug="a-large", name="A", parameters=9)
    AIModelFactory(slug="b", name="B", parameters=5)
    expected = ["a-large", "a-small", "b"]
    for query in ["ordering=name&ordering=-parameters", "ordering=name,-parameters"]:
        rows = api_client.get(f"/api/models/?{query}").json()["results"]
        assert [row["slug"] for row in rows] == expected, query
        page = client.get(f"/models/?{query}").content.decode()
        assert sorted(expected, key=lambda slug: page.index(f"/models/{slug}/")) == expected
    (parameter,) = [
        p for p in document["paths"]["/api/models/"]["get"]["parameters"] if p["name"] == "ordering"
    ]
    assert (parameter["style"], parameter["explode"]) == ("form", True)


def test_a_multi_valued_filter_takes_one_value_per_repetition(api_client, document):
    query = "dimension=training-code:open&dimension=licenses:open"
    assert api_client.get(f"/api/models/?{query}").status_code == 200
    (parameter,) = [
        p
        for p in document["paths"]["/api/models/"]["get"]["parameters"]
        if p["name"] == "dimension"
    ]
    assert parameter["schema"]["type"] == "array"
    assert (parameter["style"], parameter["explode"]) == ("form", True)


def test_writes_refuse_unknown_parameters_after_authentication(api_client, editor_api_client):
    CompanyFactory(slug="c")
    assert api_client.patch("/api/companies/c/?dry_run=1", {"name": "N"}).status_code == 401
    errors = errors_of(editor_api_client.patch("/api/companies/c/?dry_run=1", {"name": "N"}))
    assert list(errors) == ["dry_run"]


def test_pages_ignore_unknown_parameters(client):
    AIModelFactory(slug="m")
    response = client.get("/models/?utm_source=newsletter&fbclid=abc")
    assert response.status_code == 200
    assert b"/models/m/" in response.content


@pytest.fixture
def document(api_client):
    return api_client.get("/api/schema/", {"format": "json"}).json()


def test_accepted_names_are_the_documented_ones(document):
    """For every operation, the names the view accepts are the schema's query parameters
    (``format``, DRF's renderer switch, is accepted everywhere, documented on lists)."""
    for path, item in document["paths"].items():
        concrete = path.replace("{slug}", "s").replace("{id}", "1").replace("{fmt}", "csv")
        view = resolve(concrete).func
        if not hasattr(view, "actions"):  # not a viewset (/api/exports/)
            continue
        for method, operation in item.items():
            documented = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
            viewset = view.cls(**view.initkwargs)
            viewset.action = view.actions[method]
            viewset.request = None
            viewset.format_kwarg = None
            accepted, _ = viewset.query_parameters()
            assert accepted - {"format"} == documented - {"format"}, (method, path)


@pytest.mark.parametrize("value", ["MIT", "mit", "Apache-2.0", "mit-license"])
def test_the_license_filter_takes_spdx_ids_in_any_case_and_slugs(api_client, client, value):
    mit = LicenseFactory(slug="mit-license", spdx_id="MIT")
    apache = LicenseFactory(slug="apache-2", spdx_id="Apache-2.0")
    AIModelFactory(slug="under-mit", license=mit)
    AIModelFactory(slug="under-apache", license=apache)
    expected = "under-apache" if value.startswith("Apache") else "under-mit"
    rows = api_client.get("/api/models/", {"license": value}).json()["results"]
    assert [row["slug"] for row in rows] == [expected]
    page = client.get("/models/", {"license": value})
    assert f"/models/{expected}/".encode() in page.content
    assert b"/models/under-" + (b"mit" if expected == "under-apache" else b"apache") not in (
        page.content
    )


def test_a_license_slug_wins_over_another_license_spdx_id(api_client):
    by_slug = LicenseFactory(slug="mit", spdx_id="LicenseRef-mit-variant")
    LicenseFactory(slug="the-mit-license", spdx_id="MIT")
    AIModelFactory(slug="m", license=by_slug)
    rows = api_client.get("/api/models/", {"license": "mit"}).json()["results"]
    assert [row["slug"] for row in rows] == ["m"]
