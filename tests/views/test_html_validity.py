"""Every page type, as the test client renders it from the seeded registry, passes the W3C Nu
HTML Checker (vnu.jar, offline) with no error: home, each list (plain, filtered, with a form
error), every detail page of the seed data, compare, openness, the error pages and the API
docs page. All pages go to one vnu run, which costs a few seconds of JVM start.

vnu.jar comes from the ``vnu-jar`` npm package (``make vnu``, run by ``make test`` when npm
is present, and by CI); ``VNU_JAR`` points elsewhere. It needs Java 11 or later.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client, RequestFactory

from registry.middleware import database_unavailable
from registry.models import AIModel, Company, License

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = Path(
    os.environ.get("VNU_JAR", ROOT / ".venv/vnu/node_modules/vnu-jar/build/dist/vnu.jar")
)

PAGES = {
    "home": "/",
    "model list": "/models/",
    "filtered model list": "/models/?country=CN&ordering=-released_on&q=deep",
    "model list with form errors": "/models/?released_after=not-a-date&access=nope",
    "company list": "/companies/",
    "filtered company list": "/companies/?country=US",
    "license list": "/licenses/",
    "release list": "/releases/",
    "filtered release list": "/releases/?company=deepseek&kind=release",
    "compare": "/compare/?models=deepseek-r1,ernie-4-5,chatgpt,unknown-model",
    "empty compare": "/compare/",
    "openness": "/openness/",
    "not found": "/models/no-such-model/",
    "api docs": "/api/docs/",
}


def vnu_command() -> list[str]:
    java = shutil.which("java")
    if java is None or not VNU_JAR.is_file():
        pytest.skip(f"needs java and {VNU_JAR} (make vnu)")
    return [java, "-Xss4m", "-jar", str(VNU_JAR)]


def validate(files: list[Path]) -> list[dict]:
    """vnu's errors (not warnings) for ``files``, each with its file name."""
    run = subprocess.run(
        [*vnu_command(), "--format", "json", "--exit-zero-always", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(run.stderr)["messages"]
    return [m for m in messages if m["type"] in ("error", "non-document-error")]


def report(errors: list[dict]) -> str:
    return "\n".join(
        f"{Path(e.get('url', '')).name}:{e.get('lastLine')}: {e['message']} "
        f"[{e.get('extract', '').strip()[:120]}]"
        for e in errors
    )


def render_every_page(seeded, settings) -> dict[str, str]:
    """The HTML of every page type, keyed by a file name."""
    client = Client()
    paths = dict(PAGES)
    for model in AIModel, Company, License:
        for row in model.objects.all():
            paths[f"{model._meta.model_name} {row.slug}"] = row.get_absolute_url()
    pages = {}
    for name, path in paths.items():
        response = client.get(path)
        expected = {"not found": 404, "model list with form errors": 400}.get(name, 200)
        assert response.status_code == expected, path
        assert response["Content-Type"].startswith("text/html"), path
        pages[name] = response.content.decode()
    unavailable = database_unavailable(RequestFactory().get("/models/"))
    pages["database unavailable"] = unavailable.content.decode()

    settings.ROOT_URLCONF = "tests.error_urls"
    failing = Client(raise_request_exception=False)
    response = failing.get("/boom/")
    assert response.status_code == 500
    pages["server error"] = response.content.decode()
    return pages


# Guards the harness, checked in the same run (one JVM start): a page with a stray end tag
# and a duplicate id must fail.
BROKEN_PAGE = (
    '<!doctype html><html lang="en"><head><title>x</title></head>'
    '<body><p id="a">one</p><p id="a">two</p></div></body></html>'
)


def test_every_page_is_valid_html(seeded, settings, tmp_path):
    pages = render_every_page(seeded, settings)
    assert len(pages) > 40
    files = []
    for name, html in {**pages, "broken guard": BROKEN_PAGE}.items():
        path = tmp_path / f"{name.replace(' ', '-')}.html"
        path.write_text(html)
        files.append(path)
    errors = validate(files)
    guard = [e["message"] for e in errors if e.get("url", "").endswith("broken-guard.html")]
    assert any("Duplicate ID" in m for m in guard) and any("Stray end tag" in m for m in guard)
    errors = [e for e in errors if not e.get("url", "").endswith("broken-guard.html")]
    assert errors == [], f"{len(errors)} errors:\n{report(errors)}"
