from django.db import models
from django.db.models import OuterRef, Q
from django.urls import reverse
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from .base import DESCRIPTION_MAX_LENGTH, RegistryModel, SlugManager, count_per_row


class CompanyQuerySet(models.QuerySet):
    def with_model_counts(self):
        """Annotate ``model_count`` so lists never count per row."""
        from .aimodel import AIModel

        return self.annotate(model_count=count_per_row(AIModel.objects.all(), "company"))

    def with_open_models(self, present: bool = True):
        """Companies that have (or, with ``present=False``, lack) an open-weights model."""
        from .aimodel import AIModel

        has_open = models.Exists(AIModel.objects.open_weights().filter(company=OuterRef("pk")))
        return self.filter(has_open if present else ~has_open)

    def search(self, text: str):
        return self.filter(Q(name__icontains=text) | Q(description__icontains=text))

    def with_open_model_counts(self):
        """Annotate ``model_count`` and ``open_model_count`` (models with open weights)."""
        from .aimodel import AIModel

        return self.with_model_counts().annotate(
            open_model_count=count_per_row(AIModel.objects.open_weights(), "company")
        )

    def with_citations(self):
        """Prefetch citations with their sources (one extra query)."""
        from .source import CompanyCitation

        return self.prefetch_related(
            models.Prefetch("citations", queryset=CompanyCitation.objects.select_related("source"))
        )


class Company(RegistryModel):
    """An organisation that makes, releases or funds AI models."""

    name = models.CharField(max_length=200, unique=True)
    country = CountryField(
        blank=True,
        help_text="ISO 3166-1 alpha-2 code of the headquarters' country; blank when no source "
        "states it.",
    )
    headquarters = models.CharField("headquarters city", max_length=120, blank=True)
    website = models.URLField(blank=True)
    description = models.TextField(blank=True, max_length=DESCRIPTION_MAX_LENGTH)

    objects = SlugManager.from_queryset(CompanyQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "companies"
        indexes = [models.Index(fields=["country", "name"])]

    def get_absolute_url(self):
        return reverse("registry:company-detail", args=[self.slug])
