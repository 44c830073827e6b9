"""registry/suggestions.py and the Suggestion model: a suggestion is checked as an editor's
change, changes nothing until accepted, and accepting applies it with its source and author."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from registry import suggestions
from registry.models import (
    MISSING_MODEL,
    AIModel,
    Source,
    SourceKind,
    Suggestion,
    SuggestionStatus,
)
from registry.models.suggestion import VALUE_MAX_LENGTH
from tests.factories import AIModelFactory, CompanyFactory, LicenseFactory, ReleaseEventFactory

pytestmark = pytest.mark.django_db

SOURCE = "https://news.example/mistral-paris"
QUOTE = "Mistral AI, the Paris-based start-up, said on Monday..."


def suggestion_for(subject, field, value, **extra):
    suggestion = Suggestion(
        field=field, value=value, source_url=extra.pop("source_url", SOURCE), quote=QUOTE, **extra
    )
    suggestion.subject = subject
    return suggestion


def stored(subject, field, value, author=None, **extra):
    """A checked, pending suggestion, as the page and the API store it."""
    suggestion = suggestion_for(subject, field, value, **extra)
    suggestion.full_clean()
    suggestion.author = author
    suggestion.base_value = suggestions.current_value(subject, field)
    suggestion.save()
    return suggestion


@pytest.fixture
def reader(db):
    return User.objects.create_user("reader", password="reader-pass")


def test_a_valid_suggestion_passes_the_editors_rules():
    company = CompanyFactory(headquarters="Lyon")
    suggestion_for(company, "headquarters", "Paris").full_clean()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("parameters", "-5", "value"),
        ("parameters", "many", "value"),
        ("parameters", "9" * 30, "value"),
        ("country", "XX", "value"),
        ("released_on", "2025-13-45", "YYYY"),
        ("access", "open-ish", "value"),
        ("license", "no-such-license", "No license"),
        ("homepage_url", "javascript:alert(1)", "valid URL"),
        ("slug", "new-slug", "cannot be suggested"),
        ("openness_score", "100", "cannot be suggested"),
    ],
)
def test_invalid_values_are_field_errors(field, value, message):
    model = AIModelFactory(parameters=10)
    if field == "country":
        model = model.company
    with pytest.raises(ValidationError) as error:
        suggestion_for(model, field, value).full_clean()
    assert message in str(error.value)


def test_the_models_constraints_apply_active_above_total():
    model = AIModelFactory(parameters=10, active_parameters=None)
    with pytest.raises(ValidationError, match="cannot exceed total"):
        suggestion_for(model, "active_parameters", "20").full_clean()


def test_a_taken_unique_name_is_an_error():
    CompanyFactory(name="Taken")
    with pytest.raises(ValidationError, match="already exists"):
        suggestion_for(CompanyFactory(), "name", "Taken").full_clean()


def test_the_current_value_is_not_a_correction():
    company = CompanyFactory(headquarters="Paris")
    with pytest.raises(ValidationError, match="already the registry"):
        suggestion_for(company, "headquarters", "Paris").full_clean()


def test_hostile_input_is_refused_or_stored_as_text():
    model = AIModelFactory()
    for url in ("javascript:alert(1)", "file:///etc/passwd", "ftp://example.org/x", "data:,x"):
        with pytest.raises(ValidationError, match="source_url"):
            suggestion_for(model, "description", "New text", source_url=url).full_clean()
    with pytest.raises(ValidationError, match="at most"):
        suggestion_for(model, "description", "x" * (VALUE_MAX_LENGTH + 1)).full_clean()
    script = "<script>alert(1)</script>"
    suggestion_for(model, "description", script).full_clean()  # text, escaped when shown


def test_a_suggestion_needs_exactly_one_subject():
    with pytest.raises(ValidationError, match="exactly one row"):
        Suggestion(field="name", value="x", source_url=SOURCE, quote=QUOTE).full_clean()


def test_pending_changes_nothing():
    company = CompanyFactory(headquarters="Lyon")
    stored(company, "headquarters", "Paris")
    company.refresh_from_db()
    assert company.headquarters == "Lyon"
    assert company.history.count() == 1
    assert not company.citations.exists()


def test_accept_applies_the_value_with_its_citation_and_history(editor, reader):
    company = CompanyFactory(headquarters="Lyon", website="https://mistral.example")
    suggestion = stored(company, "headquarters", "Paris", author=reader)
    suggestions.accept(suggestion, editor)
    company.refresh_from_db()
    assert company.headquarters == "Paris"
    citation = company.citations.get()
    assert (citation.claim, citation.value, citation.quote) == ("headquarters", "Paris", QUOTE)
    assert citation.source.url == SOURCE
    assert citation.source.kind == SourceKind.ARTICLE
    record = company.history.first()
    assert record.history_user == reader
    reason = f"Suggestion {suggestion.pk} by reader, accepted by editor"
    assert record.history_change_reason == reason
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.reviewed_by) == (SuggestionStatus.ACCEPTED, editor)


def test_accept_of_an_anonymous_suggestion_records_the_editor(editor):
    model = AIModelFactory(released_on=datetime.date(2025, 1, 1))
    suggestions.accept(stored(model, "released_on", "2025-06"), editor)
    model.refresh_from_db()
    assert (model.released_on, model.released_on_precision) == (datetime.date(2025, 6, 1), "month")
    assert model.history.first().history_user == editor
    assert "by a reader" in model.history.first().history_change_reason


def test_a_source_on_the_subjects_own_site_is_primary_and_reused(editor):
    model = AIModelFactory(homepage_url="https://lab.example/model")
    license_ = LicenseFactory(slug="mit-x", spdx_id="MIT")
    first = stored(model, "license", "MIT", source_url="https://lab.example/license")
    suggestions.accept(first, editor)
    model.refresh_from_db()
    assert model.license == license_
    assert Source.objects.get(url="https://lab.example/license").kind == SourceKind.PRIMARY
    second = stored(model, "parameters", "8123456789", source_url="https://lab.example/license")
    suggestions.accept(second, editor)
    assert Source.objects.filter(url="https://lab.example/license").count() == 1


def test_reject_keeps_the_reason_and_changes_nothing(editor):
    event = ReleaseEventFactory(title="Old title")
    suggestion = stored(event, "title", "New title")
    suggestions.reject(suggestion, editor, "The source says otherwise.")
    suggestion.refresh_from_db()
    event.refresh_from_db()
    assert suggestion.status == SuggestionStatus.REJECTED
    assert suggestion.reason == "The source says otherwise."
    assert event.title == "Old title"
    with pytest.raises(suggestions.NotPending):
        suggestions.accept(suggestion, editor)


def test_a_stale_accept_asks_for_confirmation(editor):
    company = CompanyFactory(headquarters="Lyon")
    suggestion = stored(company, "headquarters", "Paris")
    company.headquarters = "Marseille"  # an editor's change after the suggestion
    company.save()
    with pytest.raises(suggestions.StaleSuggestion) as stale:
        suggestions.accept(suggestion, editor)
    assert (stale.value.current, stale.value.base) == ("Marseille", "Lyon")
    company.refresh_from_db()
    assert company.headquarters == "Marseille"
    suggestions.accept(suggestion, editor, confirm_stale=True)
    company.refresh_from_db()
    assert company.headquarters == "Paris"


def test_a_missing_model_is_added_to_its_company(editor):
    company = CompanyFactory()
    suggestion = stored(company, MISSING_MODEL, "Magistral Small")
    model = suggestions.accept(suggestion, editor)
    assert AIModel.objects.get(slug="magistral-small", company=company) == model
    assert model.access == "unknown"
    assert model.citations.get().claim == ""
    with pytest.raises(ValidationError, match="already has a model"):
        suggestion_for(company, MISSING_MODEL, "magistral small").full_clean()


def test_missing_model_is_only_suggested_on_companies():
    with pytest.raises(ValidationError, match="cannot be suggested"):
        suggestion_for(AIModelFactory(), MISSING_MODEL, "Other").full_clean()


@pytest.mark.postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_editors_accepting_at_once_apply_it_once(django_user_model):
    """The suggestion's row is locked (select_for_update): the second editor finds it
    answered, and the company has one citation and one new history record. PostgreSQL only:
    SQLite's in-memory test database refuses a second writer at once ("table is locked")
    instead of waiting as a file database in WAL mode does."""
    import threading

    from django.db import connection

    # A staff user of its own: a transactional test may start after another one's flush,
    # without the data migrations' Editors group.
    editor = django_user_model.objects.create_user("reviewer", is_staff=True)
    company = CompanyFactory(headquarters="Lyon")
    suggestion = stored(company, "headquarters", "Paris")
    outcomes, start = [], threading.Barrier(2)

    def review():
        start.wait()
        try:
            suggestions.accept(suggestion, editor)
            outcomes.append("accepted")
        except suggestions.NotPending:
            outcomes.append("already answered")
        finally:
            connection.close()

    threads = [threading.Thread(target=review) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["accepted", "already answered"]
    assert company.citations.count() == 1
    assert company.history.count() == 2
