"""No lost updates (If-Match) and change history through the API."""

import pytest
from django.contrib.auth.models import Group
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from registry.models import AIModel, Company
from tests.factories import AIModelFactory, CompanyFactory, LicenseFactory, ReleaseEventFactory

pytestmark = pytest.mark.django_db


def assert_error(response, status, code):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"detail", "code", "errors"}
    assert body["code"] == code
    return body


# --- If-Match --------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["put", "patch"])
def test_a_write_with_the_current_etag_succeeds(editor_api_client, method):
    CompanyFactory(slug="c", name="Old")
    read = editor_api_client.get("/api/companies/c/")
    payload = {**read.json(), "name": "New"}
    response = getattr(editor_api_client, method)(
        "/api/companies/c/", payload, format="json", HTTP_IF_MATCH=read["ETag"]
    )
    assert response.status_code == 200, response.content
    assert Company.objects.get(slug="c").name == "New"


def test_a_stale_etag_is_412_and_saves_nothing(editor_api_client):
    CompanyFactory(slug="c", name="Old")
    stale = editor_api_client.get("/api/companies/c/")["ETag"]
    first = editor_api_client.patch(
        "/api/companies/c/", {"name": "First"}, format="json", HTTP_IF_MATCH=stale
    )
    assert first.status_code == 200
    second = editor_api_client.patch(
        "/api/companies/c/", {"name": "Second"}, format="json", HTTP_IF_MATCH=stale
    )
    body = assert_error(second, 412, "precondition_failed")
    assert "nothing was saved" in body["detail"]
    assert Company.objects.get(slug="c").name == "First"
    # The ETag a fresh GET returns works again.
    fresh = editor_api_client.get("/api/companies/c/")["ETag"]
    assert fresh != stale
    third = editor_api_client.patch(
        "/api/companies/c/", {"name": "Third"}, format="json", HTTP_IF_MATCH=fresh
    )
    assert third.status_code == 200


def test_a_change_to_a_shown_related_row_makes_the_etag_stale(editor_api_client):
    model = AIModelFactory(slug="m")
    etag = editor_api_client.get("/api/models/m/")["ETag"]
    Company.objects.filter(pk=model.company_id).update(name="Renamed")
    response = editor_api_client.patch(
        "/api/models/m/", {"description": "x"}, format="json", HTTP_IF_MATCH=etag
    )
    assert_error(response, 412, "precondition_failed")


@pytest.mark.parametrize(
    "path",
    ["/api/models/m/", "/api/companies/c/", "/api/licenses/l/", "/api/releases/e/"],
)
def test_delete_honours_if_match_on_every_collection(editor_api_client, path):
    company = CompanyFactory(slug="c")
    LicenseFactory(slug="l")
    ReleaseEventFactory(slug="e", company=CompanyFactory(), model=None, license=None)
    AIModelFactory(slug="m", company=CompanyFactory(), license=None)
    assert company
    etag = editor_api_client.get(path)["ETag"]
    assert_error(
        editor_api_client.delete(path, HTTP_IF_MATCH='"0123456789abcdef"'),
        412,
        "precondition_failed",
    )
    assert_error(
        editor_api_client.delete(path, HTTP_IF_MATCH=f"W/{etag}"), 412, "precondition_failed"
    )
    assert editor_api_client.delete(path, HTTP_IF_MATCH=f'"other", {etag}').status_code == 204


def test_if_match_star_and_no_if_match_are_unconditional(editor_api_client):
    CompanyFactory(slug="c")
    star = editor_api_client.patch(
        "/api/companies/c/", {"name": "A"}, format="json", HTTP_IF_MATCH="*"
    )
    assert star.status_code == 200
    plain = editor_api_client.patch("/api/companies/c/", {"name": "B"}, format="json")
    assert plain.status_code == 200
    assert editor_api_client.delete("/api/companies/missing/", HTTP_IF_MATCH="*").status_code == 404


