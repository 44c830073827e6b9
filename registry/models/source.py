"""Where facts come from: sources and the sentences quoted from them."""

import datetime
import functools
from dataclasses import dataclass

from django.db import models
from simple_history.models import HistoricalRecords

from .base import RegistryModel, SlugManager

# What a citation keeps of the value its source states (a longer one is cut, with "…").
CITATION_VALUE_MAX_LENGTH = 300


class SourceKind(models.TextChoices):
    ARTICLE = "article", "News article"
    PRIMARY = "primary", "Primary source (repository, license, official page)"
    DATABASE = "database", "Database or index"


class Dataset(models.TextChoices):
    """The public openness datasets the importers read (registry/imports/)."""

    OSAI = "osai", "European Open Source AI Index"
    MOT = "mot", "LF AI & Data Model Openness Tool"


class Source(RegistryModel):
    """Where facts come from. A record of an imported dataset is a source of its own: its URL
    is the record at the dataset's commit, ``published_on`` that commit's date."""

    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=500, unique=True)
    published_on = models.DateField(null=True, blank=True)
    kind = models.CharField(max_length=10, choices=SourceKind.choices)
    dataset = models.CharField(max_length=8, choices=Dataset.choices, blank=True)
    dataset_path = models.CharField(
        "file in the dataset", max_length=300, blank=True, help_text="e.g. models/BLOOM.yml"
    )
    dataset_commit = models.CharField(max_length=40, blank=True)
    imported_on = models.DateField(null=True, blank=True)

    objects = SlugManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]


class CitationManager(models.Manager):
    def get_by_natural_key(self, subject_slug, source_slug, claim):
        return self.get(
            **{f"{self.model.subject_field}__slug": subject_slug},
            source__slug=source_slug,
            claim=claim,
        )


class Review(models.TextChoices):
    """Where an imported claim that disagrees with the registry's current value stands."""

    NONE = "", "Nothing to review"
    PENDING = "pending", "To review"
    ACCEPTED = "accepted", "Accepted"
    DISMISSED = "dismissed", "Dismissed"


class Citation(models.Model):
    """A source backing a fact, with the sentence quoted from it.

    ``claim`` names the fact the quote supports (``license``, ``released_on``...); blank means
    the row as a whole. ``value`` records what the source says when it could differ from
    another source's, so disagreements are kept instead of silently resolved. ``review`` is
    set by the importers when the value differs from the registry's current one.
    """

    subject_field = ""  # the ForeignKey to the cited row, set by each subclass

    source = models.ForeignKey(Source, on_delete=models.PROTECT)
    claim = models.CharField(max_length=40, blank=True)
    value = models.CharField(max_length=CITATION_VALUE_MAX_LENGTH, blank=True)
    quote = models.TextField(help_text="The sentence, word for word, that supports the fact.")
    review = models.CharField(max_length=10, choices=Review.choices, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CitationManager()
    # Each concrete citation table gets its own history table: quotes are edited too.
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
        ordering = ["source__title", "claim"]

    def __str__(self):
        return f"{self.source}: {self.quote[:60]}"

    def natural_key(self):
        return (getattr(self, self.subject_field).slug, self.source.slug, self.claim)

    natural_key.dependencies = ["registry.source"]


class CompanyCitation(Citation):
    subject_field = "company"
    company = models.ForeignKey("Company", on_delete=models.CASCADE, related_name="citations")

    class Meta(Citation.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["company", "source", "claim"], name="companycitation_unique"
            )
        ]


class LicenseCitation(Citation):
    subject_field = "license"
    license = models.ForeignKey("License", on_delete=models.CASCADE, related_name="citations")

    class Meta(Citation.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["license", "source", "claim"], name="licensecitation_unique"
            )
        ]


class AIModelCitation(Citation):
    subject_field = "model"
    model = models.ForeignKey("AIModel", on_delete=models.CASCADE, related_name="citations")

    class Meta(Citation.Meta):
        verbose_name = "AI model citation"
        constraints = [
            models.UniqueConstraint(
                fields=["model", "source", "claim"], name="aimodelcitation_unique"
            )
        ]


class ReleaseEventCitation(Citation):
    subject_field = "event"
    event = models.ForeignKey("ReleaseEvent", on_delete=models.CASCADE, related_name="citations")

    class Meta(Citation.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["event", "source", "claim"], name="releaseeventcitation_unique"
            )
        ]


@dataclass(frozen=True, slots=True)
class SourceRow:
    title: str
    url: str
    publisher: str
    published_on: datetime.date | None
    updated_at: datetime.datetime


@dataclass(frozen=True, slots=True)
class CitationRow:
    """What the API shows of a citation and its source, without model instances."""

    source: SourceRow
    claim: str
    value: str
    quote: str
    updated_at: datetime.datetime


@functools.cache
def citation_columns(citation_model):
    """The columns ``citation_rows()`` reads, as a QuerySet built once per process (filtering
    returns a copy and leaves it unchanged)."""
    return citation_model.objects.values_list(
        f"{citation_model.subject_field}_id",
        "claim",
        "value",
        "quote",
        "updated_at",
        "source__title",
        "source__url",
        "source__publisher",
        "source__published_on",
        "source__updated_at",
    )


def citation_rows(citation_model, subject_ids) -> dict[int, list[CitationRow]]:
    """The citations of these rows with their sources (one query), by cited row id, in the
    citations' order (source title, claim)."""
    subject = f"{citation_model.subject_field}_id"
    rows = citation_columns(citation_model).filter(**{f"{subject}__in": subject_ids})
    sources: dict[str, SourceRow] = {}
    found: dict[int, list[CitationRow]] = {}
    for subject_id, claim, value, quote, updated_at, *source in rows:
        url = source[1]  # unique: sources cited several times on a page are built once
        shared = sources.get(url) or sources.setdefault(url, SourceRow(*source))
        row = CitationRow(shared, claim, value, quote, updated_at)
        found.setdefault(subject_id, []).append(row)
    return found
