"""``{% openness_report model as report %}``: the data templates/includes/_openness.html shows."""

from django import template

from ..openness_report import openness_report as build_report

register = template.Library()


@register.simple_tag
def openness_report(model):
    return build_report(model)
