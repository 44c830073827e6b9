"""What a reader does in a real browser: filter, follow links, compare, subscribe.

Chromium (Debian's) driven by Playwright against the live server; see the `browser` and
`page` fixtures in conftest.py. A failing test leaves a screenshot in test-artifacts/.
"""

import re
import xml.etree.ElementTree as ET

import pytest
from playwright.sync_api import expect

from tests.sample import build_sample_registry

ATOM = "{http://www.w3.org/2005/Atom}"

# The live server needs committed rows, hence transactions. serialized_rollback: flushing
# after each test must not recreate content types behind the back of later tests that
# restore the migrated data (tests/browser/test_csp.py), or their restore collides.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def registry(live_server):
    """Autouse, so the rows exist before the browser starts (see conftest's ``browser``)."""
    return build_sample_registry()


def row_names(page):
    return page.locator("table.data-table tbody th[scope=row] a").all_inner_texts()


def test_filter_the_model_list(page, live_server, registry):
    page.goto(f"{live_server.url}/models/")
    expect(page.locator(".result-count")).to_have_text("5 models.")
    page.get_by_role("combobox", name="Company country").select_option(label="China")
    page.get_by_role("combobox", name="Access level").select_option("open-restricted")
    page.get_by_role("button", name="Apply filters").click()

    # Empty fields stay out of the URL (site.js), so it can be shared as is.
    expect(page).to_have_url(f"{live_server.url}/models/?country=CN&access=open-restricted")
    assert row_names(page) == ["DeepSeek-R1-Distill-Llama-8B"]
    expect(page.locator(".result-count")).to_have_text("1 model matches the filters.")
    # The form keeps what was chosen.
    expect(page.get_by_role("combobox", name="Company country")).to_have_value("CN")

    page.get_by_role("link", name="Remove filter Access level").click()
    assert row_names(page) == ["DeepSeek-R1", "DeepSeek-R1-Distill-Llama-8B", "ERNIE 4.5"]

    # Column headers sort, first ascending then descending.
    page.get_by_role("link", name="Released", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/models/?country=CN&ordering=released_on")
    assert row_names(page) == ["DeepSeek-R1", "DeepSeek-R1-Distill-Llama-8B", "ERNIE 4.5"]
    page.get_by_role("link", name="Released").click()
    expect(page.get_by_role("columnheader", name="Released")).to_have_attribute(
        "aria-sort", "descending"
    )
    assert row_names(page)[0] == "ERNIE 4.5"


def test_a_bad_filter_shows_a_form_error(page, live_server, registry):
    response = page.goto(f"{live_server.url}/models/?released_after=not-a-date")
    assert response.status == 400
    expect(page.get_by_role("alert")).to_contain_text("The filters could not be applied")
    expect(page.locator("#id_released_after_error")).to_have_text("Enter a valid date.")
    expect(page.get_by_role("textbox", name="Released on or after")).to_have_attribute(
        "aria-invalid", "true"
    )


def test_follow_a_model_to_its_license(page, live_server, registry):
    page.goto(f"{live_server.url}/models/")
    page.get_by_role("link", name="DeepSeek-R1", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("DeepSeek-R1")
    expect(page.locator(".citations blockquote").first).to_contain_text(
        "distributed under the MIT license"
    )

    page.locator(".facts").get_by_role("link", name="MIT License").click()
    expect(page).to_have_url(f"{live_server.url}/licenses/mit/")
    expect(page.get_by_role("heading", level=1)).to_have_text("MIT License")
    expect(page.locator(".terms")).to_contain_text("Commercial use: allowed, for any purpose.")
    models = page.get_by_role("region", name="Models released under the MIT License")
    expect(models.get_by_role("link", name="DeepSeek-R1", exact=True)).to_be_visible()


def test_compare_two_models(page, live_server, registry):
    page.goto(f"{live_server.url}/models/")
    page.get_by_label("Compare DeepSeek-R1", exact=True).check()
    page.get_by_label("Compare Llama 3.1 8B").check()
    page.get_by_role("button", name="Compare selected models").click()

    expect(page).to_have_url(re.compile(r"/compare/\?models=deepseek-r1&models=llama-3-1-8b$"))
    table = page.locator("table.compare-table")
    expect(table.locator("caption")).to_have_text("2 models side by side")
    expect(table.locator("tr", has_text="User limit")).to_contain_text(
        "700,000,000 monthly active users"
    )
    expect(table.locator("tr", has_text="Commercial use")).to_contain_text("Allowed")

    page.get_by_role("link", name="Remove Llama 3.1 8B from the comparison").click()
    expect(table.locator("caption")).to_have_text("1 model side by side")
    expect(page.get_by_label("Models to compare (slugs, separated by commas)")).to_have_value(
        "deepseek-r1"
    )


def test_subscribe_to_a_filtered_feed(page, live_server, registry):
    page.goto(f"{live_server.url}/releases/")
    page.get_by_role("combobox", name="Company", exact=True).select_option(label="Baidu")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator(".timeline > li")).to_have_count(2)

    link = page.get_by_role("link", name="Atom feed", exact=True)
    href = link.get_attribute("href")
    assert href == "/releases/feed/?company=baidu"
    head_link = page.locator('head link[rel="alternate"][type="application/atom+xml"]')
    assert head_link.get_attribute("href") == href

    feed = page.request.get(f"{live_server.url}{href}")
    assert feed.ok
    assert feed.headers["content-type"].startswith("application/atom+xml")
    titles = [e.find(f"{ATOM}title").text for e in ET.fromstring(feed.body()).iter(f"{ATOM}entry")]
    assert titles == [
        "2025-06-30: Baidu open-sources the ERNIE 4.5 family",
        "2025-03-16: Baidu launches ERNIE 4.5 and ERNIE X1",
    ]


def test_keyboard_reaches_the_content_through_the_skip_link(page, live_server, registry):
    page.goto(f"{live_server.url}/models/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    # The focus outline is visible, not suppressed.
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/models/",
        "/models/deepseek-r1/",
        "/releases/",
        "/licenses/llama-3-community/",
        "/compare/?models=deepseek-r1,gpt-4o",
        "/openness/",
    ],
)
def test_narrow_screens_do_not_scroll_sideways(new_page, live_server, registry, path):
    page = new_page(viewport={"width": 360, "height": 740})
    page.goto(f"{live_server.url}{path}")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{path} is {width}px wide at a 360px viewport"
    if path == "/models/":
        # The filter panel folds so the results come first; one tap opens it.
        expect(page.get_by_role("combobox", name="Company country")).to_be_hidden()
        page.get_by_text("Show or hide the filters").click()
        expect(page.get_by_role("combobox", name="Company country")).to_be_visible()
