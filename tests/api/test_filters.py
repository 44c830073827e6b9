"""Every filter of every collection, through the API (the same FilterSets as the pages)."""

import datetime

import pytest
from django.urls import reverse

from registry.models import AccessLevel, CommercialUse, LicenseCategory, Modality, ModelKind
from tests.factories import AIModelFactory, CompanyFactory, LicenseFactory, ReleaseEventFactory

pytestmark = pytest.mark.django_db


def slugs(api_client, path, **params):
    response = api_client.get(path, params)
    assert response.status_code == 200, response.json()
    return [row["slug"] for row in response.json()["results"]]


@pytest.fixture
def models():
    cn = CompanyFactory(slug="deepseek", name="DeepSeek", country="CN")
    us = CompanyFactory(slug="meta", name="Meta", country="US")
    mit = LicenseFactory(
        slug="mit",
        spdx_id="MIT",
        category=LicenseCategory.PERMISSIVE,
        commercial_use=CommercialUse.ALLOWED,
    )
    llama = LicenseFactory(
        slug="llama",
        category=LicenseCategory.OPEN_RESTRICTED,
        commercial_use=CommercialUse.RESTRICTED,
    )
    AIModelFactory(
        slug="r1",
        name="DeepSeek-R1",
        company=cn,
        license=mit,
        kind=ModelKind.REASONING,
        access=AccessLevel.OPEN_UNRESTRICTED,
        released_on=datetime.date(2025, 1, 20),
        parameters=671_000_000_000,
        description="A reasoning model.",
    )
    AIModelFactory(
        slug="llama-3",
        name="Llama 3",
        company=us,
        license=llama,
        access=AccessLevel.OPEN_RESTRICTED,
        released_on=datetime.date(2024, 4, 18),
        parameters=70_000_000_000,
    )
    AIModelFactory(
        slug="janus",
        name="Janus",
        company=cn,
        license=None,
        modality=Modality.IMAGE,
        kind=ModelKind.GENERATOR,
        access=AccessLevel.API,
        released_on=None,
        parameters=None,
    )


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"company": "deepseek"}, {"r1", "janus"}),
        ({"company": "nobody"}, set()),
        ({"country": "US"}, {"llama-3"}),
        ({"license": "mit"}, {"r1"}),
        ({"license_category": "open-restricted"}, {"llama-3"}),
        ({"osi_approved": "true"}, {"r1"}),
        ({"osi_approved": "false"}, {"llama-3"}),
        ({"osi_approved": "1"}, {"r1"}),
        ({"commercial_use": "allowed"}, {"r1"}),
        ({"modality": "image"}, {"janus"}),
        ({"kind": "reasoning"}, {"r1"}),
        ({"access": "api"}, {"janus"}),
        ({"released_after": "2025-01-01"}, {"r1"}),
        ({"released_before": "2024-12-31"}, {"llama-3"}),
        ({"q": "reasoning"}, {"r1"}),  # description
        ({"q": "meta"}, {"llama-3"}),  # company name
        ({"q": "  "}, {"r1", "llama-3", "janus"}),
        ({"company": "deepseek", "modality": "text"}, {"r1"}),
        ({"country": "", "ordering": "", "q": ""}, {"r1", "llama-3", "janus"}),  # empty = unset
    ],
)
def test_model_filters(api_client, models, params, expected):
    assert set(slugs(api_client, "/api/models/", **params)) == expected


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("name", ["r1", "janus", "llama-3"]),
        ("-name", ["llama-3", "janus", "r1"]),
        ("released_on", ["llama-3", "r1", "janus"]),  # unknown dates last
        ("-released_on", ["r1", "llama-3", "janus"]),
        ("parameters", ["llama-3", "r1", "janus"]),  # unknown sizes last
        ("-parameters", ["r1", "llama-3", "janus"]),
    ],
)
def test_model_ordering(api_client, models, ordering, expected):
    assert slugs(api_client, "/api/models/", ordering=ordering) == expected


def test_company_filters(api_client, models):
    CompanyFactory(slug="mistral", name="Mistral AI", country="FR", description="Paris lab")
    assert set(slugs(api_client, "/api/companies/", country="CN")) == {"deepseek"}
    assert set(slugs(api_client, "/api/companies/", has_open_models="true")) == {"deepseek", "meta"}
    assert slugs(api_client, "/api/companies/", has_open_models="false") == ["mistral"]
    assert slugs(api_client, "/api/companies/", q="paris") == ["mistral"]
    assert slugs(api_client, "/api/companies/", ordering="-name") == ["mistral", "meta", "deepseek"]
    assert slugs(api_client, "/api/companies/", ordering="country")[-1] == "meta"


def test_license_filters(api_client, models):
    assert slugs(api_client, "/api/licenses/", category="permissive") == ["mit"]
    assert slugs(api_client, "/api/licenses/", osi_approved="true") == ["mit"]
    assert slugs(api_client, "/api/licenses/", commercial_use="restricted") == ["llama"]
    assert slugs(api_client, "/api/licenses/", q="MIT") == ["mit"]  # SPDX id
    assert slugs(api_client, "/api/licenses/", ordering="category") == ["llama", "mit"]