def test_the_etag_follows_the_as_of_representation(editor_api_client):
    AIModelFactory(slug="m")
    etag = editor_api_client.get("/api/models/m/?as_of=2024-01-01")["ETag"]
    assert etag != editor_api_client.get("/api/models/m/")["ETag"]
    response = editor_api_client.patch(
        "/api/models/m/?as_of=2024-01-01", {"description": "d"}, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 200


def test_a_412_is_documented_with_the_if_match_header(api_client):
    schema = api_client.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/companies/{slug}/"]["put"]
    assert "412" in operation["responses"]
    assert any(p["name"] == "If-Match" and p["in"] == "header" for p in operation["parameters"])
    history = schema["paths"]["/api/models/{slug}/history/"]["get"]
    page = history["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    record = schema["components"]["schemas"][page.rsplit("/", 1)[1]]["properties"]["results"]
    assert record["type"] == "array"
    assert {p["name"] for p in history["parameters"]} >= {"slug", "cursor", "page_size"}


# --- History ---------------------------------------------------------------------------------


@pytest.fixture
def editor_token(editor):
    editor.email = "editor@example.org"
    editor.save()
    return Token.objects.create(user=editor).key


def token_client(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_api_writes_record_the_token_user_in_history(editor, editor_token):
    client = token_client(editor_token)
    created = client.post(
        "/api/companies/", {"slug": "c", "name": "C", "country": "FR"}, format="json"
    )
    assert created.status_code == 201, created.content
    assert client.patch("/api/companies/c/", {"name": "D"}, format="json").status_code == 200
    company_id = Company.objects.get(slug="c").pk
    assert client.delete("/api/companies/c/").status_code == 204
    records = Company.history.filter(id=company_id).order_by("history_id")
    assert [(r.history_type, r.history_user) for r in records] == [
        ("+", editor),
        ("~", editor),
        ("-", editor),
    ]


def test_history_lists_who_when_and_what_changed(editor, editor_token):
    client = token_client(editor_token)
    client.post("/api/companies/", {"slug": "c", "name": "C", "country": "FR"}, format="json")
    client.patch("/api/companies/c/", {"name": "D", "headquarters": "Paris"}, format="json")
    response = APIClient().get("/api/companies/c/history/")
    assert response.status_code == 200
    body = response.json()
    assert body["next"] is None and body["previous"] is None
    changed, created = body["results"]
    assert changed["type"] == "~" and created["type"] == "+"
    assert changed["user"] == "editor" and created["user"] == "editor"
    assert sorted(changed["changes"], key=lambda c: c["field"]) == [
        {"field": "headquarters", "old": "", "new": "Paris"},
        {"field": "name", "old": "C", "new": "D"},
    ]
    assert {"field": "country", "old": None, "new": "FR"} in created["changes"]
    assert changed["date"] >= created["date"]
    assert "editor@example.org" not in response.content.decode()


@pytest.mark.parametrize("collection", ["models", "companies", "licenses", "releases"])
def test_every_collection_has_a_history(api_client, collection):
    model = AIModelFactory(slug="m", license=LicenseFactory(slug="l"))
    ReleaseEventFactory(slug="e", company=model.company, model=model, license=None)
    slugs = {"models": "m", "companies": model.company.slug, "licenses": "l", "releases": "e"}
    response = api_client.get(f"/api/{collection}/{slugs[collection]}/history/")
    assert response.status_code == 200
    assert response.json()["results"][0]["type"] == "+"
    assert api_client.get(f"/api/{collection}/nope/history/").status_code == 404


def test_history_pages_follow_the_cursor(api_client):
    company = CompanyFactory(slug="c")
    for n in range(4):
        company.name = f"Name {n}"
        company.save()
    first = api_client.get("/api/companies/c/history/?page_size=2").json()
    second = api_client.get(first["next"]).json()
    third = api_client.get(second["next"]).json()
    ids = [r["history_id"] for page in (first, second, third) for r in page["results"]]
    assert ids == sorted(ids, reverse=True) and len(ids) == 5
    # The last row of a page is still compared with the record before it.
    assert first["results"][1]["changes"] == [{"field": "name", "old": "Name 1", "new": "Name 2"}]
    assert third["results"][0]["type"] == "+"
    back = api_client.get(second["previous"]).json()
    assert back["results"] == first["results"]


def test_history_rejects_a_bad_cursor(api_client):
    CompanyFactory(slug="c")
    assert_error(api_client.get("/api/companies/c/history/?cursor=zz"), 400, "invalid")
    assert_error(api_client.get("/api/companies/c/history/?page_size=0"), 400, "invalid")


@pytest.mark.parametrize("rows", [1, 30])
def test_history_query_count_is_constant(api_client, django_assert_num_queries, editor, rows):
    model = AIModelFactory(slug="m")
    for n in range(rows - 1):
        model.description = f"v{n}"
        model._history_user = editor
        model.save()
    with django_assert_num_queries(3):
        response = api_client.get("/api/models/m/history/?page_size=100")
    assert len(response.json()["results"]) == rows


def test_history_of_a_deleted_user_shows_no_author(api_client, django_user_model):
    user = django_user_model.objects.create_user("gone", email="gone@example.org")
    user.groups.add(Group.objects.get(name="Editors"))
    model = AIModelFactory(slug="m")
    model._history_user = user
    model.save()
    user.delete()
    results = api_client.get("/api/models/m/history/").json()["results"]
    assert results[0]["user"] is None
    assert AIModel.objects.filter(slug="m").exists()
