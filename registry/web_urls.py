"""Public HTML pages (namespace ``registry``)."""

from django.urls import path

from . import openness_views, views

app_name = "registry"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("models/<slug:slug>/", views.AIModelDetailView.as_view(), name="aimodel-detail"),
    path("companies/<slug:slug>/", views.CompanyDetailView.as_view(), name="company-detail"),
    path("licenses/<slug:slug>/", views.LicenseDetailView.as_view(), name="license-detail"),
    path("releases/", views.ReleaseEventListView.as_view(), name="releaseevent-list"),
    path("openness/", openness_views.openness, name="openness"),
]
