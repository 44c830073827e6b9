"""Form widgets rendered in Python where Django's templates cost too much."""

import datetime
import functools
import re

from django import forms
from django.forms.utils import flatatt
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django_filters.widgets import BaseCSVWidget


@functools.lru_cache(maxsize=128)
def _escaped_options(choices: tuple, language: str) -> tuple:
    """``(value, '<option value="…"', '>label</option>')`` for each choice, escaped once.

    A filter form's choice lists (250 countries twice, the enums, the companies) are the same
    on every request; only which option is selected changes. Keyed on the choices themselves,
    so a changed list (a company added) is a new entry, and on the language for lazy labels.
    """
    return tuple(
        (
            str(value),
            f'<option value="{conditional_escape(value)}"',
            f">{conditional_escape(label)}</option>",
        )
        for value, label in choices
    )


def _join_options(escaped: tuple, selected) -> str:
    """The escaped options as ``<option>`` elements, ``selected`` ones marked."""
    return "\n".join(
        f"{start} selected{end}" if option in selected else start + end
        for option, start, end in escaped
    )


@functools.lru_cache(maxsize=256)
def _options_html(choices: tuple, language: str, selected: frozenset) -> str:
    """The ``<option>`` elements of ``choices`` with ``selected`` marked, joined once per
    selection: most requests show the same few ("Any" on every filter of an unfiltered list)."""
    return _join_options(_escaped_options(choices, language), selected)


class FastSelectMixin:
    """Renders ``<select>`` and its options in Python.

    Django renders every ``<option>`` through a template include, about 20 µs each; a
    filter form with the country list has hundreds. Grouped choices fall back to Django.
    """

    def render(self, name, value, attrs=None, renderer=None):
        choices = tuple(self.choices)
        if any(isinstance(label, (list, tuple)) for _, label in choices):
            return super().render(name, value, attrs, renderer)
        selected = frozenset(self.format_value(value))
        final_attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True
        try:
            options = _options_html(choices, translation.get_language(), selected)
        except TypeError:  # an unhashable value: escape this once, uncached
            options = _join_options(_escaped_options.__wrapped__(choices, None), selected)
        return format_html(
            '<select name="{}"{}>\n{}\n</select>', name, flatatt(final_attrs), mark_safe(options)
        )


def attrs_html(attrs: dict) -> str:
    """Django's ``django/forms/widgets/attrs.html``: attributes in order, ``True`` as a bare
    name, ``False`` left out. (``flatatt`` differs: it drops ``None``, the template writes it.)"""
    return mark_safe(
        "".join(
            f" {conditional_escape(name)}"
            if value is True
            else f' {conditional_escape(name)}="{conditional_escape(value)}"'
            for name, value in attrs.items()
            if value is not False
        )
    )


class FastInputMixin:
    """Renders ``<input>`` in Python, as Django's ``input.html`` does: a filter form has
    several, and each template render costs more than the rest of the field."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        value = widget["value"]
        return format_html(
            '<input type="{}" name="{}"{}{}>',
            widget["type"],
            widget["name"],
            "" if value is None else format_html(' value="{}"', value),
            attrs_html(widget["attrs"]),
        )


def faster(widget, fast_class):
    """``widget`` as an instance of ``fast_class`` (its subclass rendering in Python), with
    the same state: attributes, input type, date format."""
    fast = fast_class.__new__(fast_class)
    fast.__dict__.update(widget.__dict__)
    return fast


class FastTextInput(FastInputMixin, forms.TextInput):
    pass


def is_valid_date_string(text: str) -> bool:
    """What ``<input type="date">`` can hold: a real day written YYYY-MM-DD."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return False
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


class FastDateInput(FastInputMixin, forms.DateInput):
    def format_value(self, value):
        # A date input holds a valid date or nothing (browsers drop anything else, and HTML
        # forbids writing it): a mistyped date is left out, its error message stays.
        text = super().format_value(value)
        if self.input_type == "date" and text is not None and not is_valid_date_string(text):
            return None
        return text


class FastNumberInput(FastInputMixin, forms.NumberInput):
    pass


class FastSelect(FastSelectMixin, forms.Select):
    pass


class FastSelectMultiple(FastSelectMixin, forms.SelectMultiple):
    pass


class FastCSVSelect(BaseCSVWidget, FastSelect):
    """django-filter's comma-separated select (the ordering filter's), options in Python."""
