"""The schema is the truth: every response of every operation, for every status it can return,
validates against /api/schema/ with openapi-core, a validator no one here wrote.

Two walks: the seeded registry read end to end (every list page, item and history), and,
for every operation, each status the schema lists, provoked on purpose on hand-made rows
with nulls, blanks and empty lists. The second walk also checks it reached every documented
(operation, status) pair but the few no request can provoke on demand (UNPROVOKED).
"""

import datetime
import json
from collections import Counter

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import OperationalError
from openapi_core import Config, OpenAPI
from openapi_core.deserializing.media_types.util import plain_loads
from openapi_core.testing import MockRequest, MockResponse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from registry.api.suggestions import SuggestionViewSet
from registry.api.views import RegistryViewSet
from registry.models import Suggestion
from tests.factories import (
    AIModelCitationFactory,
    AIModelFactory,
    CompanyFactory,
    LicenseFactory,
    ReleaseEventFactory,
    SourceFactory,
    assess,
)

pytestmark = pytest.mark.django_db

COLLECTIONS = ["models", "companies", "licenses", "releases"]
# (method, status) pairs no request provokes on demand: 409 on create or update only when
# another write wins a race between validation and save (tests/hostile/test_api_races.py);
# nothing references a release event, so deleting one never conflicts.
UNPROVOKED = {
    ("/api/{collection}/", "post", "409"),
    ("/api/{collection}/{slug}/", "put", "409"),
    ("/api/{collection}/{slug}/", "patch", "409"),
    ("/api/releases/{slug}/", "delete", "409"),
}


class Contract:
    """Sends requests through the test client and validates each response with openapi-core."""

    def __init__(self, document):
        # CSV and JSON Lines are text, as the schema says (openapi-core reads unknown media
        # types as bytes).
        config = Config(
            extra_media_type_deserializers={
                "text/csv": plain_loads,
                "application/jsonl": plain_loads,
            }
        )
        self.openapi = OpenAPI.from_dict(document, config=config)
        self.document = document
        self.seen: Counter = Counter()
        self.failures: list[str] = []

    def call(self, client, method, path, query=None, body=None, template=None, **headers):
        kwargs = dict(headers)
        if body is not None:
            kwargs.setdefault("content_type", "application/json")
            kwargs["data"] = body if isinstance(body, (str, bytes)) else json.dumps(body)
        if query:
            path_with_query = f"{path}?{query}"
        else:
            path_with_query = path
        response = getattr(client, method)(path_with_query, **kwargs)
        # A bulk export streams: read it whole to validate it.
        content = b"".join(response.streaming_content) if response.streaming else response.content
        request = MockRequest("http://testserver", method, path)
        content_type = response.get("Content-Type", "").split(";")[0] or "application/json"
        try:
            self.openapi.validate_response(
                request,
                MockResponse(
                    content,
                    status_code=response.status_code,
                    headers=dict(response.headers),
                    content_type=content_type,
                ),
            )
        except Exception as error:  # collect them all, then fail once with the list
            detail = getattr(error, "__cause__", None) or error
            self.failures.append(
                f"{method.upper()} {path_with_query} -> {response.status_code}: {detail!r}"[:600]
            )
        self.seen[(template or path, method, str(response.status_code))] += 1
        return response

    def assert_valid(self):
        total = sum(self.seen.values())
        print(f"\n{total - len(self.failures)}/{total} responses valid against the schema")
        assert not self.failures, "\n".join(self.failures[:20])


@pytest.fixture
def contract(api_client):
    return Contract(api_client.get("/api/schema/", {"format": "json"}).json())


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def walk(contract, client, url):
    """Every page of a list, following `next` to the end; returns the rows."""
    rows = []
    while url:
        path, _, query = url.removeprefix("http://testserver").partition("?")
        page = contract.call(client, "get", path, query).json()
        rows += page["results"]
        url = page["next"]
    return rows


def test_every_seeded_response_matches_the_schema(seeded, contract, api_client):
    for collection in COLLECTIONS:
        rows = walk(contract, api_client, f"/api/{collection}/?page_size=7")
        assert rows, collection
        contract.call(api_client, "get", f"/api/{collection}/", "format=csv")
        for row in rows:
            item = f"/api/{collection}/{row['slug']}/"
            contract.call(api_client, "get", item)
            contract.call(api_client, "get", f"{item}history/")
            if collection == "models":
                contract.call(api_client, "get", item, "as_of=2024-06-01")
    contract.assert_valid()


