"""The models table, filled from registry/views/rows.py's precomputed cells, is the HTML
the table rendered when its template read every cell from the model instances."""

import datetime
from pathlib import Path

import pytest
from django.template import engines
from django.test.html import parse_html
from django.urls import reverse

from registry.models import AccessLevel, DatePrecision, OpennessAssessment
from tests.factories import AIModelFactory, CompanyFactory, assess

pytestmark = pytest.mark.django_db

# The table body as aimodel_list.html wrote it before the cells were precomputed.
INSTANCE_ROWS = (Path(__file__).parent / "instance_rows.html").read_text()


def table_body(html: str) -> str:
    return html[html.index("<tbody>") + len("<tbody>") : html.index("</tbody>")]


def test_rows_render_as_the_instance_template_did(client):
    company = CompanyFactory(name="Ünïcode & <Co>", slug="unicode-co", country="FR")
    AIModelFactory(name="Scored <b>", company=company, parameters=671_000_000_000)
    scored = AIModelFactory(name="Assessed", access=AccessLevel.API, parameters=1_500_000_000)
    assess(scored)
    OpennessAssessment.objects.filter(model=scored).update(openness_score=42)
    unscored = AIModelFactory(name="Unscored", license=None, parameters=None, released_on=None)
    assess(unscored)
    OpennessAssessment.objects.filter(model=unscored).update(openness_score=None)
    AIModelFactory(
        name="Month only",
        parameters=950,
        released_on=datetime.date(2023, 5, 1),
        released_on_precision=DatePrecision.MONTH,
    )

    response = client.get(reverse("registry:aimodel-list"))

    models = response.context["object_list"]
    expected = engines["django"].from_string(INSTANCE_ROWS).render({"object_list": models})
    assert parse_html(table_body(response.content.decode())) == parse_html(expected)
    body = table_body(response.content.decode())
    for cell in ("Not assessed", 'muted">Unknown</span></td>', "42%</td>"):
        assert cell in body, cell
