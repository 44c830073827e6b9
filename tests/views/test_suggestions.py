"""The "Suggest a correction" pages, the editors' review queue and the feed of accepted changes,
with the Django test client."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from registry.models import Suggestion, SuggestionStatus
from registry.suggestions import current_value
from tests.factories import (
    AIModelFactory,
    CompanyCitationFactory,
    CompanyFactory,
    LicenseFactory,
    ReleaseEventFactory,
)

pytestmark = pytest.mark.django_db

GOOD = {
    "field": "headquarters",
    "value": "Paris",
    "source_url": "https://news.example/mistral",
    "quote": "Mistral AI, the Paris-based start-up, said...",
}


@pytest.fixture
def company():
    return CompanyFactory(slug="mistral", name="Mistral AI", headquarters="Lyon")


def form_url(collection, slug):
    return reverse("registry:suggestion-create", args=[collection, slug])


@pytest.fixture
def rates(settings):
    """Suggestion rates of 2 an hour (the tests' settings turn throttling off)."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "suggestions_anon": "2/hour",
            "suggestions_user": "2/hour",
        },
    }


def test_every_detail_page_links_its_suggestion_form(client):
    model = AIModelFactory()
    event = ReleaseEventFactory(company=model.company, model=model)
    pages = {
        model.get_absolute_url(): form_url("models", model.slug),
        model.company.get_absolute_url(): form_url("companies", model.company.slug),
        model.license.get_absolute_url(): form_url("licenses", model.license.slug),
        reverse("registry:releaseevent-list"): form_url("releases", event.slug),
    }
    for page, link in pages.items():
        assert f'href="{link}"' in client.get(page).content.decode(), page


def test_the_form_offers_the_subjects_fields(client, company):
    html = client.get(form_url("companies", "mistral") + "?field=headquarters").content.decode()
    assert 'value="headquarters" selected' in html
    assert 'value="missing-model"' in html
    assert 'value="slug"' not in html
    license_form = client.get(form_url("licenses", LicenseFactory().slug)).content.decode()
    assert 'value="osi_approved"' not in license_form  # computed, never typed


def test_unknown_subjects_are_404(client, company):
    assert client.get(form_url("companies", "nope")).status_code == 404
    assert client.get(form_url("users", "mistral")).status_code == 404


def test_an_anonymous_suggestion_is_stored_pending_and_changes_nothing(client, company):
    response = client.post(form_url("companies", "mistral"), {**GOOD, "email": "me@example.org"})
    assert response.status_code == 201
    assert "waiting for an editor" in response.content.decode()
    suggestion = Suggestion.objects.get()
    assert (suggestion.company, suggestion.status) == (company, SuggestionStatus.PENDING)
    assert (suggestion.author, suggestion.base_value) == (None, "Lyon")
    assert suggestion.client and "127.0.0.1" not in suggestion.client  # hashed
    page = client.get(company.get_absolute_url()).content.decode()
    assert "Lyon" in page and "Paris" not in page
    assert "me@example.org" not in page


def test_a_signed_in_suggestion_names_its_author_who_sees_it(client, company):
    reader = User.objects.create_user("reader", password="pw")
    client.force_login(reader)
    assert client.post(form_url("companies", "mistral"), GOOD).status_code == 201
    assert Suggestion.objects.get().author == reader
    mine = client.get(reverse("registry:suggestion-list")).content.decode()
    assert "Mistral AI" in mine and "Paris" in mine and "Waiting for review" in mine


def test_my_suggestions_needs_signing_in_on_the_public_login_page(client, company):
    response = client.get(reverse("registry:suggestion-list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("registry:login"))
    User.objects.create_user("reader", password="reader-pass")
    login = client.post(
        reverse("registry:login"), {"username": "reader", "password": "reader-pass"}
    )
    assert login["Location"] == reverse("registry:suggestion-list")
    assert client.get(reverse("registry:suggestion-list")).status_code == 200


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"value": ""}, "value"),
        ({"field": "slug"}, "field"),
        ({"source_url": "javascript:alert(1)"}, "source_url"),
        ({"source_url": "ftp://example.org/x"}, "source_url"),
        ({"quote": "x" * 2001}, "quote"),
        ({"value": "x" * 5001}, "value"),
        ({"email": "not an address"}, "email"),
        ({"homepage": "https://spam.example"}, "homepage"),
    ],
)
def test_bad_input_is_a_form_error_not_a_500(client, company, change, field):
    response = client.post(form_url("companies", "mistral"), {**GOOD, **change})
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_{field}-error"' in html
    assert not Suggestion.objects.exists()


