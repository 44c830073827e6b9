"""Every error is JSON of one shape, {"detail", "code", "errors"}, with the right status; hostile
input is a 4xx, never a 500; request rates are throttled with Retry-After."""

import pytest
from django.core.cache import cache

from tests.factories import AIModelFactory, CompanyFactory

pytestmark = pytest.mark.django_db


def assert_error(response, status, code):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"detail", "code", "errors"}
    assert body["code"] == code
    assert isinstance(body["detail"], str) and body["detail"]
    return body


def test_unknown_slug_is_404_naming_the_kind_of_row(api_client):
    body = assert_error(api_client.get("/api/models/nope/"), 404, "not_found")
    assert body["detail"] == 'No AI model has the slug "nope".'
    assert_error(api_client.get("/api/companies/nope/"), 404, "not_found")
    assert_error(api_client.get("/api/releases/nope/"), 404, "not_found")


@pytest.mark.parametrize(
    "path", ["/api/nothing-here/", "/api/models/a.b/", "/api/models/x/y/", "/api/models/%E2%9C%93/"]
)
def test_unknown_paths_under_the_api_are_json_404(api_client, path):
    assert_error(api_client.get(path), 404, "not_found")
    assert_error(api_client.delete(path), 404, "not_found")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/api/models/m/"),
        ("put", "/api/models/"),
        ("patch", "/api/companies/"),
        ("delete", "/api/licenses/"),
        ("post", "/api/"),
    ],
)
def test_method_not_allowed_is_405_even_for_anonymous_clients(api_client, method, path):
    AIModelFactory(slug="m")
    body = assert_error(getattr(api_client, method)(path), 405, "method_not_allowed")
    assert method.upper() in body["detail"]


def test_unacceptable_accept_header_is_406(api_client):
    response = api_client.get("/api/models/", HTTP_ACCEPT="application/xml")
    assert_error(response, 406, "not_acceptable")


def test_unknown_format_parameter_is_400(api_client):
    body = assert_error(api_client.get("/api/models/?format=xml"), 400, "invalid")
    assert "format" in body["errors"]


def test_errors_stay_json_when_csv_was_asked_for(api_client):
    assert_error(api_client.get("/api/models/?format=csv&modality=smell"), 400, "invalid")
    assert_error(
        api_client.get("/api/models/?released_after=x", HTTP_ACCEPT="text/csv"), 400, "invalid"
    )


def test_validation_error_shape(editor_api_client):
    body = assert_error(
        editor_api_client.post("/api/companies/", {"name": ""}, format="json"), 400, "invalid"
    )
    assert body["errors"]["name"] == ["This field may not be blank."]
    assert body["errors"]["slug"] == ["This field is required."]
    assert body["detail"].startswith("Invalid input.")


def test_non_field_errors_use_drf_key(editor_api_client):
    body = assert_error(
        editor_api_client.post("/api/companies/", [1, 2], format="json"), 400, "invalid"
    )
    assert "non_field_errors" in body["errors"]


@pytest.mark.parametrize(
    ("body", "content_type", "status", "code"),
    [
        ("{not json", "application/json", 400, "parse_error"),
        ('{"name": "\\ud800"}', "application/json", 400, "parse_error"),  # lone surrogate
        ("[" * 100_000 + "]" * 100_000, "application/json", 400, "parse_error"),
        ("name=x", "text/plain", 415, "unsupported_media_type"),
    ],
)
def test_unreadable_bodies(editor_api_client, body, content_type, status, code):
    response = editor_api_client.generic("POST", "/api/companies/", body, content_type=content_type)
    assert_error(response, status, code)


@pytest.mark.parametrize(
    "params",
    [
        {"q": "\x00"},
        {"q": "%"},
        {"q": "'; DROP TABLE registry_aimodel; --"},
        {"company": "é" * 150},
        {"ordering": "-"},
        {"ordering": ",,,"},
        {"released_after": "9999-12-31"},
        {"released_after": "0001-01-01"},
        {"page_size": "9" * 50},
        {"cursor": "\x00"},
        {"cursor": "eyJ"},
        {"format": "\x00"},
    ],
)
def test_hostile_query_strings_never_cause_a_server_error(api_client, params):
    AIModelFactory()
    response = api_client.get("/api/models/", params)
    assert response.status_code < 500
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize(
    "payload",
    [
        {"slug": "x", "name": "X", "country": "FR", "description": "\x00"},
        {"slug": "x" * 1000, "name": "X", "country": "FR"},
        {"slug": ["x"], "name": {"a": 1}, "country": 5},
        {"slug": "x", "name": "X", "country": "FR", "website": "javascript:alert(1)"},
        {"slug": None, "name": None, "country": None},
    ],
)
def test_hostile_bodies_are_400(editor_api_client, payload):
    assert_error(editor_api_client.post("/api/companies/", payload, format="json"), 400, "invalid")


def test_hostile_references_are_400(editor_api_client):
    CompanyFactory(slug="c")
    for value in ["\x00", "x" * 500, 12, ["c"], {"slug": 5}, {"name": "c"}, True]:
        response = editor_api_client.post(
            "/api/releases/",
            {"slug": "e", "title": "E", "date": "2025-01-01", "kind": "release", "company": value},
            format="json",
        )
        assert_error(response, 400, "invalid")


@pytest.fixture
def throttled(settings):
    cache.clear()
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/min", "user": "5/min"},
    }
    yield
    cache.clear()


def test_anonymous_clients_are_throttled_with_retry_after(api_client, throttled):
    for _ in range(3):
        assert api_client.get("/api/models/").status_code == 200
    response = api_client.get("/api/companies/")
    body = assert_error(response, 429, "throttled")
    assert 0 < int(response["Retry-After"]) <= 60
    assert "available in" in body["detail"]


def test_authenticated_clients_have_their_own_higher_rate(editor_api_client, api_client, throttled):
    for _ in range(5):
        assert editor_api_client.get("/api/models/").status_code == 200
    assert editor_api_client.get("/api/models/").status_code == 429
    assert api_client.get("/api/models/").status_code == 200  # counted separately


def test_throttling_can_be_turned_off(settings, api_client, throttled):
    # Past the fixture's 3/min for anonymous clients, with the rates then set to None.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None},
    }
    for _ in range(10):
        assert api_client.get("/api/").status_code == 200


def test_oversized_body_is_413_in_the_same_shape(editor_api_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    payload = {"slug": "x", "name": "X" * 500, "country": "FR"}
    response = editor_api_client.post("/api/companies/", payload, format="json")
    assert_error(response, 413, "request_too_large")


def test_database_outage_is_503_in_the_same_shape(api_client, monkeypatch):
    from django.db import OperationalError

    from registry.api.pagination import KeysetPagination

    def outage(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(KeysetPagination, "paginate_queryset", outage)
    response = api_client.get("/api/models/")
    assert_error(response, 503, "unavailable")
    assert int(response["Retry-After"]) > 0


@pytest.mark.parametrize(
    "path", ["/api/models%0A/", "/api/models/%0A", "/api/%0A", "/api/models/x/%0A", "/api/nope"]
)
def test_any_unknown_api_path_is_a_json_404(api_client, path):
    response = api_client.get(path)
    assert_error(response, 404, "not_found")
