"""Readers' suggestions: checking one as an editor's change would be, and the editors' answer.

A suggestion's value is text (a form field, a JSON string); ``parse()`` turns it into the
field's value as the admin form would (a license by slug or SPDX id, a date with its
precision), ``changed_subject()`` applies it to a copy of the row in memory and runs
``full_clean()`` on it: field validation, the model's ``clean()`` and its constraints, so a
suggestion breaking any of them is a form error, never a 500 at accept time.

``accept()`` writes it in one transaction, the row locked, with the suggestion's author in
the row's history and its source recorded as a citation; ``reject()`` keeps the reason.
"""

import datetime
import hashlib
import hmac
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from .client_ip import client_ip
from .models import (
    AccessLevel,
    AIModel,
    DatePrecision,
    License,
    Modality,
    ModelKind,
    Source,
    SourceKind,
)
from .models.base import format_precise_date
from .models.source import CITATION_VALUE_MAX_LENGTH
from .models.suggestion import EDITABLE_FIELDS, MISSING_MODEL, Suggestion, SuggestionStatus

# Date fields and the field holding their precision: "2025", "2025-06" or "2025-06-20".
PRECISION_FIELDS = {"released_on": "released_on_precision", "date": "date_precision"}
DATE_FORMATS = {4: (DatePrecision.YEAR, "%Y"), 7: (DatePrecision.MONTH, "%Y-%m")}
# Foreign keys a reader may point elsewhere, and how the value names the row.
LICENSE_FIELDS = {"license"}


class StaleSuggestion(Exception):
    """The field changed since the suggestion was made: the editor must confirm."""

    def __init__(self, current: str, base: str):
        super().__init__(f"The value changed since the suggestion was made: now {current!r}.")
        self.current, self.base = current, base


class NotPending(Exception):
    """The suggestion was already answered."""


def subject_model(kind: str):
    return Suggestion._meta.get_field(kind).related_model


def field_label(kind: str, field: str) -> str:
    if field == MISSING_MODEL:
        return "Missing model (its name)"
    return str(subject_model(kind)._meta.get_field(field).verbose_name).capitalize()


def field_choices(kind: str) -> list[tuple[str, str]]:
    return [(field, field_label(kind, field)) for field in EDITABLE_FIELDS[kind]]


def current_value(row, field: str) -> str:
    """The field's value as text, in the form a suggestion gives it (``base_value``)."""
    if field == MISSING_MODEL:
        return ""
    if field in LICENSE_FIELDS:
        license_ = getattr(row, field)
        return license_.slug if license_ is not None else ""
    value = getattr(row, field)
    if field in PRECISION_FIELDS:
        return format_precise_date(value, getattr(row, PRECISION_FIELDS[field]))
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def parse(row, field: str, text: str) -> dict:
    """The fields to set on ``row`` for the value ``text``, as the field's own type."""
    text = text.strip()
    model_field = row._meta.get_field(field)
    if field in LICENSE_FIELDS:
        if not text:
            return {field: None}
        found = License.objects.filter(Q(slug=text) | Q(spdx_id__iexact=text)).first()
        if found is None:
            raise ValidationError(
                f"No license {text!r} in the registry (give its slug or SPDX id)."
            )
        return {field: found}
    if field in PRECISION_FIELDS:
        if not text and model_field.null:
            return {field: None}
        precision, pattern = DATE_FORMATS.get(len(text), (DatePrecision.DAY, "%Y-%m-%d"))
        try:
            day = datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            raise ValidationError("Give the date as YYYY, YYYY-MM or YYYY-MM-DD.") from None
        return {field: day, PRECISION_FIELDS[field]: precision}
    if not text and model_field.null:
        return {field: None}
    return {field: model_field.to_python(text)}


def changed_subject(suggestion):
    """A copy of the subject with the suggested value set, checked by ``full_clean()``; for a
    missing model, the new model. Errors are reported on the suggestion's ``value``."""
    kind, field, row = suggestion.subject_kind, suggestion.field, suggestion.subject
    try:
        if field == MISSING_MODEL:
            changed = new_model(row, suggestion.value)
        else:
            changed = subject_model(kind).objects.get(pk=row.pk)  # never the caller's instance
            for name, value in parse(changed, field, suggestion.value).items():
                setattr(changed, name, value)
        changed.full_clean()
    except ValidationError as error:
        raise ValidationError({"value": flatten(error)}) from None
    return changed


def flatten(error: ValidationError) -> list[str]:
    """Every message, each naming the field it is about when that is not the value itself."""
    if not hasattr(error, "error_dict"):
        return error.messages
    messages = []
    for name, errors in error.error_dict.items():
        for message in ValidationError(errors).messages:
            messages.append(message if name == "__all__" else f"{name}: {message}")
    return messages


