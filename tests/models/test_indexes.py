"""The indexes of migrations 0008-0013 match the SQL the ORM emits (PostgreSQL query plans).

A handful of rows is enough: with sequential scans (and, where it matters, sorts or full
index scans) priced out of reach, the plan shows which indexes the planner *can* use for the
query as Django writes it. If a change to
``search()`` or a filter stops matching an index, these fail.
"""

import pytest
from django.db import connection

from registry.filters import AIModelFilter, ReleaseEventFilter
from registry.models import AIModel, Company, ReleaseEvent
from registry.views.base import stable_order
from tests.factories import AIModelFactory, CompanyFactory, LicenseFactory, ReleaseEventFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgresql_only]


@pytest.fixture
def models():
    company = CompanyFactory(slug="zorvex", name="Zorvex Labs")
    license = LicenseFactory(slug="mit", spdx_id="MIT")
    for number in range(5):
        AIModelFactory(name=f"zorvex-llama-{number}-7b", company=company, license=license)
    AIModelFactory(name="Qwen 3", description="A chat model", parameters=None)


def plan(queryset, **settings) -> str:
    with connection.cursor() as cursor:
        for name, value in {"enable_seqscan": "off", **settings}.items():
            cursor.execute(f"SET LOCAL {name} = {value}")
    return queryset.explain()


def test_search_uses_a_trigram_index_per_branch(models):
    queryset = AIModel.objects.with_related().search("zorvex")
    assert queryset.count() == 5
    # Unordered: with an ORDER BY the planner may rather walk the name index and filter.
    text = plan(queryset.order_by(), enable_indexscan="off")
    assert "aimodel_name_trgm" in text
    assert "aimodel_description_trgm" in text
    assert "BitmapOr" in text  # the branches are combined, not a scan of every row
    # The company branch is a list of ids, found through the companies' own trigram index.
    companies = Company.objects.filter(name__icontains="zorvex")
    assert "company_name_trgm" in plan(companies, enable_indexscan="off")


def test_search_through_the_filter_matches_the_same_rows_case_insensitively(models):
    rows = AIModelFilter({"q": "ZORVEX"}, queryset=AIModel.objects.all()).qs
    assert rows.count() == 5
    assert "aimodel_name_trgm" in plan(rows.order_by(), enable_indexscan="off")


def test_company_and_license_filters_walk_an_ordered_index(models):
    rows = AIModelFilter(
        {"company": "zorvex", "license": "mit"}, queryset=AIModel.objects.with_related()
    ).qs
    # As the API's keyset pagination reads "newest first": known dates, then NULLs apart.
    ordered = rows.filter(released_on__isnull=False).order_by("-released_on", "-id")[:25]
    text = plan(ordered, enable_sort="off", enable_bitmapscan="off")
    assert "Sort" not in text.replace("Sort Key", "")
    assert "_released_id" in text
    assert len(ordered) == 5


def test_default_and_size_orders_have_indexes(models):
    by_name = AIModel.objects.order_by("name", "id")[:25]
    assert "aimodel_name_id_idx" in plan(by_name, enable_sort="off")
    company = AIModelFilter({"company": "zorvex"}, queryset=AIModel.objects.all()).qs
    by_company = company.order_by("name", "id")[:25]
    assert "aimodel_company_name_id" in plan(by_company, enable_sort="off")


@pytest.fixture
def events():
    company = CompanyFactory(slug="zorvex", name="Zorvex Labs")
    model = AIModelFactory(name="zorvex-llama-7b", company=company)
    for number in range(5):
        ReleaseEventFactory(company=company, model=model, title=f"zorvex-llama-7b: {number}")
    ReleaseEventFactory(title="Funding", description="Raised a round")


def sorts(text: str) -> bool:
    return "Sort" in text.replace("Sort Key", "")


def test_event_search_uses_a_trigram_index_per_branch(events):
    queryset = ReleaseEventFilter({"q": "ZORVEX"}, queryset=ReleaseEvent.objects.with_related()).qs
    assert queryset.count() == 5
    text = plan(queryset.order_by(), enable_indexscan="off")
    assert "releaseevent_title_trgm" in text
    assert "releaseevent_description_trgm" in text
    # Companies and models are ids found through their own trigram indexes (0008).
    assert "releaseevent_company_date_id" in text
    assert "releaseevent_model_date_id" in text
    assert "BitmapOr" in text  # the branches are combined, not a scan of every row
    named = AIModel.objects.filter(name__icontains="zorvex")
    assert "aimodel_name_trgm" in plan(named, enable_indexscan="off")


