"""The European Open Source AI Index (osai-index.eu): one YAML file per model family, its
12 openness dimensions each rated open, partial or closed (empty: not applicable).

Facts only are taken: statuses, links, names, the licence and the release month. The
``notes`` are the index's prose and stay in the linked record.
"""

import datetime
import re

from ..models import AccessLevel, CommercialUse, DatePrecision, LicenseCategory, Modality, ModelKind
from ..openness import Component, Dimension, Status
from .licenses import Unmapped, map_license
from .records import Fact, Problem, Record, Refused, country_code

PUBLISHER = "European Open Source AI Index"
REPOSITORY = "https://github.com/Language-Technology-Assessment/main-database"
PATTERN = "*.yaml"
# The index's keys for the registry's dimensions, in the index's order.
DIMENSIONS = {
    "datasources_basemodel": Dimension.BASE_MODEL_DATA,
    "datasources_endmodel": Dimension.END_USER_MODEL_DATA,
    "weights_basemodel": Dimension.BASE_MODEL_WEIGHTS,
    "weights_endmodel": Dimension.END_USER_MODEL_WEIGHTS,
    "trainingcode": Dimension.TRAINING_CODE,
    "code": Dimension.CODE_DOCUMENTATION,
    "hardware_architecture": Dimension.HARDWARE_ARCHITECTURE,
    "preprint": Dimension.PREPRINT,
    "paper": Dimension.PAPER,
    "modelcard": Dimension.MODEL_CARD,
    "datasheet": Dimension.DATASHEET,
    "licenses": Dimension.LICENSES,
}
CLASSES = {"open": Status.OPEN, "partial": Status.PARTIAL, "closed": Status.CLOSED}
SYSTEM_KEYS = {
    "name",
    "link",
    "type",
    "performanceclass",
    "basemodelname",
    "endmodelname",
    "endmodellicense",
    "releasedate",
    "notes",
}
# Earlier files spell the licence key with a space.
SYSTEM_SPELLINGS = {"endmodel license": "endmodellicense"}
MODALITIES = {
    "text": Modality.TEXT,
    "code": Modality.CODE,
    "image": Modality.IMAGE,
    "video": Modality.VIDEO,
    "audio": Modality.AUDIO,
}
GENERATING = {Modality.IMAGE, Modality.VIDEO, Modality.AUDIO}
NATIONAL_ORIGIN = re.compile(r"^#\s*-\s*National origin:\s*(.+?)\s*$", re.MULTILINE)


def first_link(link) -> str:
    links = link if isinstance(link, list) else [link]
    return next((str(url).strip() for url in links if str(url or "").startswith("http")), "")


def release_month(value) -> tuple[datetime.date, str] | None:
    """``2024-10`` (or ``2024 OCT``, as the index's guide writes it) as its first day."""
    text = str(value or "").strip()
    for pattern in ("%Y-%m", "%Y %b"):
        try:
            day = datetime.datetime.strptime(text.title(), pattern).date()
        except ValueError:
            continue
        return day, DatePrecision.MONTH
    return None


