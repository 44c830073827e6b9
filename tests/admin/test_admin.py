"""Admin: every registry model is editable, cheaply, by Editors; users and groups are not."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registry.models import AIModel, ReleaseEvent
from tests.factories import (
    AIModelFactory,
    CompanyFactory,
    LicenseFactory,
    ReleaseEventFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def make_rows(model_name, count):
    """``count`` rows of one registry model, each with its related rows."""
    if model_name == "company":
        for _ in range(count):
            AIModelFactory()  # a company with a model, so the model count is exercised
    elif model_name == "license":
        LicenseFactory.create_batch(count)
    elif model_name == "aimodel":
        AIModelFactory.create_batch(count)
    elif model_name == "releaseevent":
        for _ in range(count):
            model = AIModelFactory()
            ReleaseEventFactory(company=model.company, model=model)
    elif model_name == "source":
        SourceFactory.create_batch(count)


def changelist_queries(client, model_name):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(f"admin:registry_{model_name}_changelist"))
    assert response.status_code == 200
    return len(queries)


# Pinned: a change here means a query per row crept in (or one was saved).
CHANGELIST_QUERIES = {"company": 5, "license": 5, "aimodel": 7, "releaseevent": 8, "source": 8}


@pytest.mark.parametrize("model_name", sorted(CHANGELIST_QUERIES))
def test_changelist_query_count_is_constant(admin_client, model_name):
    make_rows(model_name, 1)
    one = changelist_queries(admin_client, model_name)
    make_rows(model_name, 29)
    thirty = changelist_queries(admin_client, model_name)
    assert one == thirty == CHANGELIST_QUERIES[model_name]


@pytest.mark.parametrize("model_name", sorted(CHANGELIST_QUERIES))
def test_add_and_change_pages_render(admin_client, model_name):
    make_rows(model_name, 1)
    model = {
        "company": "Company",
        "license": "License",
        "aimodel": "AIModel",
        "releaseevent": "ReleaseEvent",
        "source": "Source",
    }[model_name]
    from registry import models

    obj = getattr(models, model).objects.first()
    assert admin_client.get(reverse(f"admin:registry_{model_name}_add")).status_code == 200
    change = admin_client.get(reverse(f"admin:registry_{model_name}_change", args=[obj.pk]))
    assert change.status_code == 200
    history = admin_client.get(reverse(f"admin:registry_{model_name}_history", args=[obj.pk]))
    assert history.status_code == 200


def test_editor_can_add_and_change_registry_entries(editor_client, editor):
    company = CompanyFactory()
    license_ = LicenseFactory(spdx_id="MIT", category="permissive", commercial_use="allowed")
    response = editor_client.post(
        reverse("admin:registry_aimodel_add"),
        {
            "name": "DeepSeek-R1",
            "slug": "deepseek-r1",
            "company": company.pk,
            "license": license_.pk,
            "modality": "text",
            "kind": "reasoning",
            "access": "open-unrestricted",
            "released_on": "2025-01-20",
            "released_on_precision": "day",
            "parameters": "671000000000",
            "active_parameters": "37000000000",
            **inline_management("citations"),
            **inline_management("events"),
            **inline_management("openness"),
            **inline_management("openness_dimensions"),
            **inline_management("mof_components"),
        },
    )
    assert response.status_code == 302, response.context["adminform"].errors
    model = AIModel.objects.get(slug="deepseek-r1")
    assert model.history.get().history_user == editor


def test_admin_form_shows_constraint_errors_instead_of_saving(editor_client):
    model = AIModelFactory(parameters=100)
    response = editor_client.post(
        reverse("admin:registry_aimodel_change", args=[model.pk]),
        {
            "name": model.name,
            "slug": model.slug,
            "company": model.company_id,
            "license": model.license_id,
            "modality": "text",
            "kind": "chat",
            "access": "open-restricted",
            "released_on": "2025-03-16",
            "released_on_precision": "month",
            "parameters": "100",
            "active_parameters": "101",
            **inline_management("citations"),
            **inline_management("events"),
            **inline_management("openness"),
            **inline_management("openness_dimensions"),
            **inline_management("mof_components"),
        },
    )
    assert response.status_code == 200
    errors = str(response.context["adminform"].form.errors)
    assert "Active parameters cannot exceed total parameters." in errors
    assert "first day of that month" in errors
    model.refresh_from_db()
    assert model.active_parameters is None


def test_admin_refuses_deleting_a_referenced_company(admin_client):
    model = AIModelFactory()
    response = admin_client.post(
        reverse("admin:registry_company_delete", args=[model.company.pk]),
        {"post": "yes"},
    )
    assert response.status_code == 200
    assert b"protected" in response.content.lower()
    assert model.company.__class__.objects.filter(pk=model.company.pk).exists()


def test_event_inline_rejects_model_of_another_company(admin_client):
    event = ReleaseEventFactory()
    foreign_model = AIModelFactory()
    response = admin_client.post(
        reverse("admin:registry_releaseevent_change", args=[event.pk]),
        {
            "title": event.title,
            "slug": event.slug,
            "company": event.company_id,
            "model": foreign_model.pk,
            "date": "2025-03-16",
            "date_precision": "day",
            "kind": "release",
            "status": "happened",
            **inline_management("citations"),
        },
    )
    assert response.status_code == 200
    assert "model" in response.context["adminform"].form.errors
    assert ReleaseEvent.objects.get(pk=event.pk).model is None


@pytest.mark.parametrize("model_name", ["user", "group"])
def test_editor_cannot_reach_users_groups_or_permissions(editor_client, model_name):
    assert editor_client.get(reverse(f"admin:auth_{model_name}_changelist")).status_code == 403
    assert editor_client.get(reverse(f"admin:auth_{model_name}_add")).status_code == 403


def test_editor_index_lists_registry_but_not_auth(editor_client):
    response = editor_client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert b"AI models" in response.content
    assert reverse("admin:auth_user_changelist").encode() not in response.content


def inline_management(prefix):
    return {
        f"{prefix}-TOTAL_FORMS": "0",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
