"""A small registry shaped like the article's story, built with the factories: Chinese and
US makers, permissive and restricted licenses, a lineage, dated events and citations.
Used by the browser and accessibility tests, which need pages that look like real ones."""

import datetime

from registry.models import (
    AccessLevel,
    AIModelCitation,
    CommercialUse,
    DatePrecision,
    EventKind,
    EventStatus,
    LicenseCategory,
    LicenseCitation,
    Modality,
    ModelKind,
    ReleaseEventCitation,
)

from .factories import (
    AIModelFactory,
    CompanyFactory,
    LicenseFactory,
    ReleaseEventFactory,
    SourceFactory,
    assess,
)

ARTICLE_QUOTE_R1 = (
    "In contrast, DeepSeek R1 is distributed under the MIT license, one of the most "
    "permissive and widely used open-source licenses, allowing for commercial use."
)


def build_sample_registry() -> dict:
    article = SourceFactory(
        slug="inti-china-open-source-ai",
        title="China's shift to open-source AI",
        publisher="INTI",
        url="https://example.org/inti-article",
        published_on=datetime.date(2025, 4, 1),
    )
    readme = SourceFactory(
        slug="deepseek-r1-readme",
        title="DeepSeek-R1 README",
        publisher="DeepSeek",
        url="https://example.org/deepseek-r1",
        kind="primary",
    )
    deepseek = CompanyFactory(name="DeepSeek", slug="deepseek", country="CN")
    baidu = CompanyFactory(name="Baidu", slug="baidu", country="CN", headquarters="Beijing")
    meta = CompanyFactory(name="Meta", slug="meta", country="US", headquarters="Menlo Park")
    openai = CompanyFactory(
        name="OpenAI", slug="openai", country="US", headquarters="San Francisco"
    )
    mit = LicenseFactory(
        name="MIT License",
        slug="mit",
        spdx_id="MIT",
        category=LicenseCategory.PERMISSIVE,
        commercial_use=CommercialUse.ALLOWED,
        url="https://opensource.org/license/mit",
    )
    apache = LicenseFactory(
        name="Apache License 2.0",
        slug="apache-2-0",
        spdx_id="Apache-2.0",
        category=LicenseCategory.PERMISSIVE,
        commercial_use=CommercialUse.ALLOWED,
    )
    llama = LicenseFactory(
        name="Meta Llama 3 Community License",
        slug="llama-3-community",
        spdx_id="LicenseRef-llama-3",
        category=LicenseCategory.OPEN_RESTRICTED,
        commercial_use=CommercialUse.RESTRICTED,
        mau_limit=700_000_000,
        attribution_required=True,
        acceptable_use_policy_url="https://example.org/llama-aup",
        excluded_territories=["GB", "KR"],
    )
    proprietary = LicenseFactory(
        name="Proprietary terms of service",
        slug="proprietary",
        spdx_id="LicenseRef-proprietary",
        category=LicenseCategory.PROPRIETARY,
        commercial_use=CommercialUse.FORBIDDEN,
    )
    r1 = AIModelFactory(
        name="DeepSeek-R1",
        slug="deepseek-r1",
        company=deepseek,
        license=mit,
        kind=ModelKind.REASONING,
        access=AccessLevel.OPEN_UNRESTRICTED,
        released_on=datetime.date(2025, 1, 20),
        parameters=671_000_000_000,
        active_parameters=37_000_000_000,
        description="A reasoning model trained with reinforcement learning.",
    )
    llama8b = AIModelFactory(
        name="Llama 3.1 8B",
        slug="llama-3-1-8b",
        company=meta,
        license=llama,
        kind=ModelKind.BASE,
        access=AccessLevel.OPEN_RESTRICTED,
        released_on=datetime.date(2024, 7, 1),
        released_on_precision=DatePrecision.MONTH,
        parameters=8_000_000_000,
    )
    distill = AIModelFactory(
        name="DeepSeek-R1-Distill-Llama-8B",
        slug="deepseek-r1-distill-llama-8b",
        company=deepseek,
        license=llama,
        base_model=llama8b,
        kind=ModelKind.DISTILLED,
        access=AccessLevel.OPEN_RESTRICTED,
        released_on=datetime.date(2025, 1, 20),
        parameters=8_000_000_000,
    )
    ernie = AIModelFactory(
        name="ERNIE 4.5",
        slug="ernie-4-5",
        company=baidu,
        license=apache,
        kind=ModelKind.CHAT,
        modality=Modality.MULTIMODAL,
        access=AccessLevel.OPEN_UNRESTRICTED,
        released_on=datetime.date(2025, 3, 16),
        parameters=424_000_000_000,
    )
    gpt = AIModelFactory(
        name="GPT-4o",
        slug="gpt-4o",
        company=openai,
        license=proprietary,
        kind=ModelKind.CHAT,
        modality=Modality.MULTIMODAL,
        access=AccessLevel.API,
        released_on=datetime.date(2024, 5, 13),
        parameters=None,
    )
    AIModelCitation.objects.create(
        model=r1, source=article, claim="license", value="MIT", quote=ARTICLE_QUOTE_R1
    )
    AIModelCitation.objects.create(
        model=r1,
        source=readme,
        claim="released_on",
        value="2025-01-20",
        quote="Release DeepSeek-R1.",
    )
    AIModelCitation.objects.create(
        model=r1,
        source=article,
        claim="released_on",
        value="earlier this year (2025)",
        quote="DeepSeek, which released its R1 model earlier this year.",
    )
    # An assessment, so the openness include and ranking render their tables.
    assess(
        r1,
        {
            "base-model-data": "closed",
            "base-model-weights": "open",
            "end-user-model-weights": "open",
            "training-code": "closed",
            "licenses": "open",
            "paper": "partial",
        },
        {"final-parameters": "MIT", "model-architecture": "MIT"},
        called_open_source=True,
        open_source_claim_source=readme,
        open_source_claim_quote="We have open-sourced DeepSeek-R1.",
    )
    LicenseCitation.objects.create(
        license=llama,
        source=article,
        quote="Many experts argue that these models are not entirely open due to "
        "restrictive licenses and undisclosed training data.",
    )
    release = ReleaseEventFactory(
        title="DeepSeek releases R1 under the MIT License",
        slug="deepseek-r1-release",
        company=deepseek,
        model=r1,
        license=mit,
        date=datetime.date(2025, 1, 20),
    )
    ReleaseEventCitation.objects.create(event=release, source=readme, quote="Release DeepSeek-R1.")
    ReleaseEventFactory(
        title="Baidu launches ERNIE 4.5 and ERNIE X1",
        slug="ernie-4-5-launch",
        company=baidu,
        model=ernie,
        date=datetime.date(2025, 3, 16),
    )
    ReleaseEventFactory(
        title="Baidu open-sources the ERNIE 4.5 family",
        slug="ernie-4-5-open-sourcing",
        company=baidu,
        model=ernie,
        license=apache,
        kind=EventKind.OPEN_SOURCING,
        date=datetime.date(2025, 6, 30),
    )
    ReleaseEventFactory(
        title="Meta releases Llama 3.1",
        slug="llama-3-1-release",
        company=meta,
        model=llama8b,
        date=datetime.date(2024, 7, 1),
        date_precision=DatePrecision.MONTH,
    )
    ReleaseEventFactory(
        title="Microsoft in talks to raise additional funding for OpenAI",
        slug="openai-funding-talks",
        company=openai,
        kind=EventKind.INVESTMENT,
        status=EventStatus.PLANNED,
        date=datetime.date(2025, 1, 1),
        date_precision=DatePrecision.YEAR,
    )
    return {
        "r1": r1,
        "distill": distill,
        "llama8b": llama8b,
        "ernie": ernie,
        "gpt": gpt,
        "deepseek": deepseek,
        "meta": meta,
        "mit": mit,
        "llama": llama,
    }
