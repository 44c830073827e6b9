"""The openness filters on AIModelFilter, shared by the model list page and the API."""

from urllib.parse import urlencode

import pytest
from django.http import QueryDict

from registry.filters import AIModelFilter
from registry.models import AIModel, CommercialUse
from tests.factories import AIModelFactory, LicenseFactory, SourceFactory, assess

pytestmark = pytest.mark.django_db

OPEN_ROWS = {
    "base-model-data": "open",
    "end-user-model-data": "open",
    "base-model-weights": "open",
    "end-user-model-weights": "open",
    "training-code": "open",
}
ALL_COMPONENTS = {
    "model-architecture": "Apache-2.0",
    "final-parameters": "Apache-2.0",
    "model-card": "CC-BY-4.0",
    "data-card": "CC-BY-4.0",
    "technical-report": "CC-BY-4.0",
    "evaluation-results": "CC-BY-4.0",
    "training-code": "Apache-2.0",
    "inference-code": "Apache-2.0",
    "evaluation-code": "Apache-2.0",
    "evaluation-data": "CC-BY-4.0",
}


@pytest.fixture
def registry():
    """An open science model, an R1-like open-washed one, a closed one, one unassessed."""
    models = {
        "open": AIModelFactory(slug="open"),
        "r1": AIModelFactory(slug="r1"),
        "closed": AIModelFactory(slug="closed"),
        "unassessed": AIModelFactory(slug="unassessed"),
    }
    assess(models["open"], OPEN_ROWS, ALL_COMPONENTS)
    assess(
        models["r1"],
        {**OPEN_ROWS, "base-model-data": "closed", "training-code": "closed"},
        {"final-parameters": "MIT"},
        called_open_source=True,
        open_source_claim_source=SourceFactory(),
        open_source_claim_quote="open-sourced",
    )
    assess(models["closed"], {"base-model-weights": "closed", "end-user-model-weights": "closed"})
    return models


def query(data):
    """As a request's query string: repeated keys for lists."""
    return QueryDict(urlencode(data, doseq=True))


def slugs(data):
    filterset = AIModelFilter(query(data), queryset=AIModel.objects.all())
    assert filterset.is_valid(), filterset.errors
    return sorted(filterset.qs.values_list("slug", flat=True))


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"mof_class": "class-ii"}, ["open"]),
        ({"mof_class": "unclassified"}, ["closed", "r1"]),
        ({"osaid": "true"}, ["open"]),
        ({"osaid": "false"}, ["closed", "r1"]),
        ({"open_washing": "true"}, ["r1"]),
        ({"open_washing": "false"}, ["closed", "open"]),
        ({"dimension": "training-code:open"}, ["open"]),
        ({"dimension": "base-model-weights:open"}, ["open", "r1"]),
        ({"dimension": ["base-model-weights:open", "training-code:closed"]}, ["r1"]),
        ({"dimension": "paper:unknown"}, ["closed", "open", "r1"]),
        ({}, ["closed", "open", "r1", "unassessed"]),
    ],
)
def test_openness_filters(registry, data, expected):
    assert slugs(data) == expected


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"mof_class": "class-iv"}, "mof_class"),
        ({"dimension": "training-code:maybe"}, "dimension"),
        ({"dimension": "training-code"}, "dimension"),
        ({"dimension": ["training-code:open", "nonsense:open"]}, "dimension"),
        ({"commercial_in": "XX"}, "commercial_in"),
    ],
)
def test_bad_values_are_form_errors(data, field):
    filterset = AIModelFilter(query(data), queryset=AIModel.objects.all())
    assert not filterset.is_valid()
    assert field in filterset.errors


def test_usable_commercially_in_reads_the_license_terms():
    hunyuan = LicenseFactory(
        commercial_use=CommercialUse.RESTRICTED,
        mau_limit=1_000_000,
        excluded_territories=["GB", "KR", "DE"],
    )
    AIModelFactory(slug="hunyuan", license=hunyuan)
    AIModelFactory(slug="mit", license=LicenseFactory(commercial_use=CommercialUse.ALLOWED))
    AIModelFactory(slug="nc", license=LicenseFactory(commercial_use=CommercialUse.FORBIDDEN))
    AIModelFactory(slug="unknown", license=None)

    assert slugs({"commercial_in": "CN"}) == ["hunyuan", "mit"]
    assert slugs({"commercial_in": "GB"}) == ["mit"]
    assert slugs({"commercial_in": "DE"}) == ["mit"]
    assert list(AIModel.objects.usable_commercially_in("kr").values_list("slug", flat=True)) == [
        "mit"
    ]


def test_ordering_by_openness(registry):
    assert slugs({"ordering": "-openness"})  # valid
    ranked = list(AIModel.objects.by_openness().values_list("slug", flat=True))
    assert ranked[0] == "open" and ranked[-1] == "unassessed"
