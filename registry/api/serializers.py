"""Representations of registry rows, and the validation every API write goes through.

Writes are checked by the same rules as the admin: the model's ``full_clean()`` (field
validators, ``clean()``, unique checks) and every database constraint, so a bad payload is a
400 naming the field instead of an IntegrityError half way through a save.
"""

import copy

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django_countries.serializers import CountryFieldMixin
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.settings import api_settings

from ..models import AIModel, Company, License, ReleaseEvent
from .fast import (
    FastRepresentation,
    company_summary,
    day,
    license_periods,
    license_summary,
    sources,
    timestamp,
)
from .fields import (
    APIURLField,
    FilteredListURLField,
    PageURLField,
    SlugReferenceField,
    SlugRelatedField,
)
from .openness import LicensePeriodSerializer, OpennessAssessmentSerializer, license_as_of


class SourceSerializer(serializers.Serializer):
    """A citation: the source and the sentence quoted from it (read-only)."""

    title = serializers.CharField(source="source.title", read_only=True)
    url = serializers.URLField(source="source.url", read_only=True)
    publisher = serializers.CharField(source="source.publisher", read_only=True)
    published_on = serializers.DateField(
        source="source.published_on", read_only=True, allow_null=True, help_text="Null if undated."
    )
    claim = serializers.CharField(
        read_only=True, help_text="The fact the quote supports; empty for the row as a whole."
    )
    value = serializers.CharField(read_only=True, help_text="What this source says, if it varies.")
    quote = serializers.CharField(read_only=True)


def sources_field():
    return SourceSerializer(source="citations", many=True, read_only=True)


# Summaries are nested in other rows' responses and never read from requests.


class CompanySummarySerializer(CountryFieldMixin, serializers.ModelSerializer):
    url = APIURLField("api:company-detail")

    class Meta:
        model = Company
        fields = ["slug", "name", "country", "url"]


class LicenseSummarySerializer(CountryFieldMixin, serializers.ModelSerializer):
    url = APIURLField("api:license-detail")
    text_url = serializers.URLField(source="url", allow_blank=True)

    class Meta:
        model = License
        fields = [
            "slug",
            "name",
            "spdx_id",
            "category",
            "osi_approved",
            "commercial_use",
            "mau_limit",
            "excluded_territories",
            "attribution_required",
            "acceptable_use_policy_url",
            "text_url",
            "url",
        ]


class AIModelSummarySerializer(serializers.ModelSerializer):
    url = APIURLField("api:aimodel-detail")

    class Meta:
        model = AIModel
        fields = ["slug", "name", "url"]


class RegistrySerializer(CountryFieldMixin, serializers.ModelSerializer):
    """Runs the model's own validation and constraints on the instance a write would save."""

    # Database constraint name -> the field its violation is reported on (else non_field_errors).
    constraint_fields: dict[str, str] = {}

    def validate(self, attrs):
        instance = copy.copy(self.instance) if self.instance else self.Meta.model()
        for name, value in attrs.items():
            setattr(instance, name, value)
        self.prepare(instance)
        errors: dict[str, list] = {}
        try:
            instance.full_clean(validate_constraints=False)
        except DjangoValidationError as error:
            self._collect(errors, error.message_dict)
        if not errors:
            for constraint in instance._meta.constraints:
                try:
                    constraint.validate(type(instance), instance)
                except DjangoValidationError as error:
                    field = self.constraint_fields.get(constraint.name, NON_FIELD_ERRORS)
                    self._collect(errors, {field: error.messages})
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def prepare(self, instance):
        """Set fields the model computes on save, so validation sees the saved values."""

    @staticmethod
    def _collect(errors, message_dict):
        for field, messages in message_dict.items():
            key = api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field
            errors.setdefault(key, []).extend(messages)


class CompanySerializer(RegistrySerializer):
    """A company that makes AI models."""

    url = APIURLField("api:company-detail")
    html_url = PageURLField()
    models_url = FilteredListURLField("api:aimodel-list", "company")
    releases_url = FilteredListURLField("api:releaseevent-list", "company")
    sources = sources_field()

    class Meta:
        model = Company
        fields = [
            "slug",
            "name",
            "country",
            "headquarters",
            "website",
            "description",
            "url",
            "html_url",
            "models_url",
            "releases_url",
            "sources",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]


