"""The API docs (Swagger UI) and the browsable API work in a real browser under the Content
Security Policy, with nothing fetched from another origin."""

import pytest

from tests.factories import AIModelFactory


def watch(page, origin):
    """Collect script errors, failed, refused or foreign requests (the favicon probe aside)."""
    problems = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("requestfailed", lambda r: problems.append(f"failed {r.url}"))
    page.on(
        "response",
        lambda r: r.status >= 400 and "favicon" not in r.url and problems.append(r.url),
    )
    page.on("request", lambda r: r.url.startswith(origin) or problems.append(f"foreign {r.url}"))
    return problems


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_swagger_ui_renders_the_schema_under_the_policy(live_server, page):
    problems = watch(page, live_server.url)
    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector("text=/api/models/{slug}/", timeout=15_000)
    assert page.evaluate("window.__cspViolations") == []
    assert problems == []


@pytest.fixture
def model(db):
    """Made before the browser starts: Playwright's event loop forbids the ORM in its thread."""
    return AIModelFactory(slug="m")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_browsable_api_renders_under_the_policy(live_server, model, page):
    problems = watch(page, live_server.url)
    for path in ["/api/models/m/", "/api/models/?ordering=-name"]:  # the list has Filters
        page.goto(f"{live_server.url}{path}")
        page.wait_for_selector("text=html_url")
        assert page.evaluate("window.__cspViolations") == [], path
    page.click("text=Filters")
    page.wait_for_selector("#filtersModal", state="visible")
    assert page.evaluate("window.__cspViolations") == []
    assert problems == []