def test_newest_events_first_walk_the_date_index_backwards(events):
    # The API's default order, with its tie-breaker, and the detail pages' latest_first().
    newest = ReleaseEvent.objects.with_related().order_by("-date", "-id")[:25]
    text = plan(newest, enable_sort="off", enable_bitmapscan="off")
    assert "Index Scan Backward using releaseevent_date_id" in text
    assert not sorts(text)
    oldest = ReleaseEvent.objects.order_by("date", "id")[:25]
    assert "releaseevent_date_id" in plan(oldest, enable_sort="off")
    by_title = ReleaseEvent.objects.order_by("title", "id")[:25]
    assert "releaseevent_title_id" in plan(by_title, enable_sort="off")


def test_company_and_model_filters_walk_an_ordered_index(events):
    model = AIModel.objects.get(name="zorvex-llama-7b")
    for name, value in (("company", "zorvex"), ("model", model.slug)):
        rows = ReleaseEventFilter({name: value}, queryset=ReleaseEvent.objects.with_related()).qs
        ordered = rows.order_by("-date", "-id")[:25]
        text = plan(ordered, enable_sort="off", enable_bitmapscan="off")
        assert f"releaseevent_{name}_date_id" in text
        assert not sorts(text)
        assert len(ordered) == 5


def test_the_pages_default_order_has_an_index(events):
    # As the releases page writes it: NULLs last (a plain descending index does not match).
    filterset = ReleaseEventFilter({}, queryset=ReleaseEvent.objects.with_related())
    page = stable_order(filterset.qs)[:25]
    assert "NULLS LAST" in str(page.query)
    text = plan(page, enable_sort="off", enable_incremental_sort="off")
    assert "releaseevent_listed" in text
    assert not sorts(text)
    year = ReleaseEventFilter({"year": "2025"}, queryset=ReleaseEvent.objects.with_related())
    text = plan(stable_order(year.qs)[:25], enable_sort="off", enable_incremental_sort="off")
    assert "releaseevent_listed" in text
    for ordering, index in (("title", "releaseevent_title_id"), ("-title", "_title_desc")):
        by_title = ReleaseEventFilter({"ordering": ordering}, queryset=ReleaseEvent.objects.all())
        text = plan(stable_order(by_title.qs)[:25], enable_sort="off")
        assert index in text
        assert not sorts(text)


def test_the_front_pages_latest_events_skip_planned_ones_through_an_index(events):
    latest = ReleaseEvent.objects.happened().with_related().latest_first()[:8]
    text = plan(latest, enable_sort="off")
    # Planned events have the latest dates; walking (date, id) would step over all of them.
    assert "releaseevent_status_date_id" in text
    assert not sorts(text)


@pytest.mark.parametrize(
    ("query", "index"),
    [
        ({"ordering": "-name"}, "aimodel_listed_name_desc"),
        ({"ordering": "-parameters"}, "aimodel_listed_parameters_desc"),
        ({"ordering": "-released_on"}, "aimodel_listed_released_desc"),
        ({"ordering": "-released_on", "company": "zorvex"}, "aimodel_listed_company_released"),
        ({"ordering": "-released_on", "license": "mit"}, "aimodel_listed_license_released"),
        ({"ordering": "-openness"}, "aimodel_listed_openness_desc"),
        ({"ordering": "openness"}, "aimodel_openness_id"),
    ],
)
def test_the_model_pages_sorts_have_indexes(models, query, index):
    # As the models page writes them: NULLs last, which a backward scan does not give.
    filterset = AIModelFilter(query, queryset=AIModel.objects.with_related())
    page = stable_order(filterset.qs)[:25]
    assert "NULLS LAST" in str(page.query)
    text = plan(page, enable_sort="off", enable_incremental_sort="off")
    assert index in text
    assert not sorts(text)


def test_a_companys_open_weights_count_reads_only_an_index(models):
    """The company page's count of open-weights models (``with_open_model_counts()``):
    without (company_id, access) it read the row of every model of the company (235 ms for
    the largest of a million), with it an index-only scan."""
    company = Company.objects.with_open_model_counts().get(slug="zorvex")
    assert company.model_count == 5
    text = plan(Company.objects.with_open_model_counts().filter(slug="zorvex"))
    assert "Index Only Scan using aimodel_company_access" in text
