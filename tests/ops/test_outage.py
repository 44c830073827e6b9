"""A database outage answers 503 with Retry-After and no traceback, and the app recovers by
itself once the database is back."""

import json

import pytest
from django.db import OperationalError
from django.test import RequestFactory

from registry.middleware import DatabaseUnavailableMiddleware
from registry.views.errors import server_error
from tests.servers import (
    admin_session,
    app_env,
    gunicorn,
    http,
    manage,
    postgres_sql,
    require_postgres,
    terminate_sql,
    throwaway_database,
)


def healthz_fails(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError('connection to server at "db.internal" failed: refused')

    monkeypatch.setattr("django.db.backends.base.base.BaseDatabaseWrapper.cursor", refuse)


def test_healthz_reports_app_and_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_is_503_with_retry_after_and_no_details_when_the_database_is_down(
    client, monkeypatch
):
    healthz_fails(monkeypatch)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unavailable"}
    assert int(response["Retry-After"]) > 0
    assert b"db.internal" not in response.content


@pytest.mark.parametrize(
    ("path", "content_type"), [("/api/models/", "application/json"), ("/models/x/", "text/html")]
)
def test_database_errors_become_503_json_for_the_api_and_a_page_otherwise(path, content_type):
    request = RequestFactory().get(path)
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    response = middleware.process_exception(request, OperationalError("server closed"))
    assert response.status_code == 503
    assert response["Content-Type"].startswith(content_type)
    assert response["Retry-After"] == "30"
    assert b"server closed" not in response.content
    if content_type == "application/json":
        assert "unavailable" in json.loads(response.content)["detail"]
    else:
        assert b"temporarily unavailable" in response.content
        assert b"registry/status.css" in response.content


def test_other_errors_are_left_to_django():
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    assert middleware.process_exception(RequestFactory().get("/"), ValueError()) is None


def test_handler500_answers_503_for_database_errors_raised_outside_views():
    request = RequestFactory().get("/admin/")
    try:
        raise OperationalError("gone")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"


def test_a_real_outage_of_the_database_and_recovery_without_restart(tmp_path, static_root):
    """gunicorn against a throwaway PostgreSQL database; the outage is that one database
    refusing connections (ALLOW_CONNECTIONS false) with its sessions terminated."""
    admin_url = require_postgres()
    with throwaway_database(admin_url, "outage") as database_url:
        name = database_url.rsplit("/", 1)[1]
        env = app_env(database_url, DJANGO_STATIC_ROOT=str(static_root))
        manage("migrate", "--no-input", env=env)
        password = "outage-test-password-123"
        manage(
            "createsuperuser",
            "--no-input",
            "--username",
            "editor",
            "--email",
            "e@example.org",
            env={**env, "DJANGO_SUPERUSER_PASSWORD": password},
        )
        with gunicorn(env, tmp_path, workers=2) as server:
            pid = server.process.pid
            session = {"Cookie": admin_session(server.url, "editor", password)}
            status, _, body = http("GET", server.url + "/admin/", headers=session)
            assert status == 200 and "Site administration" in body

            postgres_sql(
                admin_url, f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false', terminate_sql(name)
            )
            for _ in range(4):  # both workers, each with its own (now dead) connection
                status, headers, body = http("GET", server.url + "/healthz")
                assert status == 503
                assert json.loads(body)["database"] == "unavailable"
                assert int(headers["Retry-After"]) > 0

                # The admin needs the database for the session: the styled 503 page.
                status, headers, body = http("GET", server.url + "/admin/", headers=session)
                assert status == 503, body
                assert headers["Content-Type"].startswith("text/html")
                assert "temporarily unavailable" in body
                assert "/static/registry/status." in body
                assert "Traceback" not in body and "psycopg" not in body
                assert int(headers["Retry-After"]) > 0
                assert "Content-Security-Policy" in headers

            postgres_sql(admin_url, f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
            for _ in range(4):
                assert http("GET", server.url + "/healthz")[0] == 200
                status, _, body = http("GET", server.url + "/admin/", headers=session)
                assert status == 200 and "Site administration" in body
            assert server.process.pid == pid and server.process.poll() is None
            assert "Traceback" not in server.error_log.read_text()


def database_files(path):
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


@pytest.mark.parametrize("damage", ["deleted", "corrupted"])
def test_a_lost_or_damaged_sqlite_file_is_503_on_healthz_and_every_page(
    tmp_path, static_root, damage
):
    """Deleted, SQLite would open a new empty file and ``SELECT 1`` succeed; corrupted, the
    driver raises a plain DatabaseError. Either way the registry cannot serve: 503."""
    database = tmp_path / "db.sqlite3"
    env = app_env(f"sqlite:///{database}", DJANGO_STATIC_ROOT=str(static_root))
    manage("migrate", "--no-input", env=env)
    with gunicorn(env, tmp_path, workers=1) as server:
        for path in database_files(database):
            path.unlink(missing_ok=True)
        if damage == "corrupted":
            database.write_bytes(b"not a database, just bytes " * 400)
        for path, content_type in [
            ("/healthz", "application/json"),
            ("/models/", "text/html"),
            ("/api/models/", "application/json"),
        ]:
            status, headers, body = http("GET", server.url + path)
            assert status == 503, (path, body)
            assert headers["Content-Type"].startswith(content_type)
            assert headers["Retry-After"] == "30"
            assert "Traceback" not in body
    assert "Traceback" not in server.error_log.read_text()
