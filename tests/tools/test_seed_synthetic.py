"""``manage.py seed_synthetic``: realistic, repeatable bulk data that never touches real rows."""

import statistics
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.forms.models import model_to_dict

from registry.models import AIModel, AIModelCitation, Company, License, ReleaseEvent, Source
from tests.factories import AIModelFactory, LicenseFactory, ReleaseEventFactory

pytestmark = pytest.mark.django_db


def seed(*args):
    call_command("seed_synthetic", "--models", "200", *args, verbosity=0)


def snapshot():
    """Everything the seed decides, without ids or timestamps."""
    models = list(
        AIModel.objects.order_by("id").values_list(
            "name",
            "company__name",
            "license__spdx_id",
            "base_model__name",
            "kind",
            "modality",
            "access",
            "released_on",
            "released_on_precision",
            "parameters",
        )
    )
    events = list(
        ReleaseEvent.objects.order_by("id").values_list("model__name", "kind", "date", "status")
    )
    return models, events


def test_same_seed_gives_the_same_registry_and_another_seed_does_not():
    seed("--seed", "7")
    first = snapshot()
    seed("--seed", "7", "--clear")
    assert snapshot() == first
    seed("--seed", "8", "--clear")
    assert snapshot() != first
    assert AIModel.objects.count() == 200


def test_company_sizes_are_skewed_and_licenses_mixed():
    seed("--companies", "20", "--events-per-model", "3")
    per_company = Counter(AIModel.objects.values_list("company_id", flat=True))
    sizes = sorted(per_company.values(), reverse=True)
    assert sizes[0] >= 4 * statistics.median(sizes)  # Zipf: one company dominates

    licenses = Counter(AIModel.objects.values_list("license__category", flat=True))
    assert {"permissive", "open-restricted"} <= set(licenses)
    assert None in licenses  # some models' licenses are unknown
    assert licenses["permissive"] > licenses["proprietary"]

    names = " ".join(AIModel.objects.values_list("name", flat=True)).lower()
    for token in ("llama", "qwen", "instruct", "7b"):
        assert token in names

    events = ReleaseEvent.objects.count()
    assert 2.5 * 200 <= events <= 3.5 * 200
    assert ReleaseEvent.objects.filter(kind="release").values("model").distinct().count() == 200
    assert AIModelCitation.objects.count() == 200


def test_synthetic_rows_pass_model_validation_and_are_all_marked():
    seed("--seed", "3")
    for model in AIModel.objects.select_related("base_model")[:50]:
        model.full_clean()
    for event in ReleaseEvent.objects.select_related("model")[:50]:
        event.full_clean()
    for model in (Company, License, AIModel, ReleaseEvent, Source):
        assert not model.objects.exclude(slug__startswith="syn-").exists()
    # History records editors' changes; nobody edited synthetic rows.
    assert not AIModel.history.exists()
    assert not ReleaseEvent.history.exists()


def test_new_rows_get_ids_after_the_synthetic_ones():
    seed()
    company = Company.objects.create(name="After", slug="after", country="FR")
    assert company.id > Company.objects.exclude(pk=company.pk).order_by("-id").first().id


def test_refuses_a_database_holding_real_rows():
    AIModelFactory(slug="deepseek-r1")
    with pytest.raises(CommandError, match="real registry data.*--allow-mixed"):
        seed()
    assert not AIModel.objects.filter(slug__startswith="syn-").exists()


def test_refuses_to_seed_twice_without_clear():
    seed()
    with pytest.raises(CommandError, match="--clear"):
        seed()


def test_mixed_seeding_leaves_real_rows_untouched_and_clear_removes_only_synthetic():
    apache = LicenseFactory(slug="apache-2-0", name="Apache License 2.0", spdx_id="Apache-2.0")
    model = AIModelFactory(slug="deepseek-r1", license=apache)
    event = ReleaseEventFactory(slug="r1-release", company=model.company, model=model)
    real = [apache, model, model.company, event]
    before = [model_to_dict(row) for row in real]

    seed("--allow-mixed")
    assert [model_to_dict(type(row).objects.get(pk=row.pk)) for row in real] == before
    # The real Apache-2.0 license is referenced, not duplicated (SPDX ids are unique).
    assert AIModel.objects.filter(slug__startswith="syn-", license=apache).exists()
    assert License.objects.filter(spdx_id="Apache-2.0").count() == 1

    seed("--allow-mixed", "--clear")
    call_command("seed_synthetic", "--models", "10", "--allow-mixed", "--clear", verbosity=0)
    assert AIModel.objects.filter(slug__startswith="syn-").count() == 10
    assert [model_to_dict(type(row).objects.get(pk=row.pk)) for row in real] == before


@pytest.mark.parametrize(
    "args",
    [["--models", "0"], ["--models", "many"], ["--models", "5", "--events-per-model", "-1"]],
)
def test_bad_arguments_are_clear_errors(args):
    with pytest.raises(CommandError):
        call_command("seed_synthetic", *args, verbosity=0)


def test_the_article_fixtures_survive_mixed_seeding_and_clearing(seeded):
    def real_rows():
        return {
            model.__name__: sorted(
                map(repr, model.objects.exclude(slug__startswith="syn-").values_list())
            )
            for model in (Company, License, AIModel, ReleaseEvent, Source)
        }

    before = real_rows()
    with pytest.raises(CommandError, match="real registry data"):
        seed()
    seed("--allow-mixed")
    assert AIModel.objects.filter(slug__startswith="syn-").count() == 200
    assert real_rows() == before
    call_command("seed_synthetic", "--models", "5", "--allow-mixed", "--clear", verbosity=0)
    assert real_rows() == before
