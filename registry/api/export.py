"""Bulk data: every row of a filtered list in one streamed download, and the registry dump.

``/api/<collection>/export.csv`` and ``export.jsonl`` take the list's query parameters (the
shared FilterSets, ``q``, ``ordering``) and answer every matching row, however many: the
rows are read in keyset batches (``pagination.walk``, the pages a client following ``next``
links would get) and written as they are read, so memory holds one batch whatever the size
of the list. Each row is the list's own representation: one JSON object per line, or the
CSV renderer's flattened columns. ``/api/dump.jsonl`` (and ``manage.py dump_registry``) is
every model in id order.

Every export names its licence and attribution in a ``Link`` header (``rel="license"``
and ``rel="describedby"``, the JSON at ``/api/exports/``): a comment line would break
``pandas.read_csv`` and a metadata line would become a row of the data frame.
"""

import csv
import io

import orjson
from django.http import StreamingHttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from ..models import AIModel
from .pagination import KeysetPagination, resolve_key, walk
from .renderers import JSONRenderer, cell, columns, lookup
from .schema import ErrorSerializer

# Rows per query: large enough that the queries cost little next to writing the rows, small
# enough that a batch of models with their citations stays a few megabytes.
BATCH_SIZE = 1000

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/jsonl; charset=utf-8",
}

# The registry's data licence, and the datasets whose facts it imports with the attribution
# their licences ask for (shared/datasets/README.md).
DATA_LICENSE = {
    "spdx_id": "CC-BY-4.0",
    "name": "Creative Commons Attribution 4.0 International",
    "url": "https://creativecommons.org/licenses/by/4.0/",
    "attribution": "Open Model Registry contributors",
}
ATTRIBUTIONS = [
    {
        "dataset": "European Open Source AI Index",
        "url": "https://osai-index.eu/",
        "license": "CC-BY-4.0",
        "citation": (
            "Liesenfeld, A. & Dingemanse, M. (2024). Rethinking open source generative AI: "
            "open-washing and the EU AI Act. In The 2024 ACM Conference on Fairness, "
            "Accountability, and Transparency (FAccT '24), pp. 1774-1787."
        ),
        "applies_to": "openness dimensions and their evidence, where the source is the index",
    },
    {
        "dataset": "LF AI & Data Model Openness Tool",
        "url": "https://mot.isitopen.ai/",
        "license": "MIT",
        "citation": "Copyright 2024 The Model Openness Tool Authors (MIT License).",
        "applies_to": "Model Openness Framework components, where the source is the tool",
    },
]


def about(request=None) -> dict:
    """What ``/api/exports/`` answers: the licence, the attributions and the export URLs."""

    def url(name, **kwargs):
        path = reverse(name, kwargs=kwargs or None)
        return request.build_absolute_uri(path) if request else path

    return {
        "license": DATA_LICENSE,
        "attribution": ATTRIBUTIONS,
        "notice": (
            "Data from the Open Model Registry, CC BY 4.0. Openness data from the European "
            "Open Source AI Index (https://osai-index.eu/, CC BY 4.0; Liesenfeld & Dingemanse "
            "2024, FAccT '24, pp. 1774-1787) and the LF AI & Data Model Openness Tool (MIT)."
        ),
        "exports": {
            collection: {fmt: url(f"api:{basename}-export", fmt=fmt) for fmt in FORMATS}
            for collection, basename in COLLECTIONS.items()
        },
        "dump": url("api:dump"),
        "columns": "CSV columns are described in docs/api.md (Bulk data).",
    }


COLLECTIONS = {
    "models": "aimodel",
    "companies": "company",
    "licenses": "license",
    "releases": "releaseevent",
}


def license_links(request) -> str:
    describedby = request.build_absolute_uri(reverse("api:exports"))
    return f'<{DATA_LICENSE["url"]}>; rel="license", <{describedby}>; rel="describedby"'


def csv_lines(serializer, batches):
    """The CSV renderer's header and rows, a batch at a time."""
    header = columns(serializer)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for rows in batches:
        for row in rows:
            data = serializer.to_representation(row)
            writer.writerow([cell(lookup(data, column), column) for column in header])
        yield out.getvalue().encode()
        out.seek(0)
        out.truncate()
    yield out.getvalue().encode()


def json_lines(serializer, batches):
    """One JSON object per line, as the list shows each row."""
    for rows in batches:
        yield b"".join(
            orjson.dumps(serializer.to_representation(row), option=JSONRenderer.options) + b"\n"
            for row in rows
        )


def stream(serializer, batches, fmt: str, filename: str, request) -> StreamingHttpResponse:
    lines = csv_lines if fmt == "csv" else json_lines
    response = StreamingHttpResponse(lines(serializer, batches), content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    response["Link"] = license_links(request)
    return response


def dump_batches():
    """Every model as the API lists it, in id order (the primary key's index, and a file
    that diffs well from one dump to the next), in batches."""
    queryset = AIModel.objects.for_api_list()
    for rows in walk(queryset, [resolve_key(AIModel, "id")], BATCH_SIZE):
        AIModel.objects.attach_history_and_citations(rows)
        yield rows


STREAMED = {
    (200, "text/csv"): OpenApiResponse(
        OpenApiTypes.STR, description="One header row, then every matching row (docs/api.md)."
    ),
    (200, "application/jsonl"): OpenApiResponse(
        OpenApiTypes.STR, description="Every matching row, one JSON object per line."
    ),
}
EXPORT_SCHEMA = extend_schema(
    filters=True,
    parameters=[OpenApiParameter("fmt", str, OpenApiParameter.PATH, enum=list(FORMATS))],
    responses={**STREAMED, 400: ErrorSerializer, 404: ErrorSerializer},
    description="Every row of the filtered list in one streamed download: the list's query "
    "parameters, no pages. Licence and attribution in the `Link` header.",
)
DUMP_SCHEMA = extend_schema(
    operation_id="dump_retrieve",
    tags=["models"],
    responses={(200, "application/jsonl"): STREAMED[(200, "application/jsonl")]},
    description="Every model with its license, company, sources and openness, in id order, "
    "one JSON object per line.",
)


class ExportMixin:
    """``export``: the viewset's filtered list, every row, streamed (see the module)."""

    @EXPORT_SCHEMA
    def export(self, request, fmt: str):
        if fmt not in FORMATS:
            raise NotFound(f"No export format {fmt!r}; use one of: {', '.join(FORMATS)}.")
        # The list's filters and ordering: a bad value is the same 400 as on the list.
        queryset = self.filter_queryset(self.get_queryset())
        keys = KeysetPagination().get_keys(queryset, self)
        filename = self.basename_for_export
        return stream(self.get_serializer(), self.batches(queryset, keys), fmt, filename, request)

    def batches(self, queryset, keys):
        for rows in walk(queryset, keys, BATCH_SIZE):
            self.attach_related(rows)
            yield rows

    @property
    def basename_for_export(self) -> str:
        return next(name for name, base in COLLECTIONS.items() if base == self.basename)

    def perform_content_negotiation(self, request, force=False):
        # The body is CSV or JSON Lines whatever the client accepts; errors are JSON.
        if self.action in ("export", "dump"):
            return JSONRenderer(), JSONRenderer.media_type
        return super().perform_content_negotiation(request, force)


class ExportsView(APIView):
    """The data licence, the attribution imported data asks for, and every export's URL."""

    _ignore_model_permissions = True  # read-only and about no model, like the API root

    @extend_schema(responses=OpenApiTypes.OBJECT, operation_id="exports_retrieve")
    def get(self, request):
        return Response(about(request))
