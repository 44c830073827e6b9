"""Corrections proposed by readers, each with its source, waiting for an editor's answer.

A suggestion names one fact of one row (``field``, from an allow-list of public fields per
kind of row) or a model missing from a company, the new value, the source URL and the
sentence quoted from it. Nothing public changes until an editor accepts it
(``registry/suggestions.py`` applies it); the rules that check it are the editors' own.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, URLValidator
from django.db import models
from django.db.models import Prefetch, Q
from simple_history.models import HistoricalRecords

from .base import DESCRIPTION_MAX_LENGTH

MISSING_MODEL = "missing-model"
# Longest text a reader may send in each field: enough for a description, never a 2 MB body.
VALUE_MAX_LENGTH = DESCRIPTION_MAX_LENGTH
QUOTE_MAX_LENGTH = 2000
REASON_MAX_LENGTH = 1000

# The public facts a reader may correct, per kind of row: never a slug, a timestamp, a
# computed field (osi_approved, openness_score) or anything outside the registry's data.
EDITABLE_FIELDS = {
    "model": (
        "name",
        "license",
        "released_on",
        "parameters",
        "active_parameters",
        "access",
        "modality",
        "kind",
        "homepage_url",
        "repository_url",
        "weights_url",
        "description",
    ),
    "company": ("name", "country", "headquarters", "website", "description", MISSING_MODEL),
    "license": (
        "name",
        "url",
        "category",
        "commercial_use",
        "mau_limit",
        "attribution_required",
        "acceptable_use_policy_url",
        "description",
    ),
    "event": ("title", "date", "kind", "status", "description"),
}
SUBJECTS = tuple(EDITABLE_FIELDS)
# The URL segment of each subject (the pages' and the API's collection names).
COLLECTIONS = {
    "model": "models",
    "company": "companies",
    "license": "licenses",
    "event": "releases",
}


class SuggestionStatus(models.TextChoices):
    PENDING = "pending", "Waiting for review"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


def validate_http_url(value: str) -> None:
    """Only http and https: a ``javascript:`` or ``file:`` URL is never stored, let alone linked."""
    URLValidator(schemes=["http", "https"])(value)


class SuggestionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=SuggestionStatus.PENDING)

    def accepted(self):
        return self.filter(status=SuggestionStatus.ACCEPTED)

    def with_subjects(self):
        """The row each suggestion is about (and what its current value shows: a model's
        license, an event's company), with the author, in the same query."""
        return self.select_related(
            "model__license", "model__company", "company", "license", "event__company", "author"
        )

    def for_review(self):
        """``with_subjects()`` plus each subject's citations with their sources: one query per
        kind of subject, however many suggestions (the review queue)."""
        from .source import AIModelCitation, CompanyCitation, LicenseCitation, ReleaseEventCitation

        def cited(path, citation_model):
            citations = citation_model.objects.select_related("source")
            return Prefetch(f"{path}__citations", queryset=citations)

        return self.with_subjects().prefetch_related(
            cited("model", AIModelCitation),
            cited("company", CompanyCitation),
            cited("license", LicenseCitation),
            cited("event", ReleaseEventCitation),
        )

    def of_user(self, user):
        return self.filter(author=user) if user.is_authenticated else self.none()


class Suggestion(models.Model):
    """A reader's proposed change to one fact, with the source backing it."""

    # One of the four, exactly (a check constraint): explicit foreign keys rather than a
    # generic relation, so the subject joins, cascades and is checked like any other row.
    model = models.ForeignKey(
        "AIModel", on_delete=models.CASCADE, null=True, blank=True, related_name="suggestions"
    )
    company = models.ForeignKey(
        "Company", on_delete=models.CASCADE, null=True, blank=True, related_name="suggestions"
    )
    license = models.ForeignKey(
        "License", on_delete=models.CASCADE, null=True, blank=True, related_name="suggestions"
    )
    event = models.ForeignKey(
        "ReleaseEvent", on_delete=models.CASCADE, null=True, blank=True, related_name="suggestions"
    )
    field = models.CharField(max_length=40)
    # TextField's max_length binds forms only: the validators hold the API and full_clean() too.
    value = models.TextField(
        max_length=VALUE_MAX_LENGTH, validators=[MaxLengthValidator(VALUE_MAX_LENGTH)]
    )
    source_url = models.URLField("source URL", max_length=500, validators=[validate_http_url])
    quote = models.TextField(
        max_length=QUOTE_MAX_LENGTH,
        validators=[MaxLengthValidator(QUOTE_MAX_LENGTH)],
        help_text="The sentence from the source that states the value.",
    )
    # Optional, for the editors' questions only: never shown on a page, the feed or the API.
    email = models.EmailField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggestions",
    )
    # A keyed hash of the sender's address (registry/suggestions.py): enough to see that
    # many suggestions came from one place, without keeping the address itself.
    client = models.CharField(max_length=64, blank=True, editable=False)
    # The field's value when the suggestion was made: accepting it after the field changed
    # asks the editor to confirm, so a newer edit is never overwritten unseen.
    base_value = models.TextField(blank=True, editable=False)
    status = models.CharField(
        max_length=10, choices=SuggestionStatus.choices, default=SuggestionStatus.PENDING
    )
    reason = models.TextField(
        "reason for rejecting",
        blank=True,
        max_length=REASON_MAX_LENGTH,
        validators=[MaxLengthValidator(REASON_MAX_LENGTH)],
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    reviewed_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SuggestionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["email", "client"])

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "created_at", "id"], name="suggestion_queue")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(model__isnull=False, company=None, license=None, event=None)
                    | Q(model=None, company__isnull=False, license=None, event=None)
                    | Q(model=None, company=None, license__isnull=False, event=None)
                    | Q(model=None, company=None, license=None, event__isnull=False)
                ),
                name="suggestion_one_subject",
                violation_error_message="A suggestion is about exactly one row.",
            ),
        ]

    def __str__(self):
        return f"{self.subject}: {self.field}"

    @property
    def subject_kind(self) -> str:
        return next((kind for kind in SUBJECTS if getattr(self, f"{kind}_id")), "")

    @property
    def subject(self):
        kind = self.subject_kind
        return getattr(self, kind) if kind else None

    @subject.setter
    def subject(self, row):
        from . import AIModel, Company, License, ReleaseEvent

        kinds = {AIModel: "model", Company: "company", License: "license", ReleaseEvent: "event"}
        for kind in SUBJECTS:
            setattr(self, kind, None)
        setattr(self, kinds[type(row)], row)

    @property
    def collection(self) -> str:
        """The subject's collection in URLs: models, companies, licenses or releases."""
        return COLLECTIONS[self.subject_kind]

    @property
    def subject_slug(self) -> str:
        return self.subject.slug

    @property
    def is_pending(self) -> bool:
        return self.status == SuggestionStatus.PENDING

    def field_label(self) -> str:
        from ..suggestions import field_label

        return field_label(self.subject_kind, self.field)

    def clean(self):
        """The change checked as an editor's would be (registry/suggestions.py)."""
        from ..suggestions import check

        super().clean()
        if self.subject is None:
            raise ValidationError("A suggestion is about exactly one row.")
        if self.field and self.value:  # else their own fields already report them missing
            check(self)
