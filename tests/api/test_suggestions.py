"""/api/suggestions/: anonymous and signed-in suggestions, validation, permissions, the editors'
accept and reject, stale accepts, rate limits and hostile input."""

import pytest
from django.contrib.auth.models import User
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from registry.models import Suggestion, SuggestionStatus
from tests.factories import AIModelFactory, CompanyFactory

pytestmark = pytest.mark.django_db

URL = "/api/suggestions/"
GOOD = {
    "subject": "companies",
    "slug": "mistral",
    "field": "headquarters",
    "value": "Paris",
    "source_url": "https://news.example/mistral",
    "quote": "Mistral AI, the Paris-based start-up, said...",
}


@pytest.fixture
def company():
    return CompanyFactory(slug="mistral", name="Mistral AI", headquarters="Lyon")


@pytest.fixture
def reader():
    return User.objects.create_user("reader", password="pw")


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def rates(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "suggestions_anon": "2/hour",
            "suggestions_user": "3/hour",
        },
    }


def test_an_anonymous_suggestion_is_created_pending(api_client, company):
    response = api_client.post(URL, {**GOOD, "email": "me@example.org"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "pending" and body["author"] is None
    assert (body["subject"], body["slug"], body["base_value"]) == ("companies", "mistral", "Lyon")
    assert body["subject_url"] == "http://testserver/companies/mistral/"
    assert "email" not in body and "client" not in body
    assert Suggestion.objects.get().email == "me@example.org"
    company.refresh_from_db()
    assert company.headquarters == "Lyon"
    assert api_client.get("/api/companies/mistral/").json()["headquarters"] == "Lyon"


def test_a_signed_in_suggestion_names_its_author_who_lists_it(company, reader):
    client = token_client(reader)
    assert client.post(URL, GOOD, format="json").json()["author"] == "reader"
    other = token_client(User.objects.create_user("other", password="pw"))
    other.post(URL, {**GOOD, "value": "Nice"}, format="json")
    mine = client.get(URL).json()["results"]
    assert [row["value"] for row in mine] == ["Paris"]
    theirs = Suggestion.objects.get(value="Nice")
    assert client.get(f"{URL}{theirs.pk}/").status_code == 404


def test_answers_are_private_to_who_asked(editor_api_client, company):
    response = editor_api_client.get(URL)
    assert "private" in response["Cache-Control"]
    assert "Authorization" in response["Vary"]


def test_reading_needs_signing_in(api_client, company):
    assert api_client.get(URL).status_code == 401
    assert api_client.get(f"{URL}1/").status_code == 401


def test_editors_list_all_and_filter_by_status(api_client, editor_api_client, company):
    api_client.post(URL, GOOD, format="json")
    api_client.post(URL, {**GOOD, "value": "Nice"}, format="json")
    rows = editor_api_client.get(URL, {"status": "pending", "subject": "companies"}).json()
    assert len(rows["results"]) == 2
    assert editor_api_client.get(URL, {"status": "accepted"}).json()["results"] == []
    assert editor_api_client.get(URL, {"status": "maybe"}).status_code == 400
    unfiltered = editor_api_client.get(URL, {"status": "", "subject": ""}).json()["results"]
    assert len(unfiltered) == 2  # an empty value means not given
    assert editor_api_client.get(URL, {"unknown": "1"}).status_code == 400


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"slug": "nope"}, "slug"),
        ({"subject": "users"}, "subject"),
        ({"field": "slug"}, "field"),
        ({"field": "is_superuser"}, "field"),
        ({"value": "x" * 5001}, "value"),
        ({"quote": "x" * 2001}, "quote"),
        ({"source_url": "javascript:alert(1)"}, "source_url"),
        ({"source_url": "file:///etc/passwd"}, "source_url"),
        ({"email": "nope"}, "email"),
        ({"value": "bad\x00value"}, "value"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(api_client, company, change, field):
    response = api_client.post(URL, {**GOOD, **change}, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert not Suggestion.objects.exists()


def test_model_rules_are_400s(api_client):
    AIModelFactory(slug="m", parameters=10, active_parameters=None)
    data = {**GOOD, "subject": "models", "slug": "m", "field": "active_parameters", "value": "20"}
    response = api_client.post(URL, data, format="json")
    assert response.status_code == 400
    assert "cannot exceed total" in response.json()["errors"]["value"][0]


def test_a_suggestion_cannot_touch_users_or_permissions(api_client, company, editor):
    for field in ("is_staff", "is_superuser", "groups", "password", "user_permissions"):
        data = {**GOOD, "field": field, "value": "true"}
        assert api_client.post(URL, data, format="json").status_code == 400
    editor.refresh_from_db()
    assert not editor.is_superuser


def test_accept_applies_it_with_citation_and_history(
    api_client, editor_api_client, reader, company
):
    created = token_client(reader).post(URL, GOOD, format="json").json()
    response = editor_api_client.post(f"{URL}{created['id']}/accept/", {}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "accepted"
    company_json = api_client.get("/api/companies/mistral/").json()
    assert company_json["headquarters"] == "Paris"
    assert company_json["sources"][0]["url"] == GOOD["source_url"]
    assert company_json["sources"][0]["quote"] == GOOD["quote"]
    history = api_client.get("/api/companies/mistral/history/").json()["results"][0]
    assert history["user"] == "reader"
    again = editor_api_client.post(f"{URL}{created['id']}/accept/", {}, format="json")
    assert again.status_code == 409


def test_reject_needs_a_reason(api_client, editor_api_client, company):
    created = api_client.post(URL, GOOD, format="json").json()
    url = f"{URL}{created['id']}/reject/"
    assert editor_api_client.post(url, {}, format="json").status_code == 400
    response = editor_api_client.post(url, {"reason": "Wrong city."}, format="json")
    assert response.json()["status"] == "rejected" and response.json()["reason"] == "Wrong city."
    assert api_client.get("/api/companies/mistral/").json()["headquarters"] == "Lyon"


def test_a_stale_accept_is_a_409_until_confirmed(api_client, editor_api_client, company):
    created = api_client.post(URL, GOOD, format="json").json()
    editor_api_client.patch("/api/companies/mistral/", {"headquarters": "Marseille"})
    url = f"{URL}{created['id']}/accept/"
    stale = editor_api_client.post(url, {}, format="json")
    assert stale.status_code == 409
    assert "Marseille" in stale.json()["detail"]
    assert api_client.get("/api/companies/mistral/").json()["headquarters"] == "Marseille"
    assert editor_api_client.post(url, {"confirm": True}, format="json").status_code == 200
    assert api_client.get("/api/companies/mistral/").json()["headquarters"] == "Paris"


def test_only_editors_answer(api_client, company, reader):
    created = api_client.post(URL, GOOD, format="json").json()
    url = f"{URL}{created['id']}/accept/"
    assert api_client.post(url, {}, format="json").status_code == 401
    assert token_client(reader).post(url, {}, format="json").status_code == 403
    assert Suggestion.objects.get().status == SuggestionStatus.PENDING


def test_suggestions_are_never_changed_or_deleted_through_the_api(editor_api_client, company):
    created = editor_api_client.post(URL, GOOD, format="json").json()
    for method in ("put", "patch", "delete"):
        response = getattr(editor_api_client, method)(f"{URL}{created['id']}/")
        assert response.status_code == 405


def test_rate_limit_per_address_shared_with_the_page(api_client, client, company, rates):
    assert api_client.post(URL, GOOD, format="json").status_code == 201
    page = client.post("/suggest/companies/mistral/", {**GOOD, "value": "Nice"})
    assert page.status_code == 201
    refused = api_client.post(URL, {**GOOD, "value": "Lille"}, format="json")
    assert refused.status_code == 429
    assert refused.json()["code"] == "throttled"
    assert "Retry-After" in refused
    assert Suggestion.objects.count() == 2


def test_rate_limit_per_user(company, reader, rates):
    client = token_client(reader)
    for number in range(3):
        data = {**GOOD, "value": f"City {number}"}
        assert (
            client.post(URL, data, format="json", REMOTE_ADDR=f"203.0.113.{number}").status_code
            == 201
        )
    refused = client.post(URL, {**GOOD, "value": "Lille"}, format="json", REMOTE_ADDR="203.0.113.9")
    assert refused.status_code == 429


def test_reading_is_not_counted_against_the_suggestion_rate(editor_api_client, company, rates):
    for _ in range(5):
        assert editor_api_client.get(URL).status_code == 200
    assert editor_api_client.post(URL, GOOD, format="json").status_code == 201


def test_list_query_count_does_not_grow(
    api_client, editor_api_client, company, django_assert_num_queries
):
    api_client.post(URL, GOOD, format="json")
    # Token with its user, the permission checks (user's, group's), the page with subjects.
    with django_assert_num_queries(4):
        editor_api_client.get(URL)
    for number in range(10):
        api_client.post(URL, {**GOOD, "value": f"City {number}"}, format="json")
    with django_assert_num_queries(4):
        assert len(editor_api_client.get(URL).json()["results"]) == 11
