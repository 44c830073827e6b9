"""The seeded openness assessments: complete, evidenced, computed, and loadable twice."""

import datetime
import json

import pytest
from django.conf import settings
from django.core.management import call_command

from registry.models import AIModel, DimensionStatus, MOFComponent, OpennessAssessment
from registry.models.openness import COMPUTED_FIELDS
from registry.openness import Dimension, MofClass

pytestmark = pytest.mark.django_db
FIXTURE = settings.BASE_DIR / "fixtures" / "openness.json"


def test_every_model_has_a_full_assessment(seeded):
    models = AIModel.objects.with_openness()
    assert models.count() >= 19
    for model in models:
        assert model.openness.assessed_on
        dimensions = {row.dimension: row for row in model.openness_dimensions.all()}
        assert set(dimensions) == set(Dimension.values), model.slug
        for row in dimensions.values():
            assert row.note.strip(), (model.slug, row.dimension)
            if row.status in ("open", "partial"):
                assert row.evidence_url.startswith("https://"), (model.slug, row.dimension)
            if row.status == "unknown":
                assert "nknown" in row.note, (model.slug, row.dimension)


def test_weights_license_matches_the_models_license(seeded):
    for component in MOFComponent.objects.filter(component="final-parameters", released=True):
        assert component.license == component.model.license.spdx_id, component.model.slug


def test_claims_quoting_the_article_quote_it_word_for_word(seeded):
    article = (settings.BASE_DIR / "fixtures" / "article.txt").read_text(encoding="utf-8")
    quoted = OpennessAssessment.objects.filter(
        open_source_claim_source__slug="inti-article-china-open-source-ai"
    )
    assert quoted.count() >= 7
    for assessment in quoted:
        assert assessment.open_source_claim_quote in article, assessment.model.slug


def test_deepseek_r1_is_open_weights_not_open_source_ai(seeded):
    r1 = OpennessAssessment.objects.get(model__slug="deepseek-r1")
    assert r1.osaid_open is False
    assert r1.osaid_failing == ["data-information", "code"]
    assert r1.open_washing is True
    assert r1.mof_class == MofClass.UNCLASSIFIED
    assert r1.evaluate().mof.conditional_class_iii  # MIT weights: MOT's conditional Class III
    assert r1.label == "Open weights, open license; training not open"


def test_gemma_custom_terms_fail_osaid_parameters(seeded):
    gemma = OpennessAssessment.objects.get(model__slug="gemma")
    reasons = gemma.evaluate().osaid.reasons
    assert "parameters" in gemma.osaid_failing
    assert "LicenseRef-Gemma-Terms-of-Use) is not OSI-approved" in reasons["parameters"]
    assert gemma.open_washing is False  # Google says "open models", not open source


def test_closed_models_are_labelled_closed(seeded):
    for slug in ["chatgpt", "ernie-x1", "manus"]:
        assessment = OpennessAssessment.objects.get(model__slug=slug)
        assert assessment.label == "Closed: weights not released"
        assert assessment.open_washing is False


def test_ernie_license_history_from_the_seeded_events(seeded):
    ernie = AIModel.objects.get(slug="ernie-4-5")
    periods = [(p.license.slug, p.start, p.end) for p in ernie.license_history()]
    assert periods == [
        ("proprietary", datetime.date(2025, 3, 16), datetime.date(2025, 6, 30)),
        ("apache-2-0", datetime.date(2025, 6, 30), None),
    ]
    assert ernie.license_on(datetime.date(2025, 5, 1)).license.slug == "proprietary"
    assert ernie.license_on(datetime.date(2025, 7, 1)).license.slug == "apache-2-0"


def test_loading_twice_keeps_one_row_each_and_the_results(seeded):
    counts = [M.objects.count() for M in (DimensionStatus, MOFComponent, OpennessAssessment)]
    before = {
        a.model_id: [getattr(a, f) for f in COMPUTED_FIELDS]
        for a in OpennessAssessment.objects.all()
    }
    # Wipe the stored results: loading the fixture on its own must compute them again.
    OpennessAssessment.objects.update(mof_class="class-i", osaid_open=True, label="")

    call_command("loaddata", "openness", verbosity=0)

    assert counts == [
        M.objects.count() for M in (DimensionStatus, MOFComponent, OpennessAssessment)
    ]
    after = {
        a.model_id: [getattr(a, f) for f in COMPUTED_FIELDS]
        for a in OpennessAssessment.objects.all()
    }
    assert after == before


def test_fixture_holds_no_computed_values():
    objects = json.loads(FIXTURE.read_text(encoding="utf-8"))
    for obj in objects:
        if obj["model"] == "registry.opennessassessment":
            assert not set(COMPUTED_FIELDS) & set(obj["fields"])
