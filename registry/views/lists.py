"""The four browsable lists. Filtering is registry/filters.py's, shared with the API."""

from django.urls import reverse

from ..filters import AIModelFilter, CompanyFilter, LicenseFilter, ReleaseEventFilter
from ..models import AIModel, Company, License, ReleaseEvent
from .base import FilteredListView, clean_query, company_choices, license_choices
from .rows import model_rows, rows_html


class AIModelListView(FilteredListView):
    queryset = AIModel.objects.for_table()
    filterset_class = AIModelFilter
    template_name = "registry/aimodel_list.html"
    section = "models"
    csv_path = "/api/models/export.csv"
    slug_selects = {
        "company": ("Company", company_choices),
        "license": ("License", license_choices),
    }
    # Shown folded under "Openness" (see registry/openness.py and docs/openness.md).
    secondary_fields = ["mof_class", "osaid", "dimension", "open_washing", "commercial_in"]
    secondary_legend = "Openness"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["model_rows"] = model_rows(context["object_list"])
        context["model_rows_html"] = rows_html(context["model_rows"])
        return context


class CompanyListView(FilteredListView):
    queryset = Company.objects.with_open_model_counts()
    filterset_class = CompanyFilter
    template_name = "registry/company_list.html"
    section = "companies"
    csv_path = "/api/companies/export.csv"


class LicenseListView(FilteredListView):
    queryset = License.objects.with_model_counts()
    filterset_class = LicenseFilter
    template_name = "registry/license_list.html"
    section = "licenses"
    csv_path = "/api/licenses/export.csv"


class ReleaseEventListView(FilteredListView):
    queryset = ReleaseEvent.objects.for_list_page().with_citations()
    filterset_class = ReleaseEventFilter
    template_name = "registry/releaseevent_list.html"
    section = "releases"
    csv_path = "/api/releases/export.csv"
    slug_selects = {"company": ("Company", company_choices)}
    field_labels = {"year": "Year", "date_after": "From date", "date_before": "To date"}

    def get_feed_url(self) -> str:
        query = clean_query(self.request.GET, drop=("page", "ordering"))
        suffix = f"?{query.urlencode()}" if query else ""
        return reverse("registry:releaseevent-feed") + suffix

    def get_context_data(self, **kwargs):
        return super().get_context_data(feed_url=self.get_feed_url(), **kwargs)
