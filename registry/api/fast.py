"""Read representations built without DRF's per-field machinery, for the hot list endpoints.

DRF walks every declared field of every row (attribute lookups, ``to_representation``,
``reverse()`` for each link, a nested serializer built per row for each summary), which made
a page of 25 models cost tens of milliseconds. A serializer mixing in ``FastRepresentation``
builds the same dict in ``represent()``; DRF's generic representation stays available as
``generic_representation()``, and tests/test_api_fast.py asserts the two are equal field for
field, so the API contract cannot drift.
"""

import zoneinfo

from django.conf import settings
from rest_framework import serializers

from ..links import Links

# The site's time zone given once: DRF otherwise looks up the active one for every timestamp.
DATETIME = serializers.DateTimeField(default_timezone=zoneinfo.ZoneInfo(settings.TIME_ZONE))
DATE = serializers.DateField()


class FastRepresentation:
    def to_representation(self, instance):
        if self.context.get("format"):  # URLs with a format suffix: leave them to DRF
            return self.generic_representation(instance)
        links = self.__dict__.get("_links")
        if links is None:
            links = self._links = Links(self.context.get("request"))
        return self.represent(instance, links)

    def generic_representation(self, instance):
        return super().to_representation(instance)

    def represent(self, instance, links) -> dict:
        raise NotImplementedError

    def nested(self, name: str, instance):
        """A declared field's own representation, for the parts left to DRF."""
        field = self.fields[name]
        value = field.get_attribute(instance)
        return None if value is None else field.to_representation(value)


def timestamp(value):
    return DATETIME.to_representation(value)


def day(value):
    return None if value is None else DATE.to_representation(value)


def sources(citations) -> list[dict]:
    return [
        {
            "title": citation.source.title,
            "url": citation.source.url,
            "publisher": citation.source.publisher,
            "published_on": day(citation.source.published_on),
            "claim": citation.claim,
            "value": citation.value,
            "quote": citation.quote,
        }
        for citation in citations
    ]


def company_summary(company, links) -> dict:
    return {
        "slug": company.slug,
        "name": company.name,
        "country": company.country.code or "",
        "url": links("api:company-detail", company.slug),
    }


def license_summary(license, links) -> dict | None:
    if license is None:
        return None
    return {
        "slug": license.slug,
        "name": license.name,
        "spdx_id": license.spdx_id,
        "category": license.category,
        "osi_approved": license.osi_approved,
        "commercial_use": license.commercial_use,
        "mau_limit": license.mau_limit,
        "excluded_territories": [country.code for country in license.excluded_territories],
        "attribution_required": license.attribution_required,
        "acceptable_use_policy_url": license.acceptable_use_policy_url,
        "text_url": license.url,
        "url": links("api:license-detail", license.slug),
    }


def text(value):
    """A CharField's representation: None stays None, anything else its string."""
    return None if value is None else str(value)


def license_ref(license) -> dict | None:
    if license is None:
        return None
    return {
        "slug": text(license.slug),
        "name": text(license.name),
        "spdx_id": text(license.spdx_id),
    }


def license_periods(periods) -> list[dict]:
    """``LicensePeriodSerializer(many=True)``'s output for ``model.license_history()``."""
    return [
        {
            "license": license_ref(period.license),
            "access": text(period.access),
            "start": day(period.start),
            "end": day(period.end),
        }
        for period in periods
    ]
