"""The framework functions on hand-made cases and on the frameworks' own published data."""

import pytest

from registry.openness import (
    COMPONENTS,
    Component,
    ComponentRelease,
    Dimension,
    MofClass,
    Status,
    is_open_washing,
    license_fits,
    mof_class,
    osai_score,
    osaid_verdict,
    plain_label,
)

ALL_OPEN = {dimension: Status.OPEN for dimension in Dimension.values}

# The Open Source AI Index on DeepSeek-R1: weights open, training data and code closed
# (osai-index.eu, "How Open is DeepSeek?", 2025-01-25).
R1_DIMENSIONS = {
    **{dimension: Status.PARTIAL for dimension in Dimension.values},
    Dimension.BASE_MODEL_DATA: Status.CLOSED,
    Dimension.END_USER_MODEL_DATA: Status.CLOSED,
    Dimension.BASE_MODEL_WEIGHTS: Status.OPEN,
    Dimension.END_USER_MODEL_WEIGHTS: Status.OPEN,
    Dimension.TRAINING_CODE: Status.CLOSED,
    Dimension.DATASHEET: Status.CLOSED,
    Dimension.LICENSES: Status.OPEN,
}

# The Model Openness Tool's published DeepSeek-R1 entry (lfai/model_openness_tool,
# models/DeepSeek-R1.yml): "License not specified" is released without a license,
# "Component not included" is absent.
R1_MOT = [
    ComponentRelease(Component.MODEL_ARCHITECTURE, True, "MIT"),
    ComponentRelease(Component.INFERENCE_CODE, True, "MIT"),
    ComponentRelease(Component.SUPPORTING_LIBRARIES, True, "MIT"),
    ComponentRelease(Component.FINAL_PARAMETERS, True, "MIT"),
    ComponentRelease(Component.EVALUATION_DATA, True, ""),
    ComponentRelease(Component.MODEL_METADATA, True, "MIT"),
    ComponentRelease(Component.MODEL_CARD, True, ""),
    ComponentRelease(Component.TECHNICAL_REPORT, True, ""),
    ComponentRelease(Component.RESEARCH_PAPER, True, ""),  # arXiv's own license: not open
    ComponentRelease(Component.EVALUATION_RESULTS, True, ""),
]

# The tool's test files named for the class they must reach (lfai/model_openness_tool,
# Test_Data/Class*TestFile_*.yml).
MOT_CLASS_III = [
    ComponentRelease(Component.MODEL_ARCHITECTURE, True, "MIT-0"),
    ComponentRelease(Component.FINAL_PARAMETERS, True, "CC-BY-2.0"),
    ComponentRelease(Component.MODEL_CARD, True, "CC-BY-4.0"),
    ComponentRelease(Component.DATA_CARD, True, "CC-BY-SA-4.0"),
    ComponentRelease(Component.TECHNICAL_REPORT, True, "CC-BY-4.0"),
    ComponentRelease(Component.EVALUATION_RESULTS, True, "CC0-1.0"),
]
MOT_CLASS_II = [
    ComponentRelease(Component.MODEL_ARCHITECTURE, True, "MIT"),
    ComponentRelease(Component.TRAINING_CODE, True, "AFL-3.0"),
    ComponentRelease(Component.INFERENCE_CODE, True, "NCSA"),
    ComponentRelease(Component.EVALUATION_CODE, True, "ECL-1.0"),
    ComponentRelease(Component.SUPPORTING_LIBRARIES, True, "Apache-2.0"),
    ComponentRelease(Component.FINAL_PARAMETERS, True, "CC-BY-3.0-NL"),
    ComponentRelease(Component.EVALUATION_DATA, True, "CC-BY-3.0-US"),
    ComponentRelease(Component.MODEL_CARD, True, "CC-BY-SA-3.0"),
    ComponentRelease(Component.DATA_CARD, True, "CC-BY-4.0"),
    ComponentRelease(Component.RESEARCH_PAPER, True, "CC-BY-SA-3.0"),
    ComponentRelease(Component.EVALUATION_RESULTS, True, "CC-BY-4.0"),
]
MOT_CLASS_I = [
    *MOT_CLASS_II,
    ComponentRelease(Component.DATA_PREPROCESSING_CODE, True, "AFL-2.1"),
    ComponentRelease(Component.INTERMEDIATE_PARAMETERS, True, "CC-BY-3.0-US"),
    ComponentRelease(Component.DATASETS, True, "CC-BY-3.0-NL"),
    ComponentRelease(Component.SAMPLE_OUTPUTS, True, "CC0-1.0"),
]

