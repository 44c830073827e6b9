"""Who may do what: anonymous, a user without permissions, an Editor and a superuser, for every
verb on every collection; tokens and sessions."""

import pytest
from django.contrib.auth.models import Permission
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import AIModelFactory, CompanyFactory, LicenseFactory, ReleaseEventFactory

pytestmark = pytest.mark.django_db


def model_case():
    AIModelFactory(slug="existing", company=CompanyFactory(slug="maker"))
    new = {"slug": "new", "name": "New", "company": "maker", "modality": "text"}
    new |= {"kind": "chat", "access": "api"}
    return "/api/models/", "existing", new


def company_case():
    CompanyFactory(slug="existing", name="Existing")
    return "/api/companies/", "existing", {"slug": "new", "name": "New", "country": "FR"}


def license_case():
    LicenseFactory(slug="existing")
    new = {"slug": "new", "name": "New", "spdx_id": "MIT", "category": "permissive"}
    new |= {"commercial_use": "allowed"}
    return "/api/licenses/", "existing", new


def event_case():
    ReleaseEventFactory(slug="existing", company=CompanyFactory(slug="maker"))
    new = {"slug": "new", "title": "New", "date": "2025-01-01", "kind": "release"}
    new |= {"company": "maker"}
    return "/api/releases/", "existing", new


CASES = [model_case, company_case, license_case, event_case]


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def requests(client, case):
    """Every verb once; returns {verb: status}."""
    collection, slug, new = case()
    item = f"{collection}{slug}/"
    put = {**new, "slug": slug, "name": "Put", "title": "Put"}
    if "spdx_id" in put:
        put["spdx_id"] = "Apache-2.0"  # unique, and taken by the new license
    return {
        "list": client.get(collection).status_code,
        "retrieve": client.get(item).status_code,
        "create": client.post(collection, new, format="json").status_code,
        "update": client.put(item, put, format="json").status_code,
        "partial_update": client.patch(item, {"slug": "patched"}, format="json").status_code,
        "destroy": client.delete(f"{collection}patched/").status_code,
    }


ALLOWED = {
    "list": 200,
    "retrieve": 200,
    "create": 201,
    "update": 200,
    "partial_update": 200,
    "destroy": 204,
}


@pytest.mark.parametrize("case", CASES)
def test_anonymous_reads_but_cannot_write(api_client, case):
    assert requests(api_client, case) == {
        "list": 200,
        "retrieve": 200,
        "create": 401,
        "update": 401,
        "partial_update": 401,
        "destroy": 401,
    }


@pytest.mark.parametrize("case", CASES)
def test_user_without_permissions_reads_but_is_forbidden_to_write(django_user_model, case):
    user = django_user_model.objects.create_user("reader", password="x")
    assert requests(token_client(user), case) == {
        "list": 200,
        "retrieve": 200,
        "create": 403,
        "update": 403,
        "partial_update": 403,
        "destroy": 403,
    }


@pytest.mark.parametrize("case", CASES)
def test_editor_with_a_token_may_do_everything(editor, case):
    assert requests(token_client(editor), case) == ALLOWED


@pytest.mark.parametrize("case", CASES)
def test_editor_with_a_session_may_do_everything(client, editor, case):
    api = APIClient()
    api.force_login(editor)
    assert requests(api, case) == ALLOWED


@pytest.mark.parametrize("case", CASES)
def test_superuser_may_do_everything(django_user_model, case):
    admin = django_user_model.objects.create_superuser("root", password="x")
    assert requests(token_client(admin), case) == ALLOWED


def test_each_verb_needs_its_own_permission(django_user_model):
    user = django_user_model.objects.create_user("changer", password="x")
    user.user_permissions.add(Permission.objects.get(codename="change_company"))
    client = token_client(user)
    CompanyFactory(slug="c")
    assert client.patch("/api/companies/c/", {"name": "Renamed"}, format="json").status_code == 200
    assert client.delete("/api/companies/c/").status_code == 403
    payload = {"slug": "d", "name": "D", "country": "FR"}
    assert client.post("/api/companies/", payload, format="json").status_code == 403
    assert client.patch("/api/licenses/x/", {}, format="json").status_code in (403, 404)


def test_anonymous_write_says_how_to_authenticate(api_client):
    response = api_client.post("/api/companies/", {}, format="json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {
        "detail": "Authentication credentials were not provided.",
        "code": "not_authenticated",
        "errors": {},
    }


def test_forbidden_write_shape(django_user_model):
    user = django_user_model.objects.create_user("reader", password="x")
    response = token_client(user).post("/api/companies/", {}, format="json")
    assert response.json()["code"] == "permission_denied"


@pytest.mark.parametrize("header", ["Token wrong", "Token ", "Token a b", "Bearer abc"])
def test_bad_tokens_are_401_or_ignored(api_client, header):
    api_client.credentials(HTTP_AUTHORIZATION=header)
    response = api_client.post("/api/companies/", {}, format="json")
    assert response.status_code == 401
    assert response.json()["code"] in ("authentication_failed", "not_authenticated")


def test_inactive_users_token_is_refused(editor):
    client = token_client(editor)
    editor.is_active = False
    editor.save()
    response = client.get("/api/models/")
    assert response.status_code == 401


def test_session_writes_need_the_csrf_token(editor):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post("/api/companies/", {"slug": "x", "name": "X", "country": "FR"})
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_drf_create_token_command_makes_a_working_token(editor):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("drf_create_token", "editor", stdout=out)
    key = Token.objects.get(user=editor).key
    assert key in out.getvalue()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    payload = {"slug": "x", "name": "X", "country": "FR"}
    assert client.post("/api/companies/", payload, format="json").status_code == 201
