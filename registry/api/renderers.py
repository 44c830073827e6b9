"""CSV export of list endpoints: one row per item, nested objects flattened to dotted columns.

Written here rather than taken from djangorestframework-csv (last released 2023): that package
numbers list items into columns (``sources.0.url``, ``sources.1.url``...), so the header
changes with the data; here the header comes from the serializer and is the same on every
page, even an empty one. Cells that a spreadsheet would run as a formula are prefixed with
``'`` (OWASP's advice on CSV injection).
"""

import csv
import io
import json

import orjson
from django.http import Http404
from drf_orjson_renderer.renderers import ORJSONRenderer
from rest_framework import renderers, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer

from ..openness import OSAID_REQUIREMENTS, Component, Dimension
from .fields import SlugReferenceField
from .serializers import LicenseAsOfSerializer

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = " "

# Lists with one row per name from a fixed set: one column per name (``<path>.<name>``)
# holding that row's main value; the JSON representations have every field of each row.
KEYED_LISTS = {
    "openness.dimensions": ("dimension", "status", Dimension.values),
    "openness.mof_components": ("component", "released", Component.values),
}
# Objects whose keys come from a fixed set: one column per key.
KEYED_OBJECTS = {"openness.osaid_reasons": list(OSAID_REQUIREMENTS)}
# Fields computed by a method whose value is an object: its serializer names the columns.
METHOD_OBJECTS = {"license_as_of": LicenseAsOfSerializer}


def columns(serializer, prefix: str = "") -> list[str]:
    """Dotted column names for a serializer's fields, following nested objects."""
    names = []
    for name, field in serializer.fields.items():
        path = f"{prefix}{name}"
        if isinstance(field, SlugReferenceField):
            names += columns(field.summary_serializer(), f"{path}.")
        elif isinstance(field, serializers.Serializer):
            names += columns(field, f"{path}.")
        elif path in METHOD_OBJECTS:
            names += columns(METHOD_OBJECTS[path](), f"{path}.")
        elif path in KEYED_LISTS:
            names += [f"{path}.{key}" for key in KEYED_LISTS[path][2]]
        elif path in KEYED_OBJECTS:
            names += [f"{path}.{key}" for key in KEYED_OBJECTS[path]]
        else:
            names.append(path)
    return names


def periods(value) -> str:
    """A license history in one cell: ``start/end license access`` per period, ``; `` between
    them, ``..`` for an unknown or open end, ``-`` for no license or access."""

    def part(period):
        license = (period.get("license") or {}).get("slug") or "-"
        span = f"{period.get('start') or '..'}/{period.get('end') or '..'}"
        return f"{span} {license} {period.get('access') or '-'}"

    return "; ".join(part(period) for period in value)


# Lists written in a format of their own.
LIST_FORMATS = {"license_history": periods}


def cell(value, column: str = "") -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        if column in LIST_FORMATS:
            return cell(LIST_FORMATS[column](value))
        # Sources as their URLs, country codes as they are, other objects as JSON.
        if all(isinstance(item, dict) and item.get("url") for item in value):
            return LIST_SEPARATOR.join(cell(item["url"]) for item in value)
        if not any(isinstance(item, (dict, list)) for item in value):
            return LIST_SEPARATOR.join(cell(item) for item in value)
    if isinstance(value, (dict, list, tuple)):
        return cell(json.dumps(value, separators=(",", ":"), ensure_ascii=False))
    text = str(value)
    return f"'{text}" if isinstance(value, str) and text.startswith(FORMULA_PREFIXES) else text


def lookup(row: dict, column: str):
    value, path = row, ""
    for part in column.split("."):
        if path in KEYED_LISTS and isinstance(value, list):
            key, main, _ = KEYED_LISTS[path]
            value = next((item.get(main) for item in value if item.get(key) == part), None)
        elif isinstance(value, dict):
            value = value.get(part)
        else:
            return None
        path = f"{path}.{part}" if path else part
    return value


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        renderer_context = renderer_context or {}
        rows = data.get("results", []) if isinstance(data, dict) else (data or [])
        view = renderer_context.get("view")
        header = (
            columns(view.get_serializer()) if view is not None else sorted(rows[0] if rows else [])
        )
        response, request = renderer_context.get("response"), renderer_context.get("request")
        if response is not None and request is not None:
            name = request.path.rstrip("/").rsplit("/", 1)[-1] or "export"
            response["Content-Disposition"] = f'attachment; filename="{name}.csv"'

        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([cell(lookup(row, column), column) for column in header])
        return out.getvalue().encode(self.charset)


class ContentNegotiation(DefaultContentNegotiation):
    """An unknown ``?format=`` is a bad parameter (400), not a missing page (DRF's 404)."""

    def select_renderer(self, request, renderers, format_suffix=None):
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except Http404:
            formats = ", ".join(sorted({r.format for r in renderers if r.format != "api"}))
            raise ValidationError({"format": [f"Unknown format; use one of: {formats}."]}) from None


# The one inline style attribute on DRF's pages (the Filters and Extra Actions buttons); the
# site's policy allows attributes only by hash ('unsafe-hashes' in settings).
BUTTON_STYLE_HASH = "'sha256-OfgyIBrd+/vP79JdFMYP+re4T+fIenvkrHPD2HZ8/cs='"


class BrowsableAPIRenderer(renderers.BrowsableAPIRenderer):
    """DRF's browsable API under the site's Content Security Policy."""

    def get_context(self, *args, **kwargs):
        context = super().get_context(*args, **kwargs)
        # With pygments installed DRF adds an inline <style> for code in docstrings; none here.
        context["code_style"] = None
        return context

    def render(self, data, accepted_media_type=None, renderer_context=None):
        response = (renderer_context or {}).get("response")
        if response is not None:
            response._csp_update = {"style-src": [BUTTON_STYLE_HASH]}
        return super().render(data, accepted_media_type, renderer_context)


class JSONRenderer(ORJSONRenderer):
    """JSON through orjson, several times faster than the json module on a page of models.

    A client asking for indentation (``Accept: application/json; indent=4``) gets DRF's
    renderer, which honours it.
    """

    # Validation errors of list fields are keyed by position ({0: [...]}), as json allows.
    options = ORJSONRenderer.options | orjson.OPT_NON_STR_KEYS

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if accepted_media_type and "indent" in accepted_media_type:
            return renderers.JSONRenderer().render(data, accepted_media_type, renderer_context)
        return super().render(data, accepted_media_type, renderer_context)
