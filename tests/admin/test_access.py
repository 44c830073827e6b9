"""Who may edit: the model permissions (the Editors group), and what pages never reveal."""

import pytest
from django.contrib.auth.models import Group

from tests.factories import AIModelFactory, CompanyFactory


@pytest.fixture
def staff_without_group(db, django_user_model, client):
    user = django_user_model.objects.create_user("intern", password="intern-pass", is_staff=True)
    client.force_login(user)
    return user


@pytest.fixture
def bystander(db, django_user_model):
    """Another account whose secrets must never show up in anyone's page."""
    return django_user_model.objects.create_user(
        "bystander", email="bystander-secret@example.org", password="bystander-pass"
    )


def test_staff_without_the_editors_group_cannot_see_or_change_entries(staff_without_group, client):
    company = CompanyFactory()
    change_url = f"/admin/registry/company/{company.pk}/change/"
    assert client.get(change_url).status_code == 403
    response = client.post(change_url, {"name": "Defaced", "slug": company.slug})
    assert response.status_code == 403
    assert client.post("/admin/registry/company/add/", {"name": "X"}).status_code == 403
    assert client.get(f"/admin/registry/company/{company.pk}/delete/").status_code == 403
    company.refresh_from_db()
    assert company.name != "Defaced"
    index = client.get("/admin/").content.decode()
    assert "/admin/registry/" not in index


def test_a_view_only_group_cannot_change(staff_without_group, client):
    viewers = Group.objects.create(name="Viewers")
    viewers.permissions.add(
        *Group.objects.get(name="Editors").permissions.filter(codename__startswith="view_")
    )
    staff_without_group.groups.add(viewers)
    company = CompanyFactory(name="Original")
    change_url = f"/admin/registry/company/{company.pk}/change/"
    assert client.get(change_url).status_code == 200
    assert client.post(change_url, {"name": "Defaced"}).status_code == 403
    company.refresh_from_db()
    assert company.name == "Original"


def test_editors_cannot_manage_accounts(editor_client, bystander):
    assert editor_client.get("/admin/auth/user/").status_code == 403
    assert editor_client.get(f"/admin/auth/user/{bystander.pk}/change/").status_code == 403


def test_no_page_shows_password_hashes_or_other_users_emails(editor_client, bystander):
    model = AIModelFactory()
    model.description = "Changed by the bystander"
    model._history_user = bystander
    model.save()
    pages = [
        "/admin/",
        "/admin/registry/aimodel/",
        f"/admin/registry/aimodel/{model.pk}/change/",
        f"/admin/registry/aimodel/{model.pk}/history/",
        f"/admin/registry/company/{model.company.pk}/change/",
        "/healthz",
    ]
    secrets = [bystander.email, bystander.password, bystander.password.split("$")[-1]]
    for page in pages:
        response = editor_client.get(page)
        assert response.status_code == 200, page
        body = response.content.decode()
        for secret in secrets:
            assert secret not in body, page
    # The history page does say who changed the entry: by username only.
    assert "bystander" in editor_client.get(pages[3]).content.decode()
