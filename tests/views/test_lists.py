import datetime

import pytest
from django.db import connection
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from registry.models import AccessLevel, CommercialUse, LicenseCategory, Modality, ModelKind
from registry.views.base import RegistryPaginator
from tests.factories import AIModelFactory, CompanyFactory, LicenseFactory, ReleaseEventFactory

pytestmark = pytest.mark.django_db

# On SQLite the models and releases pages read their companies by a query of their own
# (registry.models.base.with_companies_for_a_sorted_page); PostgreSQL joins them.
COMPANIES_QUERY = int(connection.vendor == "sqlite")

MODELS = reverse("registry:aimodel-list")
COMPANIES = reverse("registry:company-list")
LICENSES = reverse("registry:license-list")
RELEASES = reverse("registry:releaseevent-list")


def names(response):
    return [row.name for row in response.context["object_list"]]


@pytest.fixture
def two_models():
    mit = LicenseFactory(
        name="MIT License",
        slug="mit",
        spdx_id="MIT",
        category=LicenseCategory.PERMISSIVE,
        commercial_use=CommercialUse.ALLOWED,
    )
    r1 = AIModelFactory(
        name="DeepSeek-R1",
        slug="deepseek-r1",
        company=CompanyFactory(name="DeepSeek", slug="deepseek", country="CN"),
        license=mit,
        kind=ModelKind.REASONING,
        access=AccessLevel.OPEN_UNRESTRICTED,
        released_on=datetime.date(2025, 1, 20),
        parameters=671_000_000_000,
        description="Reinforcement learning for reasoning.",
    )
    gpt = AIModelFactory(
        name="GPT-4o",
        slug="gpt-4o",
        company=CompanyFactory(name="OpenAI", slug="openai", country="US"),
        license=LicenseFactory(
            name="Proprietary",
            category=LicenseCategory.PROPRIETARY,
            commercial_use=CommercialUse.FORBIDDEN,
        ),
        modality=Modality.MULTIMODAL,
        access=AccessLevel.API,
        released_on=datetime.date(2024, 5, 13),
        parameters=None,
    )
    return r1, gpt


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", ["DeepSeek-R1", "GPT-4o"]),
        ("company=deepseek", ["DeepSeek-R1"]),
        ("country=US", ["GPT-4o"]),
        ("license=mit", ["DeepSeek-R1"]),
        ("license_category=proprietary", ["GPT-4o"]),
        ("osi_approved=true", ["DeepSeek-R1"]),
        ("osi_approved=false", ["GPT-4o"]),
        ("commercial_use=allowed", ["DeepSeek-R1"]),
        ("modality=multimodal", ["GPT-4o"]),
        ("kind=reasoning", ["DeepSeek-R1"]),
        ("access=api", ["GPT-4o"]),
        ("released_after=2025-01-01", ["DeepSeek-R1"]),
        ("released_before=2024-12-31", ["GPT-4o"]),
        ("q=openai", ["GPT-4o"]),
        ("q=reinforcement", ["DeepSeek-R1"]),
        ("ordering=-released_on", ["DeepSeek-R1", "GPT-4o"]),
        ("ordering=released_on", ["GPT-4o", "DeepSeek-R1"]),
        ("ordering=-name", ["GPT-4o", "DeepSeek-R1"]),
        ("company=deepseek&country=US", []),
    ],
)
def test_model_list_filters(client, two_models, query, expected):
    response = client.get(f"{MODELS}?{query}")
    assert response.status_code == 200
    assert names(response) == expected


def test_model_list_rows_link_to_model_company_and_license(client, two_models):
    r1, _ = two_models
    response = client.get(MODELS)
    assertContains(response, f'href="{r1.get_absolute_url()}"')
    assertContains(response, f'href="{r1.company.get_absolute_url()}"')
    assertContains(response, f'href="{r1.license.get_absolute_url()}"')
    assertContains(response, "671B")
    assertContains(response, "2 models.")


def test_filter_form_keeps_values_and_lists_active_filters(client, two_models):
    response = client.get(f"{MODELS}?company=deepseek&q=seek&access=open-unrestricted")
    html = response.content.decode()
    assert '<option value="deepseek" selected>DeepSeek</option>' in html
    assert 'value="seek"' in html
    assert '<option value="open-unrestricted" selected>' in html
    active = {item["name"]: item for item in response.context["active_filters"]}
    assert active["company"]["value"] == "DeepSeek"
    assert active["access"]["value"] == "Open weights (unrestricted)"
    # The link removing one filter keeps the others and drops nothing else.
    assert "company=" not in active["company"]["remove"]
    assert "q=seek" in active["company"]["remove"]
    assertContains(response, "Remove filter Company")


