"""The /openness/ page: the three frameworks in plain words and the registry ranked."""

from django.shortcuts import render

from ..filters import AIModelFilter
from ..models import AIModel
from ..openness import COMPONENTS, DIMENSION_GROUPS, OSAID_REQUIREMENTS, Component, Dimension
from .base import RegistryPaginator

RANKING_FILTERS = ["mof_class", "osaid", "dimension", "open_washing", "commercial_in"]
RANKING_PAGE_SIZE = 50


def openness(request):
    filterset = AIModelFilter(request.GET, queryset=AIModel.objects.openness_ranking())
    valid = filterset.is_valid()
    # Paginated like the lists (capped count): a registry can hold many assessed models.
    paginator = RegistryPaginator(
        filterset.qs if valid else AIModel.objects.none(), RANKING_PAGE_SIZE
    )
    page = paginator.get_page(request.GET.get("page"))
    models = list(page.object_list)
    for model in models:
        # One cell per dimension in the index's order, whatever order rows were entered in.
        rows = {row.dimension: row for row in model.openness_dimensions.all()}
        model.dimension_cells = [rows.get(dimension) for dimension in Dimension.values]
    context = {
        "filterset": filterset,
        "filter_fields": [filterset.form[name] for name in RANKING_FILTERS],
        "models": models,
        "page_obj": page,
        "paginator": paginator,
        "page_range": paginator.get_elided_page_range(page.number),
        "dimensions": list(Dimension),
        "dimension_groups": DIMENSION_GROUPS,
        "components_by_class": {
            numeral: [
                Component(n).label for n, spec in COMPONENTS.items() if spec.mof_class == level
            ]
            for numeral, level in (("iii", 3), ("ii", 2), ("i", 1))
        },
        "osaid_requirements": OSAID_REQUIREMENTS.values(),
        "section": "openness",
    }
    return render(request, "registry/openness.html", context, status=200 if valid else 400)