def test_a_value_breaking_a_model_rule_is_a_form_error(client):
    model = AIModelFactory(slug="m", parameters=10, active_parameters=None)
    data = {**GOOD, "field": "active_parameters", "value": "20"}
    response = client.post(form_url("models", "m"), data)
    assert response.status_code == 400
    assert "cannot exceed total parameters" in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    model.refresh_from_db()
    assert model.active_parameters is None


def test_script_tags_are_stored_as_text_and_shown_escaped(editor_client, company):
    data = {**GOOD, "field": "description", "value": "<script>alert(1)</script>"}
    assert Client().post(form_url("companies", "mistral"), data).status_code == 201
    queue = editor_client.get(reverse("registry:suggestion-review")).content.decode()
    assert "<script>alert(1)" not in queue
    assert "&lt;script&gt;alert(1)" in queue


def test_rate_limit_per_address(client, company, rates):
    url = form_url("companies", "mistral")
    for value in ("Paris", "Nice"):
        assert client.post(url, {**GOOD, "value": value}).status_code == 201
    refused = client.post(url, {**GOOD, "value": "Lille"})
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert Suggestion.objects.count() == 2
    other = client.post(url, {**GOOD, "value": "Lille"}, REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 201


def test_rate_limit_per_user_whatever_the_address(client, company, rates):
    client.force_login(User.objects.create_user("reader", password="pw"))
    url = form_url("companies", "mistral")
    for number, address in enumerate(["203.0.113.1", "203.0.113.2"]):
        data = {**GOOD, "value": f"City {number}"}
        assert client.post(url, data, REMOTE_ADDR=address).status_code == 201
    refused = client.post(url, {**GOOD, "value": "Lille"}, REMOTE_ADDR="203.0.113.3")
    assert refused.status_code == 429


# The review queue.


@pytest.fixture
def pending(company):
    CompanyCitationFactory(company=company, claim="headquarters", value="Lyon")

    def make(field="headquarters", value="Paris", subject=company):
        suggestion = Suggestion(field=field, value=value, source_url=GOOD["source_url"])
        suggestion.quote, suggestion.subject = GOOD["quote"], subject
        suggestion.full_clean()
        suggestion.base_value = current_value(subject, field)
        suggestion.save()
        return suggestion

    return make


def test_the_queue_is_for_editors(client, pending):
    pending()
    assert client.get(reverse("registry:suggestion-review")).status_code == 302
    client.force_login(User.objects.create_user("reader", password="pw", is_staff=True))
    assert client.get(reverse("registry:suggestion-review")).status_code == 302


def test_the_queue_shows_current_value_and_sources(editor_client, pending, company):
    pending()
    html = editor_client.get(reverse("registry:suggestion-review")).content.decode()
    assert "Lyon" in html and "Paris" in html
    assert company.citations.get().source.url in html
    assert "an anonymous reader" in html


def test_queue_queries_do_not_grow_with_suggestions(
    editor_client, pending, django_assert_num_queries
):
    url = reverse("registry:suggestion-review")
    # Session, user, the user's and the group's permissions, the count, the page of
    # suggestions with their subjects, and the citations of each kind of subject.
    for number in range(1, 8):
        if number == 2:
            with django_assert_num_queries(10):
                editor_client.get(url)
        pending(field="description", value=f"Text {number}")
        pending(subject=AIModelFactory(), field="name", value=f"Name {number}")
        pending(subject=LicenseFactory(), field="name", value=f"License name {number}")
        pending(subject=ReleaseEventFactory(), field="title", value=f"Title {number}")
    with django_assert_num_queries(10):
        response = editor_client.get(url)
    assert response.content.decode().count("<article") == 25


def test_accept_from_the_queue(editor_client, pending, company):
    suggestion = pending()
    data = {"suggestion": suggestion.pk, "decision": "accept"}
    response = editor_client.post(reverse("registry:suggestion-review"), data)
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.headquarters == "Paris"
    assert company.citations.filter(source__url=GOOD["source_url"]).exists()


def test_reject_from_the_queue_needs_a_reason(editor_client, pending, company):
    suggestion = pending()
    url = reverse("registry:suggestion-review")
    data = {"suggestion": suggestion.pk, "decision": "reject"}
    assert editor_client.post(url, data).status_code == 400
    assert editor_client.post(url, {**data, "reason": "Wrong city."}).status_code == 302
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.reason) == ("rejected", "Wrong city.")
    company.refresh_from_db()
    assert company.headquarters == "Lyon"


