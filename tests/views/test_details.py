import datetime

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from registry.models import (
    AIModelCitation,
    CommercialUse,
    CompanyCitation,
    DatePrecision,
    EventKind,
    LicenseCategory,
    LicenseCitation,
    ReleaseEventCitation,
)
from tests.factories import (
    AIModelFactory,
    CompanyFactory,
    LicenseFactory,
    ReleaseEventFactory,
    SourceFactory,
    assess,
)

pytestmark = pytest.mark.django_db

QUOTE = "DeepSeek R1 is distributed under the MIT license, one of the most permissive."


@pytest.fixture
def llama_license():
    return LicenseFactory(
        name="Llama 3 Community License",
        slug="llama-3",
        spdx_id="LicenseRef-llama-3",
        category=LicenseCategory.OPEN_RESTRICTED,
        commercial_use=CommercialUse.RESTRICTED,
        mau_limit=700_000_000,
        attribution_required=True,
        excluded_territories=["GB", "KR"],
        acceptable_use_policy_url="https://example.org/aup",
    )


def test_model_detail_shows_facts_with_their_sources(client):
    source = SourceFactory(title="The article", publisher="INTI", url="https://example.org/a")
    model = AIModelFactory(
        name="DeepSeek-R1", parameters=671_000_000_000, active_parameters=37_000_000_000
    )
    AIModelCitation.objects.create(
        model=model, source=source, claim="license", value="MIT", quote=QUOTE
    )
    response = client.get(model.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert '<blockquote cite="https://example.org/a"><p>' + QUOTE in html
    assert "The article</a>, INTI" in html
    assert "This source says: <strong>MIT</strong>" in html
    # The license fact points at its citation.
    assert 'href="#cite-1" aria-label="Source 1">[1]</a>' in html
    assertContains(response, "671B total")
    assertContains(response, "37B active per token")


def test_model_detail_timeline_is_in_date_order_with_precision(client):
    model = AIModelFactory(
        released_on=datetime.date(2025, 3, 1), released_on_precision=DatePrecision.MONTH
    )
    ReleaseEventFactory(
        company=model.company,
        model=model,
        title="Open-sourced",
        kind=EventKind.OPEN_SOURCING,
        date=datetime.date(2025, 6, 30),
    )
    ReleaseEventFactory(
        company=model.company,
        model=model,
        title="Launched",
        date=datetime.date(2025, 3, 1),
        date_precision=DatePrecision.MONTH,
    )
    response = client.get(model.get_absolute_url())
    html = response.content.decode()
    assert html.index("Launched") < html.index("Open-sourced")
    assert '<time datetime="2025-03-01">2025-03</time>' in html
    assert '<time datetime="2025-06-30">2025-06-30</time>' in html
    assertContains(response, "(known to the month)")


def test_model_detail_spells_out_license_terms(client, llama_license):
    model = AIModelFactory(license=llama_license)
    response = client.get(model.get_absolute_url())
    assertContains(response, "allowed only under the conditions the license sets")
    assertContains(response, "more than 700,000,000 monthly active users need a separate license")
    assertContains(response, "no rights in United Kingdom and South Korea")
    assertContains(response, "required: you must credit the model")
    assertContains(response, "not OSI-approved: a custom license")
    assertContains(response, 'href="https://example.org/aup"')
    assertContains(response, f'href="{llama_license.get_absolute_url()}"')


def test_permissive_license_terms_read_as_unrestricted(client):
    mit = LicenseFactory(
        spdx_id="MIT", category=LicenseCategory.PERMISSIVE, commercial_use=CommercialUse.ALLOWED
    )
    response = client.get(AIModelFactory(license=mit).get_absolute_url())
    assertContains(response, "allowed, for any purpose")
    assertContains(response, "no country is excluded")
    assertContains(response, "approved by the Open Source Initiative")


def test_model_detail_shows_lineage_both_ways(client):
    root = AIModelFactory(name="Llama 3.1 8B")
    middle = AIModelFactory(name="Fine-tune", base_model=root)
    leaf = AIModelFactory(name="Distilled", base_model=middle)
    response = client.get(middle.get_absolute_url())
    html = response.content.decode()
    assert f'<a href="{root.get_absolute_url()}">Llama 3.1 8B</a>' in html
    assert "Derived models (1)" in html
    assert f'<a href="{leaf.get_absolute_url()}">Distilled</a>' in html
    leaf_html = client.get(leaf.get_absolute_url()).content.decode()
    assert leaf_html.index("Llama 3.1 8B") < leaf_html.index("Fine-tune")


def test_lineage_deeper_than_loaded_points_to_the_oldest_shown(client):
    model = AIModelFactory(name="Generation 0")
    for generation in range(1, 7):
        model = AIModelFactory(name=f"Generation {generation}", base_model=model)
    response = client.get(model.get_absolute_url())
    assert [a.name for a in response.context["ancestors"]] == [
        "Generation 2",
        "Generation 3",
        "Generation 4",
        "Generation 5",
    ]
    assert response.context["older_ancestors"]
    assertContains(response, "Older generations: see")


def test_model_without_license_or_lineage(client):
    response = client.get(AIModelFactory(license=None).get_absolute_url())
    assertContains(response, "does not know this model's license yet")
    assertContains(response, "No base model recorded")


def test_company_detail_lists_models_events_and_sources(client):
    company = CompanyFactory(name="Baidu", country="CN", headquarters="Beijing")
    model = AIModelFactory(company=company, name="ERNIE 4.5")
    partner = CompanyFactory(name="Investor")
    ReleaseEventFactory(company=company, model=model, title="ERNIE 4.5 launched")
    ReleaseEventFactory(company=partner, partner=company, title="Investor backs Baidu")
    CompanyCitation.objects.create(
        company=company, source=SourceFactory(), claim="country", quote="Baidu, of Beijing."
    )
    response = client.get(company.get_absolute_url())
    assertContains(response, "ERNIE 4.5")
    assertContains(response, "ERNIE 4.5 launched")
    assertContains(response, "Investor backs Baidu")
    assertContains(response, "<p>Baidu, of Beijing.</p>", html=False)
    assertContains(response, f'href="{reverse("registry:aimodel-list")}?company={company.slug}"')
    assertContains(response, "/releases/feed/?company=")


def test_license_detail_lists_models_and_sources(client, llama_license):
    model = AIModelFactory(name="Llama 3.1 8B", license=llama_license)
    ReleaseEventFactory(
        company=model.company, model=model, license=llama_license, title="Relicensed"
    )
    LicenseCitation.objects.create(
        license=llama_license, source=SourceFactory(), quote="Restrictive licenses."
    )
    response = client.get(llama_license.get_absolute_url())
    assertContains(response, f'href="{model.get_absolute_url()}"')
    assertContains(response, "Relicensed")
    assertContains(response, "Restrictive licenses.")
    assertContains(response, "The terms in plain words")
    assertContains(response, "?license=llama-3")


@pytest.mark.parametrize("prefix", ["models", "companies", "licenses"])
def test_unknown_slug_is_a_styled_404(client, prefix):
    response = client.get(f"/{prefix}/no-such-thing/")
    assert response.status_code == 404
    assertContains(response, "Page not found", status_code=404)
    assertContains(response, 'class="site-header"', status_code=404)
    assertContains(response, '<meta name="robots" content="noindex">', status_code=404)
    assertNotContains(response, "Traceback", status_code=404)


def make_model_with_related(rows):
    source = SourceFactory()
    base = AIModelFactory()
    model = AIModelFactory(base_model=base)
    for index in range(rows):
        AIModelCitation.objects.create(model=model, source=source, claim=f"c{index}", quote="q")
        event = ReleaseEventFactory(company=model.company, model=model)
        ReleaseEventCitation.objects.create(event=event, source=source, quote="q")
    AIModelFactory.create_batch(rows, base_model=model)
    assess(model, {"training-code": "open"}, {"model-architecture": "MIT"})
    return model


def make_company_with_related(rows):
    source = SourceFactory()
    company = CompanyFactory()
    for index in range(rows):
        CompanyCitation.objects.create(company=company, source=source, claim=f"c{index}", quote="q")
        model = AIModelFactory(company=company)
        event = ReleaseEventFactory(company=company, model=model)
        ReleaseEventCitation.objects.create(event=event, source=source, quote="q")
    return company


def make_license_with_related(rows):
    source = SourceFactory()
    license = LicenseFactory()
    for index in range(rows):
        LicenseCitation.objects.create(license=license, source=source, claim=f"c{index}", quote="q")
        model = AIModelFactory(license=license)
        event = ReleaseEventFactory(company=model.company, model=model, license=license)
        ReleaseEventCitation.objects.create(event=event, source=source, quote="q")
    return license


@pytest.mark.parametrize("rows", [1, 30])
@pytest.mark.parametrize(
    "make, queries",
    [
        # model with lineage and assessment, citations, events, their citations, derivatives,
        # and the openness include's dimensions, components and license-changing events
        (make_model_with_related, 8),
        # company with counts, citations, models, events, their citations
        (make_company_with_related, 5),
        # license with counts, citations, models, events, their citations
        (make_license_with_related, 5),
    ],
)
def test_detail_query_count_is_constant(client, django_assert_num_queries, rows, make, queries):
    row = make(rows)
    with django_assert_num_queries(queries):
        response = client.get(row.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["citations"]) == rows


def test_unassessed_model_detail_skips_the_openness_rows(client, django_assert_num_queries):
    # Dimension and component rows are prefetched through the assessment: none, no queries.
    model = make_model_with_related(3)
    model.openness.delete()
    with django_assert_num_queries(6):
        response = client.get(model.get_absolute_url())
    assertContains(response, "This model has not been assessed yet.")


def test_excluding_every_eu_member_reads_as_the_european_union(client):
    eu = "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK"
    license = LicenseFactory(excluded_territories=[*eu.split(), "GB", "KR"])
    response = client.get(license.get_absolute_url())
    assertContains(
        response, "grants no rights in the European Union, United Kingdom and South Korea."
    )
    partial = LicenseFactory(excluded_territories=["FR", "KR"])
    assertContains(client.get(partial.get_absolute_url()), "no rights in France and South Korea.")


def test_license_terms_cite_their_sources(client, llama_license):
    LicenseCitation.objects.create(
        license=llama_license, source=SourceFactory(), claim="mau_limit", quote="700 million."
    )
    response = client.get(llama_license.get_absolute_url())
    assertContains(response, 'Sources for these terms: <sup class="cite-ref">')


def test_model_detail_shows_its_openness_assessment(client):
    model = AIModelFactory(name="Open One")
    assess(model, {"base-model-weights": "open", "training-code": "closed"}, {})
    response = client.get(model.get_absolute_url())
    assertContains(response, "How open is it?")
    assertContains(response, "Open Source AI Index: the 12 dimensions and their evidence")
    unassessed = client.get(AIModelFactory().get_absolute_url())
    assertContains(unassessed, "This model has not been assessed yet.")
