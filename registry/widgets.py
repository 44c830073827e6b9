"""Form widgets rendered in Python where Django's templates cost too much."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


class FastSelectMixin:
    """Renders ``<select>`` and its options in Python.

    Django renders every ``<option>`` through a template include, about 20 µs each; a
    filter form with the country list has hundreds. Grouped choices fall back to Django.
    """

    def render(self, name, value, attrs=None, renderer=None):
        choices = list(self.choices)
        if any(isinstance(label, (list, tuple)) for _, label in choices):
            return super().render(name, value, attrs, renderer)
        selected = set(self.format_value(value))
        final_attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True
        options = format_html_join(
            "\n",
            '<option value="{}"{}>{}</option>',
            (
                (option, " selected" if str(option) in selected else "", label)
                for option, label in choices
            ),
        )
        return format_html(
            '<select name="{}"{}>\n{}\n</select>', name, flatatt(final_attrs), options
        )


class FastSelect(FastSelectMixin, forms.Select):
    pass


class FastSelectMultiple(FastSelectMixin, forms.SelectMultiple):
    pass
