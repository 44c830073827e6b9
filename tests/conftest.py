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
    # API throttling off (tests/test_api_errors.py turns it on): at a merely high rate the
    # throttle's request history grows with every request of the run and slows it down.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None},
    }


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
    """The registry as `make run` seeds it: the article fixtures."""
    from django.core.management import call_command

    call_command("seed", verbosity=0)


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
