"""Imports of hand-made dataset files: matching, editors' changes, bad files, dry runs."""

import datetime
import subprocess

import pytest
import yaml
from django.core.management import CommandError, call_command

from registry.imports import mot, osai
from registry.imports.engine import DatasetImport
from registry.models import (
    AIModel,
    AIModelCitation,
    Company,
    Dataset,
    DimensionStatus,
    License,
    OpennessAssessment,
    Review,
    Source,
)
from tests.factories import AIModelFactory

pytestmark = pytest.mark.django_db
COMMIT, DAY = "a" * 40, datetime.date(2026, 6, 12)


def osai_record(name="Testmodel", org="Test Lab", license="Apache-2.0", weights="open", **system):
    dimensions = {key: {"class": "closed", "link": "", "notes": "x"} for key in osai.DIMENSIONS}
    dimensions["weights_endmodel"] = {
        "class": weights,
        "link": "https://example.org/weights",
        "notes": "Prose that must not be copied.",
    }
    return {
        "system": {
            "name": name,
            "link": "https://example.org/model",
            "type": "text",
            "performanceclass": "limited",
            "basemodelname": "",
            "endmodelname": f"{name}-Instruct",
            "endmodellicense": license,
            "releasedate": "2024-10",
            "notes": "Prose that must not be copied.",
            **system,
        },
        "org": {"name": org, "link": "https://example.org", "notes": "Prose."},
        **dimensions,
    }


def write(folder, name, data, header="# - National origin: France\n"):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def run_osai(folder, commit=COMMIT):
    return DatasetImport(Dataset.OSAI, osai, folder, commit, DAY).run()


def test_a_record_becomes_a_model_with_its_company_licence_openness_and_sources(tmp_path):
    write(tmp_path, "Testmodel.yaml", osai_record())

    report = run_osai(tmp_path)

    assert report.refused == [] and report.problems == []
    model = AIModel.objects.get(slug="testmodel")
    assert (model.company.name, model.company.country) == ("Test Lab", "FR")
    assert set(model.company.citations.values_list("claim", "value", "quote")) == {
        ("", "", "org.name: Test Lab"),
        ("country", "FR", "National origin: France"),
    }
    assert model.license.citations.get().quote == "system.endmodellicense: Apache-2.0"
    assert model.license.spdx_id == "Apache-2.0"
    assert (model.released, model.access) == ("2024-10", "open-unrestricted")
    source = Source.objects.get(dataset=Dataset.OSAI)
    assert source.url == (
        "https://github.com/Language-Technology-Assessment/main-database/blob/"
        f"{COMMIT}/Testmodel.yaml"
    )
    assert (source.dataset_commit, source.published_on, source.dataset_path) == (
        COMMIT,
        DAY,
        "Testmodel.yaml",
    )
    weights = DimensionStatus.objects.get(model=model, dimension="end-user-model-weights")
    assert (weights.status, weights.evidence_url) == ("open", "https://example.org/weights")
    assert OpennessAssessment.objects.get(model=model).openness_score is not None
    claims = dict(model.citations.values_list("claim", "value"))
    assert claims["license"] == "Apache-2.0" and claims["released_on"] == "2024-10"
    # Facts only: none of the record's prose is copied anywhere.
    texts = [c.quote + c.value for c in model.citations.all()]
    texts += list(DimensionStatus.objects.values_list("note", flat=True))
    assert not any("Prose" in text for text in texts)


def test_re_importing_changes_nothing(tmp_path):
    write(tmp_path, "Testmodel.yaml", osai_record())
    run_osai(tmp_path)
    counts = counts_now()

    report = run_osai(tmp_path)

    assert counts_now() == counts
    assert (report.changed, report.to_review, sum(report.created.values())) == ([], [], 0)
    assert report.unchanged == 1


def counts_now():
    return [m.objects.count() for m in (AIModel, Company, License, Source, AIModelCitation)] + [
        AIModel.history.count(),
        AIModelCitation.history.count(),
    ]


def imported_then_relicensed(folder) -> AIModel:
    """A model imported under Apache-2.0 whose licence an editor has since set to MIT."""
    write(folder, "Testmodel.yaml", osai_record())
    run_osai(folder)
    model = AIModel.objects.get(slug="testmodel")
    model.license = License.objects.create(
        slug="mit",
        name="MIT License",
        spdx_id="MIT",
        category="permissive",
        commercial_use="allowed",
    )
    model.save()
    return model


def test_an_editors_change_survives_and_the_datasets_value_waits_for_review(tmp_path):
    model = imported_then_relicensed(tmp_path)

    run_osai(tmp_path)
    model.refresh_from_db()
    assert model.license.spdx_id == "MIT"
    claim = model.citations.get(claim="license", source__dataset=Dataset.OSAI)
    assert (claim.value, claim.review) == ("Apache-2.0", Review.PENDING)