FULLY_OPEN = [
    ComponentRelease(name, True, "Apache-2.0" if "code" in spec.content_types else "CC-BY-4.0")
    for name, spec in COMPONENTS.items()
]


def test_mof_defines_seventeen_components_in_three_cumulative_classes():
    assert len(COMPONENTS) == 17 == len(Component)
    assert len(Dimension) == 12


@pytest.mark.parametrize(
    ("components", "expected"),
    [
        (MOT_CLASS_III, MofClass.CLASS_III),
        (MOT_CLASS_II, MofClass.CLASS_II),
        (MOT_CLASS_I, MofClass.CLASS_I),
        (FULLY_OPEN, MofClass.CLASS_I),
        ([], MofClass.UNCLASSIFIED),
    ],
)
def test_mof_class_on_published_test_files(components, expected):
    assert mof_class(components).mof_class == expected


def test_deepseek_r1_published_mof_entry_is_unclassified_with_conditional_class_iii():
    result = mof_class(R1_MOT)

    assert result.mof_class == MofClass.UNCLASSIFIED
    # Open weights under MIT: the tool's "conditional" Class III, not a class.
    assert result.conditional_class_iii
    assert set(result.missing[3]) == {
        Component.MODEL_CARD,
        Component.DATA_CARD,
        Component.TECHNICAL_REPORT,
        Component.EVALUATION_RESULTS,
    }
    assert result.progress(3) == 33


def test_classes_are_cumulative():
    # Every Class II and Class I component, but no data card: not even Class III.
    without_data_card = [c for c in FULLY_OPEN if c.component != Component.DATA_CARD]
    result = mof_class(without_data_card)

    assert result.mof_class == MofClass.UNCLASSIFIED
    assert result.missing[1] == [Component.DATA_CARD]


def test_unreleased_or_misfit_licenses_do_not_count():
    unreleased = [
        c if c.component != Component.TRAINING_CODE else ComponentRelease(c.component, False)
        for c in FULLY_OPEN
    ]
    assert mof_class(unreleased).mof_class == MofClass.CLASS_III
    # Code under a documentation license does not fit its content.
    misfit = [
        c
        if c.component != Component.TRAINING_CODE
        else ComponentRelease(c.component, True, "CC-BY-4.0")
        for c in FULLY_OPEN
    ]
    assert mof_class(misfit).mof_class == MofClass.CLASS_III


@pytest.mark.parametrize(
    ("component", "license", "fits"),
    [
        (Component.TRAINING_CODE, "Apache-2.0", True),
        (Component.TRAINING_CODE, "CC-BY-4.0", False),
        (Component.FINAL_PARAMETERS, "MIT", True),  # parameters take code or data licenses
        (Component.FINAL_PARAMETERS, "CDLA-Permissive-2.0", True),
        (Component.FINAL_PARAMETERS, "LicenseRef-Gemma-Terms-of-Use", False),
        (Component.EVALUATION_DATA, "MIT", False),  # data only takes open data licenses
        (Component.DATASETS, "CC-BY-NC-4.0", False),
        (Component.RESEARCH_PAPER, "CC-BY-4.0", True),
        (Component.MODEL_CARD, "", False),
    ],
)
def test_license_must_be_open_and_fit_the_content(component, license, fits):
    assert license_fits(component, license) is fits


def test_deepseek_r1_is_not_open_source_ai_because_data_and_code_are_closed():
    verdict = osaid_verdict(R1_DIMENSIONS, "MIT")

    assert not verdict.is_open_source
    assert verdict.failing == ["data-information", "code"]
    assert verdict.failing_labels == ["Data information", "Code"]
    assert "base model data closed" in verdict.reasons["data-information"]
    assert verdict.reasons["code"] == "Training code is closed."


def test_gemma_custom_terms_fail_osi_approval():
    dimensions = {**ALL_OPEN, Dimension.END_USER_MODEL_WEIGHTS: Status.OPEN}
    verdict = osaid_verdict(dimensions, "LicenseRef-Gemma-Terms-of-Use")

    assert verdict.failing == ["parameters"]
    assert "not OSI-approved" in verdict.reasons["parameters"]
    assert plain_label(verdict, dimensions, "LicenseRef-Gemma-Terms-of-Use") == (
        "Open weights under restrictive terms"
    )


def test_fully_open_model_is_open_source_ai():
    verdict = osaid_verdict(ALL_OPEN, "Apache-2.0")

    assert verdict.is_open_source and verdict.failing == []
    assert plain_label(verdict, ALL_OPEN, "Apache-2.0") == "Open source AI"
    assert osai_score(ALL_OPEN).percent == 100


