"""The seed fixtures: the article's entities, their sources, and loading them safely."""

import datetime
import json

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command

from registry.models import (
    AIModel,
    AIModelCitation,
    Company,
    CompanyCitation,
    License,
    LicenseCitation,
    ReleaseEvent,
    ReleaseEventCitation,
    Source,
)

FIXTURE_DIR = settings.BASE_DIR / "fixtures"
FIXTURES = ["sources", "licenses", "companies", "models", "events"]
ARTICLE_SOURCE = "inti-article-china-open-source-ai"
CITATION_MODELS = [CompanyCitation, LicenseCitation, AIModelCitation, ReleaseEventCitation]
# The field of each citation model that points at the cited row.
CITATION_SUBJECTS = {
    "registry.companycitation": ("company", "registry.company"),
    "registry.licensecitation": ("license", "registry.license"),
    "registry.aimodelcitation": ("model", "registry.aimodel"),
    "registry.releaseeventcitation": ("event", "registry.releaseevent"),
}

ARTICLE_COMPANIES = [
    "deepseek",
    "baidu",
    "alibaba-cloud",
    "tencent",
    "manus-ai",
    "zhipu-ai",
    "meta",
    "google",
    "openai",
    "anthropic",
    "microsoft",
]
TENCENT_3D_MODELS = [
    "hunyuan3d-2mv",
    "hunyuan3d-2mv-fast",
    "hunyuan3d-2mini",
    "hunyuan3d-2mini-fast",
    "hunyuan3d-2-turbo",
]


def article_text() -> str:
    # The registry's own copy of the seed article, so the check needs nothing outside the repo.
    return (FIXTURE_DIR / "article.txt").read_text(encoding="utf-8")


