"""Pieces shared by every registry model: timestamps, slugs as natural keys, dated facts."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils import timezone

# Longest description a form or the API accepts: several paragraphs, not a 2 MB body.
DESCRIPTION_MAX_LENGTH = 5000


def count_per_row(queryset, outer_field: str):
    """The number of ``queryset`` rows whose ``outer_field`` is the outer row, as a correlated
    subquery (0 when none). Unlike ``Count()`` over a join, which groups every joined row
    before a list is paginated (a second at a million models), it is computed only for the
    rows the outer query returns, each an index-only count."""
    counted = (
        queryset.filter(**{outer_field: models.OuterRef("pk")})
        .order_by()
        .values(outer_field)
        .annotate(n=models.Count("*"))
        .values("n")
    )
    return Coalesce(models.Subquery(counted), 0)


def with_companies_for_a_sorted_page(queryset, *related: str):
    """``select_related("company", *related)``, except that on SQLite the company is read by
    a second query (``prefetch_related``) instead of joined.

    A list page sorted in an order no index gives whole (date then title; a date descending
    then the id) is the first rows of a sort. Joined to the small companies table, SQLite
    with planner statistics (registry/sqlite_stats.py) starts from the companies, reads
    every row through the company index and sorts them all: at 100,000 models `/releases/`
    took 3.7 s and `/models/?ordering=-released_on` 0.44 s. From the rows alone it walks
    the date index and sorts only the ties (31 and 16 ms). PostgreSQL plans the join well,
    and there the pages keep their one query less.
    """
    from django.db import connections

    if connections[queryset.db].vendor == "sqlite":
        return queryset.select_related(*related).prefetch_related("company")
    return queryset.select_related("company", *related)


def named_like(relation: str, related_model, text: str, limit: int) -> Q:
    """Rows whose ``relation`` points at a ``related_model`` row whose name contains ``text``
    (case-insensitive), for the searches.

    The matching rows are looked up first (one small query through the name's trigram index)
    and their ids put in the condition as values: PostgreSQL then estimates the branch from
    its statistics and combines one index scan per branch of the search, where a join left
    it guessing and, at a million rows, walking whole tables. Past ``limit`` matches the join
    is the smaller query."""
    matches = related_model.objects.filter(name__icontains=text).order_by()
    ids = list(matches.values_list("pk", flat=True)[: limit + 1])
    if len(ids) > limit:
        return Q(**{f"{relation}__name__icontains": text})
    return Q(**{f"{relation}__in": ids})


class SlugManager(models.Manager):
    """Looks rows up by slug, the natural key used by fixtures, URLs and the API."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class RegistryModel(models.Model):
    """Abstract base: a unique slug and created/updated timestamps."""

    slug = models.SlugField(max_length=120, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def __str__(self):
        return getattr(self, "name", None) or getattr(self, "title", None) or self.slug

    def natural_key(self):
        return (self.slug,)


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


def precision_matches_date(date_field: str, precision_field: str) -> Q:
    """A date known to the month is stored as its first day, a year as 1 January.

    Holding the date in one DateField keeps ordering and range filters plain SQL; this
    condition makes sure the stored day/month are not invented precision. It compares the
    ISO text of the date (``LIKE '%-01'``) rather than extracting the day, because SQLite
    would need a Django-only SQL function inside the CHECK, breaking other clients.
    """
    return (
        Q(**{f"{date_field}__isnull": True})
        | Q(**{precision_field: DatePrecision.DAY})
        | Q(**{precision_field: DatePrecision.MONTH, f"{date_field}__endswith": "-01"})
        | Q(**{precision_field: DatePrecision.YEAR, f"{date_field}__endswith": "-01-01"})
    )


def validate_precision(value, precision) -> None:
    """Form-level twin of ``precision_matches_date``: a clear message before the database's."""
    if value is None:
        return
    if precision == DatePrecision.MONTH and value.day != 1:
        raise ValidationError("A date known to the month must be the first day of that month.")
    if precision == DatePrecision.YEAR and (value.day, value.month) != (1, 1):
        raise ValidationError("A date known to the year must be 1 January of that year.")


def format_precise_date(value, precision) -> str:
    """``2025-03-16``, ``2025-03`` or ``2025`` depending on how precisely the date is known."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{value:%Y}"
    if precision == DatePrecision.MONTH:
        return f"{value:%Y-%m}"
    return value.isoformat()


@receiver(pre_save, dispatch_uid="registry.base.stamp_raw_save_timestamps")
def stamp_raw_save_timestamps(sender, instance, raw=False, using=None, **kwargs):
    """Fill ``auto_now``/``auto_now_add`` timestamps on raw saves of registry rows.

    ``loaddata`` saves with ``raw=True``, and raw saves skip ``Field.pre_save()``, so
    ``created_at``/``updated_at`` would be inserted as NULL and the fixtures could not load
    without hard-coded timestamps. A row that already exists (a fixture loaded again, matched
    by its natural key) keeps its original ``created_at``; timestamps present in the data
    (a natural-key backup being restored) are kept as they are.
    """
    if not raw or sender._meta.app_label != "registry":
        return
    now = timezone.now()
    for field in sender._meta.concrete_fields:
        if getattr(field, "auto_now", False):
            # A restored backup carries its timestamps: keep them, fill only what is missing.
            if getattr(instance, field.attname) is None:
                setattr(instance, field.attname, now)
        elif getattr(field, "auto_now_add", False) and getattr(instance, field.attname) is None:
            existing = None
            if instance.pk is not None:
                existing = (
                    sender._base_manager.using(using)
                    .filter(pk=instance.pk)
                    .values_list(field.attname, flat=True)
                    .first()
                )
            setattr(instance, field.attname, existing or now)
