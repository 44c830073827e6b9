"""Database constraints and model validation: each refused write gives a clear error."""

import datetime
import os

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError

from registry.models import (
    AIModel,
    Company,
    DatePrecision,
    License,
    LicenseCategory,
    ReleaseEvent,
)
from tests.factories import AIModelFactory, CompanyFactory, LicenseFactory, ReleaseEventFactory

pytestmark = pytest.mark.django_db


def refused(callable_, match):
    """The write raises IntegrityError naming ``match`` and leaves the transaction usable."""
    with pytest.raises(IntegrityError, match=match), transaction.atomic():
        callable_()


def test_suite_runs_on_postgresql_when_ci_asks_for_it():
    if os.environ.get("OMR_REQUIRE_POSTGRES"):
        assert connection.vendor == "postgresql"
    else:
        assert connection.vendor in {"sqlite", "postgresql"}


def test_slugs_are_unique():
    CompanyFactory(slug="deepseek")
    refused(lambda: CompanyFactory(slug="deepseek"), "slug|unique|UNIQUE")


@pytest.mark.parametrize(
    ("fields", "constraint"),
    [
        ({"parameters": 0}, "aimodel_parameters_positive"),
        ({"parameters": 10, "active_parameters": 0}, "aimodel_active_parameters_positive"),
        ({"parameters": 10, "active_parameters": 11}, "aimodel_active_lte_total"),
        ({"parameters": None, "active_parameters": 11}, "aimodel_active_lte_total"),
        (
            {"released_on": datetime.date(2025, 3, 16), "released_on_precision": "month"},
            "aimodel_release_precision_matches",
        ),
        (
            {"released_on": datetime.date(2025, 3, 1), "released_on_precision": "year"},
            "aimodel_release_precision_matches",
        ),
    ],
)
def test_aimodel_check_constraints(fields, constraint):
    model = AIModelFactory()
    for name, value in fields.items():
        setattr(model, name, value)
    # The form/API path: full_clean names the broken rule in words.
    with pytest.raises(ValidationError):
        model.full_clean()
    # The database path: the same rule holds even when validation is skipped.
    refused(model.save, constraint)


@pytest.mark.parametrize(
    ("released_on", "precision"),
    [
        (datetime.date(2025, 3, 16), DatePrecision.DAY),
        (datetime.date(2025, 3, 1), DatePrecision.MONTH),
        (datetime.date(2025, 1, 1), DatePrecision.YEAR),
        (None, DatePrecision.DAY),
    ],
)
def test_precise_dates_are_accepted(released_on, precision):
    model = AIModelFactory(released_on=released_on, released_on_precision=precision)
    model.full_clean()
    model.refresh_from_db()
    assert model.released_on == released_on


def test_released_formats_by_precision():
    model = AIModelFactory.build(
        released_on=datetime.date(2025, 3, 1), released_on_precision="month"
    )
    assert model.released == "2025-03"
    model.released_on_precision = "day"
    assert model.released == "2025-03-01"


def test_model_cannot_be_its_own_base():
    model = AIModelFactory()
    model.base_model = model
    with pytest.raises(ValidationError, match="cycle"):
        model.full_clean()
    refused(model.save, "aimodel_not_own_base")


def test_lineage_cycle_is_refused_by_validation():
    parent = AIModelFactory()
    child = AIModelFactory(base_model=parent, company=parent.company)
    parent.base_model = child
    with pytest.raises(ValidationError) as error:
        parent.full_clean()
    assert "base_model" in error.value.message_dict


def test_event_model_must_belong_to_event_company():
    model = AIModelFactory()
    other = CompanyFactory()
    event = ReleaseEventFactory.build(company=other, model=model)
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "model" in error.value.message_dict
    refused(event.save, "releaseevent_model_company|model must belong")


def test_moving_a_model_with_events_to_another_company_is_refused():
    model = AIModelFactory()
    ReleaseEventFactory(company=model.company, model=model)
    model.company = CompanyFactory()
    refused(model.save, "releaseevent_model_company|model must belong")


