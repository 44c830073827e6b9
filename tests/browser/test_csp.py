"""The admin and the public pages work under the Content Security Policy in a real browser:
no script or style is blocked and no script fails."""

import pytest
from django.contrib.auth.models import Group

from tests.factories import AIModelFactory


@pytest.fixture
def model(django_user_model):
    """Made before the browser starts: Playwright's event loop forbids the ORM in its thread."""
    user = django_user_model.objects.create_user("editor", password="editor-pass", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    model = AIModelFactory()
    model.description = "second version"
    model.save()
    return model


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_admin_pages_run_under_the_policy(live_server, model, page):
    problems = []
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    # The browser's own favicon probe is the one 404 we expect (no favicon yet).
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
    page.on(
        "response", lambda r: r.status >= 400 and "favicon" not in r.url and problems.append(r.url)
    )
    page.on("pageerror", lambda error: problems.append(str(error)))

    response = page.goto(f"{live_server.url}/admin/login/")
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    page.fill("#id_username", "editor")
    page.fill("#id_password", "editor-pass")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")

    urls = [
        "/admin/",
        "/admin/registry/aimodel/",
        f"/admin/registry/aimodel/{model.pk}/change/",
        "/admin/registry/aimodel/add/",
        f"/admin/registry/aimodel/{model.pk}/history/",
        f"/admin/registry/company/{model.company.pk}/change/",
        "/admin/registry/releaseevent/add/",
        "/openness/",
    ]
    for url in urls:
        assert page.goto(live_server.url + url).status == 200, url
        page.wait_for_load_state("networkidle")
        violations = page.evaluate("window.__cspViolations")
        assert violations == [], (url, violations)

    # The scripts really run: the slug is filled in from the name, as prepopulate.js does.
    page.goto(f"{live_server.url}/admin/registry/source/add/")
    page.locator("#id_title").press_sequentially("A new source")
    assert page.input_value("#id_slug") == "a-new-source"
    # And the autocomplete widget (select2) opens and searches.
    page.goto(f"{live_server.url}/admin/registry/aimodel/add/")
    page.click("#id_company + .select2 .select2-selection")
    page.wait_for_selector(".select2-results__option")
    assert page.evaluate("window.__cspViolations") == []
    assert [p for p in problems if "404 (Not Found)" not in p] == []
