"""An axe-core scan (axe-playwright-python, bundled axe.min.js) of every page type, in the
light and the dark colour scheme: zero violations of any rule axe runs by default (WCAG 2.x
A/AA and best practices), and nothing the Content Security Policy blocks."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.sample import build_sample_registry

PAGES = {
    "home": "/",
    "model list": "/models/",
    "filtered model list": "/models/?country=CN&ordering=-released_on",
    "invalid filter": "/models/?released_after=not-a-date&access=nope",
    "company list": "/companies/",
    "license list": "/licenses/",
    "release list": "/releases/",
    "model detail": "/models/deepseek-r1/",
    "model detail with lineage": "/models/deepseek-r1-distill-llama-8b/",
    "company detail": "/companies/deepseek/",
    "license detail": "/licenses/llama-3-community/",
    "compare": "/compare/?models=deepseek-r1,llama-3-1-8b,gpt-4o,unknown-model",
    "empty compare": "/compare/",
    "not found": "/models/no-such-model/",
    # Not this page set's templates, but styled by its stylesheet.
    "openness ranking": "/openness/",
}


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.fixture
def registry(live_server):
    return build_sample_registry()


# Committed rows for the live server; see test_browser.py for serialized_rollback. The rows
# are made (usefixtures) before the browser starts: see conftest's ``browser``.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("registry")
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_page_has_no_accessibility_violations(new_page, live_server, axe, path, scheme):
    page = new_page(color_scheme=scheme)
    page.goto(f"{live_server.url}{path}")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__cspViolations") == []
    # Open collapsed sources so their content is scanned too.
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()


def test_the_scan_does_report_violations(page, axe):
    """Guards the harness: a page with an unlabelled field and no language must fail."""
    page.set_content("<html><body><main><input type='text'></main></body></html>")
    rules = {violation["id"] for violation in axe.run(page).response["violations"]}
    assert {"label", "html-has-lang"} <= rules
