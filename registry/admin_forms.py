"""Admin forms that refuse to overwrite a change made after the editor opened the page."""

from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction

VERSION_FIELD = "opened_version"


class ConcurrentEditForm(forms.ModelForm):
    """Carries the row's ``updated_at`` as it was when the page was opened.

    On save the row is read again, locked for the rest of the admin's transaction (SQLite's
    IMMEDIATE transactions serialise writers the same way), so of two editors who opened the
    same version, the second to save gets a form error naming who changed it and when,
    instead of silently undoing the first editor's work.
    """

    opened_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            # Read from the table, not the instance: a revert form is built from a past version.
            self.fields[VERSION_FIELD].initial = self.stored_version(lock=False).isoformat()

    def stored_version(self, lock: bool) -> datetime | None:
        rows = type(self.instance)._default_manager.filter(pk=self.instance.pk)
        if lock and transaction.get_connection(rows.db).in_atomic_block:
            rows = rows.select_for_update()
        return rows.values_list("updated_at", flat=True).first()

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is None:
            return cleaned_data
        current = self.stored_version(lock=True)
        if current is None:
            raise ValidationError("This entry was deleted since you opened it.", code="deleted")
        try:
            opened = datetime.fromisoformat(self.data.get(self.add_prefix(VERSION_FIELD), ""))
        except ValueError:
            raise ValidationError(
                "This form is missing the version it was opened at. Reload the page.",
                code="no_version",
            ) from None
        if opened != current:
            raise ValidationError(self.conflict_message(current), code="edit_conflict")
        return cleaned_data

    def conflict_message(self, current: datetime) -> str:
        latest = self.instance.history.order_by("-history_date").first()
        who = getattr(latest, "history_user", None) or "another editor"
        return (
            f"This {self.instance._meta.verbose_name} was changed by {who} at "
            f"{current:%Y-%m-%d %H:%M:%S} UTC since you opened it. Reload the page to see "
            "that change, then make yours again."
        )