def test_unknown_company_slug_is_kept_selected_and_lists_nothing(client, two_models):
    response = client.get(f"{MODELS}?company=no-such-company")
    assert response.status_code == 200
    assert names(response) == []
    assertContains(response, '<option value="no-such-company" selected>')
    assertContains(response, "No models match these filters.")


@pytest.mark.parametrize(
    "query, field, message",
    [
        ("released_after=2025-13-45", "released_after", "Enter a valid date."),
        ("access=open-ish", "access", "Select a valid choice."),
        ("country=XX", "country", "Select a valid choice."),
        ("ordering=secret_field", "ordering", "Select a valid choice."),
        ("q=" + "x" * 10_000, "q", "Ensure this value has at most 200 characters"),
    ],
)
def test_invalid_filter_is_a_form_error_with_status_400(client, two_models, query, field, message):
    response = client.get(f"{MODELS}?{query}")
    assert response.status_code == 400
    assert names(response) == []
    assert field in response.context["filter"].form.errors
    assertContains(response, message, status_code=400)
    assertContains(response, "The filters could not be applied", status_code=400)
    assertContains(response, f'aria-describedby="id_{field}_error"', status_code=400)


@pytest.mark.parametrize("url", [COMPANIES, LICENSES, RELEASES])
def test_every_list_reports_invalid_filters_as_400(client, url):
    response = client.get(f"{url}?q={'y' * 500}")
    assert response.status_code == 400
    assertContains(response, "at most 200 characters", status_code=400)


def test_page_out_of_range_shows_last_page_with_a_message(client):
    AIModelFactory.create_batch(30)
    response = client.get(f"{MODELS}?page=99999")
    assert response.status_code == 200
    assert response.context["page_obj"].number == 2
    assert len(response.context["object_list"]) == 5
    assertContains(response, "There is no page “99999”; showing page 2 of 2.")


@pytest.mark.parametrize("page", ["abc", "0", "-1", "1.5", "9" * 5000])
def test_bad_page_numbers_never_fail(client, page):
    AIModelFactory.create_batch(3)
    response = client.get(MODELS, {"page": page})
    assert response.status_code == 200
    assertContains(response, "There is no page")


def test_pagination_links_keep_the_filters(client):
    company = CompanyFactory(slug="big")
    AIModelFactory.create_batch(30, company=company)
    response = client.get(f"{MODELS}?company=big&ordering=name")
    assertContains(response, 'href="?company=big&amp;ordering=name&amp;page=2"')
    second = client.get(f"{MODELS}?company=big&ordering=name&page=2")
    first_names, second_names = set(names(response)), set(names(second))
    assert len(first_names) == 25 and len(second_names) == 5
    assert not first_names & second_names


def test_sortable_headers_toggle_direction_and_mark_the_sorted_column(client, two_models):
    response = client.get(f"{MODELS}?ordering=released_on&page=1")
    html = response.content.decode()
    assert 'class="num" aria-sort="ascending"><a href="?ordering=-released_on">' in html
    assert '<th scope="col"><a href="?ordering=name">Model' in html
    assert '<th scope="col" class="num"><a href="?ordering=openness">Openness' in html


@pytest.mark.parametrize(
    "url, api",
    [
        (MODELS, "/api/models/export.csv"),
        (COMPANIES, "/api/companies/export.csv"),
        (LICENSES, "/api/licenses/export.csv"),
        (RELEASES, "/api/releases/export.csv"),
    ],
)
def test_csv_link_carries_the_query_string(client, url, api):
    response = client.get(f"{url}?q=deep&country=CN&page=1")
    assertContains(response, f'href="{api}?q=deep&amp;country=CN"')
    assertContains(client.get(url), f'href="{api}"')


