"""Guards that turn faults and hostile input into clear 4xx/503 answers instead of 500s."""

import logging

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.middleware import common
from django.template.loader import render_to_string
from django.urls import reverse

from .validators import contains_bad_characters

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


def database_unavailable_error(exception) -> bool:
    """Whether ``exception`` says the database cannot serve at all, rather than that a query
    was wrong: refused or lost (``OperationalError``, ``InterfaceError``), or a plain
    ``DatabaseError``, which is what SQLite raises for a damaged file ("file is not a
    database", "database disk image is malformed"). Its subclasses (integrity, data,
    programming errors) are about one statement and stay errors of the request."""
    return isinstance(exception, (OperationalError, InterfaceError)) or (
        type(exception) is DatabaseError
    )


def wants_json(request) -> bool:
    return request.path_info.startswith("/api/")


# The API's error codes (registry/api/exceptions.py) for the answers given here.
ERROR_CODES = {
    400: "invalid",
    404: "not_found",
    413: "request_too_large",
    500: "server_error",
    503: "unavailable",
}


def error_response(request, status: int, detail: str, template: str | None = None):
    """The API's JSON error shape under /api/, otherwise a page that needs no database."""
    if wants_json(request):
        body = {"detail": detail, "code": ERROR_CODES.get(status, "error"), "errors": {}}
        return JsonResponse(body, status=status)
    if template:
        try:
            return HttpResponse(render_to_string(template, {"detail": detail}), status=status)
        except Exception:  # e.g. no static manifest yet: still answer, in plain text
            logger.exception("Could not render %s", template)
    return HttpResponse(detail, status=status, content_type="text/plain; charset=utf-8")


def database_unavailable(request) -> HttpResponse:
    response = error_response(
        request, 503, "The registry's database is unavailable. Try again shortly.", "503.html"
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """A lost or refused database connection answers 503 with Retry-After, not a traceback.

    Django drops a broken connection at the end of the request (``CONN_HEALTH_CHECKS`` checks
    a reused one at the start of the next), so service resumes by itself once the database is
    back. Errors raised outside views (a session saved on the way out) reach ``server_error``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if database_unavailable_error(exception):
            logger.error("Database unavailable on %s: %s", request.path, exception)
            return database_unavailable(request)
        return None


class RequestSizeLimitMiddleware:
    """Refuses a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` with 413 before anything reads it.

    Django enforces the limit only when a form body is parsed; parsers that read the stream
    themselves (DRF's JSON parser) would otherwise read any size into memory.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return error_response(request, 400, "Content-Length is not a number.")
        if limit is not None and length > limit:
            return error_response(request, 413, f"The request body is over {limit} bytes.")
        return self.get_response(request)


class AdminInputMiddleware:
    """400 for NUL or lone surrogates anywhere in an admin request's query string or form.

    The admin hands its search box, list filters and action selections straight to the ORM,
    where a NUL byte makes PostgreSQL fail with a 500. Public pages and the API validate their
    input with forms and serializers instead, which already reject NUL with a field error.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = None

    def __call__(self, request):
        if self.prefix is None:
            self.prefix = reverse("admin:index")
        if request.path_info.startswith(self.prefix) and self.has_bad_input(request):
            return error_response(
                request, 400, "The request contains NUL or invalid Unicode characters."
            )
        return self.get_response(request)

    @staticmethod
    def has_bad_input(request) -> bool:
        data = [request.GET]
        if request.method == "POST":
            data.append(request.POST)
        return any(
            contains_bad_characters(key) or contains_bad_characters(value)
            for query in data
            for key, values in query.lists()
            for value in values
        )


class CommonMiddleware(common.CommonMiddleware):
    """Django's, but a missing trailing slash is redirected for reads only.

    Redirecting a POST (or PUT, PATCH, DELETE) loses its body, and in debug Django raises
    instead, a 500. Such a request goes on unredirected and gets the answer of the path it
    named: the API serves its paths without the slash too (registry/api/urls.py), anything
    else is a plain 404.
    """

    def should_redirect_with_slash(self, request):
        return request.method in ("GET", "HEAD") and super().should_redirect_with_slash(request)
