"""Selects rendered in Python are the HTML Django's templates would render."""

import datetime

import pytest
from django import forms
from django.test.html import parse_html
from django.utils.html import conditional_escape

from registry.views.base import FAST_INPUTS
from registry.widgets import FastCSVSelect, FastSelect, FastSelectMultiple, faster

CHOICES = [("", "Any"), ("cn", "China"), ("fr", "France & <Monaco>"), (3, "Three")]


@pytest.mark.parametrize("value", [None, "", "fr", 3, "unknown"])
def test_select_matches_djangos(value):
    attrs = {"id": "id_country", "aria-describedby": "id_country_error", "required": True}
    fast = FastSelect(choices=CHOICES).render("country", value, attrs)
    django = forms.Select(choices=CHOICES).render("country", value, attrs)
    assert parse_html(fast) == parse_html(django)


def test_select_multiple_matches_djangos():
    fast = FastSelectMultiple(choices=CHOICES).render("d", ["cn", "3"], {"id": "id_d"})
    django = forms.SelectMultiple(choices=CHOICES).render("d", ["cn", "3"], {"id": "id_d"})
    assert parse_html(fast) == parse_html(django)
    assert "multiple" in fast


def test_grouped_choices_are_left_to_django():
    grouped = [("Europe", [("fr", "France")]), ("cn", "China")]
    fast = FastSelect(choices=grouped).render("c", "fr", {})
    assert parse_html(fast) == parse_html(forms.Select(choices=grouped).render("c", "fr", {}))
    assert "<optgroup" in fast


def test_cached_options_follow_the_selection_and_the_choices():
    """Option HTML is escaped once per list of choices; the selection still varies per render."""
    widget = FastSelect(choices=CHOICES)
    for value in ["cn", "fr", None, "cn"]:
        django = forms.Select(choices=CHOICES).render("c", value, {})
        assert parse_html(widget.render("c", value, {})) == parse_html(django)
    more = [*CHOICES, ("de", "Germany")]
    rendered = FastSelect(choices=more).render("c", "de", {})
    assert parse_html(rendered) == parse_html(forms.Select(choices=more).render("c", "de", {}))


def test_unhashable_values_are_rendered_uncached():
    choices = [(["a"], "A list"), ("b", "B")]
    fast = FastSelect(choices=choices).render("c", "b", {})
    assert parse_html(fast) == parse_html(forms.Select(choices=choices).render("c", "b", {}))


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["/models/", "/companies/", "/licenses/", "/releases/"])
def test_filter_labels_are_djangos_label_tags(client, page):
    """_filter_fields.html writes each <label> itself rather than calling label_tag (a
    template render per field); the markup is the same."""
    # Invalid values where the page has such filters; ``q`` so every page builds its FilterSet.
    response = client.get(page, {"year": "x", "released_after": "x", "q": ""})
    html = parse_html(response.content.decode())
    for field in response.context["filter"].form:
        assert html.count(parse_html(field.label_tag())) >= 1, field.name
        assert str(field.label_tag()) == (
            f'<label for="{field.id_for_label}">{conditional_escape(field.label)}</label>'
        )


@pytest.mark.parametrize(
    ("django_class", "value"),
    [
        (forms.TextInput, 'a "quoted" <b>'),
        (forms.TextInput, None),
        (forms.DateInput, datetime.date(2025, 1, 20)),
        (forms.DateInput, "not a date"),
        (forms.NumberInput, 2024),
    ],
)
def test_inputs_match_djangos(django_class, value):
    django = django_class(attrs={"maxlength": 200, "required": True, "hidden": False})
    django.input_type = "search" if django_class is forms.TextInput else django.input_type
    fast = faster(django, FAST_INPUTS[django_class])
    attrs = {"id": "id_q", "aria-describedby": "id_q_error", "data-x": None}
    assert fast.render("q", value, attrs) == django.render("q", value, attrs)


@pytest.mark.parametrize("value", [None, [], ["name"], ["-parameters"], ["name", "-released_on"]])
def test_ordering_select_matches_django_filters(value):
    from registry.filters import AIModelFilter

    django = AIModelFilter().form.fields["ordering"].widget
    fast = faster(django, FastCSVSelect)
    attrs = {"id": "id_ordering"}
    assert parse_html(fast.render("ordering", value, attrs)) == parse_html(
        django.render("ordering", value, attrs)
    )


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("2025-01-20", ' value="2025-01-20"'),
        (datetime.date(2025, 1, 20), ' value="2025-01-20"'),
        ("not-a-date", ""),
        ("2025-02-30", ""),
        ("20250120", ""),
        (None, ""),
    ],
)
def test_date_input_writes_only_a_valid_date_back(value, shown):
    widget = faster(forms.DateInput(), FAST_INPUTS[forms.DateInput])
    widget.input_type = "date"
    assert widget.render("released_after", value) == (
        f'<input type="date" name="released_after"{shown}>'
    )