def test_company_list_filters_and_counts(client, two_models):
    CompanyFactory(name="Idle Labs", slug="idle", country="CN")
    response = client.get(f"{COMPANIES}?country=CN")
    assert names(response) == ["DeepSeek", "Idle Labs"]
    response = client.get(f"{COMPANIES}?has_open_models=true")
    assert names(response) == ["DeepSeek"]
    response = client.get(f"{COMPANIES}?has_open_models=false")
    assert names(response) == ["Idle Labs", "OpenAI"]
    deepseek = client.get(COMPANIES).context["object_list"][0]
    assert (deepseek.model_count, deepseek.open_model_count) == (1, 1)


def test_license_list_filters(client, two_models):
    response = client.get(f"{LICENSES}?category=permissive")
    assert names(response) == ["MIT License"]
    response = client.get(f"{LICENSES}?osi_approved=true")
    assert names(response) == ["MIT License"]
    response = client.get(f"{LICENSES}?commercial_use=forbidden")
    assert names(response) == ["Proprietary"]
    assertContains(response, "1 license matches the filters.")


def test_release_list_filters(client, two_models):
    r1, gpt = two_models
    ReleaseEventFactory(
        title="R1 released", company=r1.company, model=r1, date=datetime.date(2025, 1, 20)
    )
    ReleaseEventFactory(
        title="GPT-4o launched", company=gpt.company, model=gpt, date=datetime.date(2024, 5, 13)
    )
    ReleaseEventFactory(
        title="Plan", company=gpt.company, status="planned", date=datetime.date(2026, 1, 1)
    )

    def titles(query):
        return [event.title for event in client.get(f"{RELEASES}?{query}").context["object_list"]]

    assert titles("") == ["Plan", "R1 released", "GPT-4o launched"]
    assert titles("company=deepseek") == ["R1 released"]
    assert titles("model=gpt-4o") == ["GPT-4o launched"]
    assert titles("country=US") == ["Plan", "GPT-4o launched"]
    assert titles("status=planned") == ["Plan"]
    assert titles("year=2025") == ["R1 released"]
    assert titles("date_after=2024-06-01&date_before=2025-12-31") == ["R1 released"]
    assert titles("ordering=title") == ["GPT-4o launched", "Plan", "R1 released"]
    assert client.get(f"{RELEASES}?year=twenty").status_code == 400


def test_release_list_offers_its_filtered_feed(client):
    response = client.get(f"{RELEASES}?company=deepseek&ordering=title&page=2")
    assertContains(
        response,
        '<link rel="alternate" type="application/atom+xml" '
        'title="Release events matching these filters (Atom)" '
        'href="/releases/feed/?company=deepseek">',
    )


def test_capped_count_lists_the_first_rows_and_says_there_are_more(client, settings):
    settings.REGISTRY_LIST_COUNT_CAP = 26
    AIModelFactory.create_batch(30)
    response = client.get(MODELS)
    paginator = response.context["paginator"]
    assert (paginator.count, paginator.is_capped, paginator.num_pages) == (26, True, 2)
    assertContains(response, "More than 26 models.")
    assertContains(response, "the first 26 are listed")


def test_uncapped_paginator_counts_exactly(settings):
    settings.REGISTRY_LIST_COUNT_CAP = None
    AIModelFactory.create_batch(3)
    from registry.models import AIModel

    paginator = RegistryPaginator(AIModel.objects.all(), 2)
    assert (paginator.count, paginator.is_capped, paginator.num_pages) == (3, False, 2)


def make_models(rows):
    AIModelFactory.create_batch(rows - 1, base_model=AIModelFactory())


def make_companies(rows):
    for company in CompanyFactory.create_batch(rows):
        AIModelFactory(company=company)


def make_licenses(rows):
    for license in LicenseFactory.create_batch(rows):
        AIModelFactory(license=license)


def make_events(rows):
    from registry.models import ReleaseEventCitation
    from tests.factories import SourceFactory

    source = SourceFactory()
    model = AIModelFactory()
    for event in ReleaseEventFactory.create_batch(rows, company=model.company, model=model):
        ReleaseEventCitation.objects.create(event=event, source=source, quote="It happened.")


@pytest.mark.parametrize("rows", [1, 30])
@pytest.mark.parametrize(
    "url, make, queries",
    [
        # count, rows, (companies,) company choices, license choices
        (MODELS, make_models, 4 + COMPANIES_QUERY),
        # count, rows (model counts annotated)
        (COMPANIES, make_companies, 2),
        (LICENSES, make_licenses, 2),
        # count, rows, (companies,) citations with their sources, company choices
        (RELEASES, make_events, 4 + COMPANIES_QUERY),
    ],
)
def test_list_query_count_is_constant(client, django_assert_num_queries, rows, url, make, queries):
    make(rows)
    with django_assert_num_queries(queries):
        response = client.get(f"{url}?ordering=name" if url in (MODELS, COMPANIES) else url)
    assert response.status_code == 200
    assert len(response.context["object_list"]) == min(rows, 25)


