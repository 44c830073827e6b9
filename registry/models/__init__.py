"""The registry's data model: companies make AI models, released under licenses, with dated
events, every fact citing a source."""

from .aimodel import OPEN_WEIGHT_ACCESS, AccessLevel, AIModel, Modality, ModelKind
from .base import DatePrecision
from .company import Company
from .license import CommercialUse, License, LicenseCategory, validate_spdx_id
from .openness import DimensionStatus, MOFComponent, OpennessAssessment
from .release import EventKind, EventStatus, ReleaseEvent
from .source import (
    AIModelCitation,
    CompanyCitation,
    Dataset,
    LicenseCitation,
    ReleaseEventCitation,
    Review,
    Source,
    SourceKind,
)
from .suggestion import MISSING_MODEL, Suggestion, SuggestionStatus

__all__ = [
    "OPEN_WEIGHT_ACCESS",
    "DimensionStatus",
    "MOFComponent",
    "OpennessAssessment",
    "AccessLevel",
    "AIModel",
    "AIModelCitation",
    "CommercialUse",
    "Company",
    "CompanyCitation",
    "Dataset",
    "DatePrecision",
    "EventKind",
    "EventStatus",
    "License",
    "LicenseCategory",
    "LicenseCitation",
    "Modality",
    "ModelKind",
    "ReleaseEvent",
    "ReleaseEventCitation",
    "Review",
    "Source",
    "SourceKind",
    "MISSING_MODEL",
    "Suggestion",
    "SuggestionStatus",
    "validate_spdx_id",
]
