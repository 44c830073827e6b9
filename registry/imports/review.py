"""Editors' answers to an imported claim that disagrees with the registry: accept it (the
registry takes the dataset's value) or dismiss it (the registry's value stays; the claim stays
cited, and a re-import of the same value does not ask again)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from ..models import DatePrecision, License, OpennessAssessment, Review
from .claims import apply_openness

PRECISIONS = {4: (DatePrecision.YEAR, "%Y"), 7: (DatePrecision.MONTH, "%Y-%m")}


def parse_date(value: str) -> tuple[datetime.date, str]:
    precision, pattern = PRECISIONS.get(len(value), (DatePrecision.DAY, "%Y-%m-%d"))
    return datetime.datetime.strptime(value, pattern).date(), precision


def parse_component(value: str) -> tuple[bool, str]:
    if value == "not released":
        return False, ""
    if value == "released without a licence":
        return True, ""
    return True, value.removeprefix("released under ")


@transaction.atomic
def accept(citation) -> None:
    """Write the claim's value to the registry, as the importer would have."""
    model, claim, value = citation.model, citation.claim, citation.value
    reason = f"accepted the claim of {citation.source.title}"
    kind = claim.partition(":")[0]
    if kind in ("dimension", "component"):
        parsed = parse_component(value) if kind == "component" else value
        apply_openness(model, claim, parsed, citation.source.url, citation.source, reason)
        assessment = OpennessAssessment.objects.filter(model=model).first()
        if assessment:
            assessment.refresh()
    else:
        if claim == "license":
            model.license = License.objects.filter(Q(spdx_id=value) | Q(name=value)).first()
            if model.license is None:
                raise ValidationError(f"No licence {value} in the registry.")
        elif claim == "released_on":
            model.released_on, model.released_on_precision = parse_date(value)
        elif claim == "parameters":
            model.parameters = int(value)
        else:
            raise ValidationError(f"A {claim} claim cannot be applied.")
        model.full_clean(validate_unique=False)
        model._change_reason = reason
        model.save()
    citation.review = Review.ACCEPTED
    citation.save(update_fields=["review", "updated_at"])


def dismiss(citation) -> None:
    citation.review = Review.DISMISSED
    citation.save(update_fields=["review", "updated_at"])
