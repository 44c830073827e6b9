"""The API pieces in registry/api/openness.py, exercised through a minimal view shaped like
the model detail/list endpoints they are meant for."""

import datetime

import pytest
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from registry.api.openness import (
    LicensePeriodSerializer,
    OpennessAssessmentSerializer,
    as_of_from,
    license_as_of,
)
from registry.models import AIModel, EventKind
from tests.factories import (
    AIModelFactory,
    LicenseFactory,
    ReleaseEventFactory,
    SourceFactory,
    assess,
)

pytestmark = pytest.mark.django_db


class ModelSerializer(serializers.ModelSerializer):
    """The two fields AIModelSerializer gains."""

    openness = OpennessAssessmentSerializer(read_only=True, allow_null=True)
    license_history = LicensePeriodSerializer(many=True, read_only=True)

    class Meta:
        model = AIModel
        fields = ["slug", "openness", "license_history"]


class ModelOpennessView(APIView):
    """What AIModelViewSet does with the pieces (tests/api/test_reads.py checks the real one)."""

    permission_classes = [AllowAny]  # the API's default needs a queryset to read permissions

    def get(self, request):
        day = as_of_from(request)
        models = AIModel.objects.with_openness_report().order_by("slug")
        items = ModelSerializer(models, many=True).data
        if day:
            for item, model in zip(items, models, strict=True):
                item["license_as_of"] = license_as_of(model, day)
        return Response(items)


def get(params=None):
    request = APIRequestFactory().get("/models/", params or {})
    return ModelOpennessView.as_view()(request)


@pytest.fixture
def ernie():
    proprietary = LicenseFactory(
        slug="proprietary", spdx_id="LicenseRef-Proprietary", category="proprietary"
    )
    apache = LicenseFactory(slug="apache-2-0", spdx_id="Apache-2.0", category="permissive")
    model = AIModelFactory(slug="ernie-4-5", license=apache)
    assess(
        model,
        {"base-model-weights": "open", "end-user-model-weights": "open", "training-code": "closed"},
        {"final-parameters": "Apache-2.0"},
        called_open_source=True,
        open_source_claim_source=SourceFactory(url="https://example.org/article"),
        open_source_claim_quote="plans to open-source",
    )
    for date, kind, license, access in [
        (datetime.date(2025, 3, 16), EventKind.RELEASE, proprietary, "api"),
        (datetime.date(2025, 6, 30), EventKind.OPEN_SOURCING, apache, "open-unrestricted"),
    ]:
        ReleaseEventFactory(
            company=model.company, model=model, date=date, kind=kind, license=license, access=access
        )
    return model


def test_assessment_serializes_results_reasons_and_rows(ernie):
    [item] = get().data
    openness = item["openness"]

    assert openness["osaid_open"] is False
    assert openness["osaid_failing"] == ["data-information", "code"]
    assert openness["osaid_reasons"]["code"] == "Training code is closed."
    assert openness["mof_class"] == "unclassified"
    assert openness["mof_conditional_class_iii"] is True
    assert openness["open_washing"] is True
    assert openness["open_source_claim_url"] == "https://example.org/article"
    assert len(openness["dimensions"]) == 12
    assert openness["mof_components"] == [
        {
            "component": "final-parameters",
            "released": True,
            "license": "Apache-2.0",
            "license_fits": True,
            "evidence_url": openness["mof_components"][0]["evidence_url"],
            "note": "",
        }
    ]
    assert [(p["license"]["slug"], p["start"], p["end"]) for p in item["license_history"]] == [
        ("proprietary", "2025-03-16", "2025-06-30"),
        ("apache-2-0", "2025-06-30", None),
    ]


@pytest.mark.parametrize(
    ("day", "license", "access"),
    [
        ("2025-01-01", None, ""),
        ("2025-05-01", "proprietary", "api"),
        ("2025-06-30", "apache-2-0", "open-unrestricted"),
    ],
)
def test_as_of_answers_the_license_on_a_date(ernie, day, license, access):
    [item] = get({"as_of": day}).data
    answer = item["license_as_of"]
    assert answer["as_of"] == day
    assert (answer["license"] and answer["license"]["slug"]) == license
    assert answer["access"] == access


@pytest.mark.parametrize("bad", ["2025-13-01", "yesterday", "2025-02-30"])
def test_bad_as_of_is_a_400_naming_the_parameter(bad):
    response = get({"as_of": bad})
    assert response.status_code == 400
    assert "as_of" in response.data["errors"]  # the API's one error shape


def test_unassessed_model_has_null_openness():
    AIModelFactory()
    [item] = get().data
    assert item["openness"] is None


@pytest.mark.parametrize("rows", [1, 30])
def test_query_count_does_not_grow_with_the_list(ernie, django_assert_num_queries, rows):
    for _ in range(rows - 1):
        model = AIModelFactory()
        assess(model, {"training-code": "open"})
        ReleaseEventFactory(company=model.company, model=model, license=model.license)
    # models+assessment+claim source, dimensions, components, license events, citations
    with django_assert_num_queries(5):
        response = get({"as_of": "2025-05-01"})
    assert len(response.data) == rows
