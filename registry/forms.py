"""Forms of the public pages that write: a reader's suggestion, an editor's answer to it."""

from django import forms

from .models import Suggestion
from .models.suggestion import QUOTE_MAX_LENGTH, REASON_MAX_LENGTH, VALUE_MAX_LENGTH
from .suggestions import field_choices
from .validators import reject_lone_surrogates

# The honeypot: a field people never see (hidden by the stylesheet, skipped by keyboard and
# screen readers) that form-filling robots do fill. Nothing loads from a third party.
HONEYPOT = "homepage"


class AccessibleErrorsMixin:
    """Fields with an error get ``aria-invalid`` and point at their message
    (``aria-describedby``), as the list pages' filter forms do."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{self[name].auto_id}-error"


class SuggestionForm(AccessibleErrorsMixin, forms.ModelForm):
    """A suggestion about ``subject``: checked by ``Suggestion.clean()``, the editors' rules."""

    field = forms.ChoiceField(label="What to correct")
    value = forms.CharField(
        label="New value",
        max_length=VALUE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Dates as YYYY, YYYY-MM or YYYY-MM-DD; a license by its slug or SPDX id; "
        "yes/no as true or false; for a missing model, its name.",
        validators=[reject_lone_surrogates],
    )
    quote = forms.CharField(
        label="Sentence from the source",
        max_length=QUOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Word for word, the sentence that states the new value.",
        validators=[reject_lone_surrogates],
    )
    homepage = forms.CharField(label="Leave this field empty", required=False)

    class Meta:
        model = Suggestion
        fields = ["field", "value", "source_url", "quote", "email"]
        labels = {"email": "Your e-mail address"}
        # Text rather than type=url: a refused value is shown back as typed, to be corrected,
        # and stays valid HTML (an <input type=url> may not hold a relative value).
        widgets = {"source_url": forms.TextInput(attrs={"inputmode": "url"})}
        help_texts = {
            "source_url": "An http or https address.",
            "email": "Only editors see it, to ask about the suggestion; never published.",
        }

    def __init__(self, *args, subject, **kwargs):
        instance = Suggestion()
        instance.subject = subject
        super().__init__(*args, instance=instance, **kwargs)
        self.fields["field"].choices = field_choices(instance.subject_kind)
        self.fields[HONEYPOT].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self.fields["source_url"].widget.attrs["placeholder"] = "https://"

    def clean_homepage(self):
        if self.cleaned_data[HONEYPOT]:
            raise forms.ValidationError("Leave this field empty.")
        return ""

    def visible_fields(self):
        return [field for field in super().visible_fields() if field.name != HONEYPOT]


class ReviewForm(forms.Form):
    """An editor's answer to one suggestion in the review queue."""

    ACCEPT, REJECT = "accept", "reject"

    suggestion = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(choices=[(ACCEPT, "Accept"), (REJECT, "Reject")])
    confirm = forms.BooleanField(required=False)
    reason = forms.CharField(required=False, max_length=REASON_MAX_LENGTH)

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.REJECT and not data.get("reason", "").strip():
            self.add_error("reason", "Say why the suggestion is rejected.")
        return data