def test_a_stale_accept_from_the_queue_asks_to_confirm(editor_client, pending, company):
    suggestion = pending()
    company.headquarters = "Marseille"
    company.save()
    url = reverse("registry:suggestion-review")
    data = {"suggestion": suggestion.pk, "decision": "accept"}
    response = editor_client.post(url, data)
    assert response.status_code == 409
    assert "apply it anyway" in response.content.decode()
    company.refresh_from_db()
    assert company.headquarters == "Marseille"
    assert editor_client.post(url, {**data, "confirm": "on"}).status_code == 302
    company.refresh_from_db()
    assert company.headquarters == "Paris"


# The feed.


def test_the_feed_lists_accepted_changes_only_without_emails(editor_client, pending):
    accepted = pending()
    accepted.email = "secret@example.org"
    accepted.save()
    pending(field="description", value="Still pending")
    editor_client.post(
        reverse("registry:suggestion-review"), {"suggestion": accepted.pk, "decision": "accept"}
    )
    response = Client().get(reverse("registry:suggestion-feed"))  # anonymous
    assert response.status_code == 200
    body = response.content.decode()
    assert "Paris" in body and GOOD["source_url"] in body
    assert "Still pending" not in body
    assert "secret@example.org" not in body
    assert f"suggestion/{accepted.pk}" in body


def test_feed_query_count(client, editor, pending, django_assert_num_queries):
    from registry import suggestions

    for number in range(3):
        suggestion = pending(field="description", value=f"Text {number}")
        suggestions.accept(suggestion, editor, confirm_stale=True)
    with django_assert_num_queries(1):
        client.get(reverse("registry:suggestion-feed"))


def test_admin_lists_suggestions_read_only_and_points_at_the_queue(editor_client, pending):
    pending()
    response = editor_client.get("/admin/registry/suggestion/")
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("registry:suggestion-review") in html
    assert "Paris" in html


def test_the_suggestion_pages_are_valid_html(editor_client, pending, tmp_path):
    from tests.views.test_html_validity import report, validate

    pending()
    client = Client()  # editor_client is the `client` fixture, signed in
    reader_client = Client()
    reader_client.force_login(User.objects.create_user("reader", password="pw"))
    reader_client.post(form_url("companies", "mistral"), {**GOOD, "value": "Nice"})
    pages = {
        "form": client.get(form_url("companies", "mistral")),
        "form-errors": client.post(form_url("companies", "mistral"), {"source_url": "x"}),
        "form-sent": client.post(form_url("companies", "mistral"), {**GOOD, "value": "Lille"}),
        "login": client.get(reverse("registry:login")),
        "mine": reader_client.get(reverse("registry:suggestion-list")),
        "queue": editor_client.get(reverse("registry:suggestion-review")),
    }
    files = []
    for name, response in pages.items():
        assert response["Content-Type"].startswith("text/html"), name
        assert response.status_code in (200, 201, 400), name
        files.append(tmp_path / f"{name}.html")
        files[-1].write_bytes(response.content)
    errors = validate(files)
    assert errors == [], report(errors)