@pytest.fixture
def edge_rows():
    """Rows with every nullable field null, every blank field blank, every list empty, and
    one row with everything filled in."""
    bare_company = CompanyFactory(slug="bare", website="", headquarters="", description="")
    AIModelFactory(
        slug="bare",
        company=bare_company,
        license=None,
        released_on=None,
        parameters=None,
        active_parameters=None,
        homepage_url="",
        repository_url="",
        weights_url="",
        description="",
    )
    license_ = LicenseFactory(
        slug="full", mau_limit=700_000_000, excluded_territories=["CN"], url=""
    )
    full = AIModelFactory(slug="full", license=license_, active_parameters=7)
    AIModelFactory(slug="derived", company=full.company, base_model=full, license=license_)
    assess(full)
    undated = SourceFactory(published_on=None, publisher="")
    AIModelCitationFactory(model=full, source=undated, claim="", value="")
    ReleaseEventFactory(slug="bare", company=bare_company, model=None, license=None)
    ReleaseEventFactory(
        slug="full",
        company=full.company,
        model=full,
        license=license_,
        partner=bare_company,
        date=datetime.date(2025, 1, 20),
    )
    suggestion = Suggestion(
        field="headquarters", value="Paris", source_url="https://news.example/x", quote="In Paris."
    )
    suggestion.subject = bare_company
    suggestion.save()
    return {
        "models": "bare",
        "companies": "bare",
        "licenses": "full",
        "releases": "bare",
        "suggestions": str(suggestion.pk),
    }


NEW_ROWS = {
    "models": {"slug": "n", "name": "N", "company": "bare", "modality": "text", "kind": "base"},
    "companies": {"slug": "n", "name": "N", "country": "FR"},
    "licenses": {"slug": "n", "name": "N", "spdx_id": "LicenseRef-n", "category": "proprietary"},
    "releases": {
        "slug": "n",
        "title": "N",
        "date": "2025-01-01",
        "kind": "announcement",
        "company": "bare",
    },
}
NEW_ROWS["models"]["access"] = "api"
NEW_ROWS["licenses"]["commercial_use"] = "allowed"
# A row each collection cannot delete while it is referenced (409).
REFERENCED = {"models": "full", "companies": "bare", "licenses": "full"}


@pytest.fixture
def clients(editor):
    viewer = User.objects.create_user("viewer", password="viewer-pass")
    return {
        "anonymous": APIClient(),
        "editor": token_client(editor),
        "viewer": token_client(viewer),
    }


