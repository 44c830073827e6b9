"""AIModel.openness_score, the copy of the assessment's score that lists sort by, stays equal
to it through every way an assessment is written."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from registry.models import AIModel, DimensionStatus, OpennessAssessment
from tests.factories import AIModelFactory, assess

pytestmark = pytest.mark.django_db


def copied(model) -> int | None:
    return AIModel.objects.values_list("openness_score", flat=True).get(pk=model.pk)


def test_saving_an_assessment_copies_its_score():
    model = AIModelFactory()
    assert copied(model) is None
    assessment = assess(model, {"base-model-weights": "open", "training-code": "open"})
    assert assessment.openness_score is not None
    assert copied(model) == assessment.openness_score


def test_a_changed_or_deleted_row_refreshes_the_copy():
    model = AIModelFactory()
    assess(model, {"base-model-weights": "open", "training-code": "open"})
    before = copied(model)
    row = DimensionStatus.objects.get(model=model, dimension="training-code")
    row.delete()  # refreshes the assessment
    after = copied(model)
    assert after == OpennessAssessment.objects.get(model=model).openness_score
    assert after < before


def test_deleting_the_assessment_clears_the_copy():
    model = AIModelFactory()
    assess(model, {"base-model-weights": "open"})
    OpennessAssessment.objects.get(model=model).delete()
    assert copied(model) is None


def test_the_fixtures_load_with_every_copy_equal_to_its_assessment():
    call_command("seed", article_only=True, verbosity=0)
    pairs = AIModel.objects.values_list("openness_score", "openness__openness_score")
    assert pairs and all(copy == score for copy, score in pairs)
    assert any(score is not None for _, score in pairs)


def test_the_models_page_sorts_by_the_copy_most_open_first(client):
    low, high, none = AIModelFactory(name="Low"), AIModelFactory(name="High"), AIModelFactory()
    assess(low, {"base-model-weights": "open"})
    assess(high, {d: "open" for d in ["base-model-weights", "training-code", "licenses"]})

    response = client.get(reverse("registry:aimodel-list"), {"ordering": "-openness"})

    names = [row["name"] for row in response.context["model_rows"]]
    assert names == ["High", "Low", none.name]


def test_saving_a_model_read_before_its_assessment_changed_keeps_the_new_score():
    model = AIModelFactory()
    assess(model, {"base-model-weights": "open"})
    editor_copy = AIModel.objects.get(pk=model.pk)  # an admin form or API write reads it
    row = DimensionStatus.objects.get(model=model, dimension="base-model-weights")
    row.status = "closed"
    row.save()  # refreshes the assessment and the copy meanwhile
    refreshed = OpennessAssessment.objects.get(model=model).openness_score
    assert refreshed != editor_copy.openness_score

    editor_copy.name = "Renamed"
    editor_copy.save()

    assert copied(model) == refreshed
    assert AIModel.objects.get(pk=model.pk).name == "Renamed"


def test_a_partly_loaded_model_saves_its_loaded_columns():
    model = AIModelFactory()
    partial = AIModel.objects.only("pk", "name").get(pk=model.pk)
    partial.name = "Partly loaded"
    partial.save()  # only the loaded columns, as Django does for deferred instances
    assert AIModel.objects.get(pk=model.pk).name == "Partly loaded"
