"""Both datasets' real snapshots (../shared/datasets), imported once for this module on top
of the article's fixtures: counts, idempotency, the shipped fixture, merged models, the
frameworks' results on hand-checked records, and the pages' query counts with this data."""

import datetime
import json
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import transaction

from registry.imports import mot, osai
from registry.imports.engine import DatasetImport
from registry.management.commands.export_imported import imported_fixture
from registry.models import (
    AIModel,
    AIModelCitation,
    Company,
    Dataset,
    License,
    OpennessAssessment,
    Review,
    Source,
)
from tests.views.test_lists import COMPANIES_QUERY

from .conftest import MOT_COMMIT, OSAI_COMMIT, ROOT


def import_both(folder):
    runs = [
        (Dataset.OSAI, osai, folder / "osai-index", OSAI_COMMIT),
        (Dataset.MOT, mot, folder / "model-openness-tool", MOT_COMMIT),
    ]
    return {
        dataset: DatasetImport(
            dataset, parser, path, commit, datetime.date.fromisoformat(day)
        ).run()
        for dataset, parser, path, (commit, day) in runs
    }


def counts():
    return {
        "models": AIModel.objects.count(),
        "companies": Company.objects.count(),
        "licences": License.objects.count(),
        "sources": Source.objects.filter(dataset__gt="").count(),
        "claims": AIModelCitation.objects.filter(source__dataset__gt="").count(),
        "to review": AIModelCitation.objects.filter(review=Review.PENDING).count(),
        "assessments": OpennessAssessment.objects.count(),
    }


@pytest.fixture(scope="module")
def imported(django_db_setup, django_db_blocker, datasets):
    """The import's reports; the data lives for the module and is rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed", article_only=True, verbosity=0)
        reports = import_both(datasets)
        yield reports
        transaction.set_rollback(True)


@pytest.fixture
def data(imported, db):
    return imported


def test_both_snapshots_import_with_these_counts(data):
    osai_report, mot_report = data[Dataset.OSAI], data[Dataset.MOT]
    assert (osai_report.files, mot_report.files) == (194, 273)
    assert sorted(p.path for p in osai_report.refused) == [
        "a_submission_template.yaml",  # the template: no name
        "koala.yaml",  # a dimension key under system
    ]
    assert sorted(p.path for p in mot_report.refused) == [
        f"models/{name}.yml" for name in ["Griffin", "Hawk", "OpenBMB", "Zephyr-141B"]
    ]  # no producer
    assert all(p.key == "release.producer" for p in mot_report.refused)
    assert counts() == {
        "models": 453,  # 19 of the article, 188 from the index, 246 more from the tool
        "companies": 158,
        "licences": 39,
        "sources": 461,
        "claims": 5549,
        "to review": 30,  # Gemma's preprint: the index says open, the fixture partial
        "assessments": 453,
    }
    # Every imported model holds values an editor could have saved.
    for model in AIModel.objects.select_related("company", "license", "base_model"):
        model.full_clean(validate_unique=False, validate_constraints=False)
    # Every licence string it could not map is reported with its file and key.
    assert len(osai_report.problems) == 23 and len(mot_report.problems) == 34
    assert all(p.reason.startswith("unmapped licence") for p in osai_report.problems)
    # And every link an editor could not save: six of the tool's records give a
    # Hugging Face link with a space or a repository URL that is not one.
    links = [p for p in mot_report.problems if p.key.endswith("_url")]
    assert len(links) == 14 and len({p.path for p in links}) == 6


def test_re_importing_leaves_every_count_unchanged(data, datasets):
    before = counts()
    again = import_both(datasets)
    assert counts() == before
    for report in again.values():
        assert (report.changed, report.to_review, sum(report.created.values())) == ([], [], 0)


def test_the_shipped_fixture_is_what_the_importers_write(data):
    shipped = json.loads((ROOT / "fixtures" / "datasets.json").read_text(encoding="utf-8"))
    for rows in (shipped, built := imported_fixture()):
        for row in rows:
            row["fields"].pop("imported_on", None)
    assert built == shipped


def test_one_model_for_a_record_in_both_datasets_with_claims_from_each(data):
    both = AIModel.objects.filter(citations__source__dataset=Dataset.OSAI).filter(
        citations__source__dataset=Dataset.MOT
    )
    assert both.distinct().count() == 20
    r1 = AIModel.objects.get(slug="deepseek-r1")
    assert AIModel.objects.filter(name__iexact="deepseek-r1").count() == 1
    licences = {
        (c.source.dataset, c.value, c.review)
        for c in r1.citations.filter(claim="license").select_related("source")
    }
    # The article and the repository say MIT; the index, the DeepSeek licence: both kept.
    assert (Dataset.OSAI, "DeepSeek License Agreement", Review.PENDING) in licences
    assert ("", "MIT", Review.NONE) in licences
    assert r1.license.spdx_id == "MIT"
    # The end model's name joins records: the tool's CrystalChat is the index's Crystal.
    crystal = AIModel.objects.get(slug="crystal")
    assert crystal.citations.filter(source__dataset_path="models/CrystalChat.yml").exists()


def test_the_frameworks_results_on_hand_checked_records(data):
    def assessment(slug):
        return OpennessAssessment.objects.get(model__slug=slug)

    # Aquila-VL-2B (tool): all 16 required components released under open licences.
    assert assessment("aquila-vl-2b").mof_class == "class-i"
    # Amber: Class III in the tool's record, and every OSAID requirement open in the index's.
    assert assessment("amber").mof_class == "class-iii"
    assert assessment("amber").osaid_open
    # BLOOM: its architecture code inherits the BLOOM RAIL licence, not OSI-approved.
    bloom = assessment("bloom")
    assert bloom.mof_class == "unclassified" and not bloom.osaid_open
    # OLMo (index only): data, code and Apache-2.0 weights all open.
    olmo = assessment("olmo")
    assert olmo.osaid_open and olmo.openness_score == 96
    # Llama 3: weights open under Meta's licence, data closed.
    llama = assessment("llama-3")
    assert not llama.osaid_open and "data-information" in llama.osaid_failing
    ranked = Counter(OpennessAssessment.objects.values_list("mof_class", flat=True))
    assert ranked["class-i"] == 1 and ranked["class-iii"] == 30


# The numbers the views' own tests pin on factory data (tests/views/,
# tests/api/test_reads.py, tests/models/test_openness*.py), here with 453 models.
PAGES = [
    ("/models/?ordering=name", 4 + COMPANIES_QUERY),
    ("/companies/?ordering=name", 2),
    ("/licenses/", 2),
    ("/releases/", 4 + COMPANIES_QUERY),
    ("/openness/", 3),
    ("/api/models/", 5),
    ("/api/companies/", 2),
    ("/api/licenses/", 2),
    ("/models/deepseek-r1/", 8),
    ("/companies/alibaba-cloud/", 5),
    ("/licenses/apache-2-0/", 5),
    ("/api/models/deepseek-r1/", 5),
]


@pytest.mark.parametrize("url, queries", PAGES)
def test_query_counts_are_unchanged_with_the_imported_data(
    data, client, django_assert_num_queries, url, queries
):
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
