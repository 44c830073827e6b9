"""Machinery shared by the HTML pages: canonical URLs, filtered and paginated lists."""

import functools
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import F
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.functional import cached_property
from django.views.generic import ListView
from django_filters.widgets import BaseCSVWidget

from ..filters import names_a_filter
from ..models import Company, License
from ..widgets import (
    FastCSVSelect,
    FastDateInput,
    FastNumberInput,
    FastSelect,
    FastSelectMixin,
    FastSelectMultiple,
    FastTextInput,
    faster,
)

# Counting stops here so a list over millions of rows never needs an exact COUNT(*);
# override with settings.REGISTRY_LIST_COUNT_CAP (None counts exactly).
DEFAULT_COUNT_CAP = 10_000
ANY = "Any"
FAST_WIDGETS = {forms.Select: FastSelect, forms.SelectMultiple: FastSelectMultiple}
FAST_INPUTS = {
    forms.TextInput: FastTextInput,
    forms.DateInput: FastDateInput,
    forms.NumberInput: FastNumberInput,
}
BOOLEAN_CHOICES = [("", ANY), ("true", "Yes"), ("false", "No")]


class RegistryPaginator(Paginator):
    """Django's Paginator with a capped count: at most ``cap + 1`` rows are counted
    (COUNT over an unordered LIMIT subquery), and past the cap the list offers its first
    ``cap`` rows and says there are more. The one place to change how lists count."""

    @property
    def count_cap(self):
        return getattr(settings, "REGISTRY_LIST_COUNT_CAP", DEFAULT_COUNT_CAP)

    @cached_property
    def _counted(self) -> tuple[int, bool]:
        cap = self.count_cap
        rows = self.object_list
        if not hasattr(rows, "query"):
            return len(rows), False
        if cap is None:
            return rows.count(), False
        counted = rows.order_by()[: cap + 1].count()
        return min(counted, cap), counted > cap

    @property
    def count(self):
        return self._counted[0]

    @property
    def is_capped(self) -> bool:
        """True when more rows match than were counted."""
        return self._counted[1]

    def page(self, number):
        """Past the first page, pick the page's ids before joining: ``WHERE id IN (SELECT id
        ... ORDER BY ... LIMIT 25 OFFSET n)``. The offset then walks one index, and the
        joins (company, license, base model) run for 25 rows rather than n + 25: the last
        page under the cap of a million models in 3 ms of SQL instead of 95."""
        page = super().page(number)
        rows = page.object_list
        if getattr(rows, "query", None) is not None and rows.query.low_mark > 0:
            page.object_list = self.object_list.filter(pk__in=rows.values("pk"))
        return page


class YesNoSelect(FastSelectMixin, forms.Select):
    """Any / Yes / No for a filter's yes-or-no field. The query string is still read by the
    filter's own widget, so what the filter accepts (and refuses) does not change."""

    def __init__(self, reader):
        super().__init__(choices=BOOLEAN_CHOICES)
        self.reader = reader

    def value_from_datadict(self, data, files, name):
        return self.reader.value_from_datadict(data, files, name)

    def format_value(self, value):
        if value is True or value is False:
            return ["true" if value else "false"]
        return [] if value in (None, "") else [str(value)]


