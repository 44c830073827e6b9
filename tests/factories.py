import datetime

import factory

from registry import models


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Source
        django_get_or_create = ["slug"]

    title = factory.Sequence(lambda n: f"Source {n}")
    slug = factory.Sequence(lambda n: f"source-{n}")
    url = factory.Sequence(lambda n: f"https://example.org/source-{n}")
    kind = models.SourceKind.ARTICLE


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Company

    name = factory.Sequence(lambda n: f"Company {n}")
    slug = factory.Sequence(lambda n: f"company-{n}")
    country = "CN"
    headquarters = "Hangzhou"
    website = factory.Sequence(lambda n: f"https://company-{n}.example")


class LicenseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.License

    name = factory.Sequence(lambda n: f"License {n}")
    slug = factory.Sequence(lambda n: f"license-{n}")
    spdx_id = factory.Sequence(lambda n: f"LicenseRef-test-{n}")
    category = models.LicenseCategory.OPEN_RESTRICTED
    commercial_use = models.CommercialUse.RESTRICTED


class AIModelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.AIModel

    name = factory.Sequence(lambda n: f"Model {n}")
    slug = factory.Sequence(lambda n: f"model-{n}")
    company = factory.SubFactory(CompanyFactory)
    license = factory.SubFactory(LicenseFactory)
    modality = models.Modality.TEXT
    kind = models.ModelKind.CHAT
    access = models.AccessLevel.OPEN_RESTRICTED
    released_on = factory.Sequence(lambda n: datetime.date(2024, 1, 1) + datetime.timedelta(days=n))
    parameters = 7_000_000_000


class ReleaseEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ReleaseEvent

    title = factory.Sequence(lambda n: f"Event {n}")
    slug = factory.Sequence(lambda n: f"event-{n}")
    company = factory.SubFactory(CompanyFactory)
    date = factory.Sequence(lambda n: datetime.date(2025, 1, 1) + datetime.timedelta(days=n))
    kind = models.EventKind.RELEASE


class OpennessAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.OpennessAssessment

    model = factory.SubFactory(AIModelFactory)
    assessed_on = datetime.date(2025, 6, 1)


class DimensionStatusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.DimensionStatus

    model = factory.SubFactory(AIModelFactory)
    dimension = "training-code"
    status = "closed"
    note = "Checked the repository."


class MOFComponentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.MOFComponent

    model = factory.SubFactory(AIModelFactory)
    component = "model-architecture"
    released = True
    license = "MIT"
    evidence_url = factory.Sequence(lambda n: f"https://example.org/component-{n}")


def assess(model, dimensions=None, components=None, **assessment):
    """Give ``model`` an assessment with the given {dimension: status} and
    {component: license} rows; unlisted dimensions are unknown, unlisted components absent."""
    from registry.openness import Dimension

    statuses = dimensions or {}
    for dimension in Dimension.values:
        status = statuses.get(dimension, "unknown")
        DimensionStatusFactory(
            model=model,
            dimension=dimension,
            status=status,
            evidence_url="https://example.org/evidence" if status in ("open", "partial") else "",
        )
    for component, license in (components or {}).items():
        MOFComponentFactory(model=model, component=component, license=license)
    return OpennessAssessmentFactory(model=model, **assessment)


class CitationFactory(factory.django.DjangoModelFactory):
    """Base for the four citation tables; subclasses name the cited row."""

    class Meta:
        abstract = True

    source = factory.SubFactory(SourceFactory)
    quote = factory.Sequence(lambda n: f"Quoted sentence {n}.")


class CompanyCitationFactory(CitationFactory):
    class Meta:
        model = models.CompanyCitation

    company = factory.SubFactory(CompanyFactory)


class LicenseCitationFactory(CitationFactory):
    class Meta:
        model = models.LicenseCitation

    license = factory.SubFactory(LicenseFactory)


class AIModelCitationFactory(CitationFactory):
    class Meta:
        model = models.AIModelCitation

    model = factory.SubFactory(AIModelFactory)


class ReleaseEventCitationFactory(CitationFactory):
    class Meta:
        model = models.ReleaseEventCitation

    event = factory.SubFactory(ReleaseEventFactory)
