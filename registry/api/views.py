"""API viewsets: thin, over the models' QuerySets and the shared FilterSets.

Every collection answers list (filters, ``q``, ``ordering``, cursor pagination, CSV) and
retrieve by slug to anyone, and create / update / delete to users holding the matching model
permission (the Editors group). Reads carry an ETag (and, for one row, Last-Modified) and
answer conditional GETs with 304; writes honour If-Match with that ETag (preconditions.py).
Each item's change history is at ``<item>/history/`` (history.py).
"""

from django.db import IntegrityError, transaction
from django.db.models import Prefetch, ProtectedError
from django.http import Http404
from django.utils.http import http_date
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import MethodNotAllowed, NotFound
from rest_framework.response import Response

from ..conditional import conditional_page
from ..filters import AIModelFilter, CompanyFilter, LicenseFilter, ReleaseEventFilter
from ..models import (
    AIModel,
    Company,
    CompanyCitation,
    License,
    LicenseCitation,
    ReleaseEvent,
    ReleaseEventCitation,
)
from . import serializers
from .exceptions import Conflict, protected_detail
from .export import DUMP_SCHEMA, EXPORT_SCHEMA, ExportMixin, dump_batches, stream
from .fields import SLUG_PATTERN
from .filtering import check_query_names, multi_valued
from .history import HistoryMixin
from .openness import as_of_from
from .preconditions import IfMatchMixin
from .renderers import CSVRenderer


def with_sources(citation_model):
    """Citations with their sources: one query for a whole page, however many rows."""
    return Prefetch("citations", queryset=citation_model.objects.select_related("source"))


def changes(serializer) -> bool:
    """Whether saving the validated data would change any field of the instance."""
    instance = serializer.instance
    return any(
        getattr(instance, name) != value for name, value in serializer.validated_data.items()
    )


class RegistryViewSet(IfMatchMixin, HistoryMixin, ExportMixin, viewsets.ModelViewSet):
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    # Default order of lists when no ?ordering= is given; the row id breaks ties.
    ordering: tuple[str, ...] = ("name",)
    # Related rows whose changes change this representation, for Last-Modified.
    shown_relations: tuple[str, ...] = ()
    # Query parameters every operation of this collection takes besides filters and paging.
    extra_parameters: tuple[str, ...] = ("format",)

    @classmethod
    def as_view(cls, actions=None, **initkwargs):
        # ETag from the rendered body, and 304 on If-None-Match / If-Modified-Since.
        return conditional_page(super().as_view(actions, **initkwargs))

    def get_renderers(self):
        renderers = super().get_renderers()
        return [*renderers, CSVRenderer()] if self.action == "list" else renderers

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # authentication, permissions, throttles first
        accepted, repeatable = self.query_parameters()
        check_query_names(request.query_params, accepted, repeatable)

    def query_parameters(self) -> tuple[set[str], set[str]]:
        """The query parameter names this action reads, and those of them that may repeat:
        the ones the schema documents for the operation (tests/test_api_filtering.py)."""
        paging = {self.paginator.cursor_query_param, self.paginator.page_size_query_param}
        if self.action == "history":
            return {"format", *paging}, set()
        accepted = set(self.extra_parameters)
        if self.action in ("list", "export"):  # an export is every page of the list
            accepted |= set(self.filterset_class.base_filters)
            accepted |= paging if self.action == "list" else set()
            return accepted, multi_valued(self.filterset_class)
        return accepted, set()

    def check_permissions(self, request):
        # 405 for a method the endpoint lacks, whoever asks (not 401 for anonymous clients).
        if getattr(self, request.method.lower(), None) is None:
            raise MethodNotAllowed(request.method)
        super().check_permissions(request)

    def get_object(self):
        try:
            return super().get_object()
        except Http404:
            name = self.get_queryset().model._meta.verbose_name
            raise NotFound(f'No {name} has the slug "{self.kwargs[self.lookup_field]}".') from None

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None and self.action == "list":
            self.attach_related(page)
        return page

    def attach_related(self, rows) -> None:
        """Read what the representation shows of related rows the queryset does not
        prefetch, for a page or one row."""

    def citations(self, instance):
        return instance.citations.all()

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        self.attach_related([instance])
        response = Response(self.get_serializer(instance).data)
        response["Last-Modified"] = http_date(self.last_modified(instance).timestamp())
        return response

    def last_modified(self, instance):
        stamps = [instance.updated_at]
        for name in self.shown_relations:
            related = getattr(instance, name)
            if related is not None:
                stamps.append(related.updated_at)
        for citation in self.citations(instance):
            stamps += [citation.updated_at, citation.source.updated_at]
        return max(stamps)

    def perform_create(self, serializer):
        self.save(serializer)

    def perform_update(self, serializer):
        self.save(serializer)

    def save(self, serializer):
        if serializer.instance is not None and not changes(serializer):
            # Nothing to write: no save, so no empty history record, and updated_at (hence
            # Last-Modified and the ETag) stay as they were.
            self.attach_related([serializer.instance])
            return
        try:
            with transaction.atomic():
                instance = serializer.save()
        except IntegrityError as error:
            # Validation passed but the database refused: another write won a race.
            raise Conflict() from error
        # Answer with exactly what a GET would return (related summaries, sources).
        serializer.instance = self.get_queryset().get(pk=instance.pk)
        self.attach_related([serializer.instance])

    def perform_destroy(self, instance):
        try:
            with transaction.atomic():
                instance.delete()
        except ProtectedError as error:
            raise Conflict(protected_detail(instance, error)) from error
        except IntegrityError as error:
            raise Conflict() from error


