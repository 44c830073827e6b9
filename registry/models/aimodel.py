import functools

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce, TruncQuarter
from django.urls import reverse
from simple_history.models import HistoricalRecords

from .base import (
    DESCRIPTION_MAX_LENGTH,
    DatePrecision,
    RegistryModel,
    SlugManager,
    format_precise_date,
    named_like,
    precision_matches_date,
    validate_precision,
    with_companies_for_a_sorted_page,
)
from .license import LicenseCategory
from .openness import OpennessQuerySetMixin
from .timeline import TimelineMixin, TimelineQuerySetMixin


class Modality(models.TextChoices):
    TEXT = "text", "Text"
    IMAGE = "image", "Image"
    VIDEO = "video", "Video"
    THREE_D = "3d", "3D"
    AUDIO = "audio", "Audio"
    MULTIMODAL = "multimodal", "Multimodal"
    AGENT = "agent", "Agent"
    CODE = "code", "Code"
    # Imported records that do not say (the Model Openness Tool's type is often empty).
    UNKNOWN = "unknown", "Not stated"


class ModelKind(models.TextChoices):
    BASE = "base", "Base (pre-trained)"
    CHAT = "chat", "Chat / instruction-tuned"
    REASONING = "reasoning", "Reasoning"
    AGENT = "agent", "Agent"
    GENERATOR = "generator", "Generator (image, video, 3D, audio)"
    DISTILLED = "distilled", "Distilled"
    PRODUCT = "product", "Hosted product"
    UNKNOWN = "unknown", "Not stated"


class AccessLevel(models.TextChoices):
    """Epoch AI's model access levels, from most to least open."""

    OPEN_UNRESTRICTED = "open-unrestricted", "Open weights (unrestricted)"
    OPEN_RESTRICTED = "open-restricted", "Open weights (restricted use)"
    OPEN_NONCOMMERCIAL = "open-noncommercial", "Open weights (non-commercial)"
    API = "api", "API access"
    HOSTED = "hosted", "Hosted access (no API)"
    UNRELEASED = "unreleased", "Unreleased"
    # Not one of Epoch AI's levels: an imported record that does not say how it is offered.
    UNKNOWN = "unknown", "Not known"


# search(): beyond this many companies matching the text, join instead of listing their ids.
MAX_COMPANY_MATCHES = 1000

OPEN_WEIGHT_ACCESS = [
    AccessLevel.OPEN_UNRESTRICTED,
    AccessLevel.OPEN_RESTRICTED,
    AccessLevel.OPEN_NONCOMMERCIAL,
]


@functools.cache
def api_list_deferred() -> tuple[str, ...]:
    """The columns ``for_api_list()`` leaves out: every one but those the item shows."""
    from .company import Company
    from .license import License
    from .source import Source

    shown = {
        "base_model": (AIModel, "slug"),
        "company": (Company, "slug name country"),
        "license": (
            License,
            "slug name spdx_id url category osi_approved commercial_use mau_limit "
            "excluded_territories attribution_required acceptable_use_policy_url",
        ),
        "openness__open_source_claim_source": (Source, "url"),
    }
    deferred = []
    for path, (model, names) in shown.items():
        keep = {"id", *names.split()}
        fields = model._meta.concrete_fields
        deferred += [f"{path}__{field.name}" for field in fields if field.name not in keep]
    return tuple(deferred)


