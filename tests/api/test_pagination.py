"""Cursor pagination: whole collections walked both ways in every ordering, without repeats or
gaps, while rows are inserted; page sizes; bad cursors; the Link header."""

import base64
import datetime
import json

import pytest

from registry.api.pagination import CSV_PAGE_SIZE
from registry.models import AIModel
from tests.api.test_reads import MODEL_QUERIES
from tests.factories import (
    AIModelCitationFactory,
    AIModelFactory,
    CompanyFactory,
    ReleaseEventFactory,
    assess,
)

pytestmark = pytest.mark.django_db

ORDERINGS = ["", "name", "-name", "released_on", "-released_on", "parameters", "-parameters"]


@pytest.fixture
def tied_models():
    """23 models with repeated names, dates and sizes, some unknown: ties and NULLs everywhere."""
    company = CompanyFactory()
    for i in range(23):
        AIModelFactory(
            company=company,
            name=f"Model {i % 4}",
            released_on=None if i % 5 == 0 else datetime.date(2024, 1, 1 + i % 3),
            parameters=None if i % 3 == 0 else (i % 2 + 1) * 1_000_000,
        )


def walk(client, url, direction="next", on_page=None):
    """Follow `direction` links from `url`; return the slugs in the order met."""
    seen, pages = [], 0
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.json()
        body = response.json()
        rows = [row["slug"] for row in body["results"]]
        seen += rows if direction == "next" else rows[::-1]
        url = body[direction]
        pages += 1
        assert pages < 100, "pagination does not end"
        if on_page:
            on_page(pages)
    return seen


def everything(client, ordering):
    return [
        row["slug"]
        for row in client.get("/api/models/", {"ordering": ordering, "page_size": 100}).json()[
            "results"
        ]
    ]


@pytest.mark.parametrize("ordering", ORDERINGS)
def test_walking_forward_visits_every_row_once_in_order(api_client, tied_models, ordering):
    expected = everything(api_client, ordering)
    assert len(expected) == 23
    assert walk(api_client, f"/api/models/?page_size=4&ordering={ordering}") == expected


@pytest.mark.parametrize("ordering", ORDERINGS)
def test_walking_back_from_the_end_visits_every_row_once(api_client, tied_models, ordering):
    expected = everything(api_client, ordering)
    url, last = f"/api/models/?page_size=5&ordering={ordering}", None
    while url:  # go to the last page
        last = api_client.get(url).json()
        url = last["next"]
    tail = [row["slug"] for row in last["results"]][::-1]
    backwards = tail + walk(api_client, last["previous"], direction="previous")
    assert backwards == expected[::-1]


def test_next_then_previous_returns_the_same_page(api_client, tied_models):
    first = api_client.get("/api/models/", {"page_size": 6, "ordering": "-parameters"}).json()
    second = api_client.get(first["next"]).json()
    again = api_client.get(second["previous"]).json()
    assert again["results"] == first["results"]
    assert again["previous"] is None  # nothing before the first page


@pytest.mark.parametrize("ordering", ["name", "-released_on", "parameters"])
def test_rows_inserted_during_a_walk_cause_no_repeats_or_gaps(api_client, tied_models, ordering):
    before = set(AIModel.objects.values_list("slug", flat=True))
    company = CompanyFactory()

    def insert(page):
        # Rows that sort before, among and after what has been read so far.
        AIModelFactory(company=company, name="Model 0", parameters=None, released_on=None)
        AIModelFactory(
            company=company, name="AAA", parameters=1, released_on=datetime.date(2000, 1, 1)
        )
        AIModelFactory(
            company=company, name="zzz", parameters=10**12, released_on=datetime.date(2030, 1, 1)
        )

    seen = walk(api_client, f"/api/models/?page_size=4&ordering={ordering}", on_page=insert)
    assert len(seen) == len(set(seen)), "a row was returned twice"
    assert before <= set(seen), "a row that existed throughout was skipped"
    assert seen == [slug for slug in everything(api_client, ordering) if slug in set(seen)]


def test_deleting_the_boundary_row_does_not_break_the_walk(api_client, tied_models):
    first = api_client.get("/api/models/", {"page_size": 5}).json()
    AIModel.objects.filter(slug=first["results"][-1]["slug"]).delete()
    rest = walk(api_client, first["next"])
    remaining = everything(api_client, "")
    assert rest == remaining[4:]