class LicenseSerializer(RegistrySerializer):
    """A license, with the terms that matter spelled out. ``osi_approved`` comes from the SPDX
    License List and cannot be written."""

    url = APIURLField("api:license-detail")
    html_url = PageURLField()
    text_url = serializers.URLField(
        source="url", required=False, allow_blank=True, max_length=200, label="license text URL"
    )
    models_url = FilteredListURLField("api:aimodel-list", "license")
    sources = sources_field()

    constraint_fields = {
        "license_mau_limit_positive": "mau_limit",
        "license_custom_not_osi_approved": "spdx_id",
    }

    class Meta:
        model = License
        fields = [
            "slug",
            "name",
            "spdx_id",
            "category",
            "osi_approved",
            "commercial_use",
            "mau_limit",
            "excluded_territories",
            "attribution_required",
            "acceptable_use_policy_url",
            "text_url",
            "description",
            "url",
            "html_url",
            "models_url",
            "sources",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["osi_approved", "created_at", "updated_at"]
        extra_kwargs = {"mau_limit": {"min_value": 1}, "excluded_territories": {"required": False}}

    def prepare(self, instance):
        from ..models.license import spdx_osi_approved

        instance.osi_approved = spdx_osi_approved(instance.spdx_id)


class LicenseAsOfSerializer(LicensePeriodSerializer):
    as_of = serializers.DateField(read_only=True)


class AIModelSerializer(FastRepresentation, RegistrySerializer):
    """An AI model. In request bodies ``company``, ``license`` and ``base_model`` are slugs."""

    url = APIURLField("api:aimodel-detail")
    html_url = PageURLField()
    company = SlugReferenceField(CompanySummarySerializer, queryset=Company.objects.all())
    license = SlugReferenceField(
        LicenseSummarySerializer, queryset=License.objects.all(), allow_null=True, required=False
    )
    base_model = SlugRelatedField(queryset=AIModel.objects.all(), allow_null=True, required=False)
    released = serializers.CharField(
        read_only=True, help_text="The release date as precisely as it is known: 2025, 2025-01."
    )
    has_open_weights = serializers.BooleanField(read_only=True)
    releases_url = FilteredListURLField("api:releaseevent-list", "model")
    sources = SourceSerializer(source="cited", many=True, read_only=True)
    openness = OpennessAssessmentSerializer(
        read_only=True, allow_null=True, help_text="The openness assessment; null if none yet."
    )
    license_history = LicensePeriodSerializer(
        many=True,
        read_only=True,
        help_text="License and access level over time, as release events moved them.",
    )
    license_as_of = serializers.SerializerMethodField(
        help_text="With ?as_of=YYYY-MM-DD: the license and access on that day; else null."
    )

    constraint_fields = {
        "aimodel_parameters_positive": "parameters",
        "aimodel_active_parameters_positive": "active_parameters",
        "aimodel_active_lte_total": "active_parameters",
        "aimodel_release_precision_matches": "released_on",
        "aimodel_not_own_base": "base_model",
    }

    class Meta:
        model = AIModel
        fields = [
            "slug",
            "name",
            "company",
            "license",
            "base_model",
            "modality",
            "kind",
            "access",
            "has_open_weights",
            "released_on",
            "released_on_precision",
            "released",
            "parameters",
            "active_parameters",
            "homepage_url",
            "repository_url",
            "weights_url",
            "description",
            "url",
            "html_url",
            "releases_url",
            "sources",
            "openness",
            "license_history",
            "license_as_of",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {"parameters": {"min_value": 1}, "active_parameters": {"min_value": 1}}

    def represent(self, model, links):
        base = model.base_model
        assessment = getattr(model, "openness", None)
        return {
            "slug": model.slug,
            "name": model.name,
            "company": company_summary(model.company, links),
            "license": license_summary(model.license, links),
            "base_model": base.slug if base is not None else None,
            "modality": model.modality,
            "kind": model.kind,
            "access": model.access,
            "has_open_weights": model.has_open_weights,
            "released_on": day(model.released_on),
            "released_on_precision": model.released_on_precision,
            "released": model.released,
            "parameters": model.parameters,
            "active_parameters": model.active_parameters,
            "homepage_url": model.homepage_url,
            "repository_url": model.repository_url,
            "weights_url": model.weights_url,
            "description": model.description,
            "url": links("api:aimodel-detail", model.slug),
            "html_url": links("registry:aimodel-detail", model.slug),
            "releases_url": links.filtered("api:releaseevent-list", "model", model.slug),
            "sources": sources(model.cited()),
            # Most models have no assessment: DRF's nested serializer only for those that do.
            "openness": None if assessment is None else self.nested("openness", model),
            "license_history": license_periods(model.license_history()),
            "license_as_of": self.get_license_as_of(model),
            "created_at": timestamp(model.created_at),
            "updated_at": timestamp(model.updated_at),
        }

    @extend_schema_field(LicenseAsOfSerializer(allow_null=True))
    def get_license_as_of(self, model):
        day = self.context.get("as_of")
        return license_as_of(model, day) if day else None


class ReleaseEventSerializer(RegistrySerializer):
    """A dated event. In request bodies ``company``, ``model``, ``partner`` and ``license``
    are slugs."""

    url = APIURLField("api:releaseevent-detail")
    html_url = PageURLField()
    company = SlugReferenceField(CompanySummarySerializer, queryset=Company.objects.all())
    model = SlugReferenceField(
        AIModelSummarySerializer, queryset=AIModel.objects.all(), allow_null=True, required=False
    )
    partner = SlugReferenceField(
        CompanySummarySerializer, queryset=Company.objects.all(), allow_null=True, required=False
    )
    license = SlugReferenceField(
        LicenseSummarySerializer, queryset=License.objects.all(), allow_null=True, required=False
    )
    when = serializers.CharField(
        read_only=True, help_text="The date as precisely as it is known: 2025, 2025-01."
    )
    sources = sources_field()

    constraint_fields = {
        "releaseevent_precision_matches": "date",
        "releaseevent_partner_not_company": "partner",
    }

    class Meta:
        model = ReleaseEvent
        fields = [
            "slug",
            "title",
            "date",
            "date_precision",
            "when",
            "kind",
            "status",
            "access",
            "description",
            "company",
            "model",
            "partner",
            "license",
            "url",
            "html_url",
            "sources",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
