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
