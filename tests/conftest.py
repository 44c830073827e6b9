import os
import re
from pathlib import Path

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
    # tests/test_api_throttling.py runs that in gunicorn).
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # API throttling off (tests/test_api_errors.py turns it on): at a merely high rate the
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


# --- Real-browser tests (tests/test_browser.py, tests/test_accessibility.py) -----------------
# Debian's Chromium driven by Playwright against pytest-django's live_server. `playwright
# install` cannot download browsers here, so the system binary is used; CI installs it.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
# Every Content Security Policy violation a page meets, readable as window.__cspViolations.
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`);
});
"""


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


@pytest.fixture
def browser():
    """Chromium for one test.

    Started after the test's database (and live server) are set up and stopped before they
    are torn down, because fixtures tear down in reverse order: while Playwright's sync API
    runs, its event loop makes asgiref's thread-critical Local, and so Django's
    ``connections``, hand this thread other connection objects, and the test database's
    setup and teardown must not happen on those. Create test data in fixtures that come
    before this one (``usefixtures``, or earlier arguments).
    """
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent (apt-get install chromium); browser tests not run")
    from playwright.sync_api import sync_playwright

    # Django refuses ORM calls next to a running event loop unless told the code really is
    # synchronous, as it is here.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_page(browser, request):
    """Opens browser tabs: ``new_page(color_scheme="dark", viewport=...)`` takes Playwright's
    context options. If the test fails, each tab's full page is saved to test-artifacts/."""
    contexts = []

    def open_page(**options):
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(**options)
        context.add_init_script(RECORD_CSP_VIOLATIONS)
        contexts.append(context)
        tab = context.new_page()
        tab.set_default_timeout(10_000)
        return tab

    yield open_page
    report = getattr(request.node, "report_call", None)
    failed = report is not None and report.failed
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)
    for number, context in enumerate(contexts):
        if failed:
            ARTIFACTS.mkdir(exist_ok=True)
            for tab in context.pages:
                suffix = f"-{number}" if len(contexts) > 1 else ""
                tab.screenshot(path=str(ARTIFACTS / f"{name}{suffix}.png"), full_page=True)
        context.close()


@pytest.fixture
def page(new_page):
    """A fresh 1280x900 browser tab (see ``new_page``)."""
    return new_page()
