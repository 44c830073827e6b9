"""What a parser makes of one dataset file, before anything touches the database."""

import re
from dataclasses import dataclass, field
from typing import Any

from django_countries import countries


@dataclass(frozen=True)
class Problem:
    """Something in a file the importer did not understand, with where it is."""

    path: str
    key: str
    reason: str

    def __str__(self):
        return f"{self.path}: {self.key}: {self.reason}"


class Refused(Exception):
    """A file the importer does not understand: nothing of it is written."""

    def __init__(self, key: str, reason: str):
        super().__init__(f"{key}: {reason}")
        self.key, self.reason = key, reason


@dataclass(frozen=True)
class Fact:
    """One fact of a record: the value the registry stores, the value as the citation shows
    it, and the record's own key and value as the quote."""

    value: Any
    shown: str
    quote: str
    evidence_url: str = ""


@dataclass
class Record:
    path: str  # inside the dataset, e.g. "models/BLOOM.yml"
    name: str
    company: str
    # Other names the record's model goes by (an end model's name): matched only to a model
    # of the same company, since a fine-tune often names its base model here.
    other_names: list[str] = field(default_factory=list)
    country: str = ""
    name_quote: str = ""
    company_quote: str = ""
    country_quote: str = ""
    # Set only when the record creates its model; no source states them as such.
    defaults: dict[str, Any] = field(default_factory=dict)
    # Facts kept as citations and reconciled with the registry's values: "license",
    # "released_on", "parameters", "dimension:<dimension>", "component:<component>".
    facts: dict[str, Fact] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def name_key(text) -> str:
    """Names compared without case, spaces or punctuation: "DeepSeek R1" is "DeepSeek-R1"
    (but "Command-R+" is not "Command-R")."""
    return re.sub(r"[^0-9a-z+]", "", str(text or "").casefold())


_COUNTRY_NAMES = {"south korea": "KR", "united states": "US", "united kingdom": "GB"}


def country_code(name: str) -> str:
    """The ISO code of a country named in words; blank for "International", "Undisclosed"
    or anything else that names no one country."""
    name = name.strip()
    return _COUNTRY_NAMES.get(name.casefold()) or countries.by_name(name) or ""
