import datetime

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from registry.models import AccessLevel, AIModel, EventKind, EventStatus, LicenseCategory
from registry.views.home import timeline_rows
from tests.factories import AIModelFactory, CompanyFactory, LicenseFactory, ReleaseEventFactory

pytestmark = pytest.mark.django_db

HOME = reverse("registry:home")


@pytest.fixture
def story():
    """Two Chinese open models in 2025 (one first released closed), one US one in 2024."""
    cn, us = CompanyFactory(country="CN"), CompanyFactory(country="US")
    permissive = LicenseFactory(category=LicenseCategory.PERMISSIVE)
    r1 = AIModelFactory(
        company=cn,
        license=permissive,
        access=AccessLevel.OPEN_UNRESTRICTED,
        released_on=datetime.date(2025, 1, 20),
    )
    ernie = AIModelFactory(
        company=cn,
        license=permissive,
        access=AccessLevel.OPEN_UNRESTRICTED,
        released_on=datetime.date(2025, 3, 16),
    )
    ReleaseEventFactory(
        company=cn, model=ernie, kind=EventKind.OPEN_SOURCING, date=datetime.date(2025, 6, 30)
    )
    ReleaseEventFactory(
        company=cn,
        model=ernie,
        kind=EventKind.OPEN_SOURCING,
        status=EventStatus.PLANNED,
        date=datetime.date(2025, 5, 1),
    )
    AIModelFactory(
        company=us, access=AccessLevel.OPEN_RESTRICTED, released_on=datetime.date(2024, 7, 23)
    )
    AIModelFactory(company=us, access=AccessLevel.API, license=None)
    return r1, ernie


def test_access_breakdown_counts_every_level(story):
    breakdown = {key: count for key, _, count in AIModel.objects.access_breakdown()}
    assert breakdown == {
        "open-unrestricted": 2,
        "open-restricted": 1,
        "open-noncommercial": 0,
        "api": 1,
        "hosted": 0,
        "unreleased": 0,
    }


def test_license_category_breakdown_counts_missing_licenses(story):
    breakdown = {key: count for key, _, count in AIModel.objects.license_category_breakdown()}
    assert breakdown == {
        "permissive": 2,
        "copyleft": 0,
        "open-restricted": 1,
        "proprietary": 0,
        "": 1,
    }


def test_open_release_timeline_uses_the_open_sourcing_date(story):
    # ERNIE counts when it was open-sourced (Q2), not when it launched closed (Q1); the
    # planned open-sourcing is ignored, and the API-only model is not open.
    assert AIModel.objects.open_release_timeline() == [
        (2024, 3, "US", 1),
        (2025, 1, "CN", 1),
        (2025, 2, "CN", 1),
    ]


def test_timeline_rows_fill_empty_quarters_and_group_other_countries():
    rows = timeline_rows([(2024, 3, "US", 2), (2025, 1, "CN", 4), (2025, 1, "FR", 1)])
    assert [row["label"] for row in rows] == ["2024 Q3", "2024 Q4", "2025 Q1"]
    assert rows[1]["counts"] == {"CN": 0, "US": 0, "other": 0}
    assert rows[2]["counts"] == {"CN": 4, "US": 0, "other": 1}
    assert [cell["percent"] for cell in rows[2]["cells"]] == [100, 0, 25]


def test_timeline_rows_switch_to_years_over_long_spans():
    rows = timeline_rows([(2015, 1, "US", 1), (2025, 4, "CN", 3)])
    assert rows[0]["label"] == "2015" and rows[-1]["label"] == "2025"
    assert len(rows) == 11
    assert timeline_rows([]) == []


def test_home_shows_counts_breakdowns_timeline_and_latest_events(client, story):
    response = client.get(HOME)
    assert response.status_code == 200
    counts = response.context["counts"]
    assert counts == {"models": 4, "open_weights": 3, "companies": 2, "licenses": 2, "events": 2}
    assertContains(response, "Open-weights releases: China and the United States")
    assertContains(response, "2025 Q2")
    assertContains(response, '<th scope="col">China</th>')
    assertContains(response, "Open weights (unrestricted)</a>")
    assertContains(response, "No license recorded")
    # Bars are SVG attributes: the Content Security Policy allows no inline style.
    assertContains(response, '<rect width="100" height="10"/>')
    assert "style=" not in response.content.decode()
    # Planned events are not "latest releases".
    assert [e.status for e in response.context["latest_events"]] == ["happened"]


def test_home_on_an_empty_registry(client):
    response = client.get(HOME)
    assert response.status_code == 200
    assertContains(response, "No open-weights model with a known release date yet.")
    assertContains(response, "No release events recorded yet.")


@pytest.mark.parametrize("rows", [1, 30])
def test_home_query_count_is_constant(client, django_assert_num_queries, rows):
    for _ in range(rows):
        model = AIModelFactory(company=CompanyFactory(country="US" if rows % 2 else "CN"))
        ReleaseEventFactory(company=model.company, model=model)
    # five counts, latest events, two breakdowns, the timeline
    with django_assert_num_queries(9):
        response = client.get(HOME)
    assert response.status_code == 200
