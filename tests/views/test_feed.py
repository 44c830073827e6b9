import datetime
import html
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from registry.models import ReleaseEvent
from tests.factories import AIModelFactory, CompanyFactory, ReleaseEventFactory

pytestmark = pytest.mark.django_db

FEED = reverse("registry:releaseevent-feed")
ATOM = "{http://www.w3.org/2005/Atom}"


def entries(response):
    root = ET.fromstring(response.content)
    return root, root.findall(f"{ATOM}entry")


@pytest.fixture
def events():
    deepseek = CompanyFactory(name="DeepSeek", slug="deepseek", country="CN")
    meta = CompanyFactory(name="Meta", slug="meta", country="US")
    r1 = AIModelFactory(company=deepseek, slug="deepseek-r1")
    ReleaseEventFactory(
        company=deepseek,
        model=r1,
        slug="r1-release",
        title="R1 released",
        date=datetime.date(2025, 1, 20),
    )
    ReleaseEventFactory(
        company=meta, slug="llama-release", title="Llama released", date=datetime.date(2024, 7, 1)
    )


def test_feed_is_atom_newest_first_with_links_to_the_pages(client, events):
    response = client.get(FEED)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root, items = entries(response)
    assert root.find(f"{ATOM}title").text == "Open Model Registry: release events"
    titles = [entry.find(f"{ATOM}title").text for entry in items]
    assert titles == ["2025-01-20: R1 released", "2024-07-01: Llama released"]
    links = [entry.find(f"{ATOM}link").get("href") for entry in items]
    assert links == [
        "http://testserver/models/deepseek-r1/#r1-release",
        "http://testserver/companies/meta/#llama-release",
    ]
    assert items[0].find(f"{ATOM}author/{ATOM}name").text == "DeepSeek"
    assert items[0].find(f"{ATOM}published").text.startswith("2025-01-20T00:00:00")


def test_feed_honours_the_release_filters(client, events):
    for query, expected in [
        ("company=meta", ["Llama released"]),
        ("country=CN", ["R1 released"]),
        ("model=deepseek-r1", ["R1 released"]),
        ("year=2024", ["Llama released"]),
        ("q=nothing-matches", []),
    ]:
        _, items = entries(client.get(f"{FEED}?{query}"))
        assert [e.find(f"{ATOM}title").text.split(": ", 1)[1] for e in items] == expected
    root, _ = entries(client.get(f"{FEED}?company=meta"))
    assert root.find(f"{ATOM}title").text.endswith("(company=meta)")
    alternate = root.find(f"{ATOM}link[@rel='alternate']").get("href")
    assert alternate == "http://testserver/releases/?company=meta"


@pytest.mark.parametrize(
    "query", ["date_after=yesterday", "year=abc", "kind=rumour", "q=" + "x" * 10_000]
)
def test_invalid_feed_filter_is_a_400(client, query):
    response = client.get(f"{FEED}?{query}")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode().startswith("Invalid filter.")


def test_feed_is_linked_from_every_page_head(client, events):
    response = client.get(reverse("registry:home"))
    assert (
        '<link rel="alternate" type="application/atom+xml" '
        f'title="All release events (Atom)" href="{FEED}">' in response.content.decode()
    )


@pytest.mark.parametrize("rows", [1, 30])
def test_feed_query_count_is_constant(client, django_assert_num_queries, rows):
    model = AIModelFactory()
    ReleaseEventFactory.create_batch(rows, company=model.company, model=model)
    with django_assert_num_queries(1):
        response = client.get(FEED)
    assert len(entries(response)[1]) == rows


def test_feed_links_leave_out_empty_fields_and_paging(client, events):
    root, _ = entries(client.get(f"{FEED}?company=meta&q=&kind=&page=3"))
    assert root.find(f"{ATOM}link[@rel='alternate']").get("href") == (
        "http://testserver/releases/?company=meta"
    )
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == (
        "http://testserver/releases/feed/?company=meta"
    )


def test_editors_text_reaches_feed_readers_as_text_not_markup(client):
    """A reader decodes the XML once and renders ``type="html"`` content as HTML: what it
    gets after that must hold no element, only the characters editors typed."""
    hostile = '<img src=x onerror="alert(1)">'
    company = CompanyFactory(name=f"Evil {hostile}", slug="evil")
    model = AIModelFactory(company=company, name="Model <script>x()</script>", slug="m")
    ReleaseEventFactory(company=company, model=model, title=f"T {hostile}", description=hostile)

    root, [entry] = entries(client.get(FEED))
    html_nodes = [node for node in root.iter() if node.get("type") == "html"]
    assert html_nodes, "the feed has HTML content to check"
    for node in html_nodes:
        elements = []
        parser = HTMLParser()
        parser.handle_starttag = lambda tag, attrs, found=elements: found.append(tag)
        parser.feed(node.text)
        assert elements == [], node.text
        assert hostile in html.unescape(node.text)
        assert "<script>x()</script>" in html.unescape(node.text)
    # Plain-text elements (title) carry the characters as typed.
    assert entry.find(f"{ATOM}title").get("type") in (None, "text")
    assert entry.find(f"{ATOM}title").text.endswith(hostile)


def test_feed_answers_304_to_if_none_match_and_if_modified_since(client, events):
    first = client.get(FEED)
    assert first["ETag"]
    assert client.get(FEED, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.head(FEED, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    since = client.get(FEED, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    assert since.content == b""


def test_feed_changes_answer_200_to_an_old_etag(client, events):
    first = client.get(FEED)
    ReleaseEventFactory(title="New", date=datetime.date(2025, 6, 1))
    later = client.get(FEED, HTTP_IF_NONE_MATCH=first["ETag"])
    assert later.status_code == 200
    assert later["ETag"] != first["ETag"]


def test_feed_ids_are_tag_uris_that_ignore_the_host(client, events, settings):
    settings.ALLOWED_HOSTS = ["testserver", "mirror.example"]
    ids = []
    for host in ["testserver", "mirror.example"]:
        root, items = entries(client.get(FEED, {"company": "meta"}, HTTP_HOST=host))
        ids.append([root.find(f"{ATOM}id").text, *(e.find(f"{ATOM}id").text for e in items)])
    assert ids[0] == ids[1]
    event = ReleaseEvent.objects.get(slug="llama-release")
    assert ids[0] == [
        "tag:registry.example,2026:releases?company=meta",
        f"tag:registry.example,2026:release-event/{event.pk}",
    ]


def test_an_entry_keeps_its_id_when_its_slug_changes(client, events):
    before = [e.find(f"{ATOM}id").text for e in entries(client.get(FEED))[1]]
    ReleaseEvent.objects.filter(slug="llama-release").update(slug="llama-3-release")
    after = [e.find(f"{ATOM}id").text for e in entries(client.get(FEED))[1]]
    assert after == before