def test_a_value_the_import_wrote_follows_the_dataset_until_an_editor_changes_it(tmp_path):
    write(tmp_path, "Testmodel.yaml", osai_record())
    run_osai(tmp_path)
    write(tmp_path, "Testmodel.yaml", osai_record(license="MIT", releasedate="2024-11"))

    report = run_osai(tmp_path, commit="b" * 40)

    model = AIModel.objects.get(slug="testmodel")
    assert (model.license.spdx_id, model.released) == ("MIT", "2024-11")
    assert report.to_review == []
    source = Source.objects.get(dataset=Dataset.OSAI)
    assert source.dataset_commit == "b" * 40 and source.url.endswith(f"{'b' * 40}/Testmodel.yaml")
    # The change is recorded in the model's history with the import as its reason.
    assert model.history.first().history_change_reason == f"import osai {'b' * 12}"


def test_a_bad_file_is_refused_with_its_key_and_the_rest_imported(tmp_path):
    write(tmp_path, "Good.yaml", osai_record(name="Good"))
    write(tmp_path, "Unknown key.yaml", {**osai_record(name="Bad"), "surprise": 1})
    bad_status = osai_record(name="Bad status")
    bad_status["paper"]["class"] = "mostly"
    write(tmp_path, "Bad status.yaml", bad_status)
    (tmp_path / "Broken.yaml").write_text("system: [unclosed", encoding="utf-8")
    write(tmp_path, "Odd licence.yaml", osai_record(name="Odd", license="Some Licence 1.0"))

    report = run_osai(tmp_path)

    refused = {(p.path, p.key) for p in report.refused}
    assert refused == {
        ("Unknown key.yaml", "surprise"),
        ("Bad status.yaml", "paper.class"),
        ("Broken.yaml", "(file)"),
    }
    assert [(p.path, p.key) for p in report.problems] == [
        ("Odd licence.yaml", "system.endmodellicense")
    ]
    assert set(AIModel.objects.values_list("name", flat=True)) == {"Good", "Odd"}
    assert AIModel.objects.get(name="Odd").license is None
    assert not Source.objects.filter(dataset_path__in=["Unknown key.yaml", "Bad status.yaml"])


def test_a_record_matching_an_existing_model_is_one_model_with_claims_from_each(tmp_path):
    existing = AIModelFactory(name="Testmodel", company__name="Test Lab", license=None)
    write(tmp_path, "Testmodel.yaml", osai_record())
    mot_file = {
        "framework": {"name": "Model Openness Framework", "version": "1.0", "date": "2024-12-15"},
        "release": {
            "name": "Testmodel-Instruct",
            "producer": "Test Lab",
            "date": "2025-01-01",
            "version": "7B",
            "license": {"distribution": {"name": "MIT", "path": ""}},
            "components": [{"name": "Model parameters (Final)", "description": "Prose."}],
        },
    }
    write(tmp_path / "mot", "models/Testmodel.yml", mot_file, header="")

    run_osai(tmp_path)
    DatasetImport(Dataset.MOT, mot, tmp_path / "mot", COMMIT, DAY).run()

    assert AIModel.objects.count() == 1
    existing.refresh_from_db()
    assert existing.license.spdx_id == "Apache-2.0"  # the index's, which came first
    assert existing.parameters == 7_000_000_000
    licences = dict(
        existing.citations.filter(claim="license").values_list("source__dataset", "review")
    )
    assert licences == {Dataset.OSAI: Review.NONE, Dataset.MOT: Review.PENDING}
    disputed = [claim.claim for claim in existing.conflicting_claims(disputed_only=True)]
    assert "license" in disputed


def test_a_dry_run_writes_nothing_and_says_what_it_would_do(tmp_path, capsys):
    write(tmp_path, "Testmodel.yaml", osai_record())
    call_command("import_osai", tmp_path, commit=COMMIT, commit_date=DAY, dry_run=True)
    out = capsys.readouterr().out
    assert "Dry run, nothing written" in out and "1 models" in out
    assert "would create: model Testmodel (Testmodel.yaml)" in out
    assert "would change: Testmodel: license (none) -> Apache-2.0" in out
    assert not AIModel.objects.exists() and not Source.objects.exists()


def test_the_command_needs_a_commit_for_a_folder_that_is_not_a_checkout(tmp_path):
    write(tmp_path, "Testmodel.yaml", osai_record())
    with pytest.raises(CommandError, match="--commit"):
        call_command("import_osai", tmp_path)


def test_the_command_reads_the_commit_of_a_checkout(tmp_path):
    write(tmp_path, "Testmodel.yaml", osai_record())
    git = ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "records"], check=True)
    head = subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True, text=True).stdout

    call_command("import_osai", tmp_path, verbosity=0)

    assert Source.objects.get().dataset_commit == head.strip()


def test_a_link_an_editor_could_not_save_is_left_out_and_reported(tmp_path):
    write(tmp_path, "Testmodel.yaml", osai_record(link="https://example.org/a model card"))

    report = run_osai(tmp_path)

    assert [(p.path, p.key) for p in report.problems] == [("Testmodel.yaml", "homepage_url")]
    model = AIModel.objects.get(slug="testmodel")
    assert model.homepage_url == ""
    model.full_clean(validate_unique=False)