def test_release_events_with_the_same_date_page_stably(api_client):
    company = CompanyFactory()
    for i in range(11):
        ReleaseEventFactory(company=company, slug=f"same-day-{i}", date=datetime.date(2025, 1, 1))
    slugs = walk(api_client, "/api/releases/?page_size=3")
    assert sorted(slugs) == sorted(f"same-day-{i}" for i in range(11))
    assert len(slugs) == 11


def test_default_page_size_and_cap(api_client):
    AIModelFactory.create_batch(105, company=CompanyFactory(), license=None)
    assert len(api_client.get("/api/models/").json()["results"]) == 25
    assert len(api_client.get("/api/models/?page_size=7").json()["results"]) == 7
    capped = api_client.get("/api/models/?page_size=100000").json()
    assert len(capped["results"]) == 100
    assert capped["next"] is not None


@pytest.mark.parametrize("size", ["0", "-1", "ten", "1.5", "²"])
def test_bad_page_size_is_400(api_client, size):
    response = api_client.get("/api/models/", {"page_size": size})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["page_size"]


def test_link_header_carries_next_and_prev(api_client):
    AIModelFactory.create_batch(5, company=CompanyFactory(), license=None)
    first = api_client.get("/api/models/?page_size=2")
    assert first["Link"] == f'<{first.json()["next"]}>; rel="next"'
    middle = api_client.get(first.json()["next"])
    assert middle["Link"] == (
        f'<{middle.json()["next"]}>; rel="next", <{middle.json()["previous"]}>; rel="prev"'
    )
    assert not api_client.get("/api/models/?page_size=10").has_header("Link")


def test_links_keep_the_filters(api_client):
    company = CompanyFactory(slug="acme")
    AIModelFactory.create_batch(3, company=company, license=None)
    AIModelFactory.create_batch(3, license=None)
    body = api_client.get("/api/models/?company=acme&page_size=2").json()
    assert "company=acme" in body["next"]
    assert len(walk(api_client, "/api/models/?company=acme&page_size=2")) == 3


def encode(payload) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "not-a-cursor",
        "%%%",
        encode([1, 2]),
        encode({"o": ["name", "id"]}),
        encode({"o": ["name", "id"], "v": "ab"}),
        encode({"o": ["name", "id"], "v": ["a"]}),
        encode({"o": ["name", "id"], "v": ["a", "b"]}),  # id must be a number
        encode({"o": ["name", "id"], "v": ["a", 1.5]}),
        encode({"o": ["name", "id"], "v": [None, 1]}),  # name is never NULL
        encode({"o": ["name", "id"], "v": ["a\x00", 1]}),
        encode({"o": ["name", "id"], "v": [{"a": 1}, 1]}),
        encode({"o": ["name", "id"], "v": ["a", 10**30]}),
        "A" * 3000,
    ],
)
def test_bad_cursor_is_400(api_client, cursor):
    AIModelFactory()
    response = api_client.get("/api/models/", {"cursor": cursor})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["cursor"]


def test_cursor_for_another_ordering_is_400(api_client, tied_models):
    next_url = api_client.get("/api/models/?page_size=2&ordering=name").json()["next"]
    response = api_client.get(next_url.replace("ordering=name", "ordering=-parameters"))
    assert response.status_code == 400
    assert "another ordering" in response.json()["errors"]["cursor"][0]


def test_date_cursor_with_a_bad_date_is_400(api_client, tied_models):
    cursor = encode({"o": ["released_on", "id"], "v": ["2025-02-30", 1]})
    response = api_client.get("/api/models/", {"ordering": "released_on", "cursor": cursor})
    assert response.status_code == 400


def test_csv_pages_are_bigger_and_linked(api_client):
    AIModelFactory.create_batch(CSV_PAGE_SIZE + 2, company=CompanyFactory(), license=None)
    response = api_client.get("/api/models/", {"format": "csv"})
    assert response.content.decode().count("\r\n") == CSV_PAGE_SIZE + 1  # header + rows
    assert 'rel="next"' in response["Link"]
    rest = api_client.get(response["Link"].split(">")[0].lstrip("<"))
    assert rest.content.decode().count("\r\n") == 3
    assert (
        api_client.get("/api/models/", {"format": "csv", "page_size": 5})
        .content.decode()
        .count("\r\n")
        == 6
    )


def test_no_count_query_on_a_page(api_client, django_assert_num_queries, tied_models):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        api_client.get("/api/models/?page_size=3&ordering=-parameters")
    assert not any("COUNT(" in query["sql"].upper() for query in queries.captured_queries)
    assert any("LIMIT 4" in query["sql"] for query in queries.captured_queries)


