"""The models table's rows, worked out and written in Python.

A template pays for every attribute it reads on a model instance (a failed dictionary
lookup, then ``getattr``), for every ``get_absolute_url`` (a ``reverse()``), and for every
variable and ``{% if %}`` it renders: 25 rows of the models list cost more than the rest of
the page. Here each row becomes a dict of ready values (each detail URL reversed once per
request and filled in per slug), and ``rows_html()`` writes the table's rows from those
dicts, escaping every value as a template would. tests/test_views_model_rows.py checks the
HTML against the table the template wrote from model instances.
"""

from html import escape

from django.core.exceptions import ObjectDoesNotExist
from django.utils.safestring import SafeString

from ..filters import COUNTRIES
from ..formatting import parameters
from ..links import Links
from ..models import AIModel, License


def choice_labels(model, name: str) -> dict:
    """``get_<name>_display()`` as one dict: Django builds its dict again on every call."""
    return {value: str(label) for value, label in model._meta.get_field(name).flatchoices}


def model_rows(models) -> list[dict]:
    """One dict per AIModel (with company, country, license and openness selected)."""
    link = Links(request=None)  # paths, as the templates' get_absolute_url gave
    country_names = dict(COUNTRIES)  # named once per language, not translated per row
    kinds, modalities, access_levels, categories = (
        choice_labels(AIModel, "kind"),
        choice_labels(AIModel, "modality"),
        choice_labels(AIModel, "access"),
        choice_labels(License, "category"),
    )
    rows = []
    for model in models:
        company, license = model.company, model.license
        try:
            assessment = model.openness
        except ObjectDoesNotExist:
            assessment = None
        released_on = model.released_on
        category = license.category if license else ""
        rows.append(
            {
                "slug": model.slug,
                "name": model.name,
                "url": link("registry:aimodel-detail", model.slug),
                "kind": kinds.get(model.kind, model.kind),
                "modality": modalities.get(model.modality, model.modality),
                "company": company.name,
                "company_url": link("registry:company-detail", company.slug),
                "country": country_names.get(company.country.code) or company.country.name,
                "license": license.name if license else "",
                "license_url": link("registry:license-detail", license.slug) if license else "",
                "license_category": categories.get(category, category),
                "access": model.access,
                "access_label": access_levels.get(model.access, model.access),
                "assessed": assessment is not None,
                "openness": assessment.openness_score if assessment else None,
                "size": parameters(model.parameters) or "—",
                "released_on": released_on.isoformat() if released_on else "",
                "released": model.released,
            }
        )
    return rows


# One table row; every {field} is filled with an escaped value or cell (see rows_html()).
ROW = (
    "<tr>\n"
    '<td><input type="checkbox" name="models" value="{slug}" id="compare-{slug}">'
    '<label for="compare-{slug}" class="visually-hidden">Compare {name}</label></td>\n'
    '<th scope="row"><a href="{url}">{name}</a>'
    '<span class="row-sub">{kind} · {modality}</span></th>\n'
    '<td class="col-wide"><a href="{company_url}">{company}</a>'
    '<span class="row-sub">{country}</span></td>\n'
    '<td class="col-wide">{license_cell}</td>\n'
    '<td><span class="badge badge--{access}">{access_label}</span></td>\n'
    '<td class="num">{openness_cell}</td>\n'
    '<td class="num">{size}</td>\n'
    '<td class="num">{released_cell}</td>\n'
    "</tr>\n"
)
LICENSE_CELL = (
    '<a href="{license_url}">{license}</a><span class="row-sub">{license_category}</span>'
)
RELEASED_CELL = '<time datetime="{released_on}">{released}</time>'
UNKNOWN = '<span class="muted">Unknown</span>'


def rows_html(rows: list[dict]) -> SafeString:
    """The ``<tr>`` of each ``model_rows()`` dict, every value escaped (as Django's
    ``escape()`` does: ``html.escape`` of its string)."""
    html = []
    for row in rows:
        cells = {name: escape(str(value)) for name, value in row.items()}
        if row["openness"] is not None:
            openness = f"{cells['openness']}%"
        else:
            openness = UNKNOWN if row["assessed"] else '<span class="muted">Not assessed</span>'
        html.append(
            ROW.format(
                **cells,
                license_cell=LICENSE_CELL.format(**cells) if row["license"] else UNKNOWN,
                openness_cell=openness,
                released_cell=RELEASED_CELL.format(**cells) if row["released_on"] else "—",
            )
        )
    return SafeString("".join(html))