def test_filtered_model_list_query_count_is_constant(client, django_assert_num_queries):
    make_models(30)
    # The plain list's, and search's lookup of the matching companies' ids.
    with django_assert_num_queries(5 + COMPANIES_QUERY):
        client.get(f"{MODELS}?country=CN&osi_approved=false&q=model&ordering=-parameters")


def test_invalid_filter_runs_no_list_query(client, django_assert_num_queries):
    make_models(3)
    # Only the select choices are loaded: the empty list is never counted or fetched.
    with django_assert_num_queries(2):
        response = client.get(f"{MODELS}?released_after=never")
    assert response.status_code == 400
    assertNotContains(response, "Compare selected models", status_code=400)


def test_unknown_values_sort_last_both_ways_on_every_database(client, two_models):
    AIModelFactory(name="Undated", released_on=None, parameters=None)
    for ordering in ("parameters", "-parameters"):
        assert names(client.get(f"{MODELS}?ordering={ordering}"))[-2:] == ["GPT-4o", "Undated"]
    assert names(client.get(f"{MODELS}?ordering=-released_on"))[-1] == "Undated"
    assert names(client.get(f"{MODELS}?ordering=released_on"))[-1] == "Undated"


def test_openness_column_and_filters(client, two_models):
    from tests.factories import assess

    r1, _ = two_models
    assess(r1, {"base-model-weights": "open", "training-code": "closed"}, {})
    response = client.get(f"{MODELS}?ordering=-openness")
    assert names(response) == ["DeepSeek-R1", "GPT-4o"]
    r1.openness.refresh_from_db()
    assertContains(response, f"{r1.openness.openness_score}%")
    assertContains(response, '<td class="num"><span class="muted">Not assessed</span></td>')
    # The openness filters sit in a folded group that opens once one of them is used.
    assertContains(response, '<details class="filter-group">')
    response = client.get(
        f"{MODELS}?dimension=training-code:closed&dimension=base-model-weights:open"
    )
    assert names(response) == ["DeepSeek-R1"]
    assertContains(response, '<details class="filter-group" open>')
    active = {item["name"]: item["value"] for item in response.context["active_filters"]}
    assert active["dimension"] == ("Training code: Closed, Base model weights: Open")


def test_yes_no_filters_keep_their_value_and_refuse_anything_else(client, two_models):
    response = client.get(f"{MODELS}?osi_approved=true")
    assertContains(response, '<option value="true" selected>Yes</option>')
    assert response.context["active_filters"][0]["value"] == "Yes"
    response = client.get(f"{MODELS}?osi_approved=banana")
    assert response.status_code == 400
    assertContains(response, "Expected true or false.", status_code=400)


def filter_section(response) -> str:
    html = response.content.decode()
    start = html.index('<section class="filters"')
    return html[start : html.index("</section>", start)]


@pytest.mark.parametrize("url", [MODELS, COMPANIES, LICENSES, RELEASES])
def test_unfiltered_lists_show_the_form_the_filterset_renders(client, two_models, url):
    """Without a filter parameter the page skips the FilterSet and shows a form rendered once
    per process (views/base.py, unfiltered_form_html()). ``?q=`` names a filter, so that page
    builds, validates and renders the FilterSet's form: both must be the same HTML."""
    unfiltered = client.get(url, {"page": "1"})
    assert "filter" not in unfiltered.context  # no FilterSet was built
    through_filterset = client.get(url, {"q": ""})
    assert through_filterset.context["filter"] is not None
    assert filter_section(unfiltered) == filter_section(through_filterset)
    assert 'name="q"' in filter_section(unfiltered)


def test_the_unfiltered_form_offers_a_company_added_since_it_was_rendered(client, two_models):
    assert ">Zhipu AI</option>" not in filter_section(client.get(MODELS))
    CompanyFactory(name="Zhipu AI", slug="zhipu-ai")
    assert '<option value="zhipu-ai">Zhipu AI</option>' in filter_section(client.get(MODELS))
