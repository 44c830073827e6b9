"""How open a model really is: a component-level record under the Open Source AI Index and
the Model Openness Framework, with the OSAID verdict, MOF class, score and label computed
from it (registry/openness.py) and stored on the assessment so lists can filter on them.

Dimension and component rows point at the AI model itself rather than at the assessment,
so editors fill them in inline on the model's admin page (Django has no nested inlines).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from .. import openness
from ..openness import Component, Dimension, MofClass, Status
from .license import validate_spdx_id
from .source import Source

EVIDENCE_REQUIRED = "An open or partial status needs an evidence link and a note."


class OpennessRowManager(models.Manager):
    """Rows are keyed by (model slug, dimension or component) in fixtures."""

    key_field = ""

    def get_by_natural_key(self, model_slug, key):
        return self.get(model__slug=model_slug, **{self.key_field: key})


class DimensionManager(OpennessRowManager):
    key_field = "dimension"


class ComponentManager(OpennessRowManager):
    key_field = "component"


class DimensionStatus(models.Model):
    """One of the Open Source AI Index's 12 dimensions for one model, with its evidence."""

    model = models.ForeignKey(
        "AIModel", on_delete=models.CASCADE, related_name="openness_dimensions"
    )
    dimension = models.CharField(max_length=30, choices=Dimension.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.UNKNOWN)
    evidence_url = models.URLField("evidence URL", max_length=500, blank=True)
    note = models.TextField(
        help_text="What the evidence shows, or why the status is unknown or closed."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DimensionManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "openness dimension"
        ordering = ["model", "id"]
        constraints = [
            models.UniqueConstraint(fields=["model", "dimension"], name="dimension_unique"),
            models.CheckConstraint(
                condition=~Q(status__in=openness.STATUSES_NEEDING_EVIDENCE)
                | (~Q(evidence_url="") & ~Q(note="")),
                name="dimension_open_needs_evidence",
                violation_error_message=EVIDENCE_REQUIRED,
            ),
            models.CheckConstraint(
                condition=~Q(note=""),
                name="dimension_note_required",
                violation_error_message="Every dimension needs a note, even if only 'unknown'.",
            ),
        ]

    def __str__(self):
        return f"{self.get_dimension_display()}: {self.get_status_display()}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        refresh_assessment(self.model_id)

    def natural_key(self):
        return (self.model.slug, self.dimension)

    natural_key.dependencies = ["registry.aimodel"]

    def clean(self):
        super().clean()
        if self.status in openness.STATUSES_NEEDING_EVIDENCE:
            errors = {}
            if not self.evidence_url:
                errors["evidence_url"] = "Link to where this is published."
            if not self.note.strip():
                errors["note"] = "Say what the evidence shows."
            if errors:
                raise ValidationError(errors)


class MOFComponent(models.Model):
    """Whether one Model Openness Framework component is released, and under which license."""

    model = models.ForeignKey("AIModel", on_delete=models.CASCADE, related_name="mof_components")
    component = models.CharField(max_length=30, choices=Component.choices)
    released = models.BooleanField(default=False)
    license = models.CharField(
        "license (SPDX id)",
        max_length=100,
        blank=True,
        validators=[validate_spdx_id],
        help_text="SPDX id (MIT, CC-BY-4.0) or LicenseRef-<name>; blank if released unlicensed.",
    )
    evidence_url = models.URLField("evidence URL", max_length=500, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ComponentManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "MOF component"
        ordering = ["model", "id"]
        constraints = [
            models.UniqueConstraint(fields=["model", "component"], name="mofcomponent_unique"),
            models.CheckConstraint(
                condition=Q(released=False) | ~Q(evidence_url=""),
                name="mofcomponent_released_needs_evidence",
                violation_error_message="A released component needs an evidence link.",
            ),
            models.CheckConstraint(
                condition=Q(released=True) | Q(license=""),
                name="mofcomponent_license_needs_release",
                violation_error_message="Only a released component has a license.",
            ),
        ]

    def __str__(self):
        state = f"released ({self.license or 'no license'})" if self.released else "not released"
        return f"{self.get_component_display()}: {state}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        refresh_assessment(self.model_id)

    def natural_key(self):
        return (self.model.slug, self.component)

    natural_key.dependencies = ["registry.aimodel"]

    @property
    def license_fits(self) -> bool:
        return self.released and openness.license_fits(self.component, self.license)

    def clean(self):
        super().clean()
        if self.released and not self.evidence_url:
            raise ValidationError({"evidence_url": "Link to the released component."})
        if self.license and not self.released:
            raise ValidationError({"license": "Only a released component has a license."})


class AssessmentManager(models.Manager):
    def get_by_natural_key(self, model_slug):
        return self.get(model__slug=model_slug)


class OpennessAssessment(models.Model):
    """A dated openness assessment of one model; the rows it summarises hang off the model.

    The fields after ``open_source_claim_quote`` are computed by ``refresh()`` from the
    model's dimension and component rows, never typed.
    """

    model = models.OneToOneField("AIModel", on_delete=models.CASCADE, related_name="openness")
    assessed_on = models.DateField()
    notes = models.TextField(blank=True)
    called_open_source = models.BooleanField(
        "called open source",
        default=False,
        help_text="The maker or a source describes the model as open source.",
    )
    open_source_claim_source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="source of the open-source claim",
    )
    open_source_claim_quote = models.TextField(
        "open-source claim, quoted", blank=True, help_text="The words that call it open source."
    )

    mof_class = models.CharField(
        "MOF class",
        max_length=12,
        choices=MofClass.choices,
        default=MofClass.UNCLASSIFIED,
        editable=False,
    )
    osaid_open = models.BooleanField("open source AI (OSAID)", default=False, editable=False)
    osaid_failing = models.JSONField(
        "OSAID requirements failed", default=list, blank=True, editable=False
    )
    openness_score = models.PositiveSmallIntegerField(
        "openness score (%)", null=True, blank=True, editable=False
    )
    label = models.CharField(max_length=80, blank=True, editable=False)
    open_washing = models.BooleanField(default=False, editable=False)
    open_washing_reason = models.TextField(blank=True, editable=False)

    objects = AssessmentManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "openness assessment"
        ordering = ["model"]
        indexes = [
            models.Index(fields=["mof_class"]),
            models.Index(fields=["osaid_open"]),
            models.Index(fields=["-openness_score"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(called_open_source=False)
                | (Q(open_source_claim_source__isnull=False) & ~Q(open_source_claim_quote="")),
                name="assessment_claim_needs_source",
                violation_error_message="An open-source claim needs its source and quote.",
            ),
        ]

    def __str__(self):
        return f"Openness of {self.model}"

    def save(self, *args, **kwargs):
        if self.model_id:
            self.apply(self.evaluate())
        super().save(*args, **kwargs)
        self.copy_score_to_model()

    def copy_score_to_model(self) -> None:
        """Keep ``AIModel.openness_score``, the copy lists sort by, equal to this score."""
        from .aimodel import AIModel

        AIModel.objects.filter(pk=self.model_id).update(openness_score=self.openness_score)

    def natural_key(self):
        return (self.model.slug,)

    natural_key.dependencies = ["registry.aimodel", "registry.source"]

    def clean(self):
        super().clean()
        if self.called_open_source:
            errors = {}
            if not self.open_source_claim_source_id:
                errors["open_source_claim_source"] = "Which source calls it open source?"
            if not self.open_source_claim_quote.strip():
                errors["open_source_claim_quote"] = "Quote the words that call it open source."
            if errors:
                raise ValidationError(errors)

    # -- computed results -------------------------------------------------------------
    @cached_property
    def results(self) -> "Evaluation":
        """The frameworks' full results (with reasons), from the prefetched rows."""
        return self.evaluate()

    def evaluate(self, dimensions=None, components=None) -> "Evaluation":
        """Run the three frameworks on the model's rows (prefetched ones when given)."""
        if dimensions is None:
            dimensions = self.model.openness_dimensions.all()
        if components is None:
            components = self.model.mof_components.all()
        return Evaluation(self.called_open_source, dimensions, components)

    def apply(self, evaluation: "Evaluation") -> None:
        self.mof_class = evaluation.mof.mof_class
        self.osaid_open = evaluation.osaid.is_open_source
        self.osaid_failing = evaluation.osaid.failing
        self.openness_score = evaluation.score.percent
        self.label = evaluation.label
        self.open_washing, self.open_washing_reason = evaluation.open_washing

    def refresh(self) -> None:
        """Recompute the stored results; the one place they are written besides save()."""
        self.apply(self.evaluate())
        OpennessAssessment.objects.filter(pk=self.pk).update(
            **{name: getattr(self, name) for name in COMPUTED_FIELDS}
        )
        self.copy_score_to_model()


COMPUTED_FIELDS = [
    "mof_class",
    "osaid_open",
    "osaid_failing",
    "openness_score",
    "label",
    "open_washing",
    "open_washing_reason",
]


class Evaluation:
    """The frameworks' results for one set of rows, for storing or showing."""

    def __init__(self, called_open_source, dimensions, components):
        self.dimensions = {row.dimension: row.status for row in dimensions}
        releases = [
            openness.ComponentRelease(row.component, row.released, row.license)
            for row in components
        ]
        self.parameters_license = next(
            (r.license for r in releases if r.component == Component.FINAL_PARAMETERS), ""
        )
        self.mof = openness.mof_class(releases)
        self.osaid = openness.osaid_verdict(self.dimensions, self.parameters_license)
        self.score = openness.osai_score(self.dimensions)
        self.label = openness.plain_label(self.osaid, self.dimensions, self.parameters_license)
        self.open_washing = openness.is_open_washing(called_open_source, self.osaid)


def refresh_assessment(model_id) -> None:
    assessment = OpennessAssessment.objects.filter(model_id=model_id).first()
    if assessment is not None:
        assessment.refresh()


@receiver(post_save, sender=OpennessAssessment)
def _refresh_loaded_assessment(sender, instance, raw, **kwargs):
    # loaddata saves raw, skipping save(): compute from the rows loaded before it.
    if raw:
        instance.refresh()


@receiver(post_delete, sender=OpennessAssessment)
def _forget_deleted_score(sender, instance, **kwargs):
    from .aimodel import AIModel

    AIModel.objects.filter(pk=instance.model_id).update(openness_score=None)


@receiver(post_delete, sender=DimensionStatus)
@receiver(post_delete, sender=MOFComponent)
def _refresh_after_row_delete(sender, instance, **kwargs):
    refresh_assessment(instance.model_id)


class OpennessQuerySetMixin:
    """AIModel QuerySet methods for the openness filters and pages."""

    def with_openness(self):
        """The assessment joined, its rows prefetched: at most two extra queries for a list.

        The rows are read only through an assessment, so they are prefetched through it: a
        page without assessed models (most pages at a million models) skips both queries.
        """
        return self.select_related("openness__open_source_claim_source").prefetch_related(
            "openness__model__openness_dimensions", "openness__model__mof_components"
        )

    def with_openness_report(self):
        """Everything templates/includes/_openness.html and the API's openness field read:
        assessment, rows, license history and claims, in at most four extra queries per list."""
        return self.with_openness().with_license_history().with_claims()

    def with_dimension(self, dimension: str, status: str):
        """Models whose Open Source AI Index ``dimension`` has ``status``."""
        return self.filter(
            models.Exists(
                DimensionStatus.objects.filter(
                    model=models.OuterRef("pk"), dimension=dimension, status=status
                )
            )
        )

    def usable_commercially_in(self, country: str):
        """Models whose license permits commercial use (freely or with conditions such as a
        monthly-active-user cap) and does not exclude ``country`` (ISO 3166-1 alpha-2).
        Models with no known license are left out: their terms are unknown."""
        from .license import CommercialUse

        # excluded_territories holds comma-separated two-letter codes, so a code can
        # only match as a whole entry.
        return self.filter(
            license__commercial_use__in=[CommercialUse.ALLOWED, CommercialUse.RESTRICTED]
        ).exclude(license__excluded_territories__contains=country.upper())

    def by_openness(self):
        """Most open first: score, then MOF class, unassessed models last."""
        return self.order_by(
            models.F("openness__openness_score").desc(nulls_last=True),
            "openness__mof_class",
            "name",
        )

    def openness_ranking(self):
        """The assessed models with what the /openness/ ranking shows per row, most open
        first: two queries a page. Unassessed models are not ranked (as in the Open Source
        AI Index), so the sort runs over the assessments, not over every model."""
        return (
            self.filter(openness__isnull=False)
            .select_related("openness", "company", "license")
            .prefetch_related("openness_dimensions")
            .by_openness()
        )
