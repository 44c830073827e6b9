from django.db import models
from django.urls import reverse
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from .base import RegistryModel, SlugManager


class CompanyQuerySet(models.QuerySet):
    def with_model_counts(self):
        """Annotate ``model_count`` so lists never count per row."""
        return self.annotate(model_count=models.Count("models", distinct=True))


class Company(RegistryModel):
    """An organisation that makes, releases or funds AI models."""

    name = models.CharField(max_length=200, unique=True)
    country = CountryField(help_text="ISO 3166-1 alpha-2 code of the headquarters' country.")
    headquarters = models.CharField("headquarters city", max_length=120, blank=True)
    website = models.URLField(blank=True)
    description = models.TextField(blank=True)

    objects = SlugManager.from_queryset(CompanyQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "companies"
        indexes = [models.Index(fields=["country", "name"])]

    def get_absolute_url(self):
        return reverse("registry:company-detail", args=[self.slug])
