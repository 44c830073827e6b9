"""Openness records: evidence rules in the database, computed results kept in sync,
license history by date and conflicting claims."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from registry.models import (
    AIModelCitation,
    DimensionStatus,
    EventKind,
    EventStatus,
    MOFComponent,
    OpennessAssessment,
)
from registry.openness import MofClass
from tests.factories import (
    AIModelFactory,
    DimensionStatusFactory,
    LicenseFactory,
    MOFComponentFactory,
    OpennessAssessmentFactory,
    ReleaseEventFactory,
    SourceFactory,
    assess,
)

pytestmark = pytest.mark.django_db

R1_ROWS = {
    "base-model-data": "closed",
    "end-user-model-data": "closed",
    "base-model-weights": "open",
    "end-user-model-weights": "open",
    "training-code": "closed",
    "licenses": "open",
}
FULLY_OPEN_COMPONENTS = {
    "model-architecture": "Apache-2.0",
    "final-parameters": "Apache-2.0",
    "model-card": "CC-BY-4.0",
    "data-card": "CC-BY-4.0",
    "technical-report": "CC-BY-4.0",
    "evaluation-results": "CC-BY-4.0",
    "training-code": "Apache-2.0",
    "inference-code": "Apache-2.0",
    "evaluation-code": "Apache-2.0",
    "evaluation-data": "CC-BY-4.0",
    "datasets": "ODC-By-1.0",
    "data-preprocessing-code": "Apache-2.0",
    "intermediate-parameters": "CC-BY-4.0",
    "research-paper": "CC-BY-4.0",
}


def raises_integrity_error():
    return pytest.raises(IntegrityError)


@pytest.mark.parametrize("status", ["open", "partial"])
def test_open_or_partial_dimension_needs_evidence_in_the_database(status):
    model = AIModelFactory()
    with raises_integrity_error(), transaction.atomic():
        DimensionStatus.objects.create(
            model=model, dimension="training-code", status=status, note="Released."
        )


@pytest.mark.parametrize("status", ["closed", "unknown", "not-applicable"])
def test_other_statuses_need_only_a_note(status):
    model = AIModelFactory()
    DimensionStatus.objects.create(
        model=model, dimension="paper", status=status, note="No paper found."
    )
    with raises_integrity_error(), transaction.atomic():
        DimensionStatus.objects.create(model=model, dimension="preprint", status=status, note="")


def test_dimension_clean_names_the_missing_evidence_fields():
    row = DimensionStatus(model=AIModelFactory(), dimension="paper", status="open", note=" ")
    with pytest.raises(ValidationError) as error:
        row.full_clean()
    assert set(error.value.message_dict) >= {"evidence_url", "note"}


def test_one_row_per_dimension_and_component():
    model = AIModelFactory()
    DimensionStatusFactory(model=model, dimension="paper")
    with raises_integrity_error(), transaction.atomic():
        DimensionStatusFactory(model=model, dimension="paper")
    MOFComponentFactory(model=model, component="datasets", license="CC0-1.0")
    with raises_integrity_error(), transaction.atomic():
        MOFComponentFactory(model=model, component="datasets", license="CC0-1.0")


def test_released_component_needs_evidence_and_license_needs_release():
    model = AIModelFactory()
    with raises_integrity_error(), transaction.atomic():
        MOFComponent.objects.create(model=model, component="datasets", released=True)
    with raises_integrity_error(), transaction.atomic():
        MOFComponent.objects.create(
            model=model, component="training-code", released=False, license="MIT"
        )
    with pytest.raises(ValidationError) as error:
        MOFComponent(model=model, component="datasets", released=True, license="Nope").full_clean()
    assert set(error.value.message_dict) == {"evidence_url", "license"}


def test_open_source_claim_needs_source_and_quote():
    model = AIModelFactory()
    with raises_integrity_error(), transaction.atomic():
        OpennessAssessmentFactory(model=model, called_open_source=True)
    assessment = OpennessAssessment(
        model=model, assessed_on=datetime.date(2025, 6, 1), called_open_source=True
    )
    with pytest.raises(ValidationError) as error:
        assessment.full_clean()
    assert set(error.value.message_dict) == {"open_source_claim_source", "open_source_claim_quote"}


def assert_in_sync(assessment):
    """The stored results equal a fresh computation from the rows."""
    stored = OpennessAssessment.objects.get(pk=assessment.pk)
    fresh = OpennessAssessment(model=stored.model, called_open_source=stored.called_open_source)
    fresh.apply(fresh.evaluate())
    for name in [
        "mof_class",
        "osaid_open",
        "osaid_failing",
        "openness_score",
        "label",
        "open_washing",
        "open_washing_reason",
    ]:
        assert getattr(stored, name) == getattr(fresh, name), name
    return stored


def test_r1_like_model_is_stored_as_open_washing_not_osaid():
    model = AIModelFactory()
    assessment = assess(
        model,
        R1_ROWS,
        {"model-architecture": "MIT", "final-parameters": "MIT"},
        called_open_source=True,
        open_source_claim_source=SourceFactory(),
        open_source_claim_quote="we have open-sourced DeepSeek-R1",
    )

    stored = assert_in_sync(assessment)
    assert stored.mof_class == MofClass.UNCLASSIFIED
    assert stored.osaid_open is False
    assert stored.osaid_failing == ["data-information", "code"]
    assert stored.open_washing is True
    assert "Training code is closed." in stored.open_washing_reason
    assert stored.label == "Open weights, open license; training not open"
    assert stored.openness_score == 25  # 3 open of 12; unknown counts as closed


def test_fully_open_synthetic_model_reaches_class_i_and_osaid():
    model = AIModelFactory()
    assessment = assess(
        model, {d: "open" for d in R1_ROWS | {"datasheet": "open"}}, FULLY_OPEN_COMPONENTS
    )
    stored = assert_in_sync(assessment)
    assert stored.mof_class == MofClass.CLASS_I
    assert stored.osaid_open is True
    assert stored.label == "Open source AI"
    assert stored.open_washing is False


def test_results_follow_every_row_change():
    model = AIModelFactory()
    assessment = assess(model, {**R1_ROWS, "training-code": "open", "datasheet": "open"})
    assert not assert_in_sync(assessment).osaid_open  # no final-parameters license yet

    component = MOFComponentFactory(model=model, component="final-parameters", license="MIT")
    assert assert_in_sync(assessment).osaid_open

    component.license = "LicenseRef-custom"
    component.save()
    stored = assert_in_sync(assessment)
    assert not stored.osaid_open and stored.osaid_failing == ["parameters"]

    component.delete()
    row = model.openness_dimensions.get(dimension="training-code")
    row.status = "closed"
    row.save()
    stored = assert_in_sync(assessment)
    assert stored.osaid_failing == ["code", "parameters"]

    row.delete()
    assert assert_in_sync(assessment).osaid_failing == ["code", "parameters"]


def test_changes_are_recorded_in_history():
    model = AIModelFactory()
    row = DimensionStatusFactory(model=model, dimension="paper")
    row.status = "open"
    row.evidence_url = "https://example.org/paper"
    row.save()
    assessment = OpennessAssessmentFactory(model=model)
    assert row.history.count() == 2
    assert assessment.history.count() == 1
    assert MOFComponentFactory(model=model).history.count() == 1


# -- license and access over time ----------------------------------------------------


@pytest.fixture
def ernie():
    """Proprietary from 2025-03-16, Apache-2.0 from 2025-06-30, as ERNIE 4.5."""
    proprietary = LicenseFactory(name="Proprietary", spdx_id="LicenseRef-proprietary")
    apache = LicenseFactory(name="Apache License 2.0", spdx_id="Apache-2.0")
    model = AIModelFactory(license=apache, access="open-unrestricted")
    company = model.company
    ReleaseEventFactory(
        company=company,
        model=model,
        date=datetime.date(2025, 3, 16),
        kind=EventKind.RELEASE,
        license=proprietary,
        access="api",
    )
    ReleaseEventFactory(
        company=company,
        model=model,
        date=datetime.date(2025, 6, 30),
        kind=EventKind.OPEN_SOURCING,
        license=apache,
        access="open-unrestricted",
    )
    # Neither a planned event nor an announcement moves the license.
    ReleaseEventFactory(
        company=company,
        model=model,
        date=datetime.date(2025, 4, 1),
        kind=EventKind.OPEN_SOURCING,
        status=EventStatus.PLANNED,
        license=apache,
    )
    ReleaseEventFactory(
        company=company,
        model=model,
        date=datetime.date(2025, 5, 1),
        kind=EventKind.ANNOUNCEMENT,
        license=apache,
    )
    return model, proprietary, apache


def test_license_history_lists_periods_in_date_order(ernie, django_assert_num_queries):
    model, proprietary, apache = ernie
    with django_assert_num_queries(1):
        history = model.license_history()

    assert [(p.license, p.access, p.start, p.end) for p in history] == [
        (proprietary, "api", datetime.date(2025, 3, 16), datetime.date(2025, 6, 30)),
        (apache, "open-unrestricted", datetime.date(2025, 6, 30), None),
    ]
    assert history[1].event.kind == EventKind.OPEN_SOURCING
    assert history[0].access_label == "API access"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2025, 1, 1), None),
        (datetime.date(2025, 3, 16), "LicenseRef-proprietary"),
        (datetime.date(2025, 6, 29), "LicenseRef-proprietary"),
        (datetime.date(2025, 6, 30), "Apache-2.0"),
        (datetime.date(2030, 1, 1), "Apache-2.0"),
    ],
)
def test_license_on_a_date(ernie, day, expected):
    model, *_ = ernie
    period = model.license_on(day)
    assert (period.license.spdx_id if period else None) == expected


def test_an_event_that_sets_only_access_keeps_the_license():
    license = LicenseFactory()
    model = AIModelFactory(license=license)
    ReleaseEventFactory(
        company=model.company,
        model=model,
        date=datetime.date(2024, 1, 1),
        license=license,
        access="api",
    )
    ReleaseEventFactory(
        company=model.company,
        model=model,
        date=datetime.date(2024, 6, 1),
        kind=EventKind.LICENSE_CHANGE,
        access="open-restricted",
    )
    later = model.license_on(datetime.date(2024, 7, 1))
    assert (later.license, later.access) == (license, "open-restricted")


def test_without_events_the_current_license_runs_from_release():
    model = AIModelFactory(released_on=datetime.date(2024, 4, 18))
    [period] = model.license_history()
    assert (period.license, period.start, period.end) == (model.license, model.released_on, None)
    assert model.license_on(datetime.date(2024, 4, 17)) is None


def test_license_history_for_a_list_is_one_prefetch(ernie, django_assert_num_queries):
    for _ in range(3):
        model = AIModelFactory()
        ReleaseEventFactory(company=model.company, model=model, license=model.license)
    from registry.models import AIModel

    with django_assert_num_queries(2):
        histories = {m.slug: m.license_history() for m in AIModel.objects.with_license_history()}
    assert len(histories) == 4
    assert len(histories[ernie[0].slug]) == 2


# -- conflicting claims --------------------------------------------------------------


def cite(model, claim, value, **source):
    return AIModelCitation.objects.create(
        model=model, source=SourceFactory(**source), claim=claim, value=value, quote="..."
    )


def test_conflicting_claims_keep_both_values_with_their_sources():
    model = AIModelFactory()
    repo = cite(model, "license", "Tencent Hunyuan 3D 2.0 Community License", title="A repo")
    press = cite(model, "license", "Tencent Hunyuan Community License", title="B press")
    same = cite(model, "released_on", "2025-01-21", title="C")
    cite(model, "released_on", " 2025-01-21 ", title="D")
    cite(model, "", "", title="E whole row")

    claims = {c.claim: c for c in model.conflicting_claims()}

    assert set(claims) == {"license", "released_on"}
    license = claims["license"]
    assert license.disputed
    assert [(v.value, v.citations) for v in license.values] == [
        ("Tencent Hunyuan 3D 2.0 Community License", [repo]),
        ("Tencent Hunyuan Community License", [press]),
    ]
    assert not claims["released_on"].disputed
    assert claims["released_on"].values[0].citations[0] == same
    assert [c.claim for c in model.conflicting_claims(disputed_only=True)] == ["license"]


def test_conflicting_claims_use_prefetched_citations(django_assert_num_queries):
    from registry.models import AIModel

    for _ in range(3):
        model = AIModelFactory()
        cite(model, "released_on", "2025-01-20")
        cite(model, "released_on", "2025-01-22")
    with django_assert_num_queries(2):
        disputed = [m.conflicting_claims(True) for m in AIModel.objects.with_claims()]
    assert all(len(d) == 1 for d in disputed)
