"""Writing a dataset's records into the registry, one file at a time.

Each file is one transaction: a file the parser refuses, or one the database rejects, leaves
nothing behind and the import goes on. Every fact becomes a citation of the file's
``Source`` (the record at the dataset's commit). A fact is written to the registry only where
the registry holds nothing yet, or still holds what this same record said at the last import;
otherwise the registry's value (an editor's, the article's, the other dataset's) stays and the
citation waits in admin as a claim to review (``Review.PENDING``).
"""

import copy
import datetime
import logging
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import yaml
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.text import slugify

from ..models import (
    AIModel,
    AIModelCitation,
    Company,
    DimensionStatus,
    License,
    MOFComponent,
    OpennessAssessment,
    Review,
    Source,
    SourceKind,
)
from . import aliases
from .claims import agrees, apply_openness, current_value, shown_license
from .records import Problem, Record, Refused, name_key

logger = logging.getLogger(__name__)
URL_FIELDS = ("homepage_url", "repository_url", "weights_url")
# A claim the registry has no field for: cited, never reconciled.
END_MODEL = "end_model"


@dataclass
class Report:
    """What an import did (or, dry, would do)."""

    files: int = 0
    refused: list[Problem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    created: Counter = field(default_factory=Counter)
    new_rows: list[str] = field(default_factory=list)  # what was created, one line each
    changed: list[str] = field(default_factory=list)
    to_review: list[str] = field(default_factory=list)
    unchanged: int = 0  # files that changed nothing

    def summary(self) -> str:
        created = ", ".join(f"{n} {kind}" for kind, n in sorted(self.created.items())) or "none"
        return (
            f"{self.files} files: {self.files - len(self.refused)} imported, "
            f"{len(self.refused)} refused, {self.unchanged} left unchanged. "
            f"Created: {created}. Changed: {len(self.changed)} values. "
            f"New claims to review: {len(self.to_review)}. "
            f"Not understood: {len(self.problems)} values."
        )


def refusal(error) -> tuple[str, str]:
    """The key and the reason of a file the parser or the database refused."""
    if isinstance(error, Refused):
        return error.key, error.reason
    if isinstance(error, ValidationError) and hasattr(error, "message_dict"):
        key, messages = next(iter(error.message_dict.items()))
        return key, " ".join(messages)
    return "(database)", str(error)


class DatasetImport:
    def __init__(self, dataset, parser, root, commit, committed_on, today=None):
        self.dataset, self.parser = dataset, parser
        self.root, self.commit, self.committed_on = Path(root), commit, committed_on
        self.today = today or datetime.date.today()
        self.reason = f"import {dataset} {commit[:12]}"
        self.report = Report()

    # -- the run ------------------------------------------------------------------------
    def files(self) -> list[Path]:
        return sorted(self.root.glob(self.parser.PATTERN))

    def run(self, files=None, progress=lambda items: items) -> Report:
        self._index()
        for path in progress(files if files is not None else self.files()):
            self.report.files += 1
            relative = path.relative_to(self.root).as_posix()
            try:
                text = path.read_text(encoding="utf-8")
                record = self.parser.parse(relative, text, yaml.safe_load(text))
            except Refused as error:
                self.report.refused.append(Problem(relative, error.key, error.reason))
                continue
            except (yaml.YAMLError, UnicodeDecodeError) as error:
                self.report.refused.append(Problem(relative, "(file)", f"not YAML: {error}"))
                continue
            report = copy.deepcopy(self.report)
            try:
                with transaction.atomic():
                    before = (len(self.report.changed), sum(self.report.created.values()))
                    self.write(record)
            except (DatabaseError, Refused, ValidationError) as error:
                self.report = report  # nothing of the file was written: count nothing
                self._index()  # rows of the rolled-back file may be in the indexes
                key, reason = refusal(error)
                self.report.refused.append(Problem(relative, key, reason))
                continue
            self.report.problems += record.problems
            if before == (len(self.report.changed), sum(self.report.created.values())):
                self.report.unchanged += 1
        return self.report

    def _index(self) -> None:
        self.companies = {}
        for company in Company.objects.all():
            self.companies.setdefault(aliases.company_key(company.name), company)
        # Models by name, and by the name of their end model (the OSAI's endmodelname),
        # which only a model of the same company may match: fine-tunes often give their
        # base model's name there.
        self.models, self.end_models = {}, {}
        for model in AIModel.objects.select_related("company"):
            self.models.setdefault(name_key(model.name), model)
            self.models.setdefault(name_key(model.slug), model)
        for citation in AIModelCitation.objects.filter(claim=END_MODEL).select_related(
            "model__company"
        ):
            self.end_models.setdefault(name_key(citation.value), citation.model)

    # -- one record ---------------------------------------------------------------------
    def write(self, record: Record) -> None:
        source = self.source(record)
        model = self.model(record, source)
        self.cite(model, source, "", "", record.name_quote)
        openness_changed = False
        for claim, fact in record.facts.items():
            changed = self.reconcile(model, source, claim, fact)
            openness_changed |= changed and claim.startswith(("dimension:", "component:"))
        if model.pk and model._changed:
            model._change_reason = self.reason
            model.save()
        self.assess(model, source, openness_changed)

    def source(self, record: Record) -> Source:
        url = f"{self.parser.REPOSITORY}/blob/{self.commit}/{quote(record.path)}"
        values = {
            "title": f"{self.parser.PUBLISHER}: {record.path}",
            "publisher": self.parser.PUBLISHER,
            "url": url,
            "kind": SourceKind.DATABASE,
            "dataset": self.dataset,
            "dataset_path": record.path,
            "dataset_commit": self.commit,
            "published_on": self.committed_on,
        }
        source = Source.objects.filter(dataset=self.dataset, dataset_path=record.path).first()
        if source is None:
            self.report.created["sources"] += 1
            slug = unique_slug(Source, f"{self.dataset}-{record.path}")
            return Source.objects.create(slug=slug, imported_on=self.today, **values)
        if source.dataset_commit != self.commit:
            for name, value in values.items():
                setattr(source, name, value)
            source.imported_on = self.today
            source.save()
        return source

    def company(self, record: Record, source: Source) -> Company:
        """The record's organisation, found or created, citing the record for its name and
        the country it states."""
        key = aliases.company_key(record.company)
        company = self.companies.get(key)
        if company is None:
            company = Company.objects.create(
                name=record.company[:200],
                slug=unique_slug(Company, record.company),
                country=record.country,
            )
            self.companies[key] = company
            self.report.created["companies"] += 1
            self.report.new_rows.append(f"company {company.name} ({company.country or '-'})")
        elif record.country and not company.country:
            company.country = record.country
            company._change_reason = self.reason
            company.save()
            self.report.changed.append(f"{company.name}: country {record.country}")
        self.cite(company, source, "", "", record.company_quote)
        if record.country:
            self.cite(company, source, "country", record.country, record.country_quote)
        return company

    def model(self, record: Record, source: Source) -> AIModel:
        cited = AIModel.objects.filter(
            citations__source=source, citations__claim=""
        ).select_related("company", "license")
        model = cited.first() or self.match(record)
        if model is None:
            company = self.company(record, source)
            defaults = dict(record.defaults)
            for name in URL_FIELDS:
                try:
                    AIModel._meta.get_field(name).clean(defaults.get(name, ""), None)
                except ValidationError as error:  # the link is left out, the record kept
                    record.problems.append(Problem(record.path, name, " ".join(error.messages)))
                    defaults.pop(name)
            model = AIModel(
                name=record.name[:200], slug=unique_slug(AIModel, record.name), company=company
            )
            for name, value in defaults.items():
                setattr(model, name, value)
            # An editor's rules: a record the registry could not hold is refused whole.
            model.full_clean(validate_unique=False, validate_constraints=False)
            model._change_reason = self.reason
            model.save()
            self.report.created["models"] += 1
            self.report.new_rows.append(f"model {model.name} ({record.path})")
        else:
            self.company(record, source)  # a country the record states fills a blank one
        self.models.setdefault(name_key(record.name), model)
        for name in record.other_names:
            self.end_models.setdefault(name_key(name), model)
        model._changed = False
        return model

    def match(self, record: Record) -> AIModel | None:
        slug = aliases.MODELS.get((self.dataset, record.path))
        if slug:
            return AIModel.objects.select_related("company", "license").filter(slug=slug).first()
        model = self.models.get(name_key(record.name))
        if model is not None:
            return model
        company = self.companies.get(aliases.company_key(record.company))
        for name in (record.name, *record.other_names):
            model = self.end_models.get(name_key(name))
            if model is not None and company is not None and model.company_id == company.pk:
                return model
        return None

    # -- facts --------------------------------------------------------------------------
    def reconcile(self, model, source, claim, fact) -> bool:
        """Cite ``fact`` and write it where the registry holds nothing, or only what this
        record said last time; True when the registry's value changed."""
        if claim == END_MODEL:
            self.cite(model, source, claim, fact.shown, fact.quote)
            return False
        current, shown = current_value(model, claim), fact.shown
        if claim == "license":
            license = self.license(fact, source)
            shown = shown_license(license)
        citation = AIModelCitation.objects.filter(model=model, source=source, claim=claim).first()
        previous = citation.value if citation else None
        changed, review = False, Review.NONE
        if agrees(claim, current, shown):
            review = citation.review if citation and citation.value == shown else Review.NONE
        elif not current or current == previous:
            self.apply(model, claim, license if claim == "license" else fact, source)
            self.report.changed.append(f"{model.name}: {claim} {current or '(none)'} -> {shown}")
            changed = True
        elif citation and citation.value == shown and citation.review:
            review = citation.review  # already waiting, or dismissed by an editor
        else:
            review = Review.PENDING
            self.report.to_review.append(f"{model.name}: {claim} {current} (dataset: {shown})")
        self.cite(model, source, claim, shown, fact.quote, review, citation)
        return changed

    def apply(self, model, claim, fact, source) -> None:
        model._changed = True
        if claim == "license":
            model.license = fact
            return
        if claim == "released_on":
            model.released_on, model.released_on_precision = fact.value
            return
        if claim == "parameters":
            if model.active_parameters and model.active_parameters > fact.value:
                raise Refused("parameters", "fewer than the active parameters")
            model.parameters = fact.value
            return
        apply_openness(model, claim, fact.value, fact.evidence_url or source.url, source)

    def license(self, fact, source) -> License:
        """The licence the fact names; one the registry lacks is created with the terms of
        the licence table (licenses.py), citing the record that named it first."""
        terms = fact.value
        license = License.objects.filter(spdx_id=terms.spdx_id).first()
        if license is None:
            slug = terms.slug or unique_slug(License, terms.spdx_id.removeprefix("LicenseRef-"))
            license = License(
                slug=slug,
                name=terms.name,
                spdx_id=terms.spdx_id,
                category=terms.category,
                commercial_use=terms.commercial_use,
                mau_limit=terms.mau_limit,
            )
            license._change_reason = self.reason
            license.save()
            self.report.created["licences"] += 1
            self.report.new_rows.append(f"licence {license.name} ({license.spdx_id})")
            self.cite(license, source, "", "", fact.quote)
        return license

    def cite(self, subject, source, claim, value, quote, review=Review.NONE, citation=None):
        """``subject`` (a model, company or licence) cites ``source`` for ``claim``."""
        citations = subject.citations
        if citation is None:
            citation = citations.filter(source=source, claim=claim).first()
        if citation is None:
            citation = citations.model(source=source, claim=claim)
            setattr(citation, citations.field.name, subject)
            self.report.created["citations"] += 1
        elif (citation.value, citation.quote, citation.review) == (value, quote, review):
            return
        citation.value, citation.quote, citation.review = value, quote, review
        citation._change_reason = self.reason
        citation.save()

    def assess(self, model, source, changed) -> None:
        assessment = OpennessAssessment.objects.filter(model=model).first()
        if assessment is None:
            has_rows = (
                DimensionStatus.objects.filter(model=model).exists()
                or MOFComponent.objects.filter(model=model).exists()
            )
            if has_rows:
                OpennessAssessment.objects.create(
                    model=model, assessed_on=source.published_on or self.today
                )
                self.report.created["assessments"] += 1
        elif changed:
            assessment.refresh()


def unique_slug(model_class, text: str) -> str:
    base = slugify(text)[:100] or model_class._meta.model_name
    slug, number = base, 1
    while model_class._default_manager.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug
