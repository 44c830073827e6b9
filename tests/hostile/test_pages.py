"""Hostile or broken input gets a 4xx answer, never a 500."""

import pytest

from registry.filters import AIModelFilter, CompanyFilter
from tests.factories import CompanyFactory

NUL = "%00"
SURROGATE = "%ED%A0%80"  # a lone UTF-16 surrogate, UTF-8-encoded: not valid UTF-8


@pytest.fixture
def client(client):
    # A 500 must show up as a 500 answer here, as a visitor would see it, not as an exception.
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize(
    "query",
    [
        f"q=a{NUL}b",
        f"{NUL}=1",
        f"country={NUL}",
        f"slug__exact=x{NUL}",
        f"o={NUL}",
        f"p={NUL}",
        f"_changelist_filters=q%3D{NUL}",
    ],
)
def test_nul_in_admin_query_strings_is_a_400(editor_client, query):
    CompanyFactory()
    editor_client.raise_request_exception = False
    response = editor_client.get(f"/admin/registry/company/?{query}")
    assert response.status_code == 400
    assert b"NUL" in response.content


def test_nul_in_the_admin_autocomplete_is_a_400(editor_client):
    editor_client.raise_request_exception = False
    response = editor_client.get(
        f"/admin/autocomplete/?term=x{NUL}&app_label=registry&model_name=aimodel&field_name=company"
    )
    assert response.status_code == 400


def test_nul_in_an_admin_form_is_a_400(editor_client):
    company = CompanyFactory()
    editor_client.raise_request_exception = False
    response = editor_client.post(
        f"/admin/registry/company/{company.pk}/change/", {"name": "A\x00B", "slug": company.slug}
    )
    assert response.status_code == 400


def test_nul_in_the_login_form_is_a_400(client, db):
    response = client.post("/admin/login/", {"username": "ed\x00itor", "password": "x"})
    assert response.status_code == 400


@pytest.mark.parametrize("path", ["/admin/registry/company/", "/admin/login/"])
def test_invalid_utf8_in_query_strings_is_harmless(editor_client, path):
    editor_client.raise_request_exception = False
    response = editor_client.get(f"{path}?q={SURROGATE}&{SURROGATE}=1")
    assert response.status_code in {200, 302}


@pytest.mark.parametrize("path", [f"/models/{NUL}/", f"/models/{SURROGATE}/", f"/{NUL}"])
def test_bad_characters_in_paths_are_404(client, db, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("path", ["/healthz", "/admin/login/"])
def test_nul_elsewhere_in_the_query_string_is_ignored_or_refused(client, db, path):
    assert client.get(f"{path}?next={NUL}&x={NUL}").status_code in {200, 400}


@pytest.mark.parametrize("path", ["/admin/login/", "/", "/api/models/"])
def test_a_body_over_the_limit_is_refused_before_it_is_read(client, db, settings, path):
    body = b"x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client.post(path, body, content_type="application/json")
    assert response.status_code == 413
    if path.startswith("/api/"):
        assert "bytes" in response.json()["detail"]


def test_a_large_form_is_refused_even_without_a_content_length(client, db, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post("/admin/login/", {"username": "x" * 2000, "password": "x"})
    assert response.status_code in {400, 413}


def test_a_bad_content_length_is_a_400(client, db):
    response = client.generic(
        "POST",
        "/admin/login/",
        b"username=x",
        CONTENT_LENGTH="lots",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    "content_type",
    [
        "multipart/form-data",
        "multipart/form-data; boundary=",
        "multipart/form-data; boundary=a\x7fb",
    ],
)
def test_multipart_without_a_usable_boundary_is_a_400(client, db, content_type):
    response = client.generic("POST", "/admin/login/", b"--whatever--", content_type=content_type)
    assert response.status_code == 400


def test_truncated_multipart_is_read_as_far_as_it_goes(client, db):
    body = b'--boundary\r\nContent-Disposition: form-data; name="username"\r\n\r\nx'
    response = client.generic(
        "POST", "/admin/login/", body, content_type="multipart/form-data; boundary=boundary"
    )
    assert response.status_code == 200
    assert response.context["form"].errors


@pytest.mark.parametrize("filterset", [AIModelFilter, CompanyFilter])
@pytest.mark.parametrize("value", ["a\x00b", "a\ud800b"])
def test_the_search_filter_refuses_text_no_database_stores(filterset, value, db):
    form_filter = filterset(data={"q": value}, queryset=filterset._meta.model.objects.all())
    assert not form_filter.is_valid()
    assert "q" in form_filter.errors


def test_the_search_filter_accepts_ordinary_text(db):
    assert AIModelFilter(data={"q": "DeepSeek R1 ü 中"}).is_valid()
