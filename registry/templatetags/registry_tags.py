"""Presentation helpers for the public pages."""

from django import template

from ..views.base import clean_query

register = template.Library()

PARAMETER_UNITS = [(10**12, "T"), (10**9, "B"), (10**6, "M"), (10**3, "K")]


@register.filter
def parameters(value):
    """671000000000 -> "671B", 1500000000 -> "1.5B": the way model cards write sizes."""
    if value in (None, ""):
        return ""
    for size, unit in PARAMETER_UNITS:
        if value >= size:
            return f"{value / size:.1f}".removesuffix(".0") + unit
    return str(value)


@register.filter
def claim_label(claim):
    """A citation's claim (a field name such as ``released_on``) in words."""
    return claim.replace("_", " ")


@register.inclusion_tag("includes/_sort_header.html", takes_context=True)
def sort_header(context, field, label):
    """A column header linking to the list sorted by ``field`` (ascending first, then
    descending), with ``aria-sort`` on the column the list is sorted by."""
    query = context["request"].GET
    current = query.get("ordering", "")
    if current == field:
        sort, next_ordering = "ascending", f"-{field}"
    elif current == f"-{field}":
        sort, next_ordering = "descending", field
    else:
        sort, next_ordering = "", field
    params = clean_query(query)
    params["ordering"] = next_ordering
    return {"label": label, "sort": sort, "href": f"?{params.urlencode()}"}