class AIModelQuerySet(OpennessQuerySetMixin, TimelineQuerySetMixin, models.QuerySet):
    def with_related(self):
        """Everything a list row or API item shows, in one query."""
        return self.select_related("company", "license", "base_model")

    def for_api_list(self):
        """``with_related().with_openness()`` without the columns an API list item never
        shows: of the base model all but its slug, of the company, the license and the claim's
        source their descriptions, other texts and timestamps (a list has no Last-Modified;
        one item, which has, reads them all). Under half of the columns, and of the
        timestamps PostgreSQL sends that Django parses in Python."""
        return self.with_related().with_openness().defer(*api_list_deferred())

    def for_table(self):
        """What a row of the models table shows: company, license and openness assessment,
        in one query (on SQLite two: ``with_companies_for_a_sorted_page()``); not the base
        model, which only API items show: at 1M models, selecting it cost the models page a
        millisecond."""
        return with_companies_for_a_sorted_page(self, "license", "openness")

    def latest_first(self):
        """Most recently released first, newest entries first on the same day: the order
        of the (company|license, released_on, id) indexes read backwards, so a detail page's
        "most recent models" stops after a page instead of sorting all of a large company's
        models. As with any descending sort, PostgreSQL puts undated models first, SQLite last."""
        return self.order_by("-released_on", "-id")

    def open_weights(self):
        """Models whose weights anyone can download, whatever the license terms."""
        return self.filter(access__in=OPEN_WEIGHT_ACCESS)

    def search(self, text: str):
        """Case-insensitive match on the model's name, its company's name or its description.

        Each branch is one index scan on PostgreSQL (trigram indexes, migration 0008); the
        company branch is a list of ids looked up first (``named_like()``).
        """
        from .company import Company

        by_company = named_like("company", Company, text, MAX_COMPANY_MATCHES)
        return self.filter(Q(name__icontains=text) | by_company | Q(description__icontains=text))

    def openly_licensed(self):
        """Open weights under a permissive or copyleft license (no use restrictions)."""
        return self.open_weights().filter(
            license__category__in=[LicenseCategory.PERMISSIVE, LicenseCategory.COPYLEFT]
        )

    def with_lineage(self, depth: int = 4):
        """Select ``depth`` generations of base models in the same query (a fixed number of
        joins, so a detail page's query count does not grow with the lineage)."""
        chains = ["__".join(["base_model"] * level) for level in range(1, depth + 1)]
        return self.select_related(*chains, *(f"{chain}__company" for chain in chains))

    def with_citations(self):
        """Prefetch citations with their sources (one extra query)."""
        from .source import AIModelCitation

        return self.prefetch_related(
            Prefetch("citations", queryset=AIModelCitation.objects.select_related("source"))
        )

    def attach_history_and_citations(self, models) -> None:
        """Read the license-history events and the citations (with sources) of already
        fetched ``models``, two queries for any number, as light rows rather than model
        instances: what ``with_license_history()`` and ``with_citations()`` prefetch, at half
        their cost in Python (Django's prefetching builds two instances per row, and a
        queryset per model for each relation). For API pages, which only show these rows.
        """
        from .source import AIModelCitation, citation_rows
        from .timeline import license_event_rows

        ids = [model.pk for model in models]
        if not ids:
            return
        events, citations = license_event_rows(ids), citation_rows(AIModelCitation, ids)
        for model in models:
            model.license_events = events.get(model.pk, [])
            model.citation_rows = citations.get(model.pk, [])

    def with_open_since(self):
        """Annotate ``open_since``: when the weights became downloadable, i.e. the first
        open-sourcing event that happened, else the release date (NULL when neither is known)."""
        from .release import EventKind, EventStatus, ReleaseEvent

        first_opened = (
            ReleaseEvent.objects.filter(
                model=OuterRef("pk"), kind=EventKind.OPEN_SOURCING, status=EventStatus.HAPPENED
            )
            .order_by("date")
            .values("date")[:1]
        )
        return self.annotate(open_since=Coalesce(Subquery(first_opened), F("released_on")))

    def access_breakdown(self) -> list[tuple[str, str, int]]:
        """``(access level, label, model count)`` for every Epoch AI level, most open first,
        zeros kept; then models whose access is not known, only when there are any."""
        counts = dict(self.order_by().values_list("access").annotate(n=Count("pk")))
        levels = [level for level in AccessLevel if level != AccessLevel.UNKNOWN]
        if counts.get(AccessLevel.UNKNOWN):
            levels.append(AccessLevel.UNKNOWN)
        return [(level.value, level.label, counts.get(level.value, 0)) for level in levels]

    def license_category_breakdown(self) -> list[tuple[str, str, int]]:
        """``(license category, label, model count)`` per category; ``""`` counts models with
        no license recorded (listed last, only when there are any)."""
        counts = dict(self.order_by().values_list("license__category").annotate(n=Count("pk")))
        rows = [(cat.value, cat.label, counts.get(cat.value, 0)) for cat in LicenseCategory]
        if counts.get(None):
            rows.append(("", "No license recorded", counts[None]))
        return rows

    def open_release_timeline(self) -> list[tuple[int, int, str, int]]:
        """Open-weights models per quarter their weights became public and per country of the
        maker: ``(year, quarter, country code, count)`` in date order."""
        # One expression of open_since (its subquery then runs once per model, where a
        # year, a quarter and an IS NOT NULL filter each ran it again); models with no
        # known date form the None group, dropped here.
        rows = (
            self.open_weights()
            .with_open_since()
            .annotate(period=TruncQuarter("open_since"))
            .order_by()
            .values_list("period", "company__country")
            .annotate(n=Count("pk"))
        )
        counts = [
            (period.year, (period.month - 1) // 3 + 1, country, n)
            for period, country, n in rows
            if period is not None
        ]
        return sorted(counts)


class AIModel(TimelineMixin, RegistryModel):
    """A released (or announced) AI model or model family."""

    name = models.CharField(max_length=200)
    # No single-column index: the (company, ...) and (license, ...) indexes in Meta serve
    # these foreign keys' lookups too.
    company = models.ForeignKey(
        "Company", on_delete=models.PROTECT, related_name="models", db_index=False
    )
    license = models.ForeignKey(
        "License",
        on_delete=models.PROTECT,
        related_name="models",
        db_index=False,
        null=True,
        blank=True,
        help_text="The current license of the weights; empty when unknown.",
    )
    base_model = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        related_name="derivatives",
        null=True,
        blank=True,
        help_text="The model this one was fine-tuned or distilled from.",
    )
    modality = models.CharField(max_length=12, choices=Modality.choices)
    kind = models.CharField(max_length=12, choices=ModelKind.choices)
    released_on = models.DateField(null=True, blank=True)
    released_on_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    parameters = models.PositiveBigIntegerField("total parameters", null=True, blank=True)
    active_parameters = models.PositiveBigIntegerField(
        null=True, blank=True, help_text="Parameters active per token (mixture of experts)."
    )
    access = models.CharField("access level", max_length=20, choices=AccessLevel.choices)
    # A copy of the assessment's score (registry/models/openness.py writes it), so lists can
    # sort by openness through an index on this table: a sort across the join walked every
    # model (1.6 s a page at a million models). Never edited; NULL when not assessed.
    openness_score = models.PositiveSmallIntegerField(
        "openness score (%)", null=True, blank=True, editable=False
    )
    homepage_url = models.URLField("homepage URL", blank=True)
    repository_url = models.URLField("repository URL", blank=True)
    weights_url = models.URLField("weights URL", blank=True)
    description = models.TextField(blank=True, max_length=DESCRIPTION_MAX_LENGTH)

    objects = SlugManager.from_queryset(AIModelQuerySet)()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "AI model"
        ordering = ["name"]
        # Each list order has an index ending in the id tie-breaker, alone and after the
        # company and license filters, so a keyset page is an index range scan with a LIMIT
        # (read backwards for descending orders). Trigram indexes for search exist on
        # PostgreSQL only: migration 0008.
        indexes = [
            models.Index(fields=["company", "name", "id"], name="aimodel_company_name_id"),
            models.Index(fields=["license", "name", "id"], name="aimodel_license_name_id"),
            models.Index(fields=["released_on", "id"], name="aimodel_released_id"),
            models.Index(
                fields=["company", "released_on", "id"], name="aimodel_company_released_id"
            ),
            models.Index(
                fields=["license", "released_on", "id"], name="aimodel_license_released_id"
            ),
            # The API's keyset pagination reads pages as (column, id) ranges in these orders.
            models.Index(fields=["name", "id"], name="aimodel_name_id_idx"),
            models.Index(fields=["parameters", "id"], name="aimodel_parameters_id_idx"),
            models.Index(fields=["openness_score", "id"], name="aimodel_openness_id"),
            # A company's models with open weights (its page's count, the companies list's
            # filter) counted from the index alone, not from the rows of all its models.
            models.Index(fields=["company", "access"], name="aimodel_company_access"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(parameters__isnull=True) | Q(parameters__gt=0),
                name="aimodel_parameters_positive",
                violation_error_message="Total parameters must be positive.",
            ),
            models.CheckConstraint(
                condition=Q(active_parameters__isnull=True) | Q(active_parameters__gt=0),
                name="aimodel_active_parameters_positive",
                violation_error_message="Active parameters must be positive.",
            ),
            models.CheckConstraint(
                condition=Q(active_parameters__isnull=True)
                | Q(parameters__isnull=False, active_parameters__lte=F("parameters")),
                name="aimodel_active_lte_total",
                violation_error_message="Active parameters cannot exceed total parameters.",
            ),
            models.CheckConstraint(
                condition=precision_matches_date("released_on", "released_on_precision"),
                name="aimodel_release_precision_matches",
                violation_error_message="The release date does not match its precision.",
            ),
            models.CheckConstraint(
                condition=Q(base_model__isnull=True) | ~Q(base_model=F("pk")),
                name="aimodel_not_own_base",
                violation_error_message="A model cannot be its own base model.",
            ),
            # Lets release events reference (model, company) pairs: see ReleaseEvent.
            models.UniqueConstraint(fields=["id", "company"], name="aimodel_id_company_unique"),
        ]

    def get_absolute_url(self):
        return reverse("registry:aimodel-detail", args=[self.slug])

    def save(self, *args, **kwargs):
        """Save, leaving ``openness_score`` to the assessment that owns it: an editor's form
        or an API write read the model before an assessment changed would otherwise write
        the score it read back over the new one (Django's UPDATE sets every column)."""
        if not self._state.adding and kwargs.get("update_fields") is None:
            deferred = self.get_deferred_fields()
            kwargs["update_fields"] = [
                field.attname
                for field in self._meta.concrete_fields
                if not field.primary_key
                and field.attname not in deferred
                and field.attname != "openness_score"
            ]
        super().save(*args, **kwargs)

    @property
    def released(self) -> str:
        return format_precise_date(self.released_on, self.released_on_precision)

    @property
    def has_open_weights(self) -> bool:
        return self.access in OPEN_WEIGHT_ACCESS

    def cited(self):
        """The model's citations with their sources: the rows attached by
        ``attach_history_and_citations()``, else the (prefetched or queried) citations."""
        rows = self.__dict__.get("citation_rows")
        return rows if rows is not None else self.citations.all()

    def clean(self):
        super().clean()
        try:
            validate_precision(self.released_on, self.released_on_precision)
        except ValidationError as error:
            raise ValidationError({"released_on": error.messages}) from None
        # Walk up the lineage so a cycle (A -> B -> A) is refused, not only A -> A.
        seen, parent = {self.pk}, self.base_model
        while parent is not None:
            if parent.pk in seen:
                raise ValidationError({"base_model": "This base model would create a cycle."})
            seen.add(parent.pk)
            parent = parent.base_model
