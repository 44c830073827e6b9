"""Presentation helpers for the public pages."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from ..formatting import parameters
from ..models.timeline import claim_words
from ..views.base import clean_query

register = template.Library()

SORT_ARROWS = {
    "ascending": mark_safe(' <span aria-hidden="true">▲</span>'),
    "descending": mark_safe(' <span aria-hidden="true">▼</span>'),
}

# The 27 member states, so a license excluding all of them reads "the European Union".
EU_MEMBERS = frozenset(
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split()
)


register.filter("parameters", parameters)


register.filter("claim_label", claim_words)


@register.filter
def territories(countries) -> list[str]:
    """Country names, with a complete set of EU member states folded into one name."""
    codes = {country.code for country in countries}
    names = [country.name for country in countries if country.code not in EU_MEMBERS]
    if EU_MEMBERS <= codes:
        return ["the European Union", *names]
    return [country.name for country in countries]


@register.simple_tag(takes_context=True)
def sort_header(context, field, label, css_class=""):
    """A column header linking to the list sorted by ``field`` (ascending first, then
    descending), with ``aria-sort`` on the column the list is sorted by. Written here rather
    than in a template: a list page has four or five, each an include's worth of work."""
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
    return format_html(
        '<th scope="col"{}{}><a href="{}">{}{}</a></th>',
        format_html(' class="{}"', css_class) if css_class else "",
        format_html(' aria-sort="{}"', sort) if sort else "",
        f"?{params.urlencode()}",
        label,
        SORT_ARROWS.get(sort, ""),
    )


FIELD = '<div class="field{}">\n  <label for="{}">{}</label>\n  {}\n  {}\n</div>\n'


@register.simple_tag
def filter_fields(fields):
    """A filter form's fields, each with its label and errors. Written here rather than in
    a template loop: the models page has eighteen, and the loop cost a third of a millisecond."""
    html = []
    for field in fields:
        errors = field.errors
        error = ""
        if errors:
            error = format_html(
                '<p class="field-error" id="id_{}_error">{}</p>', field.name, " ".join(errors)
            )
        html.append(
            format_html(
                FIELD,
                " field--error" if errors else "",
                field.id_for_label,
                field.label,
                str(field),
                error,
            )
        )
    return mark_safe("".join(html))


def _page_href(query, number) -> str:
    """``{% querystring page=number %}``: the current query with its page set."""
    params = query.copy()
    params["page"] = number
    return f"?{params.urlencode()}"


STEP_LINK = '<li><a href="{}" rel="{}">{}<span class="visually-hidden"> page</span></a></li>'
PAGE_LINK = '<li><a href="{}"{}><span class="visually-hidden">Page </span>{}</a></li>'


@register.simple_tag(takes_context=True)
def page_links(context):
    """A list's page links (previous, the elided page range, next), as Django's
    ``{% querystring %}`` and a template loop wrote them. In Python: a list page shows about
    a dozen, and the loop was about 5% of the models page's time."""
    page, query = context["page_obj"], context["request"].GET
    ellipsis = context["paginator"].ELLIPSIS
    links = []
    if page.has_previous():
        previous = _page_href(query, page.previous_page_number())
        links.append(format_html(STEP_LINK, previous, "prev", "Previous"))
    for number in context["page_range"]:
        if number == ellipsis:
            links.append(mark_safe('<li><span aria-hidden="true">…</span></li>'))
            continue
        current = mark_safe(' aria-current="page"') if number == page.number else ""
        links.append(format_html(PAGE_LINK, _page_href(query, number), current, number))
    if page.has_next():
        following = _page_href(query, page.next_page_number())
        links.append(format_html(STEP_LINK, following, "next", "Next"))
    return mark_safe("\n".join(links))
