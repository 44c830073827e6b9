"""Editors' review of imported claims in admin, and what readers see of imported facts."""

import pytest
from django.urls import reverse

from registry.models import DimensionStatus, Review

from .test_engine import imported_then_relicensed, run_osai

pytestmark = pytest.mark.django_db
CLAIMS = reverse("admin:registry_aimodelcitation_changelist")


@pytest.fixture
def disputed(tmp_path):
    """An imported model whose licence and one dimension an editor has since changed."""
    model = imported_then_relicensed(tmp_path)
    row = DimensionStatus.objects.get(model=model, dimension="paper")
    row.status, row.evidence_url = "open", "https://example.org/paper"
    row.save()
    run_osai(tmp_path)
    return model


def pending(model):
    return model.citations.filter(review=Review.PENDING).order_by("claim")


def test_the_queue_lists_pending_claims_beside_the_registrys_value(
    disputed, editor_client, django_assert_max_num_queries
):
    assert editor_client.get(CLAIMS).url == f"{CLAIMS}?review__exact=pending"
    with django_assert_max_num_queries(12):  # session, user, counts, page, prefetches
        response = editor_client.get(f"{CLAIMS}?review__exact=pending")
    rows = response.context["cl"].result_list
    assert [(c.claim, c.value) for c in rows] == [
        ("dimension:paper", "closed"),
        ("license", "Apache-2.0"),
    ]
    html = response.content.decode()
    assert "MIT" in html and "Open Source AI Index: Testmodel.yaml" in html


def test_accepting_writes_the_datasets_value_and_dismissing_keeps_the_editors(
    disputed, editor_client
):
    paper, licence = pending(disputed)
    editor_client.post(
        f"{CLAIMS}?review__exact=pending",
        {"action": "accept", "_selected_action": [licence.pk]},
    )
    editor_client.post(
        f"{CLAIMS}?review__exact=pending",
        {"action": "dismiss", "_selected_action": [paper.pk]},
    )
    disputed.refresh_from_db()
    assert disputed.license.spdx_id == "Apache-2.0"
    assert DimensionStatus.objects.get(model=disputed, dimension="paper").status == "open"
    assert dict(disputed.citations.exclude(review="").values_list("claim", "review")) == {
        "license": Review.ACCEPTED,
        "dimension:paper": Review.DISMISSED,
    }
    change = disputed.history.first()
    assert change.history_user.username == "editor"
    assert change.history_change_reason.startswith("accepted the claim of")


def test_a_dismissed_claim_is_not_asked_again_on_re_import(disputed, tmp_path):
    paper, _ = pending(disputed)
    paper.review = Review.DISMISSED
    paper.save()
    run_osai(tmp_path)
    paper.refresh_from_db()
    assert paper.review == Review.DISMISSED


def test_the_model_page_shows_the_record_its_commit_and_the_attribution(disputed, client):
    html = client.get(disputed.get_absolute_url()).content.decode()
    assert "https://github.com/Language-Technology-Assessment/main-database/blob/" in html
    assert "at commit <code>aaaaaaaaaaaa</code>" in html
    assert "imported 20" in html
    assert 'href="https://osai-index.eu/"' in html and "Liesenfeld" in html
    # The disagreement is shown: the registry's licence and the index's.
    assert "Apache-2.0" in html and "MIT" in html
