"""A model's license and access level over time, and the claims its sources disagree on.

Mixed into AIModel and its QuerySet so they read ``model.license_history()`` and
``AIModel.objects.with_license_history()`` without growing aimodel.py.
"""

import datetime
import functools
from dataclasses import dataclass, replace

from django.db.models import Prefetch, Q

from ..openness import Component, Dimension

LICENSE_EVENT_KINDS = ["release", "open-sourcing", "license-change"]


@dataclass(frozen=True)
class LicensePeriod:
    """From ``start`` (inclusive) to ``end`` (exclusive; None while current)."""

    license: object  # License or None
    access: str  # AccessLevel value, "" when unknown
    start: datetime.date | None
    end: datetime.date | None
    event: object = None  # the ReleaseEvent that opened the period, if any

    def covers(self, day: datetime.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)

    @property
    def access_label(self) -> str:
        from .aimodel import AccessLevel

        return AccessLevel(self.access).label if self.access else ""


@dataclass
class ClaimValue:
    value: str
    citations: list


@dataclass
class Claim:
    claim: str
    values: list  # ClaimValue, in the order the sources were first seen

    @property
    def label(self) -> str:
        return claim_words(self.claim).capitalize()

    @property
    def disputed(self) -> bool:
        return len(self.values) > 1


def claim_words(claim: str) -> str:
    """A citation's claim in words: a field (``released_on``), an Open Source AI Index
    dimension (``dimension:preprint``) or a Model Openness Framework component."""
    kind, _, name = claim.partition(":")
    if kind == "dimension" and name in Dimension.values:
        return f"{Dimension(name).label} (Open Source AI Index dimension)"
    if kind == "component" and name in Component.values:
        return f"{Component(name).label} (Model Openness Framework component)"
    return claim.replace("_", " ")


def license_events_queryset():
    from .release import EventStatus, ReleaseEvent

    return (
        ReleaseEvent.objects.filter(kind__in=LICENSE_EVENT_KINDS, status=EventStatus.HAPPENED)
        .filter(Q(license__isnull=False) | (Q(access__isnull=False) & ~Q(access="")))
        .select_related("license")
        .order_by("date", "id")
    )


@dataclass(frozen=True, slots=True)
class LicenseRef:
    """The license fields a license history shows."""

    slug: str
    name: str
    spdx_id: str


@dataclass(frozen=True, slots=True)
class LicenseEventRow:
    """What ``license_history()`` and Last-Modified read of an event, without a model instance."""

    date: datetime.date
    access: str | None
    license_id: int | None
    license: LicenseRef | None
    updated_at: datetime.datetime


@functools.cache
def license_event_columns():
    """``license_events_queryset()`` as the columns ``license_event_rows()`` reads.

    Built once per process: a QuerySet is never changed by filtering it (``filter()`` returns
    a copy), and copying it costs a fifth of building it again, on every API page.
    """
    return license_events_queryset().values_list(
        "model_id",
        "date",
        "access",
        "license_id",
        "updated_at",
        "license__slug",
        "license__name",
        "license__spdx_id",
    )


def license_event_rows(model_ids) -> dict[int, list[LicenseEventRow]]:
    """The license-setting events of these models (one query), by model id, oldest first."""
    licenses: dict[int, LicenseRef] = {}
    found: dict[int, list[LicenseEventRow]] = {}
    for model_id, date, access, license_id, updated_at, *ref in license_event_columns().filter(
        model_id__in=model_ids
    ):
        license = None
        if license_id is not None:
            license = licenses.get(license_id) or licenses.setdefault(license_id, LicenseRef(*ref))
        row = LicenseEventRow(date, access, license_id, license, updated_at)
        found.setdefault(model_id, []).append(row)
    return found


class TimelineQuerySetMixin:
    def with_license_history(self):
        """Prefetch the events that set a license or access level (one query for the list)."""
        return self.prefetch_related(
            Prefetch("events", queryset=license_events_queryset(), to_attr="license_events")
        )

    def with_claims(self):
        """Prefetch the citations (with their sources) that ``conflicting_claims`` reads."""
        from .source import AIModelCitation

        return self.prefetch_related(
            Prefetch(
                "citations",
                queryset=AIModelCitation.objects.select_related("source").order_by(
                    "claim", "source__published_on", "source__title"
                ),
                to_attr="claim_citations",
            )
        )


class TimelineMixin:
    def _license_events(self):
        if hasattr(self, "license_events"):
            return self.license_events
        return list(license_events_queryset().filter(model=self))

    def license_history(self) -> list[LicensePeriod]:
        """The model's license and access level as release, open-sourcing and license-change
        events moved them, oldest first. Without such events, one period: the current
        license and access from the release date."""
        events = self._license_events()
        if not events:
            if self.license_id is None and not self.access:
                return []
            return [LicensePeriod(self.license, self.access, self.released_on, None)]
        periods = []
        license, access = None, ""
        for event in events:
            license = event.license if event.license_id else license
            access = event.access or access
            if periods and periods[-1].start == event.date:
                periods.pop()  # two events on one day: the later one wins
            elif periods:
                periods[-1] = replace(periods[-1], end=event.date)
            periods.append(LicensePeriod(license, access, event.date, None, event))
        return periods

    def license_on(self, day: datetime.date) -> LicensePeriod | None:
        """The period in force on ``day``; None before the first event."""
        return next((p for p in self.license_history() if p.covers(day)), None)

    def conflicting_claims(self, disputed_only: bool = False) -> list[Claim]:
        """Per claim (``license``, ``released_on``...), the distinct values the sources give,
        each with its citations. A claim with more than one value is disputed."""
        citations = getattr(self, "claim_citations", None)
        if citations is None:
            citations = self.citations.select_related("source").order_by(
                "claim", "source__published_on", "source__title"
            )
        claims: dict[str, dict[str, ClaimValue]] = {}
        for citation in citations:
            if not citation.claim or not citation.value.strip():
                continue
            values = claims.setdefault(citation.claim, {})
            # "MIT" and "mit " are the same answer; different wording is a disagreement.
            key = " ".join(citation.value.split()).casefold()
            values.setdefault(key, ClaimValue(citation.value.strip(), [])).citations.append(
                citation
            )
        result = [Claim(claim, list(values.values())) for claim, values in claims.items()]
        return [c for c in result if c.disputed] if disputed_only else result
