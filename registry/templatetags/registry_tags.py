"""Presentation helpers for the public pages."""

from django import template

from ..views.base import clean_query

register = template.Library()

PARAMETER_UNITS = [(10**12, "T"), (10**9, "B"), (10**6, "M"), (10**3, "K")]
# The 27 member states, so a license excluding all of them reads "the European Union".
EU_MEMBERS = frozenset(
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split()
)


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


@register.filter
def territories(countries) -> list[str]:
    """Country names, with a complete set of EU member states folded into one name."""
    codes = {country.code for country in countries}
    names = [country.name for country in countries if country.code not in EU_MEMBERS]
    if EU_MEMBERS <= codes:
        return ["the European Union", *names]
    return [country.name for country in countries]


@register.inclusion_tag("includes/_sort_header.html", takes_context=True)
def sort_header(context, field, label, css_class=""):
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
    return {"label": label, "sort": sort, "href": f"?{params.urlencode()}", "class": css_class}
