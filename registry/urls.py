"""The registry's URLs: health, admin, the API (registry/api/urls.py) and the public pages
(namespace ``registry``)."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views
from .api.urls import api_root
from .conditional import conditional_page
from .views.feeds import AcceptedSuggestionFeed, ReleaseEventFeed
from .views.health import healthz
from .views.openness import openness
from .views.suggestions import MySuggestionsView, SuggestionCreateView, SuggestionReviewView

pages = [
    path("", views.HomeView.as_view(), name="home"),
    path("models/", views.AIModelListView.as_view(), name="aimodel-list"),
    path("models/<slug:slug>/", views.AIModelDetailView.as_view(), name="aimodel-detail"),
    path("companies/", views.CompanyListView.as_view(), name="company-list"),
    path("companies/<slug:slug>/", views.CompanyDetailView.as_view(), name="company-detail"),
    path("licenses/", views.LicenseListView.as_view(), name="license-list"),
    path("licenses/<slug:slug>/", views.LicenseDetailView.as_view(), name="license-detail"),
    path("releases/", views.ReleaseEventListView.as_view(), name="releaseevent-list"),
    # ETag, and 304 on If-None-Match / If-Modified-Since (feed readers poll).
    path("releases/feed/", conditional_page(ReleaseEventFeed()), name="releaseevent-feed"),
    path("compare/", views.CompareView.as_view(), name="compare"),
    path("openness/", openness, name="openness"),
    # Readers' corrections (docs/pages.md, "Suggestions"); <collection> is models,
    # companies, licenses or releases.
    path(
        "suggest/<str:collection>/<slug:slug>/",
        SuggestionCreateView.as_view(),
        name="suggestion-create",
    ),
    path("suggestions/", MySuggestionsView.as_view(), name="suggestion-list"),
    # Contributors who are not editors sign in here (the admin's login is for staff only);
    # django-axes locks this form out after repeated failures like the admin's.
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            template_name="registry/login.html",
            next_page="registry:suggestion-list",
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path(
        "accounts/logout/", auth_views.LogoutView.as_view(next_page="registry:home"), name="logout"
    ),
    path("suggestions/review/", SuggestionReviewView.as_view(), name="suggestion-review"),
    path(
        "suggestions/feed/",
        conditional_page(AcceptedSuggestionFeed()),
        name="suggestion-feed",
    ),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/", include("registry.api.urls")),
    path("api", api_root),  # as /api/, rather than a redirect that would drop a write's body
    path("", include((pages, "registry"))),
]

# Unknown paths under /api/ answer the API's JSON 404, not the site's page.
handler404 = "registry.views.errors.page_not_found"
# A database error raised outside a view still gets the 503 page rather than the 500 one.
handler500 = "registry.views.errors.server_error"
