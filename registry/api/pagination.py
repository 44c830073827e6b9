"""Keyset ("cursor") pagination: fast on a million rows and stable while rows are inserted.

DRF's CursorPagination keys on the first ordering field alone and steps over ties with an
offset, which repeats or skips rows when ties are inserted, and breaks on NULLs (it would filter
``parameters > "None"``). Here the cursor holds the values of *every* ordering column of the
row at the page boundary, the row id ends every ordering as a unique tie-breaker, and the next
page is ``WHERE (columns) > (boundary) ORDER BY columns LIMIT n + 1``: no COUNT, no OFFSET.

The ordering is whatever the FilterSet's ``ordering`` filter put on the queryset (else the
view's default), so ``?ordering=-parameters`` pages in that order. NULLs always sort last,
on SQLite and PostgreSQL alike.
"""

import base64
import binascii
import json
from dataclasses import dataclass, replace

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import F, Q, prefetch_related_objects
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from ..validators import contains_bad_characters

TIE_BREAKER = "id"
MAX_CURSOR_LENGTH = 2000
# CSV is for exports: bigger pages, still bounded so one request cannot dump the table.
CSV_PAGE_SIZE = 1000


@dataclass(frozen=True)
class Key:
    """One ordering column: lookup path, direction, where NULLs go, and its model field."""

    path: str
    descending: bool
    nullable: bool
    field: object
    nulls_last: bool = True

    @property
    def token(self) -> str:
        return f"-{self.path}" if self.descending else self.path

    def flipped(self) -> "Key":
        """The same column walked the other way (for ``previous`` pages)."""
        return replace(self, descending=not self.descending, nulls_last=not self.nulls_last)

    def order_by(self):
        expression = F(self.path)
        if not self.nullable:  # no NULLS clause, so a plain index on the column serves it
            return expression.desc() if self.descending else expression.asc()
        placement = {"nulls_last": True} if self.nulls_last else {"nulls_first": True}
        return expression.desc(**placement) if self.descending else expression.asc(**placement)

    def value_of(self, instance):
        """The row's value of this column as the database stores it (a country's code, not
        its ``Country`` object), so it goes into a cursor and back through ``to_python``."""
        for part in self.path.split("__"):
            if instance is None:
                return None
            # A missing reverse one-to-one (a model without an assessment) reads as NULL.
            instance = getattr(instance, part, None)
        return None if instance is None else self.field.get_prep_value(instance)


@dataclass(frozen=True)
class Cursor:
    values: list
    reverse: bool = False
    inclusive: bool = False


def after(keys: list[Key], values: list, inclusive: bool = False) -> Q | None:
    """Rows that sort after ``values`` (or at them, if ``inclusive``) in the order of ``keys``.

    Expands ``(a, b, id) > (x, y, z)`` into ``a > x OR (a = x AND b > y) OR ...`` with the
    NULL rules spelled out, since row-value comparison treats NULL as unknown. Returns None
    when no row can follow.
    """
    branches, same_so_far = [], Q()
    for key, value in zip(keys, values, strict=True):
        if value is None:
            beyond = None if key.nulls_last else Q(**{f"{key.path}__isnull": False})
            same = Q(**{f"{key.path}__isnull": True})
        else:
            beyond = Q(**{f"{key.path}__{'lt' if key.descending else 'gt'}": value})
            if key.nullable and key.nulls_last:
                beyond |= Q(**{f"{key.path}__isnull": True})
            same = Q(**{key.path: value})
        if beyond is not None:
            branches.append(same_so_far & beyond)
        same_so_far &= same
    if inclusive:
        branches.append(same_so_far)
    if not branches:
        return None
    condition = branches[0]
    for branch in branches[1:]:
        condition |= branch
    first, first_value = keys[0], values[0]
    if not first.nullable:
        # Redundant, but gives PostgreSQL a plain range on the leading column to use its index.
        bound = "lte" if first.descending else "gte"
        condition = Q(**{f"{first.path}__{bound}": first_value}) & condition
    return condition


