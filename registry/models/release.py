from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from .aimodel import AccessLevel, AIModel
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


class EventKind(models.TextChoices):
    RELEASE = "release", "Release"
    OPEN_SOURCING = "open-sourcing", "Open-sourcing"
    LICENSE_CHANGE = "license-change", "License change"
    ANNOUNCEMENT = "announcement", "Announcement"
    PLAN = "plan", "Plan"
    PRICING_CHANGE = "pricing-change", "Pricing change"
    PROGRAM = "program", "Program"
    INVESTMENT = "investment", "Investment"


class EventStatus(models.TextChoices):
    HAPPENED = "happened", "Happened"
    PLANNED = "planned", "Planned"


# Past this many matching companies (or models), search joins instead of listing their ids.
MAX_NAME_MATCHES = 1000


class ReleaseEventQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related("company", "model", "license", "partner")

    def for_list_page(self):
        """``with_related()`` for the releases page, sorted by date then title
        (``with_companies_for_a_sorted_page()``)."""
        return with_companies_for_a_sorted_page(self, "model", "license", "partner")

    def happened(self):
        return self.filter(status=EventStatus.HAPPENED)

    def search(self, text: str):
        """Case-insensitive match on the title, the description, the company's name or the
        model's name.

        The company and model branches are lists of ids looked up first (``named_like()``),
        so PostgreSQL combines one index scan per branch (trigram indexes on title and
        description, migration 0009) instead of joining every event to its company and
        model to test the names: 47 s for a rare word among three million events.
        """
        from .company import Company

        return self.filter(
            Q(title__icontains=text)
            | Q(description__icontains=text)
            | named_like("company", Company, text, MAX_NAME_MATCHES)
            | named_like("model", AIModel, text, MAX_NAME_MATCHES)
        )

    def latest_first(self):
        return self.order_by("-date", "-id")

    def with_citations(self):
        """Prefetch citations with their sources (one extra query)."""
        from .source import ReleaseEventCitation

        return self.prefetch_related(
            models.Prefetch(
                "citations", queryset=ReleaseEventCitation.objects.select_related("source")
            )
        )


class ReleaseEvent(RegistryModel):
    """Something dated that happened (or is planned) to a company or one of its models."""

    company = models.ForeignKey("Company", on_delete=models.PROTECT, related_name="events")
    model = models.ForeignKey(
        "AIModel",
        on_delete=models.PROTECT,
        related_name="events",
        null=True,
        blank=True,
        help_text="Empty when the event is about the company as a whole.",
    )
    partner = models.ForeignKey(
        "Company",
        on_delete=models.PROTECT,
        related_name="partner_events",
        null=True,
        blank=True,
        help_text="Another company involved, e.g. the investor in an investment.",
    )
    date = models.DateField()
    date_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    kind = models.CharField(max_length=16, choices=EventKind.choices)
    status = models.CharField(
        max_length=10, choices=EventStatus.choices, default=EventStatus.HAPPENED
    )
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True, max_length=DESCRIPTION_MAX_LENGTH)
    license = models.ForeignKey(
        "License",
        on_delete=models.PROTECT,
        related_name="events",
        null=True,
        blank=True,
        help_text="The model's license after this event, where the event changes it.",
    )
    # Nullable (NULL: the event leaves access as it was) so SQLite can add the column in
    # place: rebuilding this table would trip the triggers migration 0002 put on it.
    access = models.CharField(  # noqa: DJ001
        "access level after",
        max_length=20,
        choices=AccessLevel.choices,
        null=True,
        blank=True,
        help_text="The model's access level after this event, where the event changes it.",
    )

    objects = SlugManager.from_queryset(ReleaseEventQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "title"]
        # Each ends in the id the API's keyset pagination breaks ties with; "newest first"
        # (-date, -id) reads them backwards. PostgreSQL also gets trigram indexes for search
        # and one for the pages' default order (migration 0009).
        indexes = [
            models.Index(fields=["date", "id"], name="releaseevent_date_id"),
            models.Index(fields=["company", "date", "id"], name="releaseevent_company_date_id"),
            models.Index(fields=["model", "date", "id"], name="releaseevent_model_date_id"),
            models.Index(fields=["title", "id"], name="releaseevent_title_id"),
            # The front page's latest events that happened (planned ones sort first by date).
            models.Index(fields=["status", "date", "id"], name="releaseevent_status_date_id"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=precision_matches_date("date", "date_precision"),
                name="releaseevent_precision_matches",
                violation_error_message="The event date does not match its precision.",
            ),
            models.CheckConstraint(
                condition=Q(partner__isnull=True) | ~Q(partner=models.F("company")),
                name="releaseevent_partner_not_company",
                violation_error_message="The partner must be another company.",
            ),
            # "The event's model belongs to the event's company" spans two tables, so it is
            # enforced by a composite foreign key (PostgreSQL) or triggers (SQLite) added in
            # migration 0002; clean() gives the same rule a readable form error.
        ]

    def get_absolute_url(self):
        return reverse("registry:releaseevent-list") + f"#{self.slug}"

    @property
    def when(self) -> str:
        return format_precise_date(self.date, self.date_precision)

    def clean(self):
        super().clean()
        errors = {}
        try:
            validate_precision(self.date, self.date_precision)
        except ValidationError as error:
            errors["date"] = error.messages
        if self.model_id and self.company_id and self.model.company_id != self.company_id:
            errors["model"] = f"{self.model} is made by {self.model.company}, not this company."
        if errors:
            raise ValidationError(errors)
