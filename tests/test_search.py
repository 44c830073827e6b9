"""Model search and slug filters: the same rows on every database, in the planner-friendly form."""

import copy

import pytest
from django.utils import translation
from django_countries import countries

from registry.filters import COUNTRIES, AIModelFilter, ReleaseEventFilter
from registry.models import AIModel, ReleaseEvent, aimodel

from .factories import AIModelFactory, CompanyFactory, ReleaseEventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows():
    zorvex = CompanyFactory(slug="zorvex", name="Zorvex Labs")
    other = CompanyFactory(slug="other", name="Other AI")
    return {
        "by_name": AIModelFactory(name="ZORVEX-llama-7b", company=other),
        "by_company": AIModelFactory(name="Qwen 3", company=zorvex),
        "by_description": AIModelFactory(name="Kimi", company=other, description="zorvex fork"),
        "unrelated": AIModelFactory(name="Llama 4", company=other),
    }


def found(queryset):
    return set(queryset.values_list("name", flat=True))


def test_search_matches_name_company_or_description_case_insensitively(rows):
    expected = {"ZORVEX-llama-7b", "Qwen 3", "Kimi"}
    assert found(AIModel.objects.search("zorVEX")) == expected
    assert found(AIModelFilter({"q": " zorvex "}, queryset=AIModel.objects.all()).qs) == expected
    assert found(AIModel.objects.search("nothing like it")) == set()


def test_search_lists_company_ids_and_falls_back_to_a_join_past_the_limit(rows, monkeypatch):
    listed = AIModel.objects.search("zorvex")
    assert "registry_company" not in str(listed.query)
    monkeypatch.setattr(aimodel, "MAX_COMPANY_MATCHES", 0)
    joined = AIModel.objects.search("zorvex")
    assert "registry_company" in str(joined.query)
    assert found(joined) == found(listed)


def test_slug_filters_compare_ids_and_an_unknown_slug_matches_nothing(rows):
    filtered = AIModelFilter({"company": "zorvex"}, queryset=AIModel.objects.all()).qs
    assert "registry_company" not in str(filtered.query)  # an id, not a join
    assert found(filtered) == {"Qwen 3"}
    assert not AIModelFilter({"company": "nobody"}, queryset=AIModel.objects.all()).qs.exists()
    assert not AIModelFilter({"license": "nobody"}, queryset=AIModel.objects.all()).qs.exists()


def test_release_filters_by_company_and_model_slug(rows):
    model = rows["by_company"]
    ReleaseEventFactory(company=model.company, model=model, slug="qwen-3-release")
    ReleaseEventFactory(company=model.company, slug="zorvex-funding")
    events = ReleaseEventFilter(
        {"company": "zorvex", "model": model.slug}, queryset=ReleaseEvent.objects.all()
    ).qs
    assert set(events.values_list("slug", flat=True)) == {"qwen-3-release"}


def test_country_choices_are_computed_once_per_language_and_shared():
    assert ("DE", "Germany") in list(COUNTRIES)
    with translation.override("fr"):
        assert ("DE", "Allemagne") in list(COUNTRIES)
    assert len(COUNTRIES) == len(list(COUNTRIES)) == len(countries)
    assert copy.deepcopy(COUNTRIES) is COUNTRIES
    form = AIModelFilter({"country": "DE"}, queryset=AIModel.objects.all()).form
    assert form.is_valid()
    assert not AIModelFilter({"country": "XX"}, queryset=AIModel.objects.all()).is_valid()
