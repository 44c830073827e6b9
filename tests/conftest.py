import os

import pytest
from django.contrib.auth.models import Group


def pytest_configure():
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests run with DEBUG off (as in production) but need a key and no collectstatic manifest.
    settings.SECRET_KEY = "tests-only-secret-key-not-for-production-use-0123456789"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # The test client speaks plain HTTP; HTTPS redirects are tested with secure=True requests.
    settings.SECURE_SSL_REDIRECT = False
    # No collectstatic in tests: WhiteNoise looks files up on request instead of at startup.
    settings.WHITENOISE_AUTOREFRESH = True
    # One process, so an in-memory cache serves (production shares a database or Redis one;
    # tests/api/test_throttling.py runs that in gunicorn).
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # API throttling off (tests/api/test_errors.py turns it on): at a merely high rate the
    # throttle's request history grows with every request of the run and slows it down.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None},
    }


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (the front page's summary is kept there)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def editor(db, django_user_model):
    """A staff user in the Editors group created by the data migration."""
    user = django_user_model.objects.create_user("editor", password="editor-pass", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def seeded(db):
    """The article's fixtures, as `make run` seeds them before the imported datasets."""
    from django.core.management import call_command

    call_command("seed", article_only=True, verbosity=0)


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    """Static files collected as `make serve` collects them, for production processes."""
    from tests.servers import ROOT, app_env, manage

    root = tmp_path_factory.mktemp("static")
    manage(
        "collectstatic",
        "--no-input",
        env=app_env("sqlite://:memory:", DJANGO_STATIC_ROOT=str(root)),
    )
    assert (root / "staticfiles.json").exists()
    assert ROOT.joinpath("static").is_dir()
    return root


@pytest.fixture
def api_client():
    """An anonymous API client that sends JSON."""
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def editor_api_client(editor):
    """An API client authenticated by the editor's token, as a program would be."""
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=editor).key}")
    return client


@pytest.fixture
def wsgi_requests_share_the_test_transaction():
    """Requests sent through the real WSGI app (schemathesis) keep the test's connection.

    The WSGI handler closes a connection that is inside a transaction at the end of every
    request, which would drop the test transaction on PostgreSQL; Django's test client
    unhooks the same signal handler.
    """
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def pytest_collection_modifyitems(config, items):
    """Tests about PostgreSQL itself (query plans) belong to the PostgreSQL pass, tests about
    SQLite itself (its planner statistics) to the SQLite pass.

    They are deselected, not skipped, on the other database: CI runs the suite on both
    databases, so each of them runs once there, and a skip stays a sign of a missing part.
    """
    from django.db import connection

    other, name = (
        ("sqlite_only", "SQLite")
        if connection.vendor == "postgresql"
        else ("postgresql_only", "PostgreSQL")
    )
    kept = [item for item in items if item.get_closest_marker(other) is None]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in kept])
        skipped = len(items) - len(kept)
        print(f"\n{skipped} {name}-only tests deselected (DATABASE_URL is {connection.vendor})")
        items[:] = kept


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can see if the test failed.

    With ``OMR_FORBID_SKIPS=1`` (set by CI, where Chromium and PostgreSQL are present) a
    skipped test fails instead, so a missing part can never pass CI silently.
    """
    report = yield
    if report.skipped and os.environ.get("OMR_FORBID_SKIPS") and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped, but CI forbids skips: {report.longrepr}"
    setattr(item, f"report_{report.when}", report)
    return report
