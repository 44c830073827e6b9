"""Smoke tests over the article's fixtures: every page of the seeded registry renders."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from registry.models import AIModel, Company, License
from tests.views.test_lists import COMPANIES_QUERY

LISTS = ["aimodel-list", "company-list", "license-list", "releaseevent-list", "home"]


def test_every_seeded_page_renders(client, seeded):
    urls = [reverse(f"registry:{name}") for name in LISTS]
    urls += [
        row.get_absolute_url()
        for model in (AIModel, Company, License)
        for row in model.objects.all()
    ]
    urls.append(reverse("registry:compare") + "?models=deepseek-r1,ernie-4-5,llama-3,chatgpt")
    urls.append(reverse("registry:releaseevent-feed"))
    assert len(urls) > 40
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_the_article_story_on_the_seeded_pages(client, seeded):
    r1 = client.get("/models/deepseek-r1/")
    assertContains(r1, "In contrast, DeepSeek R1 is distributed under the MIT license")
    assertContains(r1, "671B total")
    home = client.get("/")
    timeline = home.context["timeline"]
    china = sum(row["counts"]["CN"] for row in timeline)
    usa = sum(row["counts"]["US"] for row in timeline)
    assert china > usa > 0
    chinese = client.get("/models/?country=CN&osi_approved=true")
    assert "deepseek-r1" in {model.slug for model in chinese.context["object_list"]}


@pytest.mark.parametrize("path", ["/models/", "/releases/", "/companies/", "/licenses/"])
def test_seeded_lists_keep_their_query_counts(client, seeded, django_assert_num_queries, path):
    expected = {
        "/models/": 4 + COMPANIES_QUERY,
        "/releases/": 4 + COMPANIES_QUERY,
        "/companies/": 2,
        "/licenses/": 2,
    }[path]
    with django_assert_num_queries(expected):
        client.get(path)