def fetch(queryset, keys: list[Key], cursor: Cursor | None, limit: int) -> list:
    """Up to ``limit`` rows after ``cursor`` in the order of ``keys``.

    When the leading column can be NULL, its known values and its NULLs are read as two runs,
    one after the other, each a plain index range (``col >= x ... ORDER BY col, id``): one
    ``ORDER BY col DESC NULLS LAST`` query would need an index SQLite cannot even create.
    """
    first = keys[0]
    if not first.nullable:
        queryset = queryset.order_by(*(key.order_by() for key in keys))
        if cursor is not None:
            condition = after(keys, cursor.values, cursor.inclusive)
            queryset = queryset.filter(condition) if condition is not None else queryset.none()
        return list(queryset[:limit])

    null = Q(**{f"{first.path}__isnull": True})
    # (rows, their order, the cursor values that apply): NULLs need no column of their own.
    known_run = (~null, [replace(first, nullable=False), *keys[1:]], slice(None))
    null_run = (null, keys[1:], slice(1, None))
    runs = [known_run, null_run] if first.nulls_last else [null_run, known_run]
    if cursor is not None and (cursor.values[0] is None) != (runs[0] is null_run):
        runs = runs[1:]  # the cursor is already past the first run
    rows = []
    for where, run_keys, values in runs:
        run = queryset.filter(where).order_by(*(key.order_by() for key in run_keys))
        if cursor is not None:
            condition = after(run_keys, cursor.values[values], cursor.inclusive)
            run = run.filter(condition) if condition is not None else run.none()
            cursor = None  # the next run is read from its start
        rows += run[: limit - len(rows)]
        if len(rows) >= limit:
            break
    return rows


def walk(queryset, keys: list[Key], batch_size: int):
    """Every row of ``queryset`` in the order of ``keys``, as lists of up to ``batch_size``:
    the pages a client following ``next`` links would get, one query each, so an export of a
    million rows holds one batch in memory at a time. The queryset's prefetches run per batch.
    """
    lookups = queryset._prefetch_related_lookups
    queryset = queryset.prefetch_related(None)
    cursor = None
    while True:
        rows = fetch(queryset, keys, cursor, batch_size)
        if not rows:
            return
        prefetch_related_objects(rows, *lookups)
        yield rows
        if len(rows) < batch_size:
            return
        cursor = Cursor([key.value_of(rows[-1]) for key in keys])


def resolve_key(model, token: str) -> Key:
    descending = token.startswith("-")
    path = token.lstrip("-")
    nullable, field = False, None
    for part in path.split("__"):
        field = model._meta.pk if part == "pk" else model._meta.get_field(part)
        nullable = nullable or field.null
        if field.is_relation:
            model = field.related_model
    if field.is_relation:
        raise FieldDoesNotExist(f"Order by a column of {path}, not by the relation itself.")
    return Key(path, descending, nullable, field)


