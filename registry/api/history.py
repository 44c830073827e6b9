"""``/api/<collection>/<slug>/history/``: who changed an item, when, and what changed.

Read from django-simple-history's records, newest first, keyset-paginated on the record id.
Each record is compared (``diff_against``) with the one before it, which is the next record in
the page or, for the last one, one more query: three queries per page, however many rows. The
author is given by username only.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action

from .pagination import KeysetPagination, resolve_key
from .schema import ErrorSerializer

# Bookkeeping columns that change on every save and say nothing an editor did.
UNSHOWN_FIELDS = {"updated_at", "created_at"}
CHANGE_TYPES = {"+": "created", "~": "changed", "-": "deleted"}


class HistoryPagination(KeysetPagination):
    """Newest first by the record id, unique and increasing with every save."""

    def get_keys(self, queryset, view):
        return [resolve_key(queryset.model, "-history_id")]


def jsonable(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [jsonable(item) for item in value]
    return str(value)  # dates (ISO), decimals, countries (their code)


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    # Any JSON value, null included: no allow_null, which would document `oneOf: [{}, null]`,
    # and null matches both alternatives.
    old = serializers.JSONField(help_text="The value before; null for a new item.")
    new = serializers.JSONField(help_text="The value after.")


class HistoryRecordSerializer(serializers.Serializer):
    history_id = serializers.IntegerField(read_only=True)
    date = serializers.DateTimeField(source="history_date", read_only=True)
    user = serializers.SerializerMethodField(help_text="Username of the author; null if unknown.")
    type = serializers.ChoiceField(
        source="history_type",
        choices=list(CHANGE_TYPES.items()),
        read_only=True,
        help_text="+ created, ~ changed, - deleted.",
    )
    reason = serializers.CharField(source="history_change_reason", read_only=True, allow_null=True)
    changes = serializers.SerializerMethodField()

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_user(self, record) -> str | None:
        return record.history_user.username if record.history_user_id else None

    @extend_schema_field(FieldChangeSerializer(many=True))
    def get_changes(self, record):
        previous = self.context["previous"].get(record.history_id)
        if record.history_type == "-":
            return []
        if previous is None:  # created (or history recorded from here on): every value set
            fields = [f for f in record.instance_type._meta.fields if f.name != "id"]
            return [
                {"field": f.name, "old": None, "new": jsonable(getattr(record, f.attname))}
                for f in fields
                if f.name not in UNSHOWN_FIELDS and getattr(record, f.attname) not in (None, "")
            ]
        delta = record.diff_against(previous, excluded_fields=UNSHOWN_FIELDS)
        return [
            {"field": c.field, "old": jsonable(c.old), "new": jsonable(c.new)}
            for c in delta.changes
        ]


class HistoryPageSerializer(serializers.Serializer):
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = HistoryRecordSerializer(many=True)


class HistoryMixin:
    """Adds the ``history`` action to a ModelViewSet of a model with simple-history."""

    def get_queryset(self):
        if self.action == "history":  # only the id is needed to find the records
            return super().get_queryset().model.objects.only("pk", self.lookup_field)
        return super().get_queryset()

    @extend_schema(
        summary="Change history",
        description="Who changed this item, when, and each field's old and new value; "
        "newest first. Authors are shown by username only.",
        parameters=[
            OpenApiParameter("cursor", OpenApiTypes.STR, description="From `next`/`previous`."),
            OpenApiParameter("page_size", OpenApiTypes.INT, description="Rows per page (≤100)."),
        ],
        responses={200: HistoryPageSerializer, 400: ErrorSerializer},
    )
    @action(
        detail=True,
        methods=["get"],
        pagination_class=HistoryPagination,
        filter_backends=[],
        serializer_class=HistoryRecordSerializer,
    )
    def history(self, request, *args, **kwargs):
        instance = self.get_object()
        records = instance.history.select_related("history_user")
        page = self.paginate_queryset(records)
        previous = {}
        if page:
            for newer, older in zip(page, page[1:], strict=False):
                previous[newer.history_id] = older
            last = page[-1]
            previous[last.history_id] = (
                instance.history.filter(history_id__lt=last.history_id)
                .order_by("-history_id")
                .first()
            )
        serializer = HistoryRecordSerializer(
            page, many=True, context={**self.get_serializer_context(), "previous": previous}
        )
        return self.get_paginated_response(serializer.data)
