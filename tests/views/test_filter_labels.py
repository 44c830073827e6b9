"""Filter labels stay the same whatever built a filter's form field first."""

import pytest
from drf_spectacular.generators import SchemaGenerator

from registry import filters

FILTERSETS = [
    filters.AIModelFilter,
    filters.CompanyFilter,
    filters.LicenseFilter,
    filters.ReleaseEventFilter,
]


@pytest.mark.parametrize("filterset", FILTERSETS, ids=lambda f: f.__name__)
def test_every_filter_names_its_label(filterset):
    assert [name for name, f in filterset.base_filters.items() if f.label is None] == []


@pytest.mark.django_db
def test_model_list_labels_survive_schema_generation(client):
    # The schema generator reads the class-level filters; the page must still say
    # "Company country", not a label derived from the parameter name.
    SchemaGenerator().get_schema(request=None, public=True)
    response = client.get("/models/")
    assert response.status_code == 200
    assert b'<label for="id_country">Company country</label>' in response.content
