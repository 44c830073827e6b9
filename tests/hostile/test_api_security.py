"""Throttling that spoofed headers cannot reset, tokens that stay secret and can be revoked,
and hostile input on every kind of API request answered with a 4xx in the error shape."""

import json
import logging
import runpy
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.views.debug import ExceptionReporter
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from registry.models import Company
from tests.factories import AIModelFactory, CompanyFactory, LicenseFactory, ReleaseEventFactory

pytestmark = pytest.mark.django_db
SETTINGS_FILE = Path(__file__).resolve().parents[2] / "registry" / "settings.py"


def assert_error(response, status, code=None):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"detail", "code", "errors"}
    if code:
        assert body["code"] == code
    return body


# --- Throttling and X-Forwarded-For ----------------------------------------------------------


@pytest.mark.parametrize("proxies", ["0", "2"])
def test_drf_trusts_exactly_the_proxies_django_does(monkeypatch, proxies):
    monkeypatch.setenv("DJANGO_NUM_PROXIES", proxies)
    loaded = runpy.run_path(str(SETTINGS_FILE))
    assert loaded["NUM_PROXIES"] == int(proxies)
    assert loaded["REST_FRAMEWORK"]["NUM_PROXIES"] == int(proxies)


@pytest.fixture
def anon_limit(settings):
    cache.clear()
    settings.NUM_PROXIES = 0
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "NUM_PROXIES": 0,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/min", "user": None},
    }
    yield
    cache.clear()


