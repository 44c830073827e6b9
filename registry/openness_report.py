"""Everything a page or API response shows about one model's openness, from rows that were
prefetched with ``AIModel.objects.with_openness().with_license_history().with_claims()``
(no further queries)."""

from dataclasses import dataclass, field

from .models.license import LicenseCategory
from .openness import COMPONENTS, DIMENSION_GROUPS, Component


@dataclass
class ComponentLine:
    component: str
    label: str
    mof_class: int
    required: bool
    row: object = None  # MOFComponent, or None when not released

    @property
    def released(self) -> bool:
        return bool(self.row and self.row.released)

    @property
    def fits(self) -> bool:
        return bool(self.row and self.row.license_fits)


@dataclass
class OpennessReport:
    model: object
    assessment: object = None
    evaluation: object = None
    dimension_groups: list = field(default_factory=list)  # [(group name, [DimensionStatus])]
    components: list = field(default_factory=list)  # ComponentLine, in MOF class order
    license_periods: list = field(default_factory=list)
    claims: list = field(default_factory=list)

    @property
    def timeline(self) -> str:
        return timeline_sentence(self.license_periods)

    @property
    def disputed_claims(self) -> list:
        return [claim for claim in self.claims if claim.disputed]


def license_phrase(license) -> str:
    """How a license reads in a sentence: its SPDX id when it has one, "proprietary" for
    vendor terms, otherwise its name."""
    if license is None:
        return "unknown license"
    if license.category == LicenseCategory.PROPRIETARY:
        return "proprietary"
    return license.name if license.is_custom else license.spdx_id


def timeline_sentence(periods) -> str:
    """``proprietary from 2025-03-16, Apache-2.0 from 2025-06-30``."""
    return ", ".join(
        f"{license_phrase(p.license)} from {p.start.isoformat()}"
        if p.start
        else license_phrase(p.license)
        for p in periods
    )


def openness_report(model) -> OpennessReport:
    report = OpennessReport(
        model=model,
        license_periods=model.license_history(),
        claims=model.conflicting_claims(),
    )
    assessment = getattr(model, "openness", None)
    if assessment is None:
        return report
    dimensions = list(model.openness_dimensions.all())
    components = list(model.mof_components.all())
    by_dimension = {row.dimension: row for row in dimensions}
    by_component = {row.component: row for row in components}
    report.assessment = assessment
    report.evaluation = assessment.evaluate(dimensions, components)
    report.dimension_groups = [
        (group, [by_dimension[d] for d in names if d in by_dimension])
        for group, names in DIMENSION_GROUPS.items()
    ]
    report.components = [
        ComponentLine(
            name,
            Component(name).label,
            spec.mof_class,
            spec.required,
            by_component.get(name),
        )
        for name, spec in sorted(COMPONENTS.items(), key=lambda item: -item[1].mof_class)
    ]
    return report
