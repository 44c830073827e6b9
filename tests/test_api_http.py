"""HTTP around the data: conditional GET (ETag, Last-Modified, 304) and CSV export."""

import csv
import datetime
import io

import pytest
from django.utils import timezone
from django.utils.http import http_date

from registry.models import AIModel, Company

from .factories import (
    AIModelCitationFactory,
    AIModelFactory,
    CompanyFactory,
    LicenseFactory,
    ReleaseEventFactory,
    assess,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/api/models/", "/api/models/m/", "/api/companies/"])
def test_reads_carry_an_etag_and_answer_304_when_it_matches(api_client, path):
    AIModelFactory(slug="m")
    first = api_client.get(path)
    assert first.status_code == 200
    etag = first["ETag"]
    again = api_client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag


def test_etag_changes_when_the_representation_changes(api_client):
    model = AIModelFactory(slug="m")
    etag = api_client.get("/api/models/m/")["ETag"]
    # The company is part of the model's representation, though the model row is unchanged.
    Company.objects.filter(pk=model.company_id).update(name="Renamed")
    response = api_client.get("/api/models/m/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert response.json()["company"]["name"] == "Renamed"


def test_list_etag_changes_when_a_row_is_added(api_client):
    AIModelFactory()
    etag = api_client.get("/api/models/")["ETag"]
    AIModelFactory()
    assert api_client.get("/api/models/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_item_last_modified_honours_if_modified_since(api_client):
    model = AIModelFactory(slug="m")
    response = api_client.get("/api/models/m/")
    assert response["Last-Modified"] == http_date(model.updated_at.timestamp())
    later = http_date((model.updated_at + datetime.timedelta(seconds=5)).timestamp())
    assert api_client.get("/api/models/m/", HTTP_IF_MODIFIED_SINCE=later).status_code == 304
    earlier = http_date((model.updated_at - datetime.timedelta(seconds=5)).timestamp())
    assert api_client.get("/api/models/m/", HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200


def test_last_modified_follows_related_rows_and_sources(api_client):
    model = AIModelFactory(slug="m")
    citation = AIModelCitationFactory(model=model)
    future = timezone.now() + datetime.timedelta(days=1)
    type(citation.source).objects.filter(pk=citation.source_id).update(updated_at=future)
    response = api_client.get("/api/models/m/")
    assert response["Last-Modified"] == http_date(future.timestamp())

    license_change = future + datetime.timedelta(days=1)
    type(model.license).objects.filter(pk=model.license_id).update(updated_at=license_change)
    assert api_client.get("/api/models/m/")["Last-Modified"] == http_date(
        license_change.timestamp()
    )


def test_errors_are_never_304(api_client):
    response = api_client.get("/api/models/missing/")
    again = api_client.get("/api/models/missing/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 404


def test_writes_are_not_conditional(editor_api_client):
    CompanyFactory(slug="c")
    response = editor_api_client.patch(
        "/api/companies/c/", {"name": "N"}, format="json", HTTP_IF_NONE_MATCH="*"
    )
    assert response.status_code == 200
    assert not response.has_header("ETag")


def parse_csv(response):
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_csv_export_flattens_nested_objects(api_client):
    company = CompanyFactory(slug="deepseek", name="DeepSeek", country="CN")
    AIModelFactory(
        slug="r1",
        name="DeepSeek-R1",
        company=company,
        license=LicenseFactory(slug="mit", spdx_id="MIT", category="permissive"),
        parameters=671_000_000_000,
    )
    response = api_client.get("/api/models/", {"format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="models.csv"'
    [row] = parse_csv(response)
    assert row["slug"] == "r1"
    assert row["company.slug"] == "deepseek"
    assert row["company.country"] == "CN"
    assert row["license.spdx_id"] == "MIT"
    assert row["license.osi_approved"] == "true"
    assert row["parameters"] == "671000000000"
    assert row["active_parameters"] == ""
    assert row["url"] == "http://testserver/api/models/r1/"  # no ?format=csv carried along


def test_csv_by_accept_header(api_client):
    AIModelFactory()
    response = api_client.get("/api/companies/", HTTP_ACCEPT="text/csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert len(parse_csv(response)) == 1


def test_csv_of_an_empty_result_still_has_its_header(api_client):
    response = api_client.get("/api/releases/", {"format": "csv"})
    header = response.content.decode().strip()
    assert header.startswith("slug,title,date,date_precision,when,kind,status")
    assert "company.slug" in header and "model.slug" in header


def test_csv_lists_sources_and_countries(api_client):
    terms = LicenseFactory(slug="l", excluded_territories=["CN", "RU"])
    model = AIModelFactory(slug="m", license=terms)
    AIModelCitationFactory(model=model, source__url="https://a.example/1")
    AIModelCitationFactory(model=model, source__url="https://b.example/2")
    [row] = parse_csv(api_client.get("/api/models/", {"format": "csv"}))
    assert row["license.excluded_territories"] == "CN RU"
    assert set(row["sources"].split(" ")) == {"https://a.example/1", "https://b.example/2"}


def test_csv_defuses_spreadsheet_formulas(api_client):
    AIModelFactory(slug="evil", name='=HYPERLINK("http://x")')
    AIModelFactory(slug="fine", name="Plain")
    rows = {row["slug"]: row for row in parse_csv(api_client.get("/api/models/?format=csv"))}
    assert rows["evil"]["name"] == '\'=HYPERLINK("http://x")'
    assert rows["fine"]["name"] == "Plain"


def test_csv_is_only_for_lists(api_client):
    AIModelFactory(slug="m")
    response = api_client.get("/api/models/m/", {"format": "csv"})
    assert response.status_code == 400
    assert AIModel.objects.count() == 1


def test_csv_flattens_nested_lists_and_objects_to_columns(api_client):
    model = AIModelFactory(slug="m")
    assess(model, {"training-code": "open"})
    ReleaseEventFactory(
        company=model.company, model=model, license=model.license, access="api", date="2025-03-01"
    )
    response = api_client.get("/api/models/", {"format": "csv", "as_of": "2030-01-01"})
    [row] = parse_csv(response)
    assert row["openness.dimensions.training-code"] == "open"
    assert row["license_as_of.access"] == "api"
    assert row["license_as_of.license.slug"] == model.license.slug
    assert row["license_history"] == f"2025-03-01/.. {model.license.slug} api"
    assert "{" not in response.content.decode()  # neither JSON nor a Python repr
