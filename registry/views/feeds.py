"""Atom feed of release events, filtered exactly like the releases page."""

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpResponseBadRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from ..filters import ReleaseEventFilter
from ..models import EventStatus, ReleaseEvent, Suggestion
from .base import clean_query

FEED_ITEMS = 50


def tag_uri(specific: str) -> str:
    """A permanent id (RFC 4151) for the feed or an entry, the same on every host."""
    return f"tag:{settings.REGISTRY_TAG_AUTHORITY}:{specific}"


class InvalidFilter(Exception):
    def __init__(self, errors):
        self.errors = errors


class ReleaseEventFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except InvalidFilter as invalid:
            lines = [f"{field}: {' '.join(messages)}" for field, messages in invalid.errors.items()]
            return HttpResponseBadRequest(
                "Invalid filter.\n" + "\n".join(lines), content_type="text/plain; charset=utf-8"
            )

    def get_object(self, request, *args, **kwargs):
        """The validated filterset: the feed instance is shared between requests, so
        per-request state travels as the feed's "object"."""
        filterset = ReleaseEventFilter(
            request.GET, queryset=ReleaseEvent.objects.with_related(), request=request
        )
        if not filterset.is_valid():
            raise InvalidFilter(filterset.errors)
        return filterset

    def title(self, filterset):
        used = [
            f"{name}={value}"
            for name, value in filterset.data.items()
            if value and name in filterset.filters
        ]
        suffix = f" ({', '.join(used)})" if used else ""
        return f"Open Model Registry: release events{suffix}"

    def subtitle(self, filterset):
        return "Releases, open-sourcings and license changes of AI models, with their sources."

    def link(self, filterset):
        query = clean_query(filterset.data).urlencode()
        return reverse("registry:releaseevent-list") + (f"?{query}" if query else "")

    def feed_url(self, filterset):
        query = clean_query(filterset.data).urlencode()
        return reverse("registry:releaseevent-feed") + (f"?{query}" if query else "")

    def feed_guid(self, filterset):
        query = clean_query(filterset.data).urlencode()
        return tag_uri("releases" + (f"?{query}" if query else ""))

    def items(self, filterset):
        return filterset.qs.latest_first()[:FEED_ITEMS]

    def item_title(self, event):
        return f"{event.when}: {event.title}"

    def item_description(self, event):
        """Atom's ``<summary type="html">``: HTML, so the editors' text is escaped here.

        The feed generator only escapes for XML; a reader undoes that and renders what is
        left as HTML, so unescaped text would turn an ``<img onerror=...>`` into live markup.
        """
        about = f"{event.company}" + (f", {event.model}" if event.model_id else "")
        status = "" if event.status == EventStatus.HAPPENED else f" ({event.get_status_display()})"
        return escape(f"{event.get_kind_display()}{status}: {about}. {event.description}".strip())

    def item_link(self, event):
        subject = event.model if event.model_id else event.company
        return f"{subject.get_absolute_url()}#{event.slug}"

    def item_guid(self, event):
        # The row id: unlike the slug, the link and the Host header, it never changes.
        return tag_uri(f"release-event/{event.pk}")

    item_guid_is_permalink = False

    def item_pubdate(self, event):
        return datetime.datetime.combine(event.date, datetime.time(), tzinfo=datetime.UTC)

    def item_updateddate(self, event):
        return event.updated_at

    def item_author_name(self, event):
        return event.company.name

    def item_categories(self, event):
        return [event.get_kind_display(), event.company.country.name]


class AcceptedSuggestionFeed(Feed):
    """The registry's changes that came from readers: the 50 suggestions accepted last, each
    with the value, the source and its sentence. Never an e-mail address or an address."""

    feed_type = Atom1Feed
    title = "Open Model Registry: accepted corrections"
    subtitle = "Corrections readers suggested and editors accepted, each with its source."

    def link(self):
        return reverse("registry:home")

    def feed_url(self):
        return reverse("registry:suggestion-feed")

    def feed_guid(self):
        return tag_uri("accepted-suggestions")

    def items(self):
        return (
            Suggestion.objects.accepted()
            .with_subjects()
            .order_by("-reviewed_at", "-id")[:FEED_ITEMS]
        )

    def item_title(self, suggestion):
        return f"{suggestion.subject}: {suggestion.field_label().lower()}"

    def item_description(self, suggestion):
        # HTML to the reader (see ReleaseEventFeed.item_description): escaped here.
        was = f" (was: {suggestion.base_value})" if suggestion.base_value else ""
        return escape(
            f"{suggestion.value}{was}. Source: {suggestion.source_url}. "
            f"\u201c{suggestion.quote}\u201d"
        )

    def item_link(self, suggestion):
        return suggestion.subject.get_absolute_url()

    def item_guid(self, suggestion):
        return tag_uri(f"suggestion/{suggestion.pk}")

    item_guid_is_permalink = False

    def item_pubdate(self, suggestion):
        return suggestion.reviewed_at

    def item_updateddate(self, suggestion):
        return suggestion.reviewed_at

    def item_author_name(self, suggestion):
        return suggestion.author.get_username() if suggestion.author else "A reader"
