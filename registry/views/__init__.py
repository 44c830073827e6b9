"""Thin HTML views: query logic lives on the QuerySets, filtering in registry/filters.py."""

from .compare import CompareView
from .detail import AIModelDetailView, CompanyDetailView, LicenseDetailView
from .home import HomeView
from .lists import AIModelListView, CompanyListView, LicenseListView, ReleaseEventListView

__all__ = [
    "AIModelDetailView",
    "AIModelListView",
    "CompanyDetailView",
    "CompanyListView",
    "CompareView",
    "HomeView",
    "LicenseDetailView",
    "LicenseListView",
    "ReleaseEventListView",
]
