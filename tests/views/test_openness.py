"""The /openness/ page and the per-model include the model page shows."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from registry.models import AIModel, AIModelCitation, EventKind
from registry.views.openness import RANKING_PAGE_SIZE
from tests.factories import (
    AIModelFactory,
    LicenseFactory,
    ReleaseEventFactory,
    SourceFactory,
    assess,
)

pytestmark = pytest.mark.django_db
URL = reverse("registry:openness")
R1_ROWS = {
    "base-model-data": "closed",
    "end-user-model-data": "closed",
    "base-model-weights": "open",
    "end-user-model-weights": "open",
    "training-code": "closed",
    "licenses": "open",
}


def r1_like(**kwargs):
    model = AIModelFactory(**kwargs)
    assess(
        model,
        R1_ROWS,
        {"final-parameters": "MIT", "model-architecture": "MIT"},
        called_open_source=True,
        open_source_claim_source=SourceFactory(title="The model's README"),
        open_source_claim_quote="we have open-sourced it",
    )
    return model


def test_page_explains_each_framework_with_links(client):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "Open Source AI Index",
        "https://osai-index.eu/",
        "Model Openness Framework",
        "https://mot.isitopen.ai/",
        "Open Source AI Definition",
        "https://opensource.org/ai/open-source-ai-definition",
        "Class III, Open Model",
        "Model architecture, Model parameters (final)",
        "data information, code, parameters",
        "Open-washing",
    ]:
        assert text in html, text


def test_ranking_lists_assessed_models_most_open_first(client):
    open_model = AIModelFactory(name="Fully Open")
    assess(open_model, {d: "open" for d in [*R1_ROWS, "datasheet"]}, {"final-parameters": "MIT"})
    r1_like(name="Washed")
    AIModelFactory(name="Never Assessed")

    response = client.get(URL)

    names = [model.name for model in response.context["models"]]
    assert names == ["Fully Open", "Washed"]
    html = response.content.decode()
    assert "Open source AI</td>" in html
    assert "No: fails data-information, code" in html
    assert "Never Assessed" not in html
    assert "Only models with an openness assessment are ranked" in html


def test_ranking_is_paginated_and_numbered_across_pages(client):
    for number in range(RANKING_PAGE_SIZE + 2):
        r1_like(name=f"Model {number:03d}")

    first = client.get(URL)
    second = client.get(URL, {"page": 2})

    assert len(first.context["models"]) == RANKING_PAGE_SIZE
    assert [m.name for m in second.context["models"]] == ["Model 050", "Model 051"]
    html = second.content.decode()
    assert (
        f"<td>{RANKING_PAGE_SIZE + 1}</td>" in html and f"<td>{RANKING_PAGE_SIZE + 2}</td>" in html
    )
    assert 'rel="prev"' in html


def test_ranking_pages_keep_the_filters(client):
    for number in range(RANKING_PAGE_SIZE + 1):
        r1_like(name=f"Washed {number:03d}")
    assess(AIModelFactory(name="Closed one"), {"base-model-weights": "closed"})

    response = client.get(URL, {"open_washing": "true", "page": 2})

    assert [m.name for m in response.context["models"]] == ["Washed 050"]
    assert "open_washing=true" in response.content.decode().split('rel="prev"')[0]


def test_ranking_takes_the_shared_filters(client):
    r1_like(name="Washed")
    assess(AIModelFactory(name="Closed one"), {"base-model-weights": "closed"})

    response = client.get(URL, {"open_washing": "true"})
    assert [m.name for m in response.context["models"]] == ["Washed"]
    response = client.get(URL, {"dimension": "base-model-weights:closed"})
    assert [m.name for m in response.context["models"]] == ["Closed one"]


def test_bad_filter_is_a_400_with_the_reason_on_the_page(client):
    response = client.get(URL, {"dimension": "training-code:sometimes"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


@pytest.mark.parametrize("rows", [1, 30])
def test_ranking_query_count_does_not_grow(client, django_assert_num_queries, rows):
    for _ in range(rows):
        r1_like()
    # the capped count; models with company, license and assessment; their dimension rows
    with django_assert_num_queries(3):
        response = client.get(URL)
    assert len(response.context["models"]) == rows


# -- the include the model page shows -------------------------------------------------


@pytest.fixture
def ernie():
    proprietary = LicenseFactory(
        name="Proprietary", spdx_id="LicenseRef-Proprietary", category="proprietary"
    )
    apache = LicenseFactory(name="Apache License 2.0", spdx_id="Apache-2.0", category="permissive")
    model = r1_like(license=apache, access="open-unrestricted")
    for date, kind, license, access in [
        (datetime.date(2025, 3, 16), EventKind.RELEASE, proprietary, "api"),
        (datetime.date(2025, 6, 30), EventKind.OPEN_SOURCING, apache, "open-unrestricted"),
    ]:
        ReleaseEventFactory(
            company=model.company, model=model, date=date, kind=kind, license=license, access=access
        )
    for title, value in [("Press", "Apache-2.0"), ("Repository", "Apache License 2.0")]:
        AIModelCitation.objects.create(
            model=model, source=SourceFactory(title=title), claim="license", value=value, quote="."
        )
    return model


def render_include(model_pk):
    model = AIModel.objects.with_openness_report().get(pk=model_pk)
    return render_to_string("includes/_openness.html", {"model": model})


def test_include_shows_timeline_verdict_evidence_and_conflicts(ernie):
    html = render_include(ernie.pk)

    assert "proprietary from 2025-03-16, Apache-2.0 from 2025-06-30" in html
    assert "From 2025-03-16: API access." in html
    assert "<strong>License</strong>" in html
    assert "Not open source AI. Fails on data information, code" in html
    assert "Training code is closed." in html
    assert "Called open source, but fails OSAID" in html
    assert "we have open-sourced it" in html
    assert "The model&#x27;s README" in html
    assert "Sources disagree" in html
    assert "“Apache-2.0” according to" in html and "“Apache License 2.0” according to" in html
    assert "conditional" in html  # MIT weights: the tool's conditional Class III
    assert html.count('class="status status--') == 12
    assert "Model parameters (final)" in html


def test_include_renders_from_prefetched_rows_only(ernie, django_assert_num_queries):
    model = AIModel.objects.with_openness_report().get(pk=ernie.pk)
    with django_assert_num_queries(0):
        render_to_string("includes/_openness.html", {"model": model})


def test_include_for_an_unassessed_model_still_shows_its_license_history():
    model = AIModelFactory(released_on=datetime.date(2024, 4, 18))
    html = render_include(model.pk)
    assert "not been assessed yet" in html
    assert f"{model.license.name} from 2024-04-18" in html
