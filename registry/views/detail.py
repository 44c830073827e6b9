"""Detail pages. Each one issues a fixed number of queries, whatever the row's history."""

from django.db.models import Count, Prefetch, Q
from django.views.generic import DetailView

from ..models import AIModel, Company, License, ReleaseEvent
from .base import CanonicalMixin

# Detail pages show this many related rows and link to the filtered list for the rest.
RELATED_LIMIT = 50
# Claims about a license's terms, cited together under its plain-words summary.
LICENSE_TERM_CLAIMS = (
    "commercial_use",
    "mau_limit",
    "excluded_territories",
    "attribution_required",
    "osi_approved",
    "acceptable_use_policy_url",
)


def citation_context(citations) -> dict:
    """``citations`` numbered for the Sources list, ``cited`` mapping each claim to its
    citations, and ``general_refs`` for the ones about the row as a whole."""
    ordered, by_claim = numbered_citations(citations)
    return {"citations": ordered, "cited": by_claim, "general_refs": by_claim.get("", [])}


def numbered_citations(citations) -> tuple[list, dict]:
    """Number the citations in display order and group their numbers by claim, so each fact
    can point at the sources that back it (a blank claim backs the row as a whole)."""
    ordered = sorted(citations, key=lambda c: (c.claim != "", c.claim, c.source.title))
    by_claim: dict[str, list] = {}
    for number, citation in enumerate(ordered, start=1):
        citation.number = number
        by_claim.setdefault(citation.claim, []).append(citation)
    return ordered, by_claim


def lineage(model) -> tuple[list, bool]:
    """Ancestors from the oldest loaded one down to the direct base model, and whether older
    ones exist beyond what ``with_lineage()`` selected (never a query per generation)."""
    chain, node = [], model
    while node.base_model_id is not None and AIModel.base_model.is_cached(node):
        node = node.base_model
        chain.append(node)
    return chain[::-1], node.base_model_id is not None


class AIModelDetailView(CanonicalMixin, DetailView):
    section = "models"
    queryset = (
        AIModel.objects.with_related()
        .with_lineage()
        # The openness include's data; its claim citations (with sources) are the ones the
        # page numbers, so citations are not fetched twice.
        .with_openness_report()
        .annotate(derivative_count=Count("derivatives", distinct=True))
        .prefetch_related(
            Prefetch(
                "events",
                queryset=ReleaseEvent.objects.select_related("license", "partner")
                .with_citations()
                .order_by("date", "id"),
            ),
            Prefetch(
                "derivatives",
                queryset=AIModel.objects.select_related("company", "license").order_by(
                    "released_on", "name"
                )[:RELATED_LIMIT],
                to_attr="derivatives_shown",  # a sliced prefetch needs its own attribute
            ),
        )
    )

    def get_context_data(self, **kwargs):
        ancestors, older_ancestors = lineage(self.object)
        return super().get_context_data(
            **citation_context(self.object.claim_citations),
            ancestors=ancestors,
            older_ancestors=older_ancestors,
            **kwargs,
        )


class CompanyDetailView(CanonicalMixin, DetailView):
    section = "companies"
    queryset = Company.objects.with_open_model_counts().with_citations()

    def get_context_data(self, **kwargs):
        company = self.object
        models = company.models.with_related().latest_first()[:RELATED_LIMIT]
        events = (
            ReleaseEvent.objects.filter(Q(company=company) | Q(partner=company))
            .with_related()
            .with_citations()
            .latest_first()[:RELATED_LIMIT]
        )
        return super().get_context_data(
            **citation_context(company.citations.all()),
            models=models,
            events=events,
            related_limit=RELATED_LIMIT,
            **kwargs,
        )


class LicenseDetailView(CanonicalMixin, DetailView):
    section = "licenses"
    queryset = License.objects.with_model_counts().with_citations()

    def get_context_data(self, **kwargs):
        license = self.object
        models = license.models.with_related().latest_first()[:RELATED_LIMIT]
        events = license.events.with_related().with_citations().latest_first()[:RELATED_LIMIT]
        citations = citation_context(license.citations.all())
        term_refs = sorted(
            (ref for claim in LICENSE_TERM_CLAIMS for ref in citations["cited"].get(claim, [])),
            key=lambda citation: citation.number,
        )
        return super().get_context_data(
            **citations,
            term_refs=term_refs,
            models=models,
            events=events,
            related_limit=RELATED_LIMIT,
            **kwargs,
        )
