"""One FilterSet per model, shared by the HTML list pages (``filterset.qs``) and the API
(``filterset_class``), so a query string means the same thing in both places.

Invalid values are form errors: the API turns them into HTTP 400, the pages show them.
"""

import functools

import django_filters
from django import forms
from django.utils import translation
from django.utils.choices import BaseChoiceIterator
from django_countries import countries
from django_filters.constants import EMPTY_VALUES
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from .models import (
    AccessLevel,
    AIModel,
    CommercialUse,
    Company,
    EventKind,
    EventStatus,
    License,
    LicenseCategory,
    Modality,
    ModelKind,
    ReleaseEvent,
    Suggestion,
    SuggestionStatus,
)
from .models.suggestion import COLLECTIONS
from .openness import Dimension, MofClass, Status
from .validators import reject_lone_surrogates

SEARCH_MAX_LENGTH = 200


def names_a_filter(params, filters) -> bool:
    """Whether any query parameter could be read by one of ``filters``: its name, or its
    name with a widget's suffix (``released_0``, ``size_min``). When none could, a FilterSet
    would leave the rows as they are: the API and the pages then skip building one."""
    return any(key.startswith(name) for key in params for name in filters)


# "training-code:open", "base-model-data:partial"...: one value per dimension and status.
DIMENSION_STATUS_CHOICES = [
    (f"{dimension}:{status}", f"{dimension.label}: {status.label}")
    for dimension in Dimension
    for status in Status
]


