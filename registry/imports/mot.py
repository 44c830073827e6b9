"""The LF AI & Data Model Openness Tool (mot.isitopen.ai): one YAML file per model, the
Model Openness Framework components its release includes, each with a licence.

A component without a licence of its own takes the release's licence for its kind (code,
data or document), then the distribution licence, as the tool does. ``release.date`` is when
the record was written (2024-10-03 for GPT-2), not when the model came out, so it is not
imported as a release date. Descriptions are the tool's prose and are not copied.
"""

import re

from ..models import AccessLevel, Modality, ModelKind
from ..openness import CODE, DATA, DOCUMENT, Component
from .licenses import Unmapped, map_license
from .osai import access_for_terms
from .records import Fact, Problem, Record, Refused

PUBLISHER = "LF AI & Data Model Openness Tool"
REPOSITORY = "https://github.com/lfai/model_openness_tool"
PATTERN = "models/*.yml"
# The kind of each component, whose release-wide licence it inherits (the tool's form groups
# them the same way).
KINDS = {
    Component.MODEL_ARCHITECTURE: CODE,
    Component.DATA_PREPROCESSING_CODE: CODE,
    Component.TRAINING_CODE: CODE,
    Component.INFERENCE_CODE: CODE,
    Component.EVALUATION_CODE: CODE,
    Component.SUPPORTING_LIBRARIES: CODE,
    Component.FINAL_PARAMETERS: DATA,
    Component.INTERMEDIATE_PARAMETERS: DATA,
    Component.DATASETS: DATA,
    Component.EVALUATION_DATA: DATA,
    Component.MODEL_METADATA: DATA,
    Component.SAMPLE_OUTPUTS: DATA,
    Component.MODEL_CARD: DOCUMENT,
    Component.DATA_CARD: DOCUMENT,
    Component.TECHNICAL_REPORT: DOCUMENT,
    Component.RESEARCH_PAPER: DOCUMENT,
    Component.EVALUATION_RESULTS: DOCUMENT,
}
BY_NAME = {component.label.casefold(): component for component in Component}
TOP_KEYS = {"framework", "release"}
RELEASE_KEYS = {
    "name",
    "version",
    "date",
    "type",
    "architecture",
    "origin",
    "producer",
    "contact",
    "repository",
    "huggingface",
    "license",
    "components",
}
COMPONENT_KEYS = {"name", "description", "license", "license_path", "component_path"}
LICENSE_KINDS = {"distribution", CODE, DATA, DOCUMENT}
MODALITIES = {"language": Modality.TEXT, "code": Modality.CODE, "multimodal": Modality.MULTIMODAL}
SIZE = re.compile(r"^(\d+(?:\.\d+)?)\s*([MBT])$", re.IGNORECASE)
SCALE = {"m": 10**6, "b": 10**9, "t": 10**12}


def parameters(version) -> int | None:
    """``7B`` or ``1.5T`` as a number; None for versions that are not sizes (``v0.1``)."""
    match = SIZE.match(str(version or "").strip())
    if not match:
        return None
    return round(float(match.group(1)) * SCALE[match.group(2).casefold()])


def url(value) -> str:
    text = str(value or "").strip()
    return text if text.startswith(("http://", "https://")) else ""


def parse(path: str, text: str, data) -> Record:
    if not isinstance(data, dict):
        raise Refused("(file)", "not a mapping of keys")
    if set(data) - TOP_KEYS:
        raise Refused(sorted(set(data) - TOP_KEYS)[0], "unknown key")
    release = data.get("release")
    if not isinstance(release, dict):
        raise Refused("release", "missing")
    if set(release) - RELEASE_KEYS:
        raise Refused(f"release.{sorted(set(release) - RELEASE_KEYS)[0]}", "unknown key")
    name = str(release.get("name") or "").strip()
    producer = str(release.get("producer") or "").strip()
    if not name:
        raise Refused("release.name", "missing")
    if not producer:
        raise Refused("release.producer", "missing")
    licenses = release.get("license") or {}
    if not isinstance(licenses, dict) or set(licenses) - LICENSE_KINDS:
        raise Refused("release.license", "expected distribution, code, data or document")

    record = Record(
        path=path,
        name=name,
        company=producer,
        name_quote=f"release.name: {name}",
        company_quote=f"release.producer: {producer}",
    )
    type_ = str(release.get("type") or "").strip().casefold()
    record.defaults = {
        "modality": MODALITIES.get(type_, Modality.UNKNOWN),
        "kind": ModelKind.UNKNOWN,  # the tool's records do not say
        "homepage_url": url(release.get("huggingface")) or url(release.get("repository")),
        "repository_url": url(release.get("repository")),
        "weights_url": url(release.get("huggingface")),
    }
    if type_ and type_ not in MODALITIES and type_ != "none":
        record.problems.append(Problem(path, "release.type", f"unknown type {type_!r}"))

    def release_license(kind: str) -> tuple[str, object]:
        entry = licenses.get(kind) or {}
        return f"release.license.{kind}.name", entry.get("name") if isinstance(
            entry, dict
        ) else None

    distribution_key, distribution = release_license("distribution")
    evidence = url(release.get("huggingface")) or url(release.get("repository"))
    weights_terms = None
    for index, entry in enumerate(release.get("components") or []):
        where = f"release.components[{index}]"
        if not isinstance(entry, dict) or set(entry) - COMPONENT_KEYS:
            raise Refused(where, "expected name, description, license and paths")
        component = BY_NAME.get(str(entry.get("name") or "").strip().casefold())
        if component is None:
            raise Refused(f"{where}.name", f"unknown component {entry.get('name')!r}")
        key, raw = f"{where}.license", entry.get("license")
        if raw is None:
            key, raw = release_license(KINDS[component])
        if raw is None:
            key, raw = distribution_key, distribution
        try:
            mapped = map_license(raw if raw is not None else "unlicensed")
        except Unmapped as error:
            record.problems.append(Problem(path, key, f"unmapped licence {error}"))
            continue
        quote = f"{where}.name: {entry.get('name')}; {key}: {raw if raw is not None else '(none)'}"
        if mapped.not_included:
            fact = Fact((False, ""), "not released", quote)
        elif mapped.terms is None:
            fact = Fact((True, ""), "released without a licence", quote)
        else:
            spdx_id = mapped.terms.spdx_id
            fact = Fact((True, spdx_id), f"released under {spdx_id}", quote)
            if component == Component.FINAL_PARAMETERS:
                weights_terms = mapped.terms
        evidence_url = url(entry.get("component_path")) or evidence
        record.facts[f"component:{component}"] = Fact(
            fact.value, fact.shown, fact.quote, evidence_url
        )

    try:
        mapped = map_license(distribution)
    except Unmapped as error:
        record.problems.append(Problem(path, distribution_key, f"unmapped licence {error}"))
    else:
        if mapped.terms:
            record.facts["license"] = Fact(mapped.terms, "", f"{distribution_key}: {distribution}")
    # Open weights at the level their licence allows; unknown without released weights.
    record.defaults["access"] = (
        access_for_terms(weights_terms) if weights_terms else AccessLevel.UNKNOWN
    )
    size = parameters(release.get("version"))
    if size:
        record.facts["parameters"] = Fact(
            size, str(size), f"release.version: {release.get('version')}"
        )
    return record
