"""Deterministic synthetic rows: the same seed and sizes give the same registry.

Rows are plain dicts keyed by column attribute name (``company_id``), so the writer can send
them through COPY on PostgreSQL without building a model instance per row. Each kind of row
draws from its own random stream, so the rows do not depend on how the writer chunks them.
"""

import datetime
import itertools
import random
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.text import slugify

from registry.models import DatePrecision, EventStatus, ModelKind, SourceKind

from . import vocab

FIRST_DAY = datetime.date(2019, 1, 1)
LAST_DAY = datetime.date(2025, 12, 31)
# Events after this day are "planned": a fixed day, so a seed gives the same rows any day.
PLANNED_AFTER = datetime.date(2026, 1, 1)
ZIPF_EXPONENT = 1.07
SOURCES = 8
KIND_LABELS = {kind.value: kind.label.lower() for kind in ModelKind}


def weighted(pairs):
    """(values, cumulative weights) for ``random.choices`` from (value, ..., weight) rows."""
    values = [row[0] if len(row) == 2 else row[:-1] for row in pairs]
    return values, list(itertools.accumulate(row[-1] for row in pairs))


def pseudo_words(rng: random.Random, count: int, syllables: int) -> list[str]:
    """``count`` distinct pronounceable words ("zorvexa")."""
    words, seen = [], set()
    while len(words) < count:
        word = "".join(rng.choice(vocab.SYLLABLES) for _ in range(syllables))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


def precise(rng: random.Random, day: datetime.date) -> tuple[datetime.date, str]:
    """A date with the precision sources give it: mostly the day, sometimes month or year."""
    roll = rng.random()
    if roll < 0.04:
        return day.replace(month=1, day=1), DatePrecision.YEAR
    if roll < 0.18:
        return day.replace(day=1), DatePrecision.MONTH
    return day, DatePrecision.DAY


@dataclass
class Ids:
    """The next free primary key per table: synthetic rows take ids after existing ones."""

    company: int = 1
    license: int = 1
    model: int = 1
    event: int = 1
    source: int = 1
    citation: int = 1


