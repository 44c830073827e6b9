"""``/healthz`` for load balancers and uptime checks: is the app up, can it reach its database,
and does the database hold the registry?"""

import logging

from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ..middleware import RETRY_AFTER_SECONDS

logger = logging.getLogger(__name__)


def missing_tables() -> list[str]:
    """Tables of the installed models that the database lacks.

    Reaching the database is not enough: SQLite opens a deleted file as a new, empty
    database, and every page would then fail while ``SELECT 1`` succeeds. One catalogue
    query (``sqlite_master``, ``pg_class``) says whether ``migrate`` has run on it.
    """
    wanted = {
        model._meta.db_table
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }
    # Production's shared cache, when it is a table (settings, CACHES): throttling needs it.
    wanted |= {
        cache["LOCATION"]
        for cache in settings.CACHES.values()
        if cache["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    }
    with connection.cursor() as cursor:
        present = set(connection.introspection.table_names(cursor))
    return sorted(wanted - present)


def unavailable() -> JsonResponse:
    response = JsonResponse({"status": "unavailable", "database": "unavailable"}, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


@never_cache
@require_GET
def healthz(request):
    try:
        missing = missing_tables()
    except DatabaseError as exc:
        # The reason goes to the log only: host names and errors are no business of a prober.
        logger.error("Health check: database unavailable: %s", exc)
        return unavailable()
    if missing:
        logger.error("Health check: the database lacks tables (run migrate): %s", missing)
        return unavailable()
    return JsonResponse({"status": "ok", "database": "ok"})
