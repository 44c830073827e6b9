"""Readers suggest corrections; editors review them in a queue. The rules are in
registry/suggestions.py, the queries on ``Suggestion.objects``; these views only connect them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View

from .. import suggestions
from ..api.throttling import suggestion_wait
from ..forms import HONEYPOT, ReviewForm, SuggestionForm
from ..models import Suggestion
from ..models.suggestion import COLLECTIONS

KINDS = {collection: kind for kind, collection in COLLECTIONS.items()}
QUEUE_PAGE_SIZE = 25


def subject_or_404(collection: str, slug: str):
    kind = KINDS.get(collection)
    if kind is None:
        raise Http404("No such kind of row.")
    return get_object_or_404(suggestions.subject_model(kind), slug=slug)


class SuggestionCreateView(View):
    """The "Suggest a correction" form of one model, company, license or event."""

    template_name = "registry/suggestion_form.html"

    def render(self, request, subject, form, status=200, **extra):
        context = {
            "subject": subject,
            "form": form,
            "honeypot": form[HONEYPOT],
            "collection": COLLECTIONS[form.instance.subject_kind],
            "canonical_url": request.build_absolute_uri(request.path),
            "section": COLLECTIONS[form.instance.subject_kind],
            **extra,
        }
        return TemplateResponse(request, self.template_name, context, status=status)

    def get(self, request, collection, slug):
        subject = subject_or_404(collection, slug)
        initial = {"field": request.GET.get("field", "")}
        return self.render(request, subject, SuggestionForm(subject=subject, initial=initial))

    def post(self, request, collection, slug):
        subject = subject_or_404(collection, slug)
        form = SuggestionForm(request.POST, subject=subject)
        # Every attempt counts, valid or not: a flood of refused ones is still a flood.
        wait = suggestion_wait(request)
        if wait is not None:
            response = self.render(request, subject, form, status=429, wait=round(wait))
            response["Retry-After"] = str(round(wait))
            return response
        if not form.is_valid():
            return self.render(request, subject, form, status=400)
        suggestion = suggestions.submit(form.instance, request)
        return self.render(request, subject, form, status=201, sent=suggestion)


@method_decorator(login_required(login_url="registry:login"), name="dispatch")
class MySuggestionsView(View):
    """A signed-in contributor's own suggestions and where each stands."""

    def get(self, request):
        rows = Suggestion.objects.of_user(request.user).with_subjects().order_by("-created_at")
        page = Paginator(rows, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
        return TemplateResponse(
            request, "registry/suggestion_list.html", {"page_obj": page, "section": ""}
        )


@method_decorator(
    permission_required("registry.change_suggestion", login_url="admin:login"), name="dispatch"
)
class SuggestionReviewView(View):
    """The editors' queue: pending suggestions, oldest first, each beside the current value
    and the row's sources; accept or reject one at a time."""

    template_name = "registry/suggestion_review.html"

    def render(self, request, status=200, failed=None, form=None):
        pending = Suggestion.objects.pending().for_review()
        page = Paginator(pending, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
        for suggestion in page:
            suggestion.current = suggestions.current_value(suggestion.subject, suggestion.field)
            suggestion.stale = suggestion.current != suggestion.base_value
            suggestion.cited = [
                citation
                for citation in suggestion.subject.citations.all()
                if citation.claim in (suggestion.field, "")
            ]
        context = {"page_obj": page, "failed": failed, "review_form": form, "section": ""}
        return TemplateResponse(request, self.template_name, context, status=status)

    def get(self, request):
        return self.render(request)

    def post(self, request):
        form = ReviewForm(request.POST)
        if not form.is_valid():
            return self.render(request, status=400, form=form)
        suggestion = get_object_or_404(Suggestion, pk=form.cleaned_data["suggestion"])
        try:
            if form.cleaned_data["decision"] == ReviewForm.ACCEPT:
                row = suggestions.accept(suggestion, request.user, form.cleaned_data["confirm"])
                messages.success(request, f"Accepted: {row} now shows the suggested value.")
            else:
                suggestions.reject(suggestion, request.user, form.cleaned_data["reason"])
                messages.success(request, f"Rejected the suggestion about {suggestion.subject}.")
        except suggestions.StaleSuggestion as stale:
            form.add_error("confirm", f"{stale} Tick the box to apply the suggestion anyway.")
            return self.render(request, status=409, failed=suggestion.pk, form=form)
        except suggestions.NotPending as done:
            messages.info(request, str(done))
        except ValidationError as error:
            # The registry changed so that the value no longer fits (a unique name taken).
            form.add_error(None, " ".join(error.messages))
            return self.render(request, status=409, failed=suggestion.pk, form=form)
        return redirect(reverse("registry:suggestion-review"), permanent=False)