def test_a_spoofed_x_forwarded_for_does_not_reset_the_anonymous_limit(api_client, anon_limit):
    for n in range(3):
        response = api_client.get("/api/companies/", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
        assert response.status_code == 200
    for spoof in ["198.51.100.7", "10.0.0.1, 198.51.100.8", "", "::1"]:
        response = api_client.get("/api/companies/", HTTP_X_FORWARDED_FOR=spoof)
        body = assert_error(response, 429, "throttled")
        assert 0 < int(response["Retry-After"]) <= 60
        assert "available in" in body["detail"]
    # Another client address (the one the server really sees) has its own allowance.
    assert api_client.get("/api/companies/", REMOTE_ADDR="192.0.2.50").status_code == 200


# --- Tokens ----------------------------------------------------------------------------------


@pytest.fixture
def editor_token(editor):
    editor.email = "editor.secret@example.org"
    editor.save()
    return Token.objects.create(user=editor).key


def token_client(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_a_deleted_token_is_refused_at_once(editor_token):
    client = token_client(editor_token)
    payload = {"slug": "c", "name": "C", "country": "FR"}
    assert client.post("/api/companies/", payload, format="json").status_code == 201
    Token.objects.filter(key=editor_token).delete()
    response = client.patch("/api/companies/c/", {"name": "D"}, format="json")
    body = assert_error(response, 401, "authentication_failed")
    assert response["WWW-Authenticate"] == "Token"
    assert editor_token not in body["detail"]
    assert Company.objects.get(slug="c").name == "C"
    assert_error(client.get("/api/companies/"), 401)  # a revoked token is not anonymous


def test_logs_of_failed_requests_never_carry_the_token(editor_token, caplog, monkeypatch):
    caplog.set_level(logging.INFO)
    bad = "f" * 40
    assert token_client(bad).get("/api/companies/").status_code == 401
    from registry.api import views

    def broken(self, *args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.CompanyViewSet, "list", broken)
    client = token_client(editor_token)
    client.raise_request_exception = False
    assert client.get("/api/companies/").status_code == 500
    records = [r for r in caplog.records if r.name == "django.request"]
    assert {r.status_code for r in records} == {401, 500}
    for record in records:
        text = logging.Formatter("%(message)s %(exc_info)s").format(record)
        assert editor_token not in text and bad not in text
        # What an AdminEmailHandler would mail: request headers with credentials hidden.
        exc_info = record.exc_info or (None, None, None)
        report = ExceptionReporter(record.request, *exc_info, is_email=True)
        assert editor_token not in report.get_traceback_text()
        assert bad not in report.get_traceback_text()
        assert "HTTP_AUTHORIZATION" in report.get_traceback_text()


def test_no_api_response_shows_hashes_emails_or_tokens(editor, editor_token):
    client = token_client(editor_token)
    client.post("/api/companies/", {"slug": "c", "name": "C", "country": "FR"}, format="json")
    client.patch("/api/companies/c/", {"name": "D"}, format="json")
    model = AIModelFactory(slug="m", license=LicenseFactory(slug="l"))
    model._history_user = editor
    model.save()
    ReleaseEventFactory(slug="e", company=model.company, model=model, license=None)
    items = {"models": "m", "companies": "c", "licenses": "l", "releases": "e"}
    paths = ["/api/", "/api/schema/", "/api/schema/?format=json", "/api/docs/"]
    for collection, slug in items.items():
        paths += [
            f"/api/{collection}/",
            f"/api/{collection}/?format=csv",
            f"/api/{collection}/?format=api",
            f"/api/{collection}/{slug}/",
            f"/api/{collection}/{slug}/?format=api",
            f"/api/{collection}/{slug}/history/",
            f"/api/{collection}/{slug}/history/?format=api",
        ]
    editor.refresh_from_db()
    secrets = [editor.email, editor_token, editor.password, "pbkdf2", "md5$", "argon2", "bcrypt"]
    for path in paths:
        for reader in (APIClient(), client):
            response = reader.get(path)
            assert response.status_code == 200, (path, response.status_code)
            text = response.content.decode() + str(response.headers)
            for secret in secrets:
                assert secret not in text, (path, secret)


# --- Hostile input ---------------------------------------------------------------------------

BAD_QUERY_VALUES = ["%00", "%ED%A0%80", "%F0%9F", "%C0%AF", "a%00b"]


@pytest.mark.parametrize("value", BAD_QUERY_VALUES)
@pytest.mark.parametrize(
    "path",
    [
        "/api/models/?q={}",
        "/api/models/?company={}",
        "/api/models/?ordering={}",
        "/api/releases/?model={}&year=2025",
        "/api/companies/?cursor={}",
        "/api/companies/c/history/?cursor={}",
        "/api/companies/c/history/?page_size={}",
        "/api/models/m/?as_of={}",
    ],
)
def test_bad_characters_in_query_strings_are_ignored_or_400(api_client, path, value):
    AIModelFactory(slug="m", company=CompanyFactory(slug="c"))
    response = api_client.get(path.format(value))
    if response.status_code != 200:
        assert_error(response, 400, "invalid")


@pytest.mark.parametrize("slug", ["%00", "a%00b", "%ED%A0%80", "%FF", "..", "x" * 300])
@pytest.mark.parametrize("suffix", ["", "history/"])
def test_bad_slugs_in_paths_are_json_404(editor_api_client, slug, suffix):
    assert_error(editor_api_client.get(f"/api/models/{slug}/{suffix}"), 404, "not_found")
    if not suffix:
        response = editor_api_client.patch(f"/api/models/{slug}/", {"name": "x"}, format="json")
        assert_error(response, 404, "not_found")


@pytest.mark.parametrize(
    "payload",
    [
        {"slug": "a\x00b", "name": "X", "country": "FR"},
        {"slug": "x", "name": "X\x00", "country": "FR"},
        {"slug": "x", "name": "X", "country": "F\x00"},
        {"slug": "x", "name": "X", "country": "FR", "website": "https://a\x00.org"},
        {"slug": "x\u200b", "name": "X", "country": "FR"},
    ],
)
def test_nul_in_json_bodies_is_a_field_error(editor_api_client, payload):
    body = assert_error(
        editor_api_client.post("/api/companies/", payload, format="json"), 400, "invalid"
    )
    assert body["errors"]
    assert not Company.objects.exists()


@pytest.mark.parametrize(
    "raw",
    [
        '{"slug": "x", "name": "\\udfff", "country": "FR"}',
        '{"slug": "\\ud800x", "name": "X", "country": "FR"}',
        '{"\\ud800": 1}',
        '{"slug": "x", "name": "X", "country": "FR"',  # truncated
        '{"slug": "x"} trailing',
        '{"slug": NaN}',
        '{"parameters": 1' + "0" * 5000 + "}",
        "\ufeff{}",
        "",
        "null",
    ],
)
@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH"])
def test_unreadable_json_is_400_on_every_write(editor_api_client, raw, method):
    CompanyFactory(slug="c", name="Before")
    path = "/api/companies/" if method == "POST" else "/api/companies/c/"
    body = raw.encode("utf-8", "surrogatepass")
    response = editor_api_client.generic(method, path, body, content_type="application/json")
    if raw == "" and method == "PATCH":
        assert response.status_code == 200  # an empty PATCH changes nothing
    else:
        assert_error(response, 400)
    assert list(Company.objects.values_list("name", flat=True)) == ["Before"]


def test_numbers_beyond_the_column_are_a_field_error(editor_api_client):
    company = CompanyFactory(slug="c")
    payload = {"slug": "m", "name": "M", "company": company.slug, "parameters": 10**30}
    body = assert_error(
        editor_api_client.post("/api/models/", payload, format="json"), 400, "invalid"
    )
    assert "parameters" in body["errors"]


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH"])
def test_huge_bodies_are_413_before_they_are_read(editor_api_client, settings, method):
    CompanyFactory(slug="c")
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    path = "/api/companies/" if method == "POST" else "/api/companies/c/"
    body = json.dumps({"slug": "c", "name": "N", "description": "d" * 20_000})
    response = editor_api_client.generic(method, path, body, content_type="application/json")
    assert_error(response, 413, "request_too_large")


def test_a_huge_history_page_size_is_capped(api_client):
    company = CompanyFactory(slug="c")
    for number in range(105):  # more history records than the largest page holds
        company.description = f"Revision {number}"
        company.save()
    response = api_client.get("/api/companies/c/history/?page_size=" + "9" * 40)
    assert response.status_code == 200
    assert len(response.json()["results"]) == 100
    assert response.json()["next"]


def test_nothing_here_needs_the_interpreter_to_recurse(editor_api_client):
    # Deep nesting in a PATCH body is refused like in a POST one (the parser is shared).
    CompanyFactory(slug="c")
    deep = "[" * 50_000 + "]" * 50_000
    response = editor_api_client.generic(
        "PATCH", "/api/companies/c/", deep, content_type="application/json"
    )
    assert_error(response, 400, "parse_error")
    assert sys.getrecursionlimit() < 50_000
