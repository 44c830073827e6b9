"""The REST API (namespace ``api``), mounted at /api/."""

from csp.decorators import csp_update
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import routers
from rest_framework.reverse import reverse

from . import views

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
        for name in ("schema", "docs"):
            response.data[name] = reverse(f"api:{name}", request=request)
        return response


class Router(routers.DefaultRouter):
    APIRootView = APIRootView
    # One way to pick a format, ?format= (or Accept): no /api/models.json twins of every URL.
    include_format_suffixes = False


router = Router()
router.register("models", views.AIModelViewSet, basename="aimodel")
router.register("companies", views.CompanyViewSet, basename="company")
router.register("licenses", views.LicenseViewSet, basename="license")
router.register("releases", views.ReleaseEventViewSet, basename="releaseevent")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI only: drf-spectacular's Redoc page loads its fonts from Google.
    path("docs/", docs_view, name="docs"),
    # Any other path under /api/ is left unmatched: handler404 answers it in JSON.
    *router.urls,
]