def new_model(company, name: str) -> AIModel:
    """The model a "missing model" suggestion adds: its name and company, everything else
    "not stated" until an editor fills it in."""
    name = name.strip()
    slug = slugify(name)[:120]
    if AIModel.objects.filter(company=company, name__iexact=name).exists():
        raise ValidationError(f"{company} already has a model named {name}.")
    return AIModel(
        name=name,
        slug=slug,
        company=company,
        modality=Modality.UNKNOWN,
        kind=ModelKind.UNKNOWN,
        access=AccessLevel.UNKNOWN,
    )


def check(suggestion) -> None:
    """Model-level rules of a suggestion (``Suggestion.clean()``): a field on the allow-list
    of its subject, and a value the editors' own validation accepts."""
    kind = suggestion.subject_kind
    if suggestion.field not in EDITABLE_FIELDS[kind]:
        raise ValidationError({"field": f"{suggestion.field!r} cannot be suggested for a {kind}."})
    if suggestion.value.strip() == current_value(suggestion.subject, suggestion.field):
        raise ValidationError({"value": "This is already the registry's value."})
    changed_subject(suggestion)


def hash_client(request) -> str:
    """A keyed hash of the client's address: the same address gives the same hash, the hash
    does not give the address back (without the secret key)."""
    address = client_ip(request).encode()
    return hmac.new(settings.SECRET_KEY.encode(), address, hashlib.sha256).hexdigest()


def submit(suggestion, request) -> Suggestion:
    """Store a checked suggestion as pending, with who sent it and the value it corrects."""
    user = request.user
    suggestion.author = user if user.is_authenticated else None
    suggestion.client = hash_client(request)
    suggestion.base_value = current_value(suggestion.subject, suggestion.field)
    suggestion.status = SuggestionStatus.PENDING
    suggestion.save()
    return suggestion


def source_for(url: str, subject) -> Source:
    """The registry's source for this URL, created when new: primary when it is on the
    subject's own site, else an article."""
    found = Source.objects.filter(url=url).first()
    if found is not None:
        return found
    host = urlsplit(url).hostname or ""
    own = [getattr(subject, name, "") for name in ("website", "homepage_url", "url")]
    primary = any(urlsplit(site).hostname == host for site in own if site)
    digest = hashlib.sha256(url.encode()).hexdigest()[:10]
    return Source.objects.create(
        url=url,
        title=url.removeprefix("https://").removeprefix("http://")[:300],
        publisher=host.removeprefix("www.")[:200],
        slug=f"{slugify(host)[:100]}-{digest}",
        kind=SourceKind.PRIMARY if primary else SourceKind.ARTICLE,
    )


def cite(row, suggestion, claim: str) -> None:
    citation_model = row.citations.model
    value = suggestion.value.strip()
    if len(value) > CITATION_VALUE_MAX_LENGTH:
        value = value[: CITATION_VALUE_MAX_LENGTH - 1] + "…"
    citation_model.objects.update_or_create(
        **{citation_model.subject_field: row},
        source=source_for(suggestion.source_url, row),
        claim=claim,
        defaults={"value": value, "quote": suggestion.quote},
    )


@transaction.atomic
def accept(suggestion, editor, confirm_stale: bool = False):
    """Apply the suggestion: the row locked, its value compared with the one the suggestion
    was made against (``StaleSuggestion`` unless ``confirm_stale``), the change saved with
    the author in its history, the source cited. Returns the changed (or new) row."""
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if not suggestion.is_pending:
        raise NotPending(f"This suggestion was already {suggestion.get_status_display().lower()}.")
    kind = suggestion.subject_kind
    locked = subject_model(kind).objects.select_for_update().get(pk=suggestion.subject.pk)
    setattr(suggestion, kind, locked)
    current = current_value(locked, suggestion.field)
    if current != suggestion.base_value and not confirm_stale:
        raise StaleSuggestion(current, suggestion.base_value)
    row = changed_subject(suggestion)
    author = suggestion.author
    # The history names the reader who found the change (the editor if anonymous) and the
    # reason names both, so a revert can be traced to the suggestion.
    row._history_user = author or editor
    row._change_reason = (
        f"Suggestion {suggestion.pk} by {author.get_username() if author else 'a reader'}, "
        f"accepted by {editor.get_username()}"
    )[:100]
    row.save()
    cite(row, suggestion, "" if suggestion.field == MISSING_MODEL else suggestion.field)
    answer(suggestion, editor, SuggestionStatus.ACCEPTED)
    return row


@transaction.atomic
def reject(suggestion, editor, reason: str) -> None:
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if not suggestion.is_pending:
        raise NotPending(f"This suggestion was already {suggestion.get_status_display().lower()}.")
    suggestion.reason = reason.strip()
    answer(suggestion, editor, SuggestionStatus.REJECTED)


def answer(suggestion, editor, status) -> None:
    suggestion.status = status
    suggestion.reviewed_by = editor
    suggestion.reviewed_at = timezone.now()
    suggestion._history_user = editor
    suggestion.save(update_fields=["status", "reason", "reviewed_by", "reviewed_at", "updated_at"])
