"""The error pages' handlers (``handler404`` and ``handler500`` in registry/urls.py)."""

import sys

from django.views import defaults

from ..middleware import (
    database_unavailable,
    database_unavailable_error,
    error_response,
    wants_json,
)


def page_not_found(request, exception):
    """``handler404``: under /api/ the API's JSON 404 for any path no route matches (one with
    a newline or an unknown name, with or without the slash), elsewhere the site's page."""
    if wants_json(request):
        return error_response(request, 404, "Not found.")
    return defaults.page_not_found(request, exception)


def server_error(request):
    """``handler500``: the 503 answer for database errors raised outside a view."""
    if database_unavailable_error(sys.exc_info()[1]):
        return database_unavailable(request)
    if wants_json(request):
        return error_response(request, 500, "Internal server error.")
    return defaults.server_error(request)
