"""HTTP around the data: conditional GET (ETag, Last-Modified, 304) for GET and HEAD, the
ETag of write answers, writes that change nothing, paths without the trailing slash, CSV."""

import csv
import datetime
import io

import pytest
from django.utils import timezone
from django.utils.http import http_date

from registry.models import AIModel, Company
from tests.factories import (
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


@pytest.mark.parametrize("path", ["/api/models/", "/api/models/m/", "/api/models/m/history/"])
def test_head_carries_the_etag_and_last_modified_of_get(api_client, path):
    AIModelFactory(slug="m")
    get, head = api_client.get(path), api_client.head(path)
    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"] == get["ETag"]
    assert head.get("Last-Modified") == get.get("Last-Modified")
    assert api_client.head(path, HTTP_IF_NONE_MATCH=get["ETag"]).status_code == 304


def test_writes_ignore_if_none_match_and_answer_the_new_etag(editor_api_client):
    CompanyFactory(slug="c")
    response = editor_api_client.patch(
        "/api/companies/c/", {"name": "N"}, format="json", HTTP_IF_NONE_MATCH="*"
    )
    assert response.status_code == 200
    assert response["ETag"] == editor_api_client.get("/api/companies/c/")["ETag"]


@pytest.mark.parametrize("method", ["put", "patch"])
def test_the_etag_of_a_write_answer_is_good_for_the_next_if_match(editor_api_client, method):
    model = AIModelFactory(slug="m", name="Before")
    body = editor_api_client.get("/api/models/m/").json()
    first = getattr(editor_api_client, method)(
        "/api/models/m/", {**body, "name": "After"}, format="json"
    )
    assert first.status_code == 200
    assert first["ETag"] == editor_api_client.get("/api/models/m/")["ETag"]
    second = editor_api_client.patch(
        "/api/models/m/", {"name": "Again"}, format="json", HTTP_IF_MATCH=first["ETag"]
    )
    assert second.status_code == 200, second.json()
    model.refresh_from_db()
    assert model.name == "Again"


def test_a_created_item_carries_the_etag_a_get_of_it_will(editor_api_client):
    CompanyFactory(slug="deepseek")
    body = {"slug": "r2", "name": "R2", "company": "deepseek", "modality": "text"}
    created = editor_api_client.post("/api/models/", {**body, "kind": "base", "access": "api"})
    assert created.status_code == 201, created.json()
    assert created["ETag"] == editor_api_client.get("/api/models/r2/")["ETag"]


@pytest.mark.parametrize(
    ("path", "factory"),
    [
        ("/api/models/m/", AIModelFactory),
        ("/api/companies/m/", CompanyFactory),
        ("/api/licenses/m/", LicenseFactory),
        ("/api/releases/m/", ReleaseEventFactory),
    ],
)
def test_a_write_that_changes_nothing_records_no_history(editor_api_client, path, factory):
    row = factory(slug="m")
    if factory is LicenseFactory:
        row.excluded_territories = ["CN", "US"]
        row.save()
    read = editor_api_client.get(path)
    records = row.history.count()
    put = editor_api_client.put(path, read.json(), format="json")
    patch = editor_api_client.patch(path, {"slug": "m"}, format="json")
    assert put.status_code == patch.status_code == 200
    assert row.history.count() == records
    assert put["ETag"] == patch["ETag"] == read["ETag"]
    row.refresh_from_db()
    assert editor_api_client.get(path)["Last-Modified"] == read["Last-Modified"]


def test_paths_without_the_trailing_slash_answer_every_method(editor_api_client):
    CompanyFactory(slug="deepseek")
    body = {"slug": "r2", "name": "R2", "company": "deepseek", "modality": "text"}
    created = editor_api_client.post("/api/models", {**body, "kind": "base", "access": "api"})
    assert created.status_code == 201, created.content
    assert created["Location"].endswith("/api/models/r2/")
    assert editor_api_client.get("/api/models").status_code == 200
    assert editor_api_client.get("/api/models/r2").json()["name"] == "R2"
    patched = editor_api_client.patch("/api/models/r2", {"name": "R 2"}, format="json")
    assert patched.status_code == 200
    assert editor_api_client.get("/api/models/r2/history").json()["results"][0]["type"] == "~"
    assert editor_api_client.delete("/api/models/r2").status_code == 204
    assert not AIModel.objects.filter(slug="r2").exists()


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", "/api", 200),
        ("post", "/api", 405),
        ("get", "/api/schema", 200),
        ("post", "/api/nothing-here", 404),
        ("delete", "/api/nothing-here", 404),
        ("post", "/models", 404),  # a page: no writes, and no redirect that drops the body
    ],
)
def test_no_write_is_redirected(settings, api_client, method, path, status):
    settings.DEBUG = True  # where CommonMiddleware would raise on a POST it cannot redirect
    response = getattr(api_client, method)(path)
    assert response.status_code == status
    assert not response.has_header("Location")


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


def test_reads_of_pages_without_the_slash_still_redirect(client):
    response = client.get("/models")
    assert (response.status_code, response["Location"]) == (301, "/models/")
