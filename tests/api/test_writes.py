"""Writing through the API: create, update, patch and delete each kind of row, validated by the
same rules as the admin and the database constraints, never half applied."""

import datetime

import pytest
from django.db import IntegrityError

from registry.models import AIModel, Company, License, ReleaseEvent
from tests.factories import (
    AIModelCitationFactory,
    AIModelFactory,
    CompanyFactory,
    LicenseFactory,
    ReleaseEventFactory,
)

pytestmark = pytest.mark.django_db


def test_create_model_by_slugs(editor_api_client):
    company = CompanyFactory(slug="deepseek")
    LicenseFactory(slug="mit", spdx_id="MIT", category="permissive")
    AIModelFactory(slug="deepseek-v3", company=company)
    response = editor_api_client.post(
        "/api/models/",
        {
            "slug": "deepseek-r1",
            "name": "DeepSeek-R1",
            "company": "deepseek",
            "license": "mit",
            "base_model": "deepseek-v3",
            "modality": "text",
            "kind": "reasoning",
            "access": "open-unrestricted",
            "released_on": "2025-01-20",
            "parameters": 671_000_000_000,
            "active_parameters": 37_000_000_000,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response["Location"] == "http://testserver/api/models/deepseek-r1/"
    body = response.json()
    assert body["company"]["slug"] == "deepseek"  # answered as a GET would show it
    assert body["license"]["osi_approved"] is True
    assert body["sources"] == []
    model = AIModel.objects.get(slug="deepseek-r1")
    assert (model.company.slug, model.license.slug, model.base_model.slug) == (
        "deepseek",
        "mit",
        "deepseek-v3",
    )
    assert model.history.get().history_user.username == "editor"


def test_patch_changes_only_what_is_sent(editor_api_client):
    model = AIModelFactory(slug="m", name="Old", parameters=10)
    response = editor_api_client.patch("/api/models/m/", {"name": "New"}, format="json")
    assert response.status_code == 200, response.json()
    model.refresh_from_db()
    assert (model.name, model.parameters) == ("New", 10)


def test_put_sets_every_field_sent_and_keeps_optional_ones_left_out(editor_api_client):
    AIModelFactory(slug="m", description="old text")
    company = CompanyFactory(slug="other")
    payload = {
        "slug": "m",
        "name": "Renamed",
        "company": "other",
        "modality": "image",
        "kind": "generator",
        "access": "api",
        "license": None,
    }
    response = editor_api_client.put("/api/models/m/", payload, format="json")
    assert response.status_code == 200, response.json()
    model = AIModel.objects.get(slug="m")
    assert (model.company, model.license, model.name) == (company, None, "Renamed")
    assert model.description == "old text"  # DRF's PUT: optional fields not sent are kept


def test_put_needs_every_required_field(editor_api_client):
    AIModelFactory(slug="m")
    response = editor_api_client.put("/api/models/m/", {"name": "x"}, format="json")
    assert response.status_code == 400
    assert {"slug", "company", "modality", "kind", "access"} <= set(response.json()["errors"])


def test_slug_can_be_renamed(editor_api_client):
    CompanyFactory(slug="old")
    response = editor_api_client.patch("/api/companies/old/", {"slug": "new"}, format="json")
    assert response.status_code == 200
    assert response.json()["url"] == "http://testserver/api/companies/new/"
    assert editor_api_client.get("/api/companies/old/").status_code == 404


def test_delete(editor_api_client):
    model = AIModelFactory(slug="gone")
    AIModelCitationFactory(model=model)
    response = editor_api_client.delete("/api/models/gone/")
    assert response.status_code == 204
    assert not AIModel.objects.filter(slug="gone").exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"company": "nobody"}, "company"),
        ({"company": "bad slug!"}, "company"),
        ({"company": 7}, "company"),
        ({"license": "a\x00b"}, "license"),
        ({"base_model": "nobody"}, "base_model"),
        ({"modality": "smell"}, "modality"),
        ({"parameters": 0}, "parameters"),
        ({"parameters": -5}, "parameters"),
        ({"parameters": 10, "active_parameters": 20}, "active_parameters"),
        ({"parameters": None, "active_parameters": 20}, "active_parameters"),
        ({"released_on": "2025-01-15", "released_on_precision": "month"}, "released_on"),
        ({"released_on": "2025-02-30"}, "released_on"),
        ({"homepage_url": "not a url"}, "homepage_url"),
        ({"slug": "has space"}, "slug"),
        ({"slug": "taken"}, "slug"),
        ({"name": ""}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"description": "nul\x00byte"}, "description"),
    ],
)
def test_invalid_model_payloads_are_400_per_field(editor_api_client, payload, field):
    AIModelFactory(slug="taken")
    model = AIModelFactory(slug="m", name="Before")
    response = editor_api_client.patch("/api/models/m/", payload, format="json")
    assert response.status_code == 400, response.json()
    body = response.json()
    assert body["code"] == "invalid"
    assert field in body["errors"], body
    model.refresh_from_db()
    assert model.name == "Before"