class SearchFilter(django_filters.CharFilter):
    """``q``: free-text search delegated to the model's ``QuerySet.search()``.

    NUL is refused by ``forms.CharField`` itself; lone surrogates by our validator. Either
    would otherwise reach PostgreSQL and fail the request with a 500.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Search")
        kwargs.setdefault("max_length", SEARCH_MAX_LENGTH)
        kwargs.setdefault("validators", [reject_lone_surrogates])
        super().__init__(method="filter_search", **kwargs)


@functools.lru_cache(maxsize=32)
def _countries_in(language: str) -> tuple:
    return tuple((code, str(name)) for code, name in countries)


class CountryChoices(BaseChoiceIterator):
    """Every country as ``(code, name)``, named in the active language.

    django-countries translates all 250 names each time it is iterated, and a list page
    iterates them several times per request (validation, the form's labels, the widget):
    that was a third of the models page's time. The names are computed once per language.
    As a ``BaseChoiceIterator`` it stays lazy: Django's forms would otherwise copy it into a
    list of 250 pairs in each field, deep-copy that per request and re-check every pair.
    """

    def __iter__(self):
        return iter(_countries_in(translation.get_language()))

    def __len__(self):
        return len(countries)

    def __deepcopy__(self, memo):
        return self  # no state: forms copying their fields per request can share it


COUNTRIES = CountryChoices()


class SlugFilter(django_filters.CharFilter):
    """Rows whose foreign key ``field_name`` points at the row with this slug.

    The slug is looked up first (one primary-key query) and the list filtered on the id,
    ``company_id = 42``: not joined on the slug, nor compared with a subquery, both of which
    leave PostgreSQL guessing how many rows the key matches. Given a value, its statistics
    tell a company with ten models from one with a hundred thousand, and it picks a plan for
    each: sort a few rows, or walk a (company, ordering) index and stop after a page (3 ms
    instead of 450 ms for the largest company among a million models, newest first).
    An unknown slug matches nothing.
    """

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        target = qs.model._meta.get_field(self.field_name).related_model
        rows = target._base_manager.filter(slug=value).order_by().values_list("pk", flat=True)
        found = list(rows[:1])
        return qs.filter(**{self.field_name: found[0]}) if found else qs.none()


class LicenseFilterField(SlugFilter):
    """A license by its slug (``llama-3-community``) or its SPDX id in any case (``MIT``,
    ``apache-2.0``): people bring SPDX ids from model cards and package metadata."""

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        licenses = License._base_manager.order_by("pk").values_list("pk", flat=True)
        found = list(licenses.filter(slug=value)[:1]) or list(
            licenses.filter(spdx_id__iexact=value)[:1]
        )
        return qs.filter(**{self.field_name: found[0]}) if found else qs.none()


@extend_schema_field(OpenApiTypes.INT)  # drf-spectacular would read the date column's type
class YearFilter(django_filters.Filter):
    """A calendar year, filtered as a date range so an index on the date column is used."""

    field_class = forms.IntegerField

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1900)
        kwargs.setdefault("max_value", 2100)
        super().__init__(**kwargs)

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        return qs.filter(
            **{
                f"{self.field_name}__gte": f"{value}-01-01",
                f"{self.field_name}__lt": f"{value + 1}-01-01",
            }
        )


class StrictNullBooleanSelect(forms.NullBooleanSelect):
    """Django's widget reads any unknown value ("banana", "1") as "no filter"; this one passes
    it on so the field can reject it."""

    VALUES = {"true": True, "1": True, "false": False, "0": False, "unknown": None, "": None}

    def value_from_datadict(self, data, files, name):
        value = data.get(name)
        if value is None or isinstance(value, bool):
            return value
        return self.VALUES.get(str(value).strip().lower(), value)


class StrictNullBooleanField(forms.NullBooleanField):
    widget = StrictNullBooleanSelect

    def to_python(self, value):
        if value is None or isinstance(value, bool):
            return value
        raise forms.ValidationError("Expected true or false.", code="invalid")


class BooleanFilter(django_filters.BooleanFilter):
    """Yes / no / any: ``true``, ``false`` (or 1, 0); anything else is a 400, not ignored."""

    field_class = StrictNullBooleanField


class MultipleChoiceFilter(django_filters.MultipleChoiceFilter):
    """Several values of one parameter (``dimension=a&dimension=b``); an empty one, what an
    untouched form field sends, means "not given", as for every other parameter."""

    class field_class(django_filters.MultipleChoiceFilter.field_class):
        def to_python(self, value):
            return [item for item in super().to_python(value) if item not in self.empty_values]


class OrderingFilter(django_filters.OrderingFilter):
    """``ordering=a,-b``; an empty sort key (``ordering=,``) is an error, not silently ignored."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        csv_field = self.field_class

        class StrictOrderingField(csv_field):
            def clean(self, value):
                if value and any(item in self.empty_values for item in value):
                    raise forms.ValidationError(
                        "Sort keys must not be empty.", code="invalid_choice"
                    )
                return super().clean(value)

        self.field_class = StrictOrderingField


# Every filter names its label: django-filter derives a missing one from the model only on a
# FilterSet instance, and a field built earlier from the class-level filter (as the OpenAPI
# schema generator does) would otherwise carry a bare "Country" into every later form.
class RegistryFilterSet(django_filters.FilterSet):
    q = SearchFilter()

    def __init__(self, data=None, *args, **kwargs):
        if hasattr(data, "getlist") and len(data.getlist("ordering")) > 1:
            # Several sort keys, repeated as clients send an array (ordering=name&ordering=-
            # parameters), mean what their comma-separated form does; django-filter's field
            # would read the last one only.
            data = data.copy()
            data.setlist("ordering", [",".join(data.getlist("ordering"))])
        super().__init__(data, *args, **kwargs)

    def get_form_class(self):
        """The form class, built once per FilterSet class rather than on every request.

        django-filter builds a field per filter and a new form class each time (about half a
        millisecond for the models' 18 filters). No filter here depends on the request, and
        every form instance deep-copies the class's fields, so a page changing its form's
        fields (registry/views/base.py) changes only its own copy.
        """
        cls = type(self)
        if "_form_class" not in cls.__dict__:
            cls._form_class = super().get_form_class()
        return cls._form_class

    def filter_search(self, queryset, name, value):
        return queryset.search(value.strip()) if value.strip() else queryset


class AIModelFilter(RegistryFilterSet):
    company = SlugFilter(field_name="company", label="Company (slug)")
    country = django_filters.ChoiceFilter(
        field_name="company__country", choices=COUNTRIES, label="Company country"
    )
    license = LicenseFilterField(field_name="license", label="License (slug or SPDX id)")
    license_category = django_filters.ChoiceFilter(
        field_name="license__category", choices=LicenseCategory.choices, label="License category"
    )
    osi_approved = BooleanFilter(field_name="license__osi_approved", label="OSI-approved license")
    commercial_use = django_filters.ChoiceFilter(
        field_name="license__commercial_use",
        choices=CommercialUse.choices,
        label="License commercial use",
    )
    modality = django_filters.ChoiceFilter(choices=Modality.choices, label="Modality")
    kind = django_filters.ChoiceFilter(choices=ModelKind.choices, label="Kind")
    access = django_filters.ChoiceFilter(choices=AccessLevel.choices, label="Access level")
    released_after = django_filters.DateFilter(
        field_name="released_on", lookup_expr="gte", label="Released on or after"
    )
    released_before = django_filters.DateFilter(
        field_name="released_on", lookup_expr="lte", label="Released on or before"
    )
    mof_class = django_filters.ChoiceFilter(
        field_name="openness__mof_class", choices=MofClass.choices, label="MOF class"
    )
    osaid = BooleanFilter(field_name="openness__osaid_open", label="Open source AI (OSAID)")
    dimension = MultipleChoiceFilter(
        choices=DIMENSION_STATUS_CHOICES,
        method="filter_dimension",
        label="Openness dimension status (all must hold)",
    )
    open_washing = BooleanFilter(field_name="openness__open_washing", label="Open-washing")
    commercial_in = django_filters.ChoiceFilter(
        choices=COUNTRIES, method="filter_commercial_in", label="Usable commercially in"
    )
    ordering = OrderingFilter(
        fields=[
            ("name", "name"),
            ("released_on", "released_on"),
            ("parameters", "parameters"),
            ("openness_score", "openness"),
        ],
        field_labels={
            "released_on": "Release date",
            "parameters": "Parameters",
            "openness_score": "Openness score",
        },
    )

    class Meta:
        model = AIModel
        fields = []

    def filter_dimension(self, queryset, name, values):
        for value in values:
            dimension, status = value.split(":")
            queryset = queryset.with_dimension(dimension, status)
        return queryset

    def filter_commercial_in(self, queryset, name, value: str):
        return queryset.usable_commercially_in(value) if value else queryset


class CompanyFilter(RegistryFilterSet):
    country = django_filters.ChoiceFilter(choices=COUNTRIES, label="Country")
    has_open_models = BooleanFilter(
        method="filter_has_open_models", label="Has open-weights models"
    )
    ordering = OrderingFilter(fields=[("name", "name"), ("country", "country")])

    class Meta:
        model = Company
        fields = []

    def filter_has_open_models(self, queryset, name, value):
        return queryset if value is None else queryset.with_open_models(value)


class LicenseFilter(RegistryFilterSet):
    category = django_filters.ChoiceFilter(choices=LicenseCategory.choices, label="Category")
    osi_approved = BooleanFilter(label="OSI approved")
    commercial_use = django_filters.ChoiceFilter(
        choices=CommercialUse.choices, label="Commercial use"
    )
    ordering = OrderingFilter(fields=[("name", "name"), ("category", "category")])

    class Meta:
        model = License
        fields = []


class ReleaseEventFilter(RegistryFilterSet):
    company = SlugFilter(field_name="company", label="Company (slug)")
    model = SlugFilter(field_name="model", label="Model (slug)")
    country = django_filters.ChoiceFilter(
        field_name="company__country", choices=COUNTRIES, label="Company country"
    )
    kind = django_filters.ChoiceFilter(choices=EventKind.choices, label="Kind")
    status = django_filters.ChoiceFilter(choices=EventStatus.choices, label="Status")
    date_after = django_filters.DateFilter(field_name="date", lookup_expr="gte", label="From")
    date_before = django_filters.DateFilter(field_name="date", lookup_expr="lte", label="To")
    year = YearFilter(field_name="date", label="Year")
    ordering = OrderingFilter(fields=[("date", "date"), ("title", "title")])

    class Meta:
        model = ReleaseEvent
        fields = []


class SuggestionFilter(django_filters.FilterSet):
    """The editors' queue in the API: by status (pending first to answer) and kind of row."""

    status = django_filters.ChoiceFilter(choices=SuggestionStatus.choices, label="Status")
    subject = django_filters.ChoiceFilter(
        choices=[(collection, collection) for collection in COLLECTIONS.values()],
        method="filter_subject",
        label="Kind of row (models, companies, licenses, releases)",
    )

    class Meta:
        model = Suggestion
        fields = []

    def filter_subject(self, queryset, name, value):
        kind = next(kind for kind, collection in COLLECTIONS.items() if collection == value)
        return queryset.filter(**{f"{kind}__isnull": False})
