"""One JSON shape for every API error: ``{"detail": str, "code": str, "errors": {...}}``.

``detail`` is a sentence for people, ``code`` a stable token for programs (``invalid``,
``not_found``, ``not_authenticated``, ``permission_denied``, ``method_not_allowed``,
``throttled``, ``conflict``...), ``errors`` maps field (or query parameter) names to lists of
messages and is empty when the error is not about particular fields.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import ProtectedError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

# How many referencing rows a 409 names before summarising the rest.
NAMED_REFERENCES = 5


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "This change conflicts with the current data; nothing was saved."
    default_code = "conflict"


def protected_detail(instance, error: ProtectedError) -> str:
    """``Cannot delete Company "DeepSeek": still referenced by 2 AI models (r1, v3).``"""
    groups: dict[str, list[str]] = {}
    for row in error.protected_objects:
        label = row._meta.verbose_name_plural
        groups.setdefault(str(label), []).append(getattr(row, "slug", None) or str(row))
    parts = []
    for label, slugs in sorted(groups.items()):
        named = ", ".join(sorted(slugs)[:NAMED_REFERENCES])
        more = f" and {len(slugs) - NAMED_REFERENCES} more" if len(slugs) > NAMED_REFERENCES else ""
        parts.append(f"{len(slugs)} {label} ({named}{more})")
    return (
        f'Cannot delete {instance._meta.verbose_name} "{instance.slug}": still referenced by '
        f"{'; '.join(parts)}. Delete or re-point those first; nothing was deleted."
    )


def error_body(detail: str, code: str, errors: dict | None = None) -> dict:
    return {"detail": str(detail), "code": str(code), "errors": errors or {}}


def _summary(errors: dict) -> str:
    """``released_after: Enter a valid date.`` for the first field, so logs say what failed."""
    for field, messages in errors.items():
        first = messages
        while isinstance(first, (list, dict)) and first:
            first = next(iter(first.values())) if isinstance(first, dict) else first[0]
        return f"Invalid input. {field}: {first}"
    return "Invalid input."


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a bug: let Django log it and answer 500

    detail = exc.detail
    if isinstance(detail, dict):
        response.data = error_body(_summary(detail), "invalid", detail)
    elif isinstance(detail, list):
        errors = {api_settings.NON_FIELD_ERRORS_KEY: detail}
        response.data = error_body(_summary(errors), "invalid", errors)
    else:
        response.data = error_body(detail, getattr(detail, "code", "error"))

    # A CSV (or other non-JSON) client still gets its error as JSON rather than a broken file.
    request = context.get("request")
    if request is not None and getattr(request, "accepted_renderer", None) is not None:
        if request.accepted_renderer.format not in ("json", "api"):
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
    return response
