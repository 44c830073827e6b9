"""A claim's value in the registry, read and written as citations state it: shared by the
importer (engine.py), editors' answers (review.py) and the admin's list of claims."""

from ..models import DimensionStatus, License, MOFComponent


def shown_license(license: License | None) -> str:
    """A licence as citations state it: its SPDX id, or the name of a custom licence."""
    if license is None:
        return ""
    return license.name if license.is_custom else license.spdx_id


def shown_component(row: MOFComponent | None) -> str:
    if row is None:
        return ""
    if not row.released:
        return "not released"
    return f"released under {row.license}" if row.license else "released without a licence"


def agrees(claim: str, current: str, new: str) -> bool:
    """A month the dataset gives agrees with a day in that month; a component the registry
    has no row for is not released."""
    if claim.startswith("component:"):
        current = current or "not released"
    if claim == "released_on" and current and new:
        return current.startswith(new) or new.startswith(current)
    return current == new


def current_value(model, claim) -> str:
    """The registry's value for a claim, as citations state it."""
    if claim == "license":
        return shown_license(model.license)
    if claim == "released_on":
        return model.released
    if claim == "parameters":
        return str(model.parameters or "")
    # Through the model's relations, so that a list of claims can prefetch them.
    kind, _, name = claim.partition(":")
    if kind == "dimension":
        rows = [row for row in model.openness_dimensions.all() if row.dimension == name]
        return rows[0].status if rows else ""
    rows = [row for row in model.mof_components.all() if row.component == name]
    return shown_component(rows[0] if rows else None)


NOTE = "As rated by the {publisher} ({record}); its reasons are in that record."


def apply_openness(model, claim, value, evidence_url, source, reason="") -> None:
    """Write a dimension's status or a component's release to the model's openness rows,
    as ``source`` (a dataset's record) states it."""
    kind, _, name = claim.partition(":")
    if kind == "dimension":
        row = DimensionStatus.objects.filter(model=model, dimension=name).first()
        row = row or DimensionStatus(model=model, dimension=name)
        row.status, row.evidence_url = value, evidence_url
        row.note = NOTE.format(publisher=source.publisher, record=source.dataset_path)
    else:
        released, license = value
        row = MOFComponent.objects.filter(model=model, component=name).first()
        if row is None and not released:
            return
        row = row or MOFComponent(model=model, component=name)
        row.released, row.license = released, license
        row.evidence_url = evidence_url if released else row.evidence_url
    row._change_reason = reason or f"from {source.title}"
    row.save()