def test_an_open_datasheet_is_enough_data_information():
    dimensions = {
        **ALL_OPEN,
        Dimension.BASE_MODEL_DATA: Status.PARTIAL,
        Dimension.DATASHEET: Status.OPEN,
    }
    assert osaid_verdict(dimensions, "MIT").is_open_source


def test_not_applicable_stages_are_skipped_and_unknown_fails():
    base_only = {
        **ALL_OPEN,
        Dimension.END_USER_MODEL_DATA: Status.NOT_APPLICABLE,
        Dimension.END_USER_MODEL_WEIGHTS: Status.NOT_APPLICABLE,
    }
    assert osaid_verdict(base_only, "MIT").is_open_source

    unknown_code = {**ALL_OPEN, Dimension.TRAINING_CODE: Status.UNKNOWN}
    verdict = osaid_verdict(unknown_code, "MIT")
    assert verdict.failing == ["code"]
    assert verdict.reasons["code"] == "Training code is unknown."


def test_closed_weights_fail_parameters_whatever_the_license():
    dimensions = {
        **ALL_OPEN,
        Dimension.BASE_MODEL_WEIGHTS: Status.CLOSED,
        Dimension.END_USER_MODEL_WEIGHTS: Status.CLOSED,
    }
    verdict = osaid_verdict(dimensions, "MIT")

    assert verdict.failing == ["parameters"]
    assert plain_label(verdict, dimensions, "MIT") == "Closed: weights not released"


def test_osai_score_counts_open_one_partial_half_and_skips_not_applicable():
    score = osai_score(R1_DIMENSIONS)
    # 3 open + 5 partial (code documentation .. model card) + 4 closed
    assert (score.points, score.out_of, score.unknown) == (5.5, 12, 0)
    assert score.percent == 46

    dimensions = {
        Dimension.BASE_MODEL_WEIGHTS: Status.OPEN,
        Dimension.END_USER_MODEL_WEIGHTS: Status.NOT_APPLICABLE,
        Dimension.TRAINING_CODE: Status.PARTIAL,
    }
    score = osai_score(dimensions)
    assert (score.points, score.out_of, score.unknown) == (1.5, 11, 9)
    assert score.percent == 14


def test_osai_score_is_none_when_everything_is_unknown():
    assert osai_score({}).percent is None
    assert osai_score({d: Status.UNKNOWN for d in Dimension.values}).percent is None


def test_r1_label_says_open_weights_but_not_open_training():
    verdict = osaid_verdict(R1_DIMENSIONS, "MIT")
    assert plain_label(verdict, R1_DIMENSIONS, "MIT") == (
        "Open weights, open license; training not open"
    )
    assert plain_label(osaid_verdict({}, ""), {}, "") == "Openness unknown"


def test_open_washing_needs_a_claim_and_a_failing_verdict():
    failing = osaid_verdict(R1_DIMENSIONS, "MIT")
    passing = osaid_verdict(ALL_OPEN, "MIT")

    flagged, reason = is_open_washing(True, failing)
    assert flagged
    assert reason.startswith("Called open source, but fails OSAID on data information, code:")
    assert "Training code is closed." in reason
    assert is_open_washing(False, failing) == (False, "")
    assert is_open_washing(True, passing) == (False, "")


def test_parameters_reason_names_both_gated_weights_and_custom_terms():
    dimensions = {
        **ALL_OPEN,
        Dimension.BASE_MODEL_WEIGHTS: Status.PARTIAL,
        Dimension.END_USER_MODEL_WEIGHTS: Status.PARTIAL,
    }
    reason = osaid_verdict(dimensions, "LicenseRef-Gemma-Terms-of-Use").reasons["parameters"]
    assert reason == (
        "Weights are not open (base model weights partial, end-user model weights partial). "
        "The weights' license (LicenseRef-Gemma-Terms-of-Use) is not OSI-approved."
    )


def test_closed_weights_without_a_recorded_license_give_one_reason():
    dimensions = {
        Dimension.BASE_MODEL_WEIGHTS: Status.CLOSED,
        Dimension.END_USER_MODEL_WEIGHTS: Status.CLOSED,
    }
    reason = osaid_verdict(dimensions, "").reasons["parameters"]
    assert (
        reason == "Weights are not open (base model weights closed, end-user model weights closed)."
    )
    # Open weights with no license recorded still fail on the license.
    assert (
        "license (unknown) is not OSI-approved" in osaid_verdict(ALL_OPEN, "").reasons["parameters"]
    )