AS_OF = OpenApiParameter(
    "as_of",
    OpenApiTypes.DATE,
    description="Also answer each model's license and access level on this day (license_as_of).",
)


# Every operation answering a model (writes too: their answer, and the ETag If-Match compares).
@extend_schema_view(
    **{
        action: extend_schema(parameters=[AS_OF])
        for action in ("list", "retrieve", "create", "update", "partial_update", "destroy")
    }
)
class AIModelViewSet(RegistryViewSet):
    """AI models, with their company, license, lineage, size, openness and sources."""

    extra_parameters = ("format", "as_of")

    # License-history events and citations are read per page: attach_related().
    queryset = AIModel.objects.with_related().with_openness()
    serializer_class = serializers.AIModelSerializer
    filterset_class = AIModelFilter
    shown_relations = ("company", "license", "base_model")

    # A list item shows fewer columns than one item (Last-Modified reads them all). Built
    # once, like ``queryset``: each request copies it rather than building the chain again.
    list_queryset = AIModel.objects.for_api_list()

    def get_queryset(self):
        if self.action in ("list", "export"):
            return self.list_queryset.all()
        return super().get_queryset()

    @extend_schema(parameters=[AS_OF])
    @EXPORT_SCHEMA
    def export(self, request, fmt: str):
        return super().export(request, fmt)  # here for the schema: models also take as_of

    @extend_schema(parameters=[AS_OF])
    @DUMP_SCHEMA
    def dump(self, request):
        """Every model with its license, company, sources and openness (export.py)."""
        return stream(self.get_serializer(), dump_batches(), "jsonl", "registry", request)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.request is not None and self.request.query_params.get("as_of"):
            context["as_of"] = as_of_from(self.request)  # a bad date is a 400 naming as_of
        return context

    def attach_related(self, rows) -> None:
        AIModel.objects.attach_history_and_citations(rows)

    def citations(self, instance):
        return instance.cited()

    def last_modified(self, instance):
        rows = list(instance.license_events)  # license history: events that set a license
        if getattr(instance, "openness", None) is not None:
            # Dimension and component rows are shown (and prefetched) through the assessment.
            rows += [*instance.openness_dimensions.all(), *instance.mof_components.all()]
        return max([super().last_modified(instance), *(row.updated_at for row in rows)])


class CompanyViewSet(RegistryViewSet):
    """Companies that make AI models."""

    queryset = Company.objects.prefetch_related(with_sources(CompanyCitation))
    serializer_class = serializers.CompanySerializer
    filterset_class = CompanyFilter


class LicenseViewSet(RegistryViewSet):
    """Licenses models are released under, with the terms that matter."""

    queryset = License.objects.prefetch_related(with_sources(LicenseCitation))
    serializer_class = serializers.LicenseSerializer
    filterset_class = LicenseFilter


class ReleaseEventViewSet(RegistryViewSet):
    """Dated events: releases, open-sourcings, license changes, plans, investments."""

    queryset = ReleaseEvent.objects.with_related().prefetch_related(
        with_sources(ReleaseEventCitation)
    )
    serializer_class = serializers.ReleaseEventSerializer
    filterset_class = ReleaseEventFilter
    ordering = ("-date",)
    shown_relations = ("company", "model", "partner", "license")
