"""Two editors on the same change page: the second save is refused, not silently applied."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from tests.factories import AIModelFactory, CompanyFactory, LicenseFactory, SourceFactory


def form_data(response) -> dict:
    """What the browser would submit from a change page: every field of the form and of
    each inline formset, as rendered."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        forms.append(formset.management_form)
        forms.extend(formset.forms)
    for form in forms:
        for name, field in form.fields.items():
            value = form[name].value()
            if value is None:
                continue
            if isinstance(value, bool):
                if value:
                    data[form.add_prefix(name)] = "on"
                continue
            data[form.add_prefix(name)] = field.widget.format_value(value) or value
    return data


@pytest.fixture
def second_editor(db, django_user_model):
    user = django_user_model.objects.create_user("alice", password="alice-pass", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(user)
    return client


ENTRIES = {
    "company": (CompanyFactory, "headquarters"),
    "license": (LicenseFactory, "name"),
    "aimodel": (AIModelFactory, "description"),
    "source": (SourceFactory, "publisher"),
}


@pytest.mark.parametrize("model_name", ENTRIES)
def test_the_second_save_is_refused_with_who_and_when(editor_client, second_editor, model_name):
    factory, field = ENTRIES[model_name]
    entry = factory()
    url = f"/admin/registry/{model_name}/{entry.pk}/change/"
    first = form_data(second_editor.get(url))
    second = form_data(editor_client.get(url))

    first[field] = "Alice's version"
    response = second_editor.post(url, first)
    assert response.status_code == 302, response.context["adminform"].form.errors

    second[field] = "Editor's version"
    response = editor_client.post(url, second)
    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert len(errors) == 1
    assert "changed by alice at" in errors[0]
    assert "since you opened it" in errors[0]
    assert "Reload the page" in response.content.decode()
    entry.refresh_from_db()
    assert getattr(entry, field) == "Alice's version"

    # After reloading, the editor's change goes through on top of Alice's.
    again = form_data(editor_client.get(url))
    assert again[field] == "Alice's version"
    again[field] = "Editor's version"
    assert editor_client.post(url, again).status_code == 302
    entry.refresh_from_db()
    assert getattr(entry, field) == "Editor's version"
    assert entry.history.count() == 3


def test_a_form_without_its_version_is_refused(editor_client):
    company = CompanyFactory(headquarters="Hangzhou")
    url = f"/admin/registry/company/{company.pk}/change/"
    data = form_data(editor_client.get(url))
    del data["opened_version"]
    data["headquarters"] = "Beijing"
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "missing the version" in response.context["adminform"].form.non_field_errors()[0]
    company.refresh_from_db()
    assert company.headquarters == "Hangzhou"


def test_adding_needs_no_version(editor_client):
    response = editor_client.get("/admin/registry/source/add/")
    data = form_data(response)
    data.update(
        title="New source", slug="new-source", url="https://example.org/new", kind="article"
    )
    assert editor_client.post("/admin/registry/source/add/", data).status_code == 302


def test_the_version_field_is_hidden(editor_client):
    company = CompanyFactory()
    body = editor_client.get(f"/admin/registry/company/{company.pk}/change/").content.decode()
    assert 'type="hidden" name="opened_version"' in body


def test_reverting_from_history_works_and_is_recorded(editor_client):
    company = CompanyFactory(headquarters="Hangzhou")
    company.headquarters = "Beijing"
    company.save()
    oldest = company.history.order_by("history_date").first()
    url = f"/admin/registry/company/{company.pk}/history/{oldest.history_id}/"
    data = form_data(editor_client.get(url))
    assert data["headquarters"] == "Hangzhou"
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    company.refresh_from_db()
    assert company.headquarters == "Hangzhou"
    latest = company.history.order_by("-history_date").first()
    assert latest.history_user.username == "editor"


def test_a_revert_opened_before_another_edit_is_refused(editor_client, second_editor):
    company = CompanyFactory(headquarters="Hangzhou")
    company.headquarters = "Beijing"
    company.save()
    oldest = company.history.order_by("history_date").first()
    url = f"/admin/registry/company/{company.pk}/history/{oldest.history_id}/"
    revert = form_data(editor_client.get(url))

    change_url = f"/admin/registry/company/{company.pk}/change/"
    other = form_data(second_editor.get(change_url))
    other["headquarters"] = "Shanghai"
    assert second_editor.post(change_url, other).status_code == 302

    response = editor_client.post(url, revert)
    assert response.status_code == 200
    company.refresh_from_db()
    assert company.headquarters == "Shanghai"