def registry_counts() -> dict[str, int]:
    """Row counts of every registry table, history tables included."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_app_config("registry").get_models()
    }


def fixture_rows(name: str) -> list[dict]:
    return json.loads((FIXTURE_DIR / f"{name}.json").read_text(encoding="utf-8"))


# ------------------------------------------------------------------ the files themselves


@pytest.mark.parametrize("name", FIXTURES)
def test_fixture_rows_use_natural_keys_not_pks(name):
    for row in fixture_rows(name):
        assert "pk" not in row, row
        assert row["model"].startswith("registry."), row
        for field, value in row["fields"].items():
            if field in {"company", "license", "base_model", "partner", "model", "event", "source"}:
                assert value is None or (isinstance(value, list) and len(value) == 1), (
                    f"{row['model']} {field} should be a natural key list, got {value!r}"
                )


@pytest.mark.parametrize("name", FIXTURES)
def test_citations_follow_the_row_they_cite_in_the_same_file(name):
    seen = set()
    for row in fixture_rows(name):
        if row["model"] in CITATION_SUBJECTS:
            field, subject_model = CITATION_SUBJECTS[row["model"]]
            assert (subject_model, row["fields"][field][0]) in seen, row
        else:
            seen.add((row["model"], row["fields"].get("slug")))


def test_license_fixture_leaves_osi_approved_to_the_model():
    for row in fixture_rows("licenses"):
        assert "osi_approved" not in row["fields"], row


# ------------------------------------------------------------------ loading


@pytest.mark.django_db
def test_loading_the_fixtures_twice_leaves_every_table_count_unchanged():
    call_command("loaddata", *FIXTURES, verbosity=0)
    first = registry_counts()
    created = {m.slug: m.created_at for m in AIModel.objects.all()}

    call_command("loaddata", *FIXTURES, verbosity=0)

    assert registry_counts() == first
    assert first["registry.AIModel"] > 0 and first["registry.AIModelCitation"] > 0
    # Reloaded rows are matched by natural key and keep their creation time.
    assert {m.slug: m.created_at for m in AIModel.objects.all()} == created


@pytest.mark.django_db
def test_seed_loads_the_fixtures_into_an_empty_registry():
    assert not Company.objects.exists()

    call_command("seed", verbosity=0)

    # The article's rows, then the imported datasets' (which also cite some article rows).
    for model, files in [(Company, "companies"), (AIModel, "models")]:
        label = f"registry.{model._meta.model_name}"
        slugs = {row["fields"]["slug"] for row in fixture_rows_of(files, label)}
        slugs |= {row["fields"]["slug"] for row in fixture_rows_of("datasets", label)}
        assert model.objects.count() == len(slugs)
    assert ReleaseEvent.objects.count() == len(fixture_rows_of("events", "registry.releaseevent"))
    assert AIModel.objects.filter(citations__source__dataset="osai").exists()


def fixture_rows_of(name, model_label):
    return [row for row in fixture_rows(name) if row["model"] == model_label]


def test_seed_does_nothing_when_the_registry_holds_data(seeded):
    r1 = AIModel.objects.get(slug="deepseek-r1")
    r1.description = "Edited by an editor."
    r1.save()
    before = registry_counts()

    call_command("seed", verbosity=0)

    assert registry_counts() == before
    assert AIModel.objects.get(slug="deepseek-r1").description == "Edited by an editor."


def test_seed_force_reloads_by_slug_without_duplicating(seeded):
    AIModel.objects.filter(slug="deepseek-r1").update(description="Edited by an editor.")
    before = registry_counts()

    call_command("seed", force=True, article_only=True, verbosity=0)

    assert registry_counts() == before
    assert AIModel.objects.get(slug="deepseek-r1").description != "Edited by an editor."


# ------------------------------------------------------------------ licenses


def test_osi_approval_comes_from_the_spdx_list_when_fixtures_load(seeded):
    assert License.objects.get(slug="mit").osi_approved
    assert License.objects.get(slug="apache-2-0").osi_approved
    custom = License.objects.filter(spdx_id__startswith="LicenseRef-")
    assert custom.count() >= 6
    assert not custom.filter(osi_approved=True).exists()


@pytest.mark.django_db
def test_osi_approval_is_recomputed_on_an_ordinary_save():
    license_ = License.objects.create(
        slug="mit-test",
        name="MIT test",
        spdx_id="MIT",
        category="permissive",
        commercial_use="allowed",
    )
    assert license_.osi_approved
    license_.spdx_id = "LicenseRef-Not-MIT"
    license_.save()
    license_.refresh_from_db()
    assert not license_.osi_approved


def test_license_terms_from_their_sources(seeded):
    llama = License.objects.get(slug="llama-3-community")
    assert llama.spdx_id == "LicenseRef-Llama-3-Community"
    assert (llama.category, llama.commercial_use) == ("open-restricted", "restricted")
    assert llama.mau_limit == 700_000_000
    assert llama.attribution_required
    assert llama.acceptable_use_policy_url == "https://llama.meta.com/llama3/use-policy"

    hunyuan = License.objects.get(slug="tencent-hunyuan-3d-community")
    codes = {country.code for country in hunyuan.excluded_territories}
    assert {"GB", "KR", "DE", "FR", "IE", "AT"} <= codes
    assert len(codes) == 27 + 2  # the EU member states, the United Kingdom, South Korea
    assert hunyuan.mau_limit == 1_000_000

    glm = License.objects.get(slug="glm-4")
    assert glm.attribution_required
    assert glm.citations.filter(
        claim="attribution_required", source__slug="glm-4-9b-license"
    ).exists()

    assert License.objects.get(slug="proprietary").category == "proprietary"


# ------------------------------------------------------------------ the article's entities


def test_every_company_the_article_names_exists(seeded):
    slugs = set(Company.objects.values_list("slug", flat=True))
    assert set(ARTICLE_COMPANIES) <= slugs
    assert Company.objects.get(slug="manus-ai").name == "ManusAI"
    for slug in ARTICLE_COMPANIES:
        assert CompanyCitation.objects.filter(
            company__slug=slug, source__slug=ARTICLE_SOURCE
        ).exists(), f"{slug} does not cite the article sentence that names it"


def test_deepseek_r1_is_under_the_mit_license(seeded):
    r1 = AIModel.objects.get(slug="deepseek-r1")
    assert r1.company.slug == "deepseek"
    assert r1.license.spdx_id == "MIT"
    assert r1.access == "open-unrestricted"
    assert (r1.parameters, r1.active_parameters) == (671_000_000_000, 37_000_000_000)
    assert r1.released_on == datetime.date(2025, 1, 20)


def test_ernie_4_5_and_x1_are_dated_16_march_2025(seeded):
    for slug in ["ernie-4-5", "ernie-x1"]:
        model = AIModel.objects.get(slug=slug)
        assert model.company.slug == "baidu"
        assert model.released_on == datetime.date(2025, 3, 16)
        assert model.released_on_precision == "day"
    assert AIModel.objects.get(slug="ernie-x1").kind == "reasoning"


def test_ernie_4_5_was_proprietary_at_launch_and_open_sourced_under_apache(seeded):
    assert AIModel.objects.get(slug="ernie-4-5").license.slug == "apache-2-0"
    launch = ReleaseEvent.objects.get(slug="ernie-4-5-launch")
    assert launch.license.slug == "proprietary"
    opened = ReleaseEvent.objects.get(slug="ernie-4-5-open-sourcing")
    assert (opened.date, opened.kind, opened.license.slug) == (
        datetime.date(2025, 6, 30),
        "open-sourcing",
        "apache-2-0",
    )


def test_tencents_five_3d_models_exist(seeded):
    models = AIModel.objects.filter(slug__in=TENCENT_3D_MODELS)
    assert models.count() == 5
    for model in models:
        assert model.company.slug == "tencent"
        assert model.modality == "3d"
        assert model.license.slug == "tencent-hunyuan-3d-community"
    event = ReleaseEvent.objects.get(slug="tencent-five-3d-models")
    assert event.date == datetime.date(2025, 3, 18)


def test_chatgpt_is_proprietary_and_from_2022(seeded):
    chatgpt = AIModel.objects.get(slug="chatgpt")
    assert chatgpt.company.slug == "openai"
    assert chatgpt.license.slug == "proprietary"
    assert chatgpt.released_on.year == 2022
    # The article gives the year, OpenAI the day: both are kept.
    values = set(chatgpt.citations.filter(claim="released_on").values_list("source__slug", "value"))
    assert (ARTICLE_SOURCE, "2022") in values
    assert ("openai-introducing-chatgpt", "2022-11-30") in values


def test_disagreeing_sources_are_both_kept(seeded):
    manus_dates = set(
        AIModelCitation.objects.filter(model__slug="manus", claim="released_on").values_list(
            "value", flat=True
        )
    )
    assert {"2025-03-05", "2025-03-06"} <= manus_dates
    distill = AIModel.objects.get(slug="deepseek-r1-distill-llama-70b")
    assert distill.license.slug == "llama-3-3-community"
    assert distill.citations.filter(claim="license", value="MIT").exists()


def test_investment_links_openai_and_microsoft(seeded):
    event = ReleaseEvent.objects.get(slug="microsoft-openai-investment-13b")
    assert (event.company.slug, event.partner.slug, event.kind) == (
        "openai",
        "microsoft",
        "investment",
    )
    # The article only reports the total; the year is that of the latest round a source names.
    assert (event.date, event.date_precision) == (datetime.date(2023, 1, 1), "year")
    assert event.citations.filter(claim="date").exclude(source__slug=ARTICLE_SOURCE).exists()


# ------------------------------------------------------------------ citations


def test_the_article_source_is_recorded(seeded):
    article = Source.objects.get(slug=ARTICLE_SOURCE)
    assert (article.kind, article.publisher) == ("article", "INTI")


def test_article_quotes_appear_verbatim_in_the_article(seeded):
    text = article_text()
    quotes = [
        (citation_model.__name__, citation.quote)
        for citation_model in CITATION_MODELS
        for citation in citation_model.objects.filter(source__slug=ARTICLE_SOURCE)
    ]
    assert len(quotes) > 20
    missing = [(name, quote) for name, quote in quotes if not quote or quote not in text]
    assert missing == []


def test_only_article_citations_quote_the_article_source(seeded):
    # Facts from other sources are never passed off as the article's words.
    text = article_text()
    for citation_model in CITATION_MODELS:
        for citation in citation_model.objects.exclude(source__slug=ARTICLE_SOURCE):
            assert citation.quote, citation
            assert citation.quote not in text, citation


def test_every_model_and_event_has_a_citation(seeded):
    uncited_models = AIModel.objects.filter(citations__isnull=True)
    uncited_events = ReleaseEvent.objects.filter(citations__isnull=True)
    assert list(uncited_models.values_list("slug", flat=True)) == []
    assert list(uncited_events.values_list("slug", flat=True)) == []


def test_every_company_and_license_has_a_citation(seeded):
    assert not Company.objects.filter(citations__isnull=True).exists()
    assert not License.objects.filter(citations__isnull=True).exists()


def test_every_event_model_is_made_by_the_event_company(seeded):
    for event in ReleaseEvent.objects.exclude(model=None).select_related("model"):
        assert event.model.company_id == event.company_id, event.slug


@pytest.mark.django_db
def test_ernie_4_5_license_and_access_move_at_their_dates(seeded):
    ernie = AIModel.objects.get(slug="ernie-4-5")
    before = ernie.license_on(datetime.date(2025, 4, 1))
    after = ernie.license_on(datetime.date(2025, 7, 1))
    assert (before.license.slug, before.access, before.start) == (
        "proprietary",
        "api",
        datetime.date(2025, 3, 16),
    )
    assert (after.license.slug, after.access, after.start) == (
        "apache-2-0",
        "open-unrestricted",
        datetime.date(2025, 6, 30),
    )
    assert ernie.license_on(datetime.date(2025, 1, 1)) is None
