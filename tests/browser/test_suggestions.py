"""Suggesting a correction in a real browser, and axe scans of the form and the review queue
(see tests/browser/test_pages.py and tests/browser/test_accessibility.py for the harness)."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from tests.sample import build_sample_registry

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def registry(live_server):
    """Autouse, so the rows exist before the browser starts (see conftest's ``browser``)."""
    rows = build_sample_registry()
    editor = User.objects.create_user("queue-editor", password="queue-pass", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    return rows


@pytest.fixture(scope="module")
def axe():
    return Axe()


def fill(page, value, url="https://www.deepseek.com/news"):
    page.get_by_label("What to correct").select_option("headquarters")
    page.get_by_label("New value").fill(value)
    page.get_by_label("Source URL").fill(url)
    page.get_by_label("Sentence from the source").fill(f"DeepSeek is based in {value}.")


def test_suggest_a_correction_from_a_company_page(page, live_server):
    page.goto(f"{live_server.url}/companies/deepseek/")
    page.get_by_role("link", name="Suggest a correction", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Suggest a correction")
    fill(page, "Shanghai", url="javascript:alert(1)")
    page.get_by_role("button", name="Send the suggestion").click()
    source = page.get_by_label("Source URL")
    expect(source).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("alert")).to_contain_text("could not be sent")
    source.fill("https://www.deepseek.com/news")
    page.get_by_role("button", name="Send the suggestion").click()
    expect(page.get_by_role("status")).to_contain_text("waiting for an editor")
    page.get_by_role("link", name="Back to DeepSeek").click()
    expect(page.locator("main")).not_to_contain_text("Shanghai")


def test_the_honeypot_is_out_of_sight_and_of_the_keyboard(page, live_server):
    page.goto(f"{live_server.url}/suggest/companies/deepseek/")
    honeypot = page.locator("#id_homepage")
    assert honeypot.get_attribute("tabindex") == "-1"
    box = honeypot.bounding_box()
    assert box is None or box["x"] + box["width"] <= 0


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_form_has_no_accessibility_violations(new_page, live_server, axe, scheme):
    page = new_page(color_scheme=scheme)
    page.goto(f"{live_server.url}/suggest/models/deepseek-r1/")
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()
    page.get_by_role("button", name="Send the suggestion").click()  # every field missing
    expect(page.get_by_role("alert")).to_be_visible()
    assert page.evaluate("window.__cspViolations") == []
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()


def test_an_editor_accepts_in_the_queue_with_no_accessibility_violation(page, live_server, axe):
    page.goto(f"{live_server.url}/suggest/companies/deepseek/")
    fill(page, "Shanghai")
    page.get_by_role("button", name="Send the suggestion").click()
    expect(page.get_by_role("status")).to_be_visible()
    page.goto(f"{live_server.url}/suggestions/review/")
    page.get_by_label("Username").fill("queue-editor")
    page.get_by_label("Password").fill("queue-pass")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Suggestions to review")
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()
    page.get_by_role("button", name="Accept the suggestion about DeepSeek").click()
    expect(page.get_by_role("status").first).to_contain_text("Accepted")
    page.goto(f"{live_server.url}/companies/deepseek/")
    expect(page.locator("main")).to_contain_text("Shanghai")
