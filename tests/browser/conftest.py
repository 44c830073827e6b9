"""Real-browser tests: Debian's Chromium driven by Playwright against pytest-django's
live_server."""

import os
import re
from pathlib import Path

import pytest

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
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# Every Content Security Policy violation a page meets, readable as window.__cspViolations.
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`);
});
"""


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
