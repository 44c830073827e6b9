"""Editors assess a model inline on its admin page; evidence is required for open/partial."""

import datetime

import pytest
from django.urls import reverse

from registry.models import OpennessAssessment
from tests.factories import (
    AIModelFactory,
    DimensionStatusFactory,
    OpennessAssessmentFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def form_data(response):
    """Everything the change page would post back unchanged."""
    data = {}

    def add(form):
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            key = form.add_prefix(name)
            if value is True:
                data[key] = "on"
            elif isinstance(value, list | tuple):
                data[key] = [str(v) for v in value]
            else:
                data[key] = str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for key, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{key}"] = value
        for form in formset.forms:
            add(form)
    return data


def formset(response, prefix):
    return next(
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == prefix
    )


def row_index(form_set, dimension):
    return next(
        i for i, form in enumerate(form_set.forms) if form["dimension"].value() == dimension
    )


@pytest.fixture
def model_page(editor_client):
    model = AIModelFactory()
    DimensionStatusFactory(model=model, dimension="paper", status="closed", note="No paper.")
    url = reverse("admin:registry_aimodel_change", args=[model.pk])
    return model, url, editor_client.get(url)


def test_change_page_offers_one_row_per_missing_dimension(model_page):
    model, url, response = model_page
    assert response.status_code == 200
    dimensions = formset(response, "openness_dimensions")
    offered = [form["dimension"].value() for form in dimensions.forms]
    assert len(offered) == 12 and len(set(offered)) == 12
    assert "paper" in offered  # the existing row, plus eleven blank ones
    assert formset(response, "mof_components") is not None
    assert formset(response, "openness") is not None


def test_untouched_blank_rows_are_not_saved(editor_client, model_page):
    model, url, response = model_page
    response = editor_client.post(url, form_data(response))
    assert response.status_code == 302
    assert model.openness_dimensions.count() == 1


def test_open_without_evidence_is_refused_with_a_form_error(editor_client, model_page):
    model, url, response = model_page
    data = form_data(response)
    i = row_index(formset(response, "openness_dimensions"), "training-code")
    data[f"openness_dimensions-{i}-status"] = "open"
    data[f"openness_dimensions-{i}-note"] = "Training scripts released."

    response = editor_client.post(url, data)

    assert response.status_code == 200  # the form again, with the error
    errors = formset(response, "openness_dimensions").forms[i].errors
    assert "evidence_url" in errors
    assert not model.openness_dimensions.filter(dimension="training-code").exists()


def test_inline_assessment_is_saved_with_computed_results(editor_client, model_page):
    model, url, response = model_page
    source = SourceFactory()
    data = form_data(response)
    dimensions = formset(response, "openness_dimensions")
    for dimension in ["base-model-weights", "end-user-model-weights"]:
        i = row_index(dimensions, dimension)
        data[f"openness_dimensions-{i}-status"] = "open"
        data[f"openness_dimensions-{i}-evidence_url"] = "https://example.org/weights"
        data[f"openness_dimensions-{i}-note"] = "Weights on the hub."
    data.update(
        {
            "mof_components-TOTAL_FORMS": "1",
            "mof_components-0-component": "final-parameters",
            "mof_components-0-released": "on",
            "mof_components-0-license": "MIT",
            "mof_components-0-evidence_url": "https://example.org/LICENSE",
            "openness-TOTAL_FORMS": "1",
            "openness-0-assessed_on": "2025-06-01",
            "openness-0-called_open_source": "on",
            "openness-0-open_source_claim_source": str(source.pk),
            "openness-0-open_source_claim_quote": "our open-source model",
        }
    )

    response = editor_client.post(url, data)

    assert response.status_code == 302, response.context and [
        f.errors for inline in response.context["inline_admin_formsets"] for f in inline.formset
    ]
    assessment = OpennessAssessment.objects.get(model=model)
    assert assessment.assessed_on == datetime.date(2025, 6, 1)
    assert assessment.osaid_open is False
    assert assessment.osaid_failing == ["data-information", "code"]
    assert assessment.open_washing is True
    assert assessment.label == "Open weights, open license; training not open"
    assert model.openness_dimensions.count() == 3


def test_open_source_claim_without_source_is_refused(editor_client, model_page):
    model, url, response = model_page
    data = form_data(response)
    data.update(
        {
            "openness-TOTAL_FORMS": "1",
            "openness-0-assessed_on": "2025-06-01",
            "openness-0-called_open_source": "on",
        }
    )
    response = editor_client.post(url, data)
    assert response.status_code == 200
    errors = formset(response, "openness").forms[0].errors
    assert {"open_source_claim_source", "open_source_claim_quote"} <= set(errors)
    assert not OpennessAssessment.objects.exists()


def test_assessment_ranking_lists_computed_columns(editor_client, model_page):
    model, _, _ = model_page
    assessment = OpennessAssessmentFactory(model=model)
    response = editor_client.get(reverse("admin:registry_opennessassessment_changelist"))
    assert response.status_code == 200
    page = response.content.decode()
    for header in ("column-mof_class", "column-osaid_open", "column-openness_score"):
        assert header in page
    assessment.refresh_from_db()
    assert assessment.openness_score is not None
    assert f'<td class="field-openness_score">{assessment.openness_score}</td>' in page
