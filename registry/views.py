"""Thin HTML views: query logic lives on the QuerySets, filtering in registry/filters.py."""

from django.views.generic import DetailView, ListView, TemplateView

from .models import AIModel, Company, License, ReleaseEvent


class HomeView(TemplateView):
    template_name = "registry/home.html"


class AIModelDetailView(DetailView):
    queryset = AIModel.objects.with_related()


class CompanyDetailView(DetailView):
    queryset = Company.objects.all()


class LicenseDetailView(DetailView):
    queryset = License.objects.all()


class ReleaseEventListView(ListView):
    queryset = ReleaseEvent.objects.with_related()