def test_every_status_of_every_operation_matches_the_schema(
    edge_rows, contract, clients, settings, monkeypatch
):
    anonymous, editor, viewer = clients["anonymous"], clients["editor"], clients["viewer"]
    call = contract.call
    for collection in COLLECTIONS:
        lst, slug = f"/api/{collection}/", edge_rows[collection]
        item, history = f"{lst}{slug}/", f"{lst}{slug}/history/"
        t_list, t_item = f"/api/{collection}/", f"/api/{collection}/{{slug}}/"
        t_history = f"{t_item}history/"
        # Reads: 200 (also an empty page), 304, 400, 404, 406.
        for path, template in [(lst, t_list), (item, t_item), (history, t_history)]:
            etag = call(anonymous, "get", path, template=template)["ETag"]
            call(anonymous, "get", path, template=template, HTTP_IF_NONE_MATCH=etag)
            call(anonymous, "get", path, "unknown=1", template=template)
            call(anonymous, "get", path, template=template, HTTP_ACCEPT="image/png")
        call(anonymous, "get", lst, "q=nothing-matches-this", template=t_list)
        call(anonymous, "get", lst, "ordering=bogus", template=t_list)
        call(anonymous, "get", history, "cursor=bogus", template=t_history)
        for path, template in [(f"{lst}missing/", t_item), (f"{lst}missing/history/", t_history)]:
            call(anonymous, "get", path, template=template)

        # Writes: 401, 403, 400, 406, 415, 201, 200, 412, 404, 409, 204.
        new = NEW_ROWS[collection]
        call(anonymous, "post", lst, body=new, template=t_list)
        call(viewer, "post", lst, body=new, template=t_list)
        call(editor, "post", lst, body={"slug": "bad slug"}, template=t_list)
        call(editor, "post", lst, body=new, template=t_list, HTTP_ACCEPT="image/png")
        call(editor, "post", lst, body="slug=n", template=t_list, content_type="text/plain")
        created = call(editor, "post", lst, body=new, template=t_list)
        assert created.status_code == 201, created.content
        new_item = f"{lst}n/"
        for method, body in [("put", {**new, "name": "N2"}), ("patch", {"name": "N3"})]:
            call(anonymous, method, new_item, body=body, template=t_item)
            call(viewer, method, new_item, body=body, template=t_item)
            call(editor, method, new_item, body={"slug": "bad slug"}, template=t_item)
            call(editor, method, new_item, body=body, template=t_item, HTTP_ACCEPT="image/png")
            call(editor, method, new_item, body="x", template=t_item, content_type="text/plain")
            call(editor, method, new_item, body=body, template=t_item, HTTP_IF_MATCH='"stale"')
            call(editor, method, f"{lst}missing/", body=body, template=t_item)
            assert call(editor, method, new_item, body=body, template=t_item).status_code == 200
        for client in (anonymous, viewer):
            call(client, "delete", new_item, template=t_item)
        call(editor, "delete", new_item, "unknown=1", template=t_item)
        call(editor, "delete", new_item, template=t_item, HTTP_ACCEPT="image/png")
        call(editor, "delete", new_item, template=t_item, HTTP_IF_MATCH='"stale"')
        call(editor, "delete", f"{lst}missing/", template=t_item)
        if collection in REFERENCED:
            call(editor, "delete", f"{lst}{REFERENCED[collection]}/", template=t_item)
        assert call(editor, "delete", new_item, template=t_item).status_code == 204

    # Bulk data: streamed exports (200, 400, 404), the dump and the exports' index.
    for collection in COLLECTIONS:
        template = f"/api/{collection}/export.{{fmt}}"
        for fmt in ("csv", "jsonl"):
            call(anonymous, "get", f"/api/{collection}/export.{fmt}", template=template)
        call(anonymous, "get", f"/api/{collection}/export.csv", "unknown=1", template=template)
        call(anonymous, "get", f"/api/{collection}/export.xml", template=template)
    call(anonymous, "get", "/api/dump.jsonl", template="/api/dump.jsonl")
    call(anonymous, "get", "/api/dump.jsonl", "unknown=1", template="/api/dump.jsonl")
    call(anonymous, "get", "/api/exports/", template="/api/exports/")
    call(anonymous, "get", "/api/exports/", template="/api/exports/", HTTP_ACCEPT="image/png")

    # Suggestions: anyone creates, signed-in users read (their own), editors answer.
    s_list, s_item = "/api/suggestions/", "/api/suggestions/{id}/"
    s_accept, s_reject = f"{s_item}accept/", f"{s_item}reject/"
    good = {
        "subject": "companies",
        "slug": "bare",
        "field": "headquarters",
        "value": "Paris",
        "source_url": "https://news.example/paris",
        "quote": "Its office is in Paris.",
    }
    bad_token = APIClient()
    bad_token.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    csrf_checked = APIClient(enforce_csrf_checks=True)
    csrf_checked.force_login(User.objects.get(username="viewer"))
    call(bad_token, "post", s_list, body=good, template=s_list)
    call(csrf_checked, "post", s_list, body=good, template=s_list)
    call(anonymous, "post", s_list, body={**good, "slug": "missing"}, template=s_list)
    call(anonymous, "post", s_list, body=good, template=s_list, HTTP_ACCEPT="image/png")
    call(anonymous, "post", s_list, body="x", template=s_list, content_type="text/plain")
    ids = [call(anonymous, "post", s_list, body=good, template=s_list).json()["id"] for _ in "ab"]
    for path, template in [(s_list, s_list), (s_item.format(id=ids[0]), s_item)]:
        call(anonymous, "get", path, template=template)
        etag = call(editor, "get", path, template=template)["ETag"]
        call(editor, "get", path, template=template, HTTP_IF_NONE_MATCH=etag)
        call(editor, "get", path, "unknown=1", template=template)
        call(editor, "get", path, template=template, HTTP_ACCEPT="image/png")
    call(viewer, "get", s_list, template=s_list)  # their own: an empty page
    call(editor, "get", s_item.format(id=999999), template=s_item)
    for template, body, bad_body in [
        (s_accept, {}, {"confirm": "maybe"}),
        (s_reject, {"reason": "No."}, {}),
    ]:
        path = template.format(id=ids[0] if template == s_accept else ids[1])
        call(anonymous, "post", path, body=body, template=template)
        call(viewer, "post", path, body=body, template=template)
        call(editor, "post", template.format(id=999999), body=body, template=template)
        call(editor, "post", path, body=bad_body, template=template)
        call(editor, "post", path, body=body, template=template, HTTP_ACCEPT="image/png")
        call(editor, "post", path, body="x", template=template, content_type="text/plain")
        assert call(editor, "post", path, body=body, template=template).status_code == 200
        assert call(editor, "post", path, body=body, template=template).status_code == 409

    # 413: a body over the limit, on every write with a body.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 50
    big = {"name": "x" * 100}
    for collection in COLLECTIONS:
        slug = edge_rows[collection]
        call(editor, "post", f"/api/{collection}/", body=big, template=f"/api/{collection}/")
        for method in ("put", "patch"):
            path, template = f"/api/{collection}/{slug}/", f"/api/{collection}/{{slug}}/"
            call(editor, method, path, body=big, template=template)
    for template in (s_list, s_accept, s_reject):
        path = template.format(id=edge_rows["suggestions"])
        call(editor, "post", path, body=big, template=template)
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

    for status in ("429", "503"):
        with provoked(status, settings, monkeypatch):
            for template, method in documented_operations(contract.document):
                collection = template.split("/")[2]
                path = template.replace("{slug}", edge_rows.get(collection, "x"))
                path = path.replace("{id}", edge_rows["suggestions"]).replace("{fmt}", "csv")
                body = {"name": "N"} if method in ("post", "put", "patch") else None
                for _ in range(2):  # the second one is over a rate of 1/min
                    call(editor, method, path, body=body, template=template)
                cache.clear()

    contract.assert_valid()
    exercised = {key for key, count in contract.seen.items()}
    missing = []
    for template, method in documented_operations(contract.document):
        collection = template.split("/")[2]
        for status in contract.document["paths"][template][method]["responses"]:
            generic = template.replace(f"/{collection}/", "/{collection}/")
            if (template, method, status) in exercised:
                continue
            if (generic, method, status) in UNPROVOKED or (template, method, status) in UNPROVOKED:
                continue
            missing.append(f"{method.upper()} {template} {status}")
    assert not missing, f"documented but never provoked: {missing}"
    undocumented = sorted(
        f"{method.upper()} {template} {status}"
        for (template, method, status) in exercised
        if status not in contract.document["paths"][template][method]["responses"]
    )
    assert not undocumented, undocumented


def documented_operations(document):
    for template, item in document["paths"].items():
        for method in item:
            yield template, method


class provoked:
    """429 (a rate of one request a minute) or 503 (the database refusing connections)."""

    def __init__(self, status, settings, monkeypatch):
        self.status, self.settings, self.monkeypatch = status, settings, monkeypatch

    def __enter__(self):
        cache.clear()
        if self.status == "429":
            self.previous = self.settings.REST_FRAMEWORK
            self.settings.REST_FRAMEWORK = {
                **self.previous,
                "DEFAULT_THROTTLE_RATES": {"anon": "1/min", "user": "1/min"},
            }
        else:

            def outage(*args, **kwargs):
                raise OperationalError("connection refused")

            self.monkeypatch.setattr(RegistryViewSet, "initial", outage)
            self.monkeypatch.setattr(SuggestionViewSet, "initial", outage)

    def __exit__(self, *exc):
        if self.status == "429":
            self.settings.REST_FRAMEWORK = self.previous
        else:
            self.monkeypatch.undo()
        cache.clear()