@dataclass
class SyntheticRegistry:
    models: int
    companies: int
    events_per_model: float = 3.0
    citations_per_model: int = 1
    seed: int = 0
    ids: Ids = field(default_factory=Ids)
    taken_company_names: frozenset = frozenset()

    def __post_init__(self):
        self.now = timezone.now()
        self._rng_models = random.Random(f"{self.seed}:models")
        self._rng_events = random.Random(f"{self.seed}:events")
        rng = random.Random(f"{self.seed}:setup")
        self.handles = pseudo_words(rng, max(200, self.models // 25), 3)
        # Two syllables give 6,241 names; beyond a few thousand companies use three.
        self.company_words = pseudo_words(rng, self.companies, 2 if self.companies < 2000 else 3)
        self.company_countries = rng.choices(*weighted(vocab.COUNTRIES), k=self.companies)
        # Company ranks are Zipf-distributed: a few publish most models, most publish a few.
        self.company_weights = list(
            itertools.accumulate(1 / (rank + 1) ** ZIPF_EXPONENT for rank in range(self.companies))
        )
        self.license_slots = list(range(len(vocab.LICENSES))) + [None]
        self.license_weights = list(
            itertools.accumulate(
                [row[-1] for row in vocab.LICENSES] + [vocab.UNKNOWN_LICENSE_WEIGHT]
            )
        )
        self.families = weighted(vocab.FAMILIES)
        self.sizes = weighted(vocab.SIZES)
        self.variants = weighted(vocab.VARIANTS)
        self.access = weighted(vocab.ACCESS)
        self.later_events = weighted(vocab.LATER_EVENTS)
        self.first_model_id = self.ids.model
        self.license_ids: list[int] = []
        self.company_names: list[str] = []

    def stamp(self, row: dict) -> dict:
        row["created_at"] = row["updated_at"] = self.now
        return row

    def company_rows(self):
        suffixes = vocab.COMPANY_SUFFIXES
        for index, word in enumerate(self.company_words):
            name = f"{word.capitalize()} {suffixes[index % len(suffixes)]}"
            while name.lower() in self.taken_company_names:
                name += " Synthetic"
            self.company_names.append(name)
            yield self.stamp(
                {
                    "id": self.ids.company + index,
                    "slug": f"{vocab.PREFIX}{slugify(name)}"[:120],
                    "name": name,
                    "country": self.company_countries[index],
                    "website": f"https://{word}.example",
                    "description": f"Synthetic company publishing models as {word}.",
                }
            )

    def source_rows(self):
        for index in range(SOURCES):
            yield self.stamp(
                {
                    "id": self.ids.source + index,
                    "slug": f"{vocab.PREFIX}source-{index}",
                    "title": f"Synthetic model card index {index}",
                    "publisher": "Synthetic data",
                    "url": f"https://synthetic.example/cards/{index}",
                    "kind": SourceKind.DATABASE,
                }
            )

    def model_rows(self, count: int) -> list[dict]:
        """The next ``count`` models, continuing where the previous call stopped."""
        rng, rows = self._rng_models, []
        # Weighted draws for the whole chunk at once: one call instead of one per row.
        companies = rng.choices(range(self.companies), cum_weights=self.company_weights, k=count)
        licenses = rng.choices(self.license_slots, cum_weights=self.license_weights, k=count)
        families = rng.choices(*self.families, k=count)
        sizes = rng.choices(*self.sizes, k=count)
        variants = rng.choices(*self.variants, k=count)
        access = rng.choices(*self.access, k=count)
        span = (LAST_DAY - FIRST_DAY).days
        for index, company in enumerate(companies):
            model_id = self.ids.model
            self.ids.model += 1
            license_slot = licenses[index]
            family, versions, modality = families[index]
            size, parameters = sizes[index]
            variant, kind = variants[index]
            version = rng.choice(versions)
            if modality not in {"text", "code", "multimodal"}:
                kind = ModelKind.GENERATOR
            parts = [family, version, size] + ([variant] if variant else [])
            if rng.random() < 0.7:
                parts.insert(0, rng.choice(self.handles))
            name = "-".join(parts)
            if rng.random() < 0.4:
                name = name.title()
            released_on, precision = None, DatePrecision.DAY
            if rng.random() >= 0.03:
                # Triangular towards the last day: hubs grow, recent models dominate.
                day = FIRST_DAY + datetime.timedelta(days=int(rng.triangular(0, span, span)))
                released_on, precision = precise(rng, day)
            base_model = None
            if variant and model_id > self.first_model_id and rng.random() < 0.25:
                base_model = rng.randrange(self.first_model_id, model_id)
            active = None
            if family in {"mixtral", "deepseek", "qwen"} and rng.random() < 0.3:
                active = parameters // 8
            rows.append(
                self.stamp(
                    {
                        "id": model_id,
                        "slug": f"{vocab.PREFIX}{slugify(name)[:80]}-{model_id}",
                        "name": name,
                        "company_id": self.ids.company + company,
                        "license_id": None
                        if license_slot is None
                        else self.license_ids[license_slot],
                        "base_model_id": base_model,
                        "modality": modality,
                        "kind": kind,
                        "released_on": released_on,
                        "released_on_precision": precision,
                        "parameters": parameters,
                        "active_parameters": active,
                        "access": access[index],
                        "description": (
                            f"{size.upper()} {KIND_LABELS[kind]} {modality} model "
                            f"from the {family} {version} line, "
                            f"published by {self.company_names[company]}."
                        ),
                    }
                )
            )
        return rows

    def event_rows(self, models: list[dict]) -> list[dict]:
        """A release event per model, then a few later ones (license changes, announcements)."""
        if self.events_per_model <= 0:
            return []
        rng, rows = self._rng_events, []
        # 1 + Binomial(draws, chance) events: mean ``events_per_model``, some models have more.
        extra = self.events_per_model - 1
        draws = max(1, round(extra * 2))
        chance = min(1.0, extra / draws)
        for model in models:
            released = model["released_on"]
            day = released or FIRST_DAY + datetime.timedelta(days=rng.randrange(2000))
            later = rng.choices(*self.later_events, k=draws)
            kinds = ["release"] + [kind for kind in later if rng.random() < chance]
            for position, kind in enumerate(kinds):
                if position == 0 and released:
                    date, precision = released, model["released_on_precision"]
                else:
                    day += datetime.timedelta(days=rng.randint(1, 240))
                    date, precision = precise(rng, day)
                license_id = None
                if kind == "license-change":
                    license_id = self.license_ids[rng.randrange(len(vocab.LICENSES))]
                elif kind == "open-sourcing":
                    license_id = model["license_id"]
                event_id = self.ids.event
                self.ids.event += 1
                rows.append(
                    self.stamp(
                        {
                            "id": event_id,
                            "slug": f"{vocab.PREFIX}event-{event_id}",
                            "company_id": model["company_id"],
                            "model_id": model["id"],
                            "date": date,
                            "date_precision": precision,
                            "kind": kind,
                            "status": EventStatus.PLANNED
                            if date > PLANNED_AFTER
                            else EventStatus.HAPPENED,
                            "title": f"{model['name']}: {kind.replace('-', ' ')}",
                            "license_id": license_id,
                        }
                    )
                )
        return rows

    def citation_rows(self, models: list[dict]) -> list[dict]:
        rows = []
        for model in models:
            for offset in range(self.citations_per_model):
                citation_id = self.ids.citation
                self.ids.citation += 1
                rows.append(
                    self.stamp(
                        {
                            "id": citation_id,
                            "model_id": model["id"],
                            "source_id": self.ids.source + (model["id"] + offset) % SOURCES,
                            "claim": ["license", "released_on", "parameters"][offset % 3],
                            "quote": f"{model['name']} is listed in the synthetic card index.",
                        }
                    )
                )
        return rows
