from django.contrib import admin
from django.urls import include, path

from .api.urls import api_root
from .health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/", include("registry.api.urls")),
    path("api", api_root),  # as /api/, rather than a redirect that would drop a write's body
    path("", include("registry.web_urls")),
]

# Unknown paths under /api/ answer the API's JSON 404, not the site's page.
handler404 = "registry.middleware.page_not_found"
# A database error raised outside a view still gets the 503 page rather than the 500 one.
handler500 = "registry.middleware.server_error"
