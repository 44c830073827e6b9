"""Side-by-side comparison of up to ``MAX_COMPARED`` models: ``/compare/?models=a,b,c``."""

from urllib.parse import urlencode

from django.core.validators import slug_re
from django.views.generic import TemplateView

from ..models import AIModel
from .base import CanonicalMixin

MAX_COMPARED = 6
SLUG_MAX_LENGTH = AIModel._meta.get_field("slug").max_length


def requested_slugs(query) -> list[str]:
    """Slugs from ``?models=a,b`` or repeated ``?models=a&models=b`` (the list's checkboxes),
    in order, without duplicates."""
    slugs = []
    for value in query.getlist("models"):
        for slug in value.split(","):
            slug = slug.strip()
            if slug and slug not in slugs:
                slugs.append(slug)
    return slugs


class CompareView(CanonicalMixin, TemplateView):
    template_name = "registry/compare.html"
    section = "compare"

    def get_context_data(self, **kwargs):
        slugs = requested_slugs(self.request.GET)
        too_many = len(slugs) > MAX_COMPARED
        slugs = slugs[:MAX_COMPARED]
        # Only well-formed slugs reach the database: anything else (a NUL byte, which
        # PostgreSQL refuses in text, or 10,000 characters) cannot name a model anyway.
        lookup = [slug for slug in slugs if len(slug) <= SLUG_MAX_LENGTH and slug_re.match(slug)]
        found = (
            {model.slug: model for model in AIModel.objects.with_related().filter(slug__in=lookup)}
            if lookup
            else {}
        )
        self.models = [found[slug] for slug in slugs if slug in found]
        for model in self.models:
            rest = ",".join(other.slug for other in self.models if other is not model)
            model.remove_url = f"?{urlencode({'models': rest})}" if rest else "?"
        return super().get_context_data(
            models=self.models,
            unknown=[slug for slug in slugs if slug not in found],
            too_many=too_many,
            max_compared=MAX_COMPARED,
            slugs_value=",".join(slugs),
            **kwargs,
        )

    def get_canonical_params(self, context):
        return {"models": ",".join(model.slug for model in self.models)} if self.models else {}
