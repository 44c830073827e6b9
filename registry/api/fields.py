"""Serializer fields shared by the registry's serializers, with their OpenAPI descriptions."""

import re
from functools import cached_property
from urllib.parse import urlencode

from django.urls import reverse as django_reverse
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

SLUG_PATTERN = r"[-a-zA-Z0-9_]+"
SLUG_RE = re.compile(SLUG_PATTERN)


class SlugRelatedField(serializers.SlugRelatedField):
    """A reference to another registry row by its slug, checked before any lookup."""

    html_cutoff = 200

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "slug")
        super().__init__(**kwargs)
        verbose_name = self.queryset.model._meta.verbose_name
        self.error_messages["does_not_exist"] = f'No {verbose_name} has the slug "{{value}}".'

    def to_internal_value(self, data):
        # A NUL byte or an over-long string must be a 400, never a database error.
        if not isinstance(data, str) or len(data) > 120 or not SLUG_RE.fullmatch(data):
            self.fail("does_not_exist", slug_name="slug", value=str(data)[:120])
        return super().to_internal_value(data)


class SlugReferenceField(SlugRelatedField):
    """Written as the referenced row's slug, read as a summary object.

    Clients send ``"company": "deepseek"`` and get back ``"company": {"slug": "deepseek",
    "name": ..., "url": ...}``, so a response needs no second request to be useful.
    Sending that object back works too.
    """

    def __init__(self, summary_serializer, **kwargs):
        self.summary_serializer = summary_serializer
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        # The summary object a GET returned is accepted too, so a response can be PUT back.
        if isinstance(data, dict) and isinstance(data.get("slug"), str):
            data = data["slug"]
        return super().to_internal_value(data)

    @cached_property
    def summary(self):
        # One summary serializer per field, not per row: building a ModelSerializer's fields
        # costs more than rendering a row with them.
        return self.summary_serializer(context=self.context)

    def to_representation(self, obj):
        return self.summary.to_representation(obj)

    def get_choices(self, cutoff=None):
        # For the browsable API's <select>: options keyed by slug (DRF would key them by
        # to_representation(), here a dict).
        queryset = self.get_queryset()[:cutoff] if cutoff is not None else self.get_queryset()
        return {row.slug: self.display_value(row) for row in queryset}


class SlugReferenceFieldExtension(OpenApiSerializerFieldExtension):
    """Documents SlugReferenceField as a slug string in requests and an object in responses."""

    target_class = SlugReferenceField

    def map_serializer_field(self, auto_schema, direction):
        if direction == "request":
            model = self.target.get_queryset().model._meta.verbose_name
            return {
                "type": "string",
                "pattern": f"^{SLUG_PATTERN}$",
                "description": f"The {model}'s slug (its summary object is accepted too).",
            }
        return auto_schema.resolve_serializer(self.target.summary_serializer, direction).ref


class APIURLField(serializers.HyperlinkedIdentityField):
    """The row's own API URL, canonical: DRF's reverse() would carry ``?format=`` along."""

    def __init__(self, view_name: str, **kwargs):
        super().__init__(view_name=view_name, lookup_field="slug", **kwargs)

    def get_url(self, obj, view_name, request, format):
        url = django_reverse(view_name, kwargs={"slug": obj.slug})
        return request.build_absolute_uri(url) if request else url


@extend_schema_field(OpenApiTypes.URI)
class PageURLField(serializers.Field):
    """The absolute URL of the row's public HTML page."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        url = obj.get_absolute_url()
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


@extend_schema_field(OpenApiTypes.URI)
class FilteredListURLField(serializers.Field):
    """A link to an API list filtered on this row, e.g. a company's models."""

    def __init__(self, view_name: str, parameter: str, **kwargs):
        self.view_name, self.parameter = view_name, parameter
        super().__init__(source="slug", read_only=True, **kwargs)

    def to_representation(self, slug):
        url = f"{django_reverse(self.view_name)}?{urlencode({self.parameter: slug})}"
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url
