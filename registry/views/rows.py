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


def model_rows(models) -> list[dict]:
    """One dict per AIModel (with company, country, license and openness selected)."""
    link = Links(request=None)  # paths, as the templates' get_absolute_url gave
    country_names = dict(COUNTRIES)  # named once per language, not translated per row
    rows = []
    for model in models:
        company, license = model.company, model.license
        try:
            assessment = model.openness
        except ObjectDoesNotExist:
            assessment = None
        released_on = model.released_on
        rows.append(
            {
                "slug": model.slug,
                "name": model.name,
                "url": link("registry:aimodel-detail", model.slug),
                "kind": model.get_kind_display(),
                "modality": model.get_modality_display(),
                "company": company.name,
                "company_url": link("registry:company-detail", company.slug),
                "country": country_names.get(company.country.code) or company.country.name,
                "license": license.name if license else "",
                "license_url": link("registry:license-detail", license.slug) if license else "",
                "license_category": license.get_category_display() if license else "",
                "access": model.access,
                "access_label": model.get_access_display(),
                "assessed": assessment is not None,
                "openness": assessment.openness_score if assessment else None,
                "size": parameters(model.parameters) or "—",
                "released_on": released_on.isoformat() if released_on else "",
                "released": model.released,
            }
        )
    return rows