def parse(path: str, text: str, data) -> Record:
    if not isinstance(data, dict):
        raise Refused("(file)", "not a mapping of keys")
    unknown = set(data) - {"system", "org", *DIMENSIONS}
    if unknown:
        raise Refused(sorted(unknown)[0], "unknown key")
    system = dict(data.get("system") or {})
    for spelling, key in SYSTEM_SPELLINGS.items():
        if spelling in system:
            system[key] = system.pop(spelling)
    unknown = set(system) - SYSTEM_KEYS
    if unknown:
        raise Refused(f"system.{sorted(unknown)[0]}", "unknown key")
    org = data.get("org") or {}
    name, company = str(system.get("name") or "").strip(), str(org.get("name") or "").strip()
    if not name or system.get("name") is None:
        raise Refused("system.name", "missing")
    if not company:
        raise Refused("org.name", "missing")

    modality = MODALITIES.get(str(system.get("type") or "").split(",")[0].strip())
    if modality is None:
        raise Refused("system.type", f"unknown type {system.get('type')!r}")
    origin = NATIONAL_ORIGIN.search(text)
    end_name = str(system.get("endmodelname") or "").strip()
    record = Record(
        path=path,
        name=name,
        company=company,
        other_names=[end_name] if end_name and end_name != "None" else [],
        country=country_code(origin.group(1)) if origin else "",
        name_quote=f"system.name: {name}",
        company_quote=f"org.name: {company}",
        country_quote=origin.group(0).lstrip("# -") if origin else "",
        defaults={
            "modality": modality,
            # The index lists instruction-tuned systems: chat models, or generators.
            "kind": ModelKind.GENERATOR if modality in GENERATING else ModelKind.CHAT,
            "homepage_url": first_link(system.get("link")),
        },
    )

    if end_name and end_name != "None":
        # Kept as a fact of its own: a later import (the Model Openness Tool's) matches the
        # end model's name to this record's model.
        record.facts["end_model"] = Fact(end_name, end_name, f"system.endmodelname: {end_name}")
    for key, dimension in DIMENSIONS.items():
        entry = data.get(key) or {}
        if not isinstance(entry, dict) or set(entry) - {"class", "link", "notes"}:
            raise Refused(key, "expected class, link and notes")
        rating = str(entry.get("class") or "").strip()
        status = CLASSES.get(rating, Status.NOT_APPLICABLE if not rating else None)
        if status is None:
            raise Refused(f"{key}.class", f"status {rating!r} is not open, partial or closed")
        record.facts[f"dimension:{dimension}"] = Fact(
            status, status, f"{key}.class: {rating or '(empty)'}", first_link(entry.get("link"))
        )

    raw_license = system.get("endmodellicense")
    try:
        mapped = map_license(raw_license)
    except Unmapped as error:
        record.problems.append(Problem(path, "system.endmodellicense", f"unmapped licence {error}"))
    else:
        if mapped.terms:
            quote = f"system.endmodellicense: {str(raw_license).strip()}"
            record.facts["license"] = Fact(mapped.terms, "", quote)
    released = release_month(system.get("releasedate"))
    if released:
        day, precision = released
        quote = f"system.releasedate: {system.get('releasedate')}"
        record.facts["released_on"] = Fact(released, f"{day:%Y-%m}", quote)
    elif system.get("releasedate"):
        record.problems.append(Problem(path, "system.releasedate", "not YYYY-MM"))

    weights = record.facts[f"dimension:{Dimension.END_USER_MODEL_WEIGHTS}"]
    license_fact = record.facts.get("license")
    record.defaults["access"] = access_level(weights.value, license_fact)
    if weights.value in (Status.OPEN, Status.PARTIAL) and license_fact:
        # The weights and their licence are the Model Openness Framework's final parameters,
        # which OSAID's parameters requirement reads.
        spdx_id = license_fact.value.spdx_id
        record.facts[f"component:{Component.FINAL_PARAMETERS}"] = Fact(
            (True, spdx_id),
            f"released under {spdx_id}",
            f"{weights.quote}; {license_fact.quote}",
            weights.evidence_url,
        )
    return record


def access_level(weights: str, license_fact) -> str:
    """Open weights at the level the licence allows; unknown when the index does not rate
    the weights open or no licence is known."""
    if weights not in (Status.OPEN, Status.PARTIAL) or license_fact is None:
        return AccessLevel.UNKNOWN
    return access_for_terms(license_fact.value)


def access_for_terms(terms) -> str:
    if terms.commercial_use == CommercialUse.FORBIDDEN:
        return AccessLevel.OPEN_NONCOMMERCIAL
    if terms.category in (LicenseCategory.PERMISSIVE, LicenseCategory.COPYLEFT):
        return AccessLevel.OPEN_UNRESTRICTED
    if terms.category == LicenseCategory.OPEN_RESTRICTED:
        return AccessLevel.OPEN_RESTRICTED
    return AccessLevel.UNKNOWN
