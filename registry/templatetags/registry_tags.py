"""Presentation helpers for the public pages."""

from django import template

from ..formatting import parameters
from ..views.base import clean_query

register = template.Library()

# The 27 member states, so a license excluding all of them reads "the European Union".
EU_MEMBERS = frozenset(
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split()
)


register.filter("parameters", parameters)


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