def test_pages_across_known_and_unknown_values_cost_one_more_query(
    api_client, django_assert_num_queries
):
    """Known sizes and unknown ones are read as two index ranges; citations still in one go."""
    company = CompanyFactory()
    for size in [None, None, 3, 2, 1]:
        model = AIModelFactory(company=company, parameters=size)
        AIModelCitationFactory(model=model)
    with django_assert_num_queries(MODEL_QUERIES):  # all on the known side
        first = api_client.get("/api/models/?ordering=-parameters&page_size=2").json()
    with django_assert_num_queries(MODEL_QUERIES + 1):  # the last known size, then the unknown
        second = api_client.get(first["next"]).json()
    assert [row["parameters"] for row in first["results"] + second["results"]] == [3, 2, 1, None]
    assert all(row["sources"] for row in second["results"])


@pytest.mark.parametrize("ordering", ["openness", "-openness"])
def test_walking_by_openness_score_with_unassessed_models(api_client, ordering):
    company = CompanyFactory()
    for i in range(9):
        model = AIModelFactory(company=company, name=f"Model {i % 3}")
        if i % 2:
            assess(model, {"training-code": "open"} if i % 3 else {})
    expected = everything(api_client, ordering)
    assert len(expected) == 9
    assert walk(api_client, f"/api/models/?page_size=2&ordering={ordering}") == expected
    back_from_end = api_client.get(f"/api/models/?page_size=100&ordering={ordering}").json()
    assert back_from_end["results"][-1]["openness"] is None  # unassessed last, both ways


# --- Every ordering of every collection, past its first page -------------------------------


def collections():
    """(list URL, FilterSet) of every public API collection, as the router registers them
    (suggestions are read by their authors and editors: tests/api/test_suggestions.py)."""
    from django.urls import reverse

    from registry.api.export import COLLECTIONS
    from registry.api.urls import router

    return [
        (reverse(f"api:{basename}-list"), viewset.filterset_class)
        for prefix, viewset, basename in router.registry
        if prefix in COLLECTIONS
    ]


def orderings(filterset_class) -> list[str]:
    """Every sort key the FilterSet offers, each way, and the first two keys together."""
    names = list(filterset_class.base_filters["ordering"].param_map)
    single = [token for name in names for token in (name, f"-{name}")]
    return [*single, f"{names[0]},-{names[-1]}"]


EVERY_ORDERING = [
    pytest.param(url, ordering, id=f"{url}?ordering={ordering}")
    for url, filterset_class in collections()
    for ordering in orderings(filterset_class)
]


@pytest.fixture
def rows_of_every_kind():
    """Three of each kind of row, differing (and tying) in every sort key."""
    from tests.factories import LicenseFactory

    countries = ["US", "CN", "FR"]
    for i in range(3):
        company = CompanyFactory(country=countries[i])
        license = LicenseFactory(category=["permissive", "proprietary", "permissive"][i])
        model = AIModelFactory(company=company, license=license, name=f"Model {i % 2}")
        if i:
            assess(model, {"training-code": "open"} if i == 1 else {})
        ReleaseEventFactory(company=company, model=model, title=f"Event {i % 2}")


@pytest.mark.parametrize("url,ordering", EVERY_ORDERING)
def test_every_ordering_of_every_collection_pages_to_the_end(
    api_client, rows_of_every_kind, url, ordering
):
    expected = [
        row["slug"]
        for row in api_client.get(url, {"ordering": ordering, "page_size": 100}).json()["results"]
    ]
    assert len(expected) == 3
    assert walk(api_client, f"{url}?ordering={ordering}&page_size=1") == expected


@pytest.mark.parametrize("url,ordering", EVERY_ORDERING)
def test_every_ordering_of_every_collection_pages_as_csv(
    api_client, rows_of_every_kind, url, ordering
):
    response = api_client.get(url, {"ordering": ordering, "page_size": 1, "format": "csv"})
    assert response.status_code == 200
    second = api_client.get(response["Link"].split(">")[0].lstrip("<"))
    assert second.status_code == 200
    assert second.content.decode().count("\r\n") == 2  # header and one row


@pytest.mark.parametrize("url", [url for url, _ in collections()])
@pytest.mark.parametrize("text", ["\ud800", "a\udfff", "\x00"])
def test_a_cursor_holding_text_no_database_can_store_is_400(api_client, url, text):
    """Cursors are input like any other: a lone surrogate must not reach the driver."""
    key = "title" if "releases" in url else "name"
    cursor = encode({"o": [key, "id"], "v": [text, 1]})
    response = api_client.get(url, {"ordering": key, "cursor": cursor})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["cursor"]
