"""The REST API (namespace ``api``), mounted at /api/."""

from csp.decorators import csp_update
from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import routers
from rest_framework.reverse import reverse

from . import views
from .export import COLLECTIONS, ExportsView
from .suggestions import SuggestionViewSet

app_name = "api"

# Swagger UI injects one <style> element and draws its icons as data: SVGs; the docs page alone
# allows exactly that (tests/test_api_docs_browser.py fails if a sidecar upgrade changes it).
SWAGGER_UI_STYLE_HASH = "'sha256-MMpT0iDxyjALd9PdfepImGX3DBfJPXZ4IlDWdPAgtn0='"
docs_view = csp_update({"style-src": [SWAGGER_UI_STYLE_HASH], "img-src": ["data:"]})(
    SpectacularSwaggerSplitView.as_view(url_name="api:schema")
)


class APIRootView(routers.APIRootView):
    """The registry's collections, its OpenAPI schema and its documentation."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        for name in ("schema", "docs", "exports", "dump"):
            response.data[name] = reverse(f"api:{name}", request=request)
        return response


class Router(routers.DefaultRouter):
    APIRootView = APIRootView
    # One way to pick a format, ?format= (or Accept): no /api/models.json twins of every URL.
    include_format_suffixes = False


VIEWSETS = {
    "aimodel": views.AIModelViewSet,
    "company": views.CompanyViewSet,
    "license": views.LicenseViewSet,
    "releaseevent": views.ReleaseEventViewSet,
}
router = Router()
for prefix, basename in COLLECTIONS.items():
    router.register(prefix, VIEWSETS[basename], basename=basename)
# Readers' corrections and the editors' answers (suggestions.py).
router.register("suggestions", SuggestionViewSet, basename="suggestion")

# Bulk data (export.py): /api/models/export.csv, /api/models/export.jsonl...
exports = [
    path(
        f"{prefix}/export.<str:fmt>",
        VIEWSETS[basename].as_view({"get": "export"}, basename=basename, detail=False),
        name=f"{basename}-export",
    )
    for prefix, basename in COLLECTIONS.items()
]


def without_trailing_slash(patterns):
    """The same views at each path minus its trailing slash, unnamed (URLs are built with
    the slash). CommonMiddleware would redirect ``/api/models`` instead, which loses the body
    of a write (and is a 500 in debug); here every method is answered where it was sent.
    The schema documents the canonical paths only (schema.drop_slashless_paths)."""
    twins = []
    for pattern in patterns:
        regex = pattern.pattern.regex.pattern
        if regex.endswith("/$"):
            twins.append(re_path(regex[:-2] + "$", pattern.callback, pattern.default_args))
    return twins


schema_view = SpectacularAPIView.as_view()
api_root = next(pattern.callback for pattern in router.urls if pattern.name == "api-root")

urlpatterns = [
    path("schema/", schema_view, name="schema"),
    path("schema", schema_view),
    # Swagger UI only: drf-spectacular's Redoc page loads its fonts from Google.
    path("docs/", docs_view, name="docs"),
    path("docs", docs_view),
    path("exports/", ExportsView.as_view(), name="exports"),
    path(
        "dump.jsonl",
        views.AIModelViewSet.as_view({"get": "dump"}, basename="aimodel", detail=False),
        name="dump",
    ),
    *exports,
    *router.urls,
    *without_trailing_slash(router.urls),
    # Any other path under /api/ is left unmatched: handler404 answers it in JSON.
]
