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
