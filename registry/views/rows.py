"""The models table's cells, worked out in Python once per row.

A template pays for every attribute it reads on a model instance (a failed dictionary
lookup, then ``getattr``) and for every ``get_absolute_url`` (a ``reverse()``): 25 rows of
the models list cost more than the rest of the page. Here each row becomes a dict of
ready values, and each detail URL is reversed once per request and filled in per slug.
The HTML stays in templates/registry/aimodel_list.html.
"""

from django.core.exceptions import ObjectDoesNotExist

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