class KeysetPagination(CursorPagination):
    page_size_query_param = "page_size"
    max_page_size = 100
    page_size_query_description = (
        "Rows per page (default 25, at most 100; larger values are capped). "
        "CSV exports default to, and are capped at, 1000 rows per page."
    )
    cursor_query_description = (
        "Opaque position from a previous response's `next` or `previous` link. "
        "A cursor only works with the ordering it was made for."
    )
    invalid_cursor_message = "Invalid cursor: use a `next` or `previous` link unchanged."

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.page_size = self.get_page_size(request)
        self.base_url = request.build_absolute_uri()
        self.keys = self.get_keys(queryset, view)
        self.cursor = self.decode_cursor(request)

        reverse = bool(self.cursor and self.cursor.reverse)
        keys = [key.flipped() for key in self.keys] if reverse else self.keys
        lookups = queryset._prefetch_related_lookups
        rows = fetch(queryset.prefetch_related(None), keys, self.cursor, self.page_size + 1)
        more = len(rows) > self.page_size
        self.page = rows[: self.page_size]
        # Once for the page, however many queries fetched it.
        prefetch_related_objects(self.page, *lookups)
        if reverse:
            self.page.reverse()
            self.has_previous, self.has_next = more, True
        else:
            self.has_next, self.has_previous = more, self.cursor is not None
        self.display_page_controls = self.has_previous or self.has_next
        return self.page

    def get_keys(self, queryset, view) -> list[Key]:
        """The FilterSet's ordering if one was asked for, else the view's; then the id."""
        tokens = [t for t in queryset.query.order_by if isinstance(t, str)]
        tokens = tokens or list(getattr(view, "ordering", None) or queryset.model._meta.ordering)
        tokens = [t for t in dict.fromkeys(tokens) if t.lstrip("-") not in (TIE_BREAKER, "pk")]
        keys = [resolve_key(queryset.model, token) for token in tokens]
        descending = keys[0].descending if keys else False
        return [
            *keys,
            resolve_key(queryset.model, f"-{TIE_BREAKER}" if descending else TIE_BREAKER),
        ]

    def get_page_size(self, request):
        renderer = getattr(request, "accepted_renderer", None)
        limit = CSV_PAGE_SIZE if getattr(renderer, "format", None) == "csv" else None
        default, maximum = (limit, limit) if limit else (self.page_size, self.max_page_size)
        raw = request.query_params.get(self.page_size_query_param)
        if not raw:  # absent, or empty as an untouched form field sends it
            return default
        if not (raw.isascii() and raw.isdigit() and int(raw) > 0):
            raise ValidationError(
                {self.page_size_query_param: [f"Expected a whole number from 1 to {maximum}."]}
            )
        return min(int(raw), maximum)

    # Cursors: url-safe base64 of JSON {"o": ordering, "v": boundary values, "r", "i"}.

    def decode_cursor(self, request):
        encoded = request.query_params.get(self.cursor_query_param)
        if not encoded:
            return None
        try:
            if len(encoded) > MAX_CURSOR_LENGTH:
                raise ValueError("too long")
            padded = encoded + "=" * (-len(encoded) % 4)
            payload = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
            if payload.get("o") != [key.token for key in self.keys]:
                raise ValidationError(
                    {self.cursor_query_param: ["This cursor was made for another ordering."]}
                )
            if not isinstance(payload["v"], list):
                raise TypeError("cursor values must be a list")
            values = [
                self._parse(key, raw) for key, raw in zip(self.keys, payload["v"], strict=True)
            ]
            return Cursor(values, bool(payload.get("r")), bool(payload.get("i")))
        except ValidationError:
            raise
        except (
            ArithmeticError,
            AttributeError,
            KeyError,
            TypeError,
            ValueError,
            UnicodeError,
            binascii.Error,
            DjangoValidationError,
        ):
            raise ValidationError(
                {self.cursor_query_param: [self.invalid_cursor_message]}
            ) from None

    @staticmethod
    def _parse(key: Key, raw):
        if raw is None:
            if not key.nullable:
                raise ValueError("null for a required column")
            return None
        if not isinstance(raw, (str, int)) or isinstance(raw, bool):
            raise TypeError("unexpected cursor value")
        if isinstance(raw, str) and contains_bad_characters(raw):
            # NUL or a lone surrogate: no database driver can send either.
            raise ValueError("NUL or invalid Unicode in cursor")
        value = key.field.to_python(raw)
        key.field.run_validators(value)  # e.g. an id beyond the column's integer range
        return value

    def encode_cursor(self, cursor: Cursor) -> str:
        payload = {"o": [key.token for key in self.keys], "v": cursor.values}
        if cursor.reverse:
            payload["r"] = 1
        if cursor.inclusive:
            payload["i"] = 1
        raw = json.dumps(payload, cls=DjangoJSONEncoder, separators=(",", ":"))
        encoded = base64.urlsafe_b64encode(raw.encode()).decode("ascii").rstrip("=")
        return replace_query_param(self.base_url, self.cursor_query_param, encoded)

    def _boundary(self, row) -> list:
        return [key.value_of(row) for key in self.keys]

    def get_next_link(self):
        if not self.has_next:
            return None
        if self.page:
            return self.encode_cursor(Cursor(self._boundary(self.page[-1])))
        # An empty page reached backwards: continue from where that cursor pointed.
        return self.encode_cursor(Cursor(self.cursor.values, inclusive=not self.cursor.inclusive))

    def get_previous_link(self):
        if not self.has_previous:
            return None
        if self.page:
            return self.encode_cursor(Cursor(self._boundary(self.page[0]), reverse=True))
        return self.encode_cursor(
            Cursor(self.cursor.values, reverse=True, inclusive=not self.cursor.inclusive)
        )

    def get_paginated_response(self, data):
        next_link, previous_link = self.get_next_link(), self.get_previous_link()
        pairs = [(next_link, "next"), (previous_link, "prev")]
        links = [f'<{url}>; rel="{rel}"' for url, rel in pairs if url]
        headers = {"Link": ", ".join(links)} if links else None
        return Response(
            {"next": next_link, "previous": previous_link, "results": data}, headers=headers
        )

    def get_html_context(self):
        return {"previous_url": self.get_previous_link(), "next_url": self.get_next_link()}

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["minimum"] = 1
        return parameters

    def get_paginated_response_schema(self, schema):
        # DRF's links are OpenAPI 3.0 (`nullable`) with an example that is no URI (it ends in
        # a stray quote); written here as OpenAPI 3.1.
        link = {"type": ["string", "null"], "format": "uri"}
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "next": {**link, "example": "https://registry.example/api/models/?cursor=eyJv"},
                "previous": link,
                "results": schema,
            },
        }
