"""The API's query-string rules: the filter backend, and strict parameter names.

The filter backend is django-filter's, minus the FilterSet when no filter is asked for.
Building a FilterSet deep-copies its filters and its form's fields, choice lists included:
about 2 ms of a request, spent on every unfiltered list page, every ``next`` page and every
detail (DRF filters ``get_object()``'s queryset too), where each filter would leave the
queryset as it is. Any parameter that could name a filter still goes through the FilterSet,
so its values are validated (a bad one is a 400) exactly as before.

Parameter names are strict on the API (programs send them, and a typo that silently returns
the whole list is worse than an error): an unknown name is a 400 naming it, and a
single-valued one given twice is a 400 rather than "the last one wins". The HTML pages
ignore unknown names instead, because shared links carry tracking tags (``utm_source``...).
"""

from django_filters import MultipleChoiceFilter, OrderingFilter
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError

from ..filters import names_a_filter

# Names clients bring from the Hugging Face Hub API (and offset-paginated APIs), with the
# registry's own name for the same thing: not accepted as synonyms (one name per thing,
# and ``sort=downloads`` or ``direction=-1`` have no exact equivalent), but the 400 says
# which name to use.
ALIASES = {
    "search": "q",
    "author": "company",
    "sort": "ordering",
    "direction": "ordering (a leading - sorts descending: ordering=-name)",
    "limit": "page_size",
    "page": "cursor (follow the `next` link)",
    "offset": "cursor (follow the `next` link)",
}


class FilterBackend(DjangoFilterBackend):
    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None or not names_a_filter(
            request.query_params, filterset_class.base_filters
        ):
            return queryset
        return super().filter_queryset(request, queryset, view)


def multi_valued(filterset_class) -> set[str]:
    """The filters that take a value per repetition (``dimension=a&dimension=b``; sort keys
    also as ``ordering=name&ordering=-parameters``, see RegistryFilterSet)."""
    if filterset_class is None:
        return set()
    return {
        name
        for name, field in filterset_class.base_filters.items()
        if isinstance(field, (MultipleChoiceFilter, OrderingFilter))
    }


def check_query_names(params, accepted: set[str], repeatable: set[str]) -> None:
    """400 for each query parameter that is not ``accepted``, or given more than once
    though it is not ``repeatable``."""
    errors = {}
    for name in params:
        if name not in accepted:
            alias = ALIASES.get(name)
            if alias is not None and alias.split(" ")[0] in accepted:
                errors[name] = [f"Unknown parameter; the registry calls it {alias}."]
            else:
                known = ", ".join(sorted(accepted))
                errors[name] = [f"Unknown parameter. Accepted here: {known}."]
        elif name not in repeatable and len(params.getlist(name)) > 1:
            count = len(params.getlist(name))
            errors[name] = [f"Given {count} times; give it once."]
    if errors:
        raise ValidationError(errors)