def test_model_cannot_be_its_own_base(editor_api_client):
    AIModelFactory(slug="m")
    response = editor_api_client.patch("/api/models/m/", {"base_model": "m"}, format="json")
    assert response.status_code == 400
    assert "base_model" in response.json()["errors"]


def test_lineage_cycle_is_refused(editor_api_client):
    parent = AIModelFactory(slug="parent")
    AIModelFactory(slug="child", base_model=parent)
    response = editor_api_client.patch(
        "/api/models/parent/", {"base_model": "child"}, format="json"
    )
    assert response.status_code == 400
    assert "cycle" in response.json()["errors"]["base_model"][0]


def test_create_company_and_duplicate_name(editor_api_client):
    payload = {"slug": "mistral", "name": "Mistral AI", "country": "FR"}
    assert editor_api_client.post("/api/companies/", payload, format="json").status_code == 201
    again = editor_api_client.post(
        "/api/companies/", {**payload, "slug": "mistral-2"}, format="json"
    )
    assert again.status_code == 400
    assert "name" in again.json()["errors"]
    bad_country = editor_api_client.post(
        "/api/companies/", {"slug": "x", "name": "X", "country": "ZZ"}, format="json"
    )
    assert "country" in bad_country.json()["errors"]


def test_license_osi_approved_is_computed_not_written(editor_api_client):
    payload = {
        "slug": "apache",
        "name": "Apache License 2.0",
        "spdx_id": "Apache-2.0",
        "category": "permissive",
        "commercial_use": "allowed",
        "osi_approved": False,
        "excluded_territories": ["CN", "RU"],
        "text_url": "https://www.apache.org/licenses/LICENSE-2.0",
    }
    response = editor_api_client.post("/api/licenses/", payload, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["osi_approved"] is True
    saved = License.objects.get(slug="apache")
    assert saved.osi_approved is True
    assert saved.url == "https://www.apache.org/licenses/LICENSE-2.0"
    assert [c.code for c in saved.excluded_territories] == ["CN", "RU"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"spdx_id": "NOT-A-LICENSE"}, "spdx_id"),
        ({"spdx_id": "MIT", "category": "proprietary"}, "category"),
        ({"mau_limit": 0}, "mau_limit"),
        ({"excluded_territories": ["XX"]}, "excluded_territories"),
        ({"commercial_use": "sometimes"}, "commercial_use"),
    ],
)
def test_invalid_license_payloads(editor_api_client, payload, field):
    LicenseFactory(slug="l")
    response = editor_api_client.patch("/api/licenses/l/", payload, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_create_release_event(editor_api_client):
    model = AIModelFactory(slug="r1", company__slug="deepseek")
    investor = CompanyFactory(slug="fund")
    payload = {
        "slug": "r1-open",
        "title": "R1 open weights",
        "date": "2025-01-01",
        "date_precision": "month",
        "kind": "open-sourcing",
        "company": "deepseek",
        "model": "r1",
        "partner": "fund",
        "license": model.license.slug,
    }
    response = editor_api_client.post("/api/releases/", payload, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["when"] == "2025-01"
    assert ReleaseEvent.objects.get(slug="r1-open").partner == investor


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"model": "foreign"}, "model"),  # made by another company
        ({"partner": "maker"}, "partner"),  # the company itself
        ({"date": "2025-03-05", "date_precision": "year"}, "date"),
        ({"date": None}, "date"),
        ({"status": "rumoured"}, "status"),
    ],
)
def test_invalid_event_payloads(editor_api_client, payload, field):
    maker = CompanyFactory(slug="maker")
    AIModelFactory(slug="foreign")
    ReleaseEventFactory(slug="e", company=maker)
    response = editor_api_client.patch("/api/releases/e/", payload, format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json()["errors"]


def event_about(model):
    return ReleaseEventFactory(slug="ev", company=model.company, model=model)


@pytest.mark.parametrize(
    ("path", "make", "referenced_by"),
    [
        ("/api/companies/c/", lambda: AIModelFactory(company__slug="c", slug="m1"), "AI models"),
        ("/api/licenses/l/", lambda: AIModelFactory(license__slug="l", slug="m1"), "AI models"),
        (
            "/api/models/m/",
            lambda: AIModelFactory(slug="child", base_model=AIModelFactory(slug="m")),
            "AI models",
        ),
        ("/api/models/m/", lambda: event_about(AIModelFactory(slug="m")), "release events"),
    ],
)
def test_deleting_a_referenced_row_is_409_and_deletes_nothing(
    editor_api_client, path, make, referenced_by
):
    make()
    counts = (Company.objects.count(), License.objects.count(), AIModel.objects.count())
    response = editor_api_client.delete(path)
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "conflict"
    assert referenced_by in body["detail"]
    assert "still referenced" in body["detail"]
    assert (Company.objects.count(), License.objects.count(), AIModel.objects.count()) == counts


def test_protected_message_names_a_few_references_and_counts_the_rest(editor_api_client):
    company = CompanyFactory(slug="big")
    for i in range(8):
        AIModelFactory(company=company, slug=f"m{i}")
    detail = editor_api_client.delete("/api/companies/big/").json()["detail"]
    assert "8 AI models (m0, m1, m2, m3, m4 and 3 more)" in detail


def test_integrity_error_from_a_race_is_409_and_rolled_back(editor_api_client, monkeypatch):
    CompanyFactory(slug="c")

    def lose_the_race(self, *args, **kwargs):
        raise IntegrityError("UNIQUE constraint failed: registry_aimodel.slug")

    monkeypatch.setattr(AIModel, "save", lose_the_race)
    response = editor_api_client.post(
        "/api/models/",
        {
            "slug": "m",
            "name": "M",
            "company": "c",
            "modality": "text",
            "kind": "chat",
            "access": "api",
        },
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    assert not AIModel.objects.exists()


def test_write_is_atomic_when_a_later_step_fails(editor_api_client, monkeypatch):
    """The history row and the model row are saved together or not at all."""
    AIModelFactory(slug="m", name="Before")
    from simple_history.models import HistoricalRecords

    def fail(*args, **kwargs):
        raise IntegrityError("history table refused the row")

    monkeypatch.setattr(HistoricalRecords, "create_historical_record", fail)
    response = editor_api_client.patch("/api/models/m/", {"name": "After"}, format="json")
    assert response.status_code == 409
    assert AIModel.objects.get(slug="m").name == "Before"


def test_form_posts_work_for_the_browsable_api(client, editor):
    client.force_login(editor)
    CompanyFactory(slug="c")
    response = client.post(
        "/api/models/",
        {
            "slug": "m",
            "name": "M",
            "company": "c",
            "modality": "text",
            "kind": "chat",
            "access": "api",
        },
    )
    assert response.status_code == 201, response.content
    assert AIModel.objects.get(slug="m").released_on is None


def test_dates_are_iso(editor_api_client):
    CompanyFactory(slug="c")
    response = editor_api_client.post(
        "/api/releases/",
        {"slug": "e", "title": "E", "date": "05/01/2025", "kind": "release", "company": "c"},
        format="json",
    )
    assert response.status_code == 400
    assert "date" in response.json()["errors"]
    ok = editor_api_client.post(
        "/api/releases/",
        {"slug": "e", "title": "E", "date": "2025-01-05", "kind": "release", "company": "c"},
        format="json",
    )
    assert ok.status_code == 201
    assert ReleaseEvent.objects.get(slug="e").date == datetime.date(2025, 1, 5)


def test_a_response_can_be_put_back_unchanged(editor_api_client):
    AIModelFactory(slug="m", base_model=AIModelFactory(slug="b"))
    body = editor_api_client.get("/api/models/m/").json()
    response = editor_api_client.put("/api/models/m/", body, format="json")
    assert response.status_code == 200, response.json()
    assert {k: v for k, v in response.json().items() if k != "updated_at"} == {
        k: v for k, v in body.items() if k != "updated_at"
    }


@pytest.mark.parametrize("collection", ["models", "companies", "licenses", "releases"])
def test_descriptions_have_a_length_cap(editor_api_client, collection):
    """A megabyte of description is a 400 on that field, like any other bad value."""
    from registry.models.base import DESCRIPTION_MAX_LENGTH

    item = {
        "models": AIModelFactory,
        "companies": CompanyFactory,
        "licenses": LicenseFactory,
        "releases": ReleaseEventFactory,
    }[collection]()
    url = f"/api/{collection}/{item.slug}/"
    fits = editor_api_client.patch(url, {"description": "x" * DESCRIPTION_MAX_LENGTH})
    assert fits.status_code == 200, fits.json()
    response = editor_api_client.patch(url, {"description": "x" * 1_000_000})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["description"]
