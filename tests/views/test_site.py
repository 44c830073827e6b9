"""Site-wide behaviour: titles, descriptions and canonical URLs, error pages, static files."""

import re

import pytest
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from tests.factories import AIModelFactory, ReleaseEventFactory

pytestmark = pytest.mark.django_db


def head(response):
    html = response.content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()
    description = re.search(r'<meta name="description" content="(.*?)">', html, re.S).group(1)
    canonical = re.search(r'<link rel="canonical" href="(.*?)">', html)
    return title, description.strip(), canonical and canonical.group(1)


@pytest.fixture
def model():
    model = AIModelFactory(name="DeepSeek-R1", slug="deepseek-r1", description="A reasoning model.")
    ReleaseEventFactory(company=model.company, model=model)
    return model


def test_every_page_has_its_own_title_description_and_canonical_url(client, model):
    pages = {
        "/": "Open Model Registry: AI models, licenses and how open they are",
        "/models/": "AI models · Open Model Registry",
        "/companies/": "Companies · Open Model Registry",
        "/licenses/": "Licenses · Open Model Registry",
        "/releases/": "Release events · Open Model Registry",
        "/compare/": "Compare AI models · Open Model Registry",
        model.get_absolute_url(): "DeepSeek-R1 by Company",
        model.company.get_absolute_url(): f"{model.company.name}: AI models and releases",
        model.license.get_absolute_url(): f"{model.license.name} ({model.license.spdx_id})",
    }
    descriptions = set()
    for path, title in pages.items():
        response = client.get(path)
        assert response.status_code == 200, path
        page_title, description, canonical = head(response)
        assert page_title.startswith(title), (path, page_title)
        assert 20 < len(description) <= 200, (path, description)
        descriptions.add(description)
        assert canonical == f"http://testserver{path}"
    assert len(descriptions) == len(pages)
    description = head(client.get(model.get_absolute_url()))[1]
    assert description.endswith(f"under the {model.license.name}. A reasoning model.")


def test_canonical_url_drops_filters_but_keeps_the_page(client):
    AIModelFactory.create_batch(30)
    _, _, canonical = head(client.get("/models/?country=CN&ordering=name&q=model"))
    assert canonical == "http://testserver/models/"
    title, _, canonical = head(client.get("/models/?ordering=name&page=2"))
    assert canonical == "http://testserver/models/?page=2"
    assert title.startswith("AI models (page 2)")


def test_compare_canonical_names_the_models(client, model):
    _, _, canonical = head(client.get(f"/compare/?models={model.slug},unknown"))
    assert canonical == "http://testserver/compare/?models=deepseek-r1"


def test_pages_have_landmarks_skip_link_and_current_section(client, model):
    html = client.get("/models/").content.decode()
    assert '<a class="skip-link" href="#main">' in html
    for landmark in (
        '<header class="site-header">',
        '<nav class="site-nav" aria-label="Main">',
        '<main id="main"',
        '<footer class="site-footer">',
    ):
        assert landmark in html
    assert '<a href="/models/" aria-current="page">Models</a>' in html
    assert '<label for="site-search" class="visually-hidden">Search models</label>' in html


def test_server_error_page_is_static_and_leaks_nothing(django_assert_num_queries, settings):
    # Even with the manifest storage and no manifest (collectstatic never run), the page
    # renders: it links its stylesheet by the static prefix, without a manifest lookup.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    request = RequestFactory().get("/anything/")
    with django_assert_num_queries(0):
        response = server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert "<title>Server error · Open Model Registry</title>" in html
    assert "Something went wrong on our side" in html
    assert '<link rel="stylesheet" href="/static/registry/status.css">' in html
    assert "<style" not in html and "style=" not in html  # the CSP allows no inline style


@pytest.mark.urls("tests.error_urls")
def test_an_exception_in_a_view_shows_the_500_page_only():
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in html
    for leak in ("hunter2", "RuntimeError", "Traceback", "SECRET_KEY", "error_urls"):
        assert leak not in html


def test_whitenoise_serves_hashed_static_files_with_debug_off(client, settings, tmp_path):
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    html = Client().get(reverse("registry:home")).content.decode()
    css = re.search(r'href="(/static/registry/site\.[0-9a-f]{12}\.css)"', html).group(1)
    response = Client().get(css)
    assert response.status_code == 200
    assert b"prefers-color-scheme: dark" in b"".join(response.streaming_content)
    assert "immutable" in response["Cache-Control"]
    for asset in ("registry/logo.svg", "registry/site.js"):
        assert Client().get(f"/static/{asset}").status_code == 200