def test_event_precision_and_partner_constraints():
    company = CompanyFactory()
    refused(
        lambda: ReleaseEventFactory(
            company=company, date=datetime.date(2025, 6, 30), date_precision="month"
        ),
        "releaseevent_precision_matches",
    )
    refused(
        lambda: ReleaseEventFactory(company=company, partner=company),
        "releaseevent_partner_not_company",
    )


def test_license_osi_approval_comes_from_the_spdx_list():
    mit = LicenseFactory(spdx_id="MIT", category=LicenseCategory.PERMISSIVE)
    custom = LicenseFactory(spdx_id="LicenseRef-Gemma-Terms-of-Use")
    assert mit.osi_approved is True
    assert custom.osi_approved is False
    # Typing True by hand does not survive a save.
    custom.osi_approved = True
    custom.save()
    custom.refresh_from_db()
    assert custom.osi_approved is False


@pytest.mark.parametrize("spdx_id", ["MIT-ish", "apache 2", "LicenseRef-", "GPL"])
def test_unknown_spdx_ids_are_rejected(spdx_id):
    license_ = LicenseFactory.build(spdx_id=spdx_id)
    with pytest.raises(ValidationError) as error:
        license_.full_clean()
    assert "spdx_id" in error.value.message_dict


def test_license_mau_limit_must_be_positive():
    license_ = LicenseFactory()
    license_.mau_limit = 0
    refused(license_.save, "license_mau_limit_positive")


def test_proprietary_category_cannot_be_osi_approved():
    license_ = LicenseFactory.build(spdx_id="MIT", category=LicenseCategory.PROPRIETARY)
    with pytest.raises(ValidationError) as error:
        license_.full_clean()
    assert "category" in error.value.message_dict


def test_country_must_be_iso_alpha2():
    company = CompanyFactory.build(country="XX")
    with pytest.raises(ValidationError) as error:
        company.full_clean()
    assert "country" in error.value.message_dict


def test_deleting_referenced_company_or_license_is_refused():
    model = AIModelFactory()
    with pytest.raises(ProtectedError, match="protected"):
        model.company.delete()
    with pytest.raises(ProtectedError, match="protected"):
        model.license.delete()
    assert Company.objects.filter(pk=model.company_id).exists()
    assert License.objects.filter(pk=model.license_id).exists()


def test_queryset_helpers():
    open_model = AIModelFactory(
        access="open-unrestricted",
        license=LicenseFactory(spdx_id="MIT", category=LicenseCategory.PERMISSIVE),
    )
    restricted = AIModelFactory(access="open-restricted")
    hosted = AIModelFactory(access="hosted", description="a reasoning assistant")
    assert set(AIModel.objects.open_weights()) == {open_model, restricted}
    assert list(AIModel.objects.openly_licensed()) == [open_model]
    assert list(AIModel.objects.search("REASONING")) == [hosted]
    assert list(Company.objects.with_open_models(False)) == [hosted.company]


def test_every_change_is_recorded_in_history():
    model = AIModelFactory(name="ERNIE 4.5")
    model.name = "ERNIE 4.5 Turbo"
    model.save()
    assert [h.name for h in model.history.order_by("history_date")] == [
        "ERNIE 4.5",
        "ERNIE 4.5 Turbo",
    ]
    assert ReleaseEvent.history.model._meta.db_table == "registry_historicalreleaseevent"


def test_model_counts_are_per_row_and_zero_when_none():
    maker, empty = CompanyFactory(), CompanyFactory()
    apache = LicenseFactory()
    AIModelFactory(company=maker, license=apache, access="open-unrestricted")
    AIModelFactory(company=maker, license=None, access="api")

    counted = {c.pk: c for c in Company.objects.with_open_model_counts()}
    assert (counted[maker.pk].model_count, counted[maker.pk].open_model_count) == (2, 1)
    assert (counted[empty.pk].model_count, counted[empty.pk].open_model_count) == (0, 0)
    assert License.objects.with_model_counts().get(pk=apache.pk).model_count == 1
    # Sortable, as the admin's "models" column sorts.
    ordered = Company.objects.with_model_counts().order_by("-model_count")
    assert list(ordered.values_list("pk", flat=True)) == [maker.pk, empty.pk]
