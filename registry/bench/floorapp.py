"""The Django floor: the benchmarked lists with nothing of the registry's on top of Django.

Each view runs, under the registry's own settings and middleware, the QuerySets the app
runs for that list (the same SQL: ``same_sql()`` checks it statement by statement) and
answers the rows' slugs as JSON: no DRF, no serializer, no FilterSet, no form, no template.
However the app's own code is written, it cannot serve these lists faster than this while
it reads them through the ORM. ``python -m registry.bench.floor`` loads it beside the app
and the raw baseline.

Serve: ``gunicorn registry.bench.floorapp:application`` (with the app's environment).
"""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registry.settings")
django.setup(set_prefix=False)

import orjson  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.urls import include, path  # noqa: E402

from registry.api.views import AIModelViewSet  # noqa: E402
from registry.models import AIModel  # noqa: E402
from registry.views.base import (  # noqa: E402
    RegistryPaginator,
    company_choices,
    license_choices,
    stable_order,
)
from registry.views.lists import AIModelListView  # noqa: E402

API_PAGE_SIZE = 25
HTML_PAGE_SIZE = AIModelListView.paginate_by


def answer(body: dict) -> HttpResponse:
    return HttpResponse(orjson.dumps(body), content_type="application/json")


def api_model_list(request):
    """GET /api/models/: one page in the default order, then its history and citations."""
    rows = list(AIModelViewSet.list_queryset.order_by("name", "id")[: API_PAGE_SIZE + 1])
    page = rows[:API_PAGE_SIZE]
    AIModel.objects.attach_history_and_citations(page)
    return answer({"results": [model.slug for model in page], "more": len(rows) > len(page)})


def html_model_list(request):
    """GET /models/: the filter's choices, the capped count and the first page."""
    paginator = RegistryPaginator(stable_order(AIModelListView.queryset.all()), HTML_PAGE_SIZE)
    page = paginator.page(1)
    companies, licenses = company_choices(), license_choices()
    return answer(
        {
            "count": paginator.count,
            "companies": len(companies),
            "licenses": len(licenses),
            "results": [model.slug for model in page.object_list],
        }
    )


# The floor's two lists first; the registry's URLs after them, for what middleware reverses.
urlpatterns = [
    path("api/models/", api_model_list),
    path("models/", html_model_list),
    path("", include("registry.urls")),
]


class FloorHandler(WSGIHandler):
    """Django's WSGI handler, routing with this module's URLs and the registry's settings."""

    def get_response(self, request):
        request.urlconf = __name__
        return super().get_response(request)


application = FloorHandler()


def statements(url: str, floor: bool) -> list[str]:
    """The SQL one GET of ``url`` runs, on the app or on the floor."""
    client = Client(HTTP_X_FORWARDED_PROTO="https")
    with override_settings(ROOT_URLCONF=__name__) if floor else override_settings():
        client.get(url)  # warm up: per-process caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")
    return [query["sql"] for query in queries.captured_queries]


def same_sql(url: str) -> int:
    """The number of statements the app and the floor both run for ``url``; an error if
    they do not run the same ones."""
    app, floor = statements(url, floor=False), statements(url, floor=True)
    if sorted(app) != sorted(floor):
        missing = set(app) ^ set(floor)
        raise RuntimeError(f"The floor and the app run different SQL for {url}: {missing}")
    return len(app)


if __name__ == "__main__":
    print(orjson.dumps({url: same_sql(url) for url in ("/api/models/", "/models/")}).decode())