@pytest.fixture
def events():
    model = AIModelFactory(slug="r1", name="DeepSeek-R1", company__slug="deepseek")
    other = CompanyFactory(slug="zhipu", country="US")
    ReleaseEventFactory(
        slug="r1-release",
        title="R1 released",
        company=model.company,
        model=model,
        date=datetime.date(2025, 1, 20),
    )
    ReleaseEventFactory(
        slug="glm-plan",
        title="GLM planned",
        company=other,
        kind="plan",
        status="planned",
        date=datetime.date(2026, 1, 1),
    )
    ReleaseEventFactory(
        slug="funding",
        title="Funding round",
        company=other,
        kind="investment",
        date=datetime.date(2024, 6, 1),
    )


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"company": "deepseek"}, ["r1-release"]),
        ({"model": "r1"}, ["r1-release"]),
        ({"country": "US"}, ["glm-plan", "funding"]),
        ({"kind": "investment"}, ["funding"]),
        ({"status": "planned"}, ["glm-plan"]),
        ({"date_after": "2025-01-01"}, ["glm-plan", "r1-release"]),
        ({"date_before": "2024-12-31"}, ["funding"]),
        ({"year": "2025"}, ["r1-release"]),
        ({"q": "DeepSeek"}, ["r1-release"]),  # model and company names
        ({"ordering": "date"}, ["funding", "r1-release", "glm-plan"]),
        ({"ordering": "title"}, ["funding", "glm-plan", "r1-release"]),
    ],
)
def test_release_filters(api_client, events, params, expected):
    assert slugs(api_client, "/api/releases/", **params) == expected


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/api/models/", {"released_after": "2025-13-01"}, "released_after"),
        ("/api/models/", {"released_before": "yesterday"}, "released_before"),
        ("/api/models/", {"modality": "smell"}, "modality"),
        ("/api/models/", {"access": "open"}, "access"),
        ("/api/models/", {"country": "XX"}, "country"),
        ("/api/models/", {"osi_approved": "maybe"}, "osi_approved"),
        ("/api/models/", {"ordering": "description"}, "ordering"),
        ("/api/models/", {"ordering": "name,-secret"}, "ordering"),
        ("/api/models/", {"q": "x" * 201}, "q"),
        ("/api/models/", {"company": "a\x00b"}, "company"),
        ("/api/models/", {"osaid": "maybe"}, "osaid"),
        ("/api/models/", {"open_washing": "null"}, "open_washing"),
        ("/api/models/", {"mof_class": "class-iv"}, "mof_class"),
        ("/api/models/", {"dimension": "training-code:sometimes"}, "dimension"),
        ("/api/models/", {"commercial_in": "XX"}, "commercial_in"),
        ("/api/models/", {"ordering": "-openness,popularity"}, "ordering"),
        ("/api/companies/", {"has_open_models": "banana"}, "has_open_models"),
        ("/api/licenses/", {"category": "free"}, "category"),
        ("/api/releases/", {"year": "20x5"}, "year"),
        ("/api/releases/", {"year": "99999"}, "year"),
        ("/api/releases/", {"status": "rumoured"}, "status"),
        ("/api/releases/", {"date_after": "2025-02-30"}, "date_after"),
    ],
)
def test_bad_filter_values_are_400_naming_the_parameter(api_client, path, params, field):
    response = api_client.get(path, params)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert list(body["errors"]) == [field]
    assert field in body["detail"]


def test_filters_combine_with_csv(api_client, models):
    response = api_client.get("/api/models/", {"format": "csv", "company": "deepseek"})
    lines = response.content.decode().strip().split("\r\n")
    assert len(lines) == 3  # header + r1 + janus
    assert all("deepseek" in line for line in lines[1:])


def test_requests_naming_no_filter_skip_the_filterset(api_client, models, monkeypatch):
    from registry.filters import AIModelFilter

    built = []
    original = AIModelFilter.__init__

    def counting_init(self, *args, **kwargs):
        built.append(kwargs.get("data"))
        original(self, *args, **kwargs)

    monkeypatch.setattr(AIModelFilter, "__init__", counting_init)
    unfiltered = slugs(api_client, "/api/models/", page_size=100)
    assert api_client.get("/api/models/r1/").status_code == 200
    assert built == []
    # The same rows as through the FilterSet, in the same (default) order.
    assert unfiltered == slugs(api_client, "/api/models/", page_size=100, ordering="")
    assert len(built) == 1
    # A parameter that names a filter is still validated, on lists and details alike.
    assert api_client.get("/api/models/", {"modality": "smell"}).status_code == 400
    assert api_client.get("/api/models/r1/", {"ordering": "bogus"}).status_code == 400


def every_filter():
    """(list URL, page URL, parameter) for each filter of each public collection's FilterSet
    (suggestions, which have no list page: tests/api/test_suggestions.py)."""
    from registry.api.export import COLLECTIONS
    from registry.api.urls import router

    return [
        pytest.param(
            reverse(f"api:{basename}-list"),
            reverse(f"registry:{basename}-list"),
            name,
            id=f"{basename}-{name}",
        )
        for prefix, viewset, basename in router.registry
        if prefix in COLLECTIONS
        for name in viewset.filterset_class.base_filters
    ]


@pytest.mark.parametrize("api_url,page_url,name", every_filter())
def test_an_empty_value_of_any_filter_means_not_given(
    api_client, client, models, api_url, page_url, name
):
    everything = api_client.get(api_url).json()["results"]
    response = api_client.get(api_url, {name: ""})
    assert response.status_code == 200, response.json()
    assert response.json()["results"] == everything
    page = client.get(page_url, {name: ""})
    assert page.status_code == 200
    filterset = page.context.get("filter")
    assert filterset is None or not filterset.form.errors