class CanonicalMixin:
    """Adds ``canonical_url`` (the page's path, plus ``?page=N`` beyond page 1) and the
    nav ``section`` to the context."""

    section = ""

    def get_canonical_params(self, context) -> dict:
        page = context.get("page_obj")
        return {"page": page.number} if page is not None and page.number > 1 else {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        url = self.request.build_absolute_uri(self.request.path)
        params = self.get_canonical_params(context)
        context["canonical_url"] = f"{url}?{urlencode(params)}" if params else url
        context["section"] = self.section
        return context


# Past this many companies a <select> is too long to use (and, at 5,000 companies, 300 kB of
# HTML on every list page): the company filter stays a text box taking the slug.
SELECT_LIMIT = 300


def company_choices():
    return list(Company.objects.order_by("name").values_list("slug", "name")[: SELECT_LIMIT + 1])


def license_choices():
    return list(License.objects.order_by("name").values_list("slug", "name"))


def read_slug_choices(slug_selects: dict) -> tuple:
    """``slug_selects`` read: ``(name, label, ((slug, name), ...))`` for each, hashable so
    the rendering of an unfiltered form can be kept per set of choices."""
    return tuple((name, label, tuple(load())) for name, (label, load) in slug_selects.items())


def prepare_filter_form(form, slug_choices: tuple, labels: dict) -> None:
    """Make a FilterSet's form read well on a page without changing what it accepts:
    "Any" instead of dashes, date pickers, Yes/No selects, and selects of names for
    filters whose value is a slug (the query string keeps the slug, as in the API), from
    ``slug_choices`` as ``read_slug_choices()`` gives them."""
    form.label_suffix = ""
    for name, field in form.fields.items():
        if isinstance(field, forms.NullBooleanField):
            field.widget = YesNoSelect(reader=field.widget)
        elif isinstance(field, forms.MultipleChoiceField):
            field.widget.attrs["size"] = 6
        elif hasattr(field, "empty_label"):  # django-filter's choice fields
            field.empty_label = "Default" if name == "ordering" else ANY
            # The widget's iterator is a shallow copy reading the class-level field's label;
            # the field's own (copied) iterator reads the label just set. Both stay lazy.
            field.widget.choices = field.choices
        elif isinstance(field, forms.DateField):
            field.widget.input_type = "date"
        if name == "q":
            field.widget.input_type = "search"
        if name == "ordering":
            field.label = "Sort by"
        field.label = labels.get(name, field.label)
    for name, label, rows in slug_choices:
        choices = list(rows)
        form.fields[name].label = label
        if len(choices) > SELECT_LIMIT:
            continue
        current = form.data.get(name, "")
        if current and current not in {slug for slug, _ in choices}:
            # Keep an unknown slug visible and selected: the list is empty, not silently reset.
            choices.append((current, f"{current} (not in the registry)"))
        form.fields[name].widget = FastSelect(choices=[("", ANY), *choices])
    # Django renders each <option> through a template, 20 µs apiece: a form with two country
    # lists has hundreds. The same HTML, rendered in Python.
    for field in form.fields.values():
        fast = FAST_WIDGETS.get(type(field.widget))
        if fast is not None:
            field.widget = fast(attrs=field.widget.attrs, choices=field.widget.choices)
        elif type(field.widget) in FAST_INPUTS:
            field.widget = faster(field.widget, FAST_INPUTS[type(field.widget)])
        elif isinstance(field.widget, BaseCSVWidget) and isinstance(field.widget, forms.Select):
            field.widget = faster(field.widget, FastCSVSelect)


def describe_errors(form) -> None:
    """Point each invalid control at its error message for screen readers."""
    for name in form.errors:
        if name in form.fields:
            form.fields[name].widget.attrs["aria-describedby"] = f"id_{name}_error"


def clean_query(query, drop=("page",)):
    """A copy of the query string without empty values (a submitted form sends every field)
    or the parameters in ``drop``: what links derived from the current page carry."""
    cleaned = QueryDict(mutable=True)
    for key, values in query.lists():
        if key not in drop:
            cleaned.setlist(key, [value for value in values if value != ""])
    for key in [key for key, values in cleaned.lists() if not values]:
        del cleaned[key]
    return cleaned


def active_filters(form, query) -> list[dict]:
    """The filters in use, each with its label, the value in words and a link removing it."""
    active = []
    for name, field in form.fields.items():
        values = [value for value in query.getlist(name) if value != ""]
        if not values:
            continue
        choices = getattr(field.widget, "choices", None) or getattr(field, "choices", None)
        labels = dict(choices) if choices else {}
        shown = ", ".join(str(labels.get(value, value)) for value in values)
        rest = clean_query(query, drop=("page", name))
        active.append(
            {"name": name, "label": field.label, "value": shown, "remove": f"?{rest.urlencode()}"}
        )
    return active


def stable_order(queryset):
    """Sort unknown values (no release date, undisclosed size, no assessment) last in both
    directions and on every database (PostgreSQL puts NULLs first when descending, SQLite
    last), and end with the primary key so equal values never shuffle rows between pages."""
    ordering = []
    for item in queryset.query.order_by or queryset.model._meta.ordering:
        if isinstance(item, str) and item not in ("?", "pk", "-pk"):
            field = F(item.removeprefix("-"))
            item = (
                field.desc(nulls_last=True) if item.startswith("-") else field.asc(nulls_last=True)
            )
        ordering.append(item)
    return queryset.order_by(*ordering, "pk")


class FilteredListView(CanonicalMixin, ListView):
    """A list filtered by one of registry/filters.py's FilterSets and paginated.

    An invalid filter (malformed date, unknown choice, over-long search) renders the form
    with its errors and an empty list, with HTTP status 400.
    """

    filterset_class = None
    paginate_by = 25
    paginator_class = RegistryPaginator
    csv_path = ""  # the API export streaming every row of the same filtered list as CSV
    slug_selects: dict = {}  # filter name -> (label, function returning (slug, name) pairs)
    field_labels: dict = {}  # filter name -> label on this page
    secondary_fields: list = []  # filters shown in a folded group, open when one is used
    secondary_legend = ""

    def get_queryset(self):
        queryset = super().get_queryset()
        self.slug_choices = read_slug_choices(self.slug_selects)
        self.filterset = None
        if not names_a_filter(self.request.GET, self.filterset_class.base_filters):
            # No parameter names a filter: the FilterSet would leave the list as it is, and
            # the form is the same for everyone (unfiltered_form_html()), as in the API.
            return stable_order(queryset)
        self.filterset = self.filterset_class(
            self.request.GET, queryset=queryset, request=self.request
        )
        prepare_filter_form(self.filterset.form, self.slug_choices, self.field_labels)
        if not self.filterset.is_valid():
            describe_errors(self.filterset.form)
            return self.filterset.queryset.none()
        return stable_order(self.filterset.qs)

    @classmethod
    def filter_form_html(cls, form, query, path: str) -> str:
        """The filter form (templates/includes/_filter_form.html) for ``form``."""
        secondary = [form[name] for name in cls.secondary_fields]
        return render_to_string(
            "includes/_filter_form.html",
            {
                "form": form,
                "path": path,
                "primary_fields": [
                    field for field in form if field.name not in cls.secondary_fields
                ],
                "secondary_fields": secondary,
                "secondary_legend": cls.secondary_legend,
                "secondary_open": any(field.errors or query.get(field.name) for field in secondary),
            },
        )

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        requested = self.request.GET.get("page", "")
        page = paginator.get_page(requested)
        self.page_message = ""
        if requested and requested != str(page.number):
            self.page_message = (
                f"There is no page “{requested[:20]}”; "
                f"showing page {page.number} of {paginator.num_pages}."
            )
        return paginator, page, page.object_list, page.has_other_pages()

    def get_csv_url(self) -> str:
        query = clean_query(self.request.GET, drop=("page",))
        return f"{self.csv_path}?{query.urlencode()}" if query else self.csv_path

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        path = self.request.path
        if self.filterset is None:
            language = translation.get_language()
            form_html = unfiltered_form_html(type(self), path, language, self.slug_choices)
            context.update(filter_form_html=form_html, filter_invalid=False, active_filters=[])
        else:
            form, query = self.filterset.form, self.request.GET
            context.update(
                filter=self.filterset,
                filter_form_html=self.filter_form_html(form, query, path),
                filter_invalid=bool(form.errors),
                active_filters=active_filters(form, query),
            )
        context.update(
            page_message=self.page_message,
            page_range=context["paginator"].get_elided_page_range(context["page_obj"].number),
            csv_url=self.get_csv_url(),
        )
        return context

    def render_to_response(self, context, **response_kwargs):
        if context["filter_invalid"]:
            response_kwargs["status"] = 400
        return super().render_to_response(context, **response_kwargs)


@functools.lru_cache(maxsize=64)
def unfiltered_form_html(view_class, path: str, language: str, slug_choices: tuple) -> str:
    """The filter form of a list no parameter filters: rendered once per process for each
    list, path, language and set of slug choices (a company added is a new entry), since
    it is then the same for every request. 1.5 ms of every such page otherwise."""
    filterset_class = view_class.filterset_class
    filterset = filterset_class(QueryDict(), queryset=filterset_class._meta.model.objects.none())
    prepare_filter_form(filterset.form, slug_choices, view_class.field_labels)
    filterset.is_valid()
    return view_class.filter_form_html(filterset.form, QueryDict(), path)
