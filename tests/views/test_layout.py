"""The layout's links, the filter form's fields and the page links, now written in Python
(registry/context_processors.py, ``{% filter_fields %}``, ``{% page_links %}``), are what
the templates wrote."""

import pytest
from django.core.paginator import Paginator
from django.http import QueryDict
from django.template import engines
from django.test.html import parse_html
from django.urls import clear_script_prefix, reverse, set_script_prefix

from registry.context_processors import SITE_LINKS, site_links
from registry.filters import AIModelFilter
from registry.models import AIModel
from registry.views.base import prepare_filter_form, read_slug_choices
from registry.views.lists import AIModelListView

# includes/_filter_fields.html as it was before {% filter_fields %} replaced it.
FIELDS_TEMPLATE = """{% for field in fields %}<div class="field{% if field.errors %} field--error{% endif %}">
  <label for="{{ field.id_for_label }}">{{ field.label }}</label>
  {{ field }}
  {% if field.errors %}<p class="field-error" id="id_{{ field.name }}_error">{{ field.errors|join:" " }}</p>{% endif %}
</div>
{% endfor %}"""  # noqa: E501


def render(source: str, fields) -> str:
    context = fields if isinstance(fields, dict) else {"fields": fields}
    request = context.get("request")
    return engines["django"].from_string(source).render(context, request)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    ["", "q=llama&country=FR&kind=llm", "released_after=yesterday&kind=<script>&q=a%26b"],
)
def test_filter_fields_are_the_templates_html(query):
    filterset = AIModelFilter(QueryDict(query), queryset=AIModel.objects.all())
    prepare_filter_form(filterset.form, read_slug_choices(AIModelListView.slug_selects), {})
    valid = filterset.is_valid()
    fields = list(filterset.form)

    html = render("{% load registry_tags %}{% filter_fields fields %}", fields)

    assert parse_html(html) == parse_html(render(FIELDS_TEMPLATE, fields))
    assert ("field--error" in html) is not valid
    assert "<script>" not in html


@pytest.mark.django_db
def test_layout_links_every_section(client):
    html = client.get(reverse("registry:license-list")).content.decode()
    for url_name in SITE_LINKS.values():
        assert f'href="{reverse(url_name)}"' in html, url_name


def test_layout_links_follow_the_script_prefix(rf):
    set_script_prefix("/registry/")
    try:
        links = site_links(rf.get("/"))["site_links"]
    finally:
        clear_script_prefix()
    assert links["models"] == "/registry/models/"
    assert site_links(rf.get("/"))["site_links"]["models"] == "/models/"


# includes/_pagination.html's links as they were before {% page_links %} replaced them.
PAGE_LINKS_TEMPLATE = """{% if page_obj.has_previous %}
  <li><a href="{% querystring page=page_obj.previous_page_number %}" rel="prev">Previous<span class="visually-hidden"> page</span></a></li>
{% endif %}
{% for number in page_range %}
  {% if number == page_obj.number %}
    <li><a href="{% querystring page=number %}" aria-current="page"><span class="visually-hidden">Page </span>{{ number }}</a></li>
  {% elif number == paginator.ELLIPSIS %}
    <li><span aria-hidden="true">…</span></li>
  {% else %}
    <li><a href="{% querystring page=number %}"><span class="visually-hidden">Page </span>{{ number }}</a></li>
  {% endif %}
{% endfor %}
{% if page_obj.has_next %}
  <li><a href="{% querystring page=page_obj.next_page_number %}" rel="next">Next<span class="visually-hidden"> page</span></a></li>
{% endif %}"""  # noqa: E501


@pytest.mark.parametrize("number", [1, 2, 7, 40])
@pytest.mark.parametrize("query", ["", "q=a%26b&page=3&kind=chat", "ordering=-name&q=<x>"])
def test_page_links_are_the_templates_html(rf, number, query):
    paginator = Paginator(range(1000), 25)
    page = paginator.page(number)
    context = {
        "page_obj": page,
        "paginator": paginator,
        "page_range": list(paginator.get_elided_page_range(number)),
        "request": rf.get(f"/models/?{query}"),
    }
    html = render("{% load registry_tags %}{% page_links %}", context)
    expected = render(PAGE_LINKS_TEMPLATE, context)
    assert parse_html(html) == parse_html(expected)
    assert "…" in html  # elided ranges were compared, not only short ones
    assert html.count('aria-current="page"') == 1
    assert "<x>" not in html
