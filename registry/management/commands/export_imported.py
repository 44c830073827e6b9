"""Write what the dataset imports added to the registry as a fixture (``fixtures/datasets.json``),
so that ``make run`` opens with the imported data without the datasets' checkouts.

Only rows the imports wrote or cite are written: the datasets' sources and their citations, the
models they cite with their companies, licences and openness rows. Loaded after the article's
fixtures (``manage.py seed``), it gives the registry the imports left behind.
"""

import json
from pathlib import Path

from django.core import serializers
from django.core.management.base import BaseCommand
from django.db.models import Q

from registry.models import (
    AIModel,
    AIModelCitation,
    Company,
    CompanyCitation,
    DimensionStatus,
    License,
    LicenseCitation,
    MOFComponent,
    OpennessAssessment,
    Source,
)

# Filled again by loaddata (registry/models/base.py): the file stays the same from one build
# to the next.
TIMESTAMPS = {"created_at", "updated_at"}


def imported_rows():
    models = AIModel.objects.filter(citations__source__dataset__gt="").distinct()
    yield from Source.objects.filter(dataset__gt="").order_by("slug")
    imported = Q(citations__source__dataset__gt="")
    yield from License.objects.filter(Q(models__in=models) | imported).distinct().order_by("slug")
    yield from Company.objects.filter(Q(models__in=models) | imported).distinct().order_by("slug")
    yield from models.order_by("slug")
    for citation_model in (LicenseCitation, CompanyCitation, AIModelCitation):
        subject = citation_model.subject_field
        yield from citation_model.objects.filter(source__dataset__gt="").order_by(
            f"{subject}__slug", "source__slug", "claim"
        )
    for row_model in (DimensionStatus, MOFComponent, OpennessAssessment):
        yield from row_model.objects.filter(model__in=models).order_by("model__slug", "pk")


def imported_fixture() -> list[dict]:
    data = json.loads(
        serializers.serialize(
            "json", imported_rows(), use_natural_foreign_keys=True, use_natural_primary_keys=True
        )
    )
    for row in data:
        for name in TIMESTAMPS:
            row["fields"].pop(name, None)
    return data


class Command(BaseCommand):
    help = "Write the rows the dataset imports added as a fixture file."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path, **options):
        data = imported_fixture()
        path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        self.stdout.write(f"Wrote {len(data)} rows to {path}.")
