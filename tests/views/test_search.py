"""Model search and slug filters: the same rows on every database, in the planner-friendly form."""

import copy

import pytest
from django.utils import translation
from django_countries import countries

from registry.filters import COUNTRIES, AIModelFilter, ReleaseEventFilter
from registry.models import AIModel, ReleaseEvent, aimodel, release
from tests.factories import (
    AIModelFactory,
    CompanyFactory,
    ReleaseEventCitationFactory,
    ReleaseEventFactory,
)
from tests.views.test_lists import COMPANIES_QUERY

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


@pytest.fixture
def events():
    zorvex = CompanyFactory(slug="zorvex", name="Zorvex Labs")
    other = CompanyFactory(slug="other", name="Other AI")
    qwen = AIModelFactory(name="Qwen 3", company=other)
    named = AIModelFactory(name="Kimi-ZORVEX-distill", company=other)
    ReleaseEventFactory(slug="by-title", company=other, model=qwen, title="Zorvex weights out")
    ReleaseEventFactory(slug="by-description", company=other, description="A zorVex fork")
    ReleaseEventFactory(slug="by-company", company=zorvex, title="Funding round")
    ReleaseEventFactory(slug="by-model", company=other, model=named, title="Release")
    ReleaseEventFactory(slug="unrelated", company=other, model=qwen, title="Qwen 3 release")
    # A partner is not part of search: the row matches nothing else.
    ReleaseEventFactory(slug="partner-only", company=other, partner=zorvex, title="Deal")


def slugs(queryset):
    return set(queryset.values_list("slug", flat=True))


MATCHING_EVENTS = {"by-title", "by-description", "by-company", "by-model"}


def test_event_search_matches_title_description_company_or_model_case_insensitively(events):
    assert slugs(ReleaseEvent.objects.search("ZORvex")) == MATCHING_EVENTS
    filtered = ReleaseEventFilter({"q": " zorvex "}, queryset=ReleaseEvent.objects.with_related())
    assert slugs(filtered.qs) == MATCHING_EVENTS
    assert slugs(ReleaseEvent.objects.search("distill")) == {"by-model"}
    assert slugs(ReleaseEvent.objects.search("labs")) == {"by-company"}
    assert slugs(ReleaseEvent.objects.search("nothing like it")) == set()


def test_event_search_lists_ids_and_falls_back_to_joins_past_the_limit(events, monkeypatch):
    listed = ReleaseEvent.objects.search("zorvex")
    assert "registry_company" not in str(listed.query)
    assert "registry_aimodel" not in str(listed.query)
    monkeypatch.setattr(release, "MAX_NAME_MATCHES", 0)
    joined = ReleaseEvent.objects.search("zorvex")
    assert "registry_company" in str(joined.query)
    assert "registry_aimodel" in str(joined.query)
    assert slugs(joined) == MATCHING_EVENTS


def test_event_search_falls_back_when_many_companies_match(monkeypatch):
    monkeypatch.setattr(release, "MAX_NAME_MATCHES", 2)
    companies = [CompanyFactory(name=f"Orbit Labs {n}") for n in range(3)]
    for number, company in enumerate(companies):
        ReleaseEventFactory(slug=f"orbit-{number}", company=company, title="Funding")
    ReleaseEventFactory(slug="elsewhere", title="Funding")
    searched = ReleaseEvent.objects.search("orbit labs")
    assert "registry_company" in str(searched.query)
    assert slugs(searched) == {"orbit-0", "orbit-1", "orbit-2"}


def test_event_search_keeps_other_filters_and_the_order(events):
    filtered = ReleaseEventFilter(
        {"q": "zorvex", "company": "other", "ordering": "-date"},
        queryset=ReleaseEvent.objects.all(),
    ).qs
    assert list(filtered.values_list("slug", flat=True)) == [
        "by-model",
        "by-description",
        "by-title",
    ]


def test_event_search_counts_one_query_per_name_lookup(
    client, api_client, django_assert_num_queries, events
):
    ReleaseEventCitationFactory(event=ReleaseEvent.objects.get(slug="by-title"))
    # The API's page and citations, then the matching companies' and models' ids.
    with django_assert_num_queries(4):
        response = api_client.get("/api/releases/", {"q": "zorvex"})
    assert {row["slug"] for row in response.json()["results"]} == MATCHING_EVENTS
    # The page's count, rows, (companies,) citations and company choices, and the same two
    # lookups.
    with django_assert_num_queries(6 + COMPANIES_QUERY):
        response = client.get("/releases/", {"q": "zorvex"})
    assert {event.slug for event in response.context["object_list"]} == MATCHING_EVENTS
