"""API pieces for openness: the assessment serializer and ``?as_of=YYYY-MM-DD``.

Read from models fetched with ``AIModel.objects.with_openness()`` (and, for the license
history, ``attach_history_and_citations()`` or ``with_license_history()``), so a list costs
the same number of queries whatever its length.
"""

import datetime

from rest_framework import serializers

from ..models import DimensionStatus, MOFComponent, OpennessAssessment
from ..openness import OSAID_REQUIREMENTS


class DimensionStatusSerializer(serializers.ModelSerializer):
    class Meta:
        model = DimensionStatus
        fields = ["dimension", "status", "evidence_url", "note"]


class MOFComponentSerializer(serializers.ModelSerializer):
    license_fits = serializers.BooleanField(
        read_only=True, help_text="Released under an open license that fits its content."
    )

    class Meta:
        model = MOFComponent
        fields = ["component", "released", "license", "license_fits", "evidence_url", "note"]


class LicenseRefSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)
    spdx_id = serializers.CharField(read_only=True)


class LicensePeriodSerializer(serializers.Serializer):
    license = LicenseRefSerializer(read_only=True, allow_null=True)
    access = serializers.CharField(read_only=True, allow_blank=True)
    start = serializers.DateField(read_only=True, allow_null=True)
    end = serializers.DateField(
        read_only=True, allow_null=True, help_text="Exclusive; null while current."
    )


class OpennessAssessmentSerializer(serializers.ModelSerializer):
    """One model's assessment with the rows it was computed from and the reasons."""

    osaid_reasons = serializers.DictField(
        source="results.osaid.reasons",
        child=serializers.CharField(),
        read_only=True,
        help_text=f"Why each failing requirement fails; keys among {list(OSAID_REQUIREMENTS)}.",
    )
    mof_conditional_class_iii = serializers.BooleanField(
        source="results.mof.conditional_class_iii",
        read_only=True,
        help_text="Final parameters openly licensed: the Model Openness Tool's conditional pass.",
    )
    open_source_claim_url = serializers.URLField(
        source="open_source_claim_source.url", read_only=True, allow_null=True, default=None
    )
    dimensions = DimensionStatusSerializer(
        source="model.openness_dimensions", many=True, read_only=True
    )
    mof_components = MOFComponentSerializer(
        source="model.mof_components", many=True, read_only=True
    )

    class Meta:
        model = OpennessAssessment
        fields = [
            "assessed_on",
            "label",
            "openness_score",
            "mof_class",
            "mof_conditional_class_iii",
            "osaid_open",
            "osaid_failing",
            "osaid_reasons",
            "open_washing",
            "open_washing_reason",
            "called_open_source",
            "open_source_claim_quote",
            "open_source_claim_url",
            "notes",
            "dimensions",
            "mof_components",
        ]
        read_only_fields = fields


class AsOfSerializer(serializers.Serializer):
    as_of = serializers.DateField(
        required=False, help_text="Answer for this date: the license and access then."
    )


def as_of_from(request) -> datetime.date | None:
    """``?as_of=YYYY-MM-DD`` from the query string; a bad date raises a 400 naming as_of."""
    serializer = AsOfSerializer(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data.get("as_of")


def license_as_of(model, day: datetime.date) -> dict:
    """The model's license and access level on ``day``; nulls before its first event."""
    period = model.license_on(day)
    data = (
        LicensePeriodSerializer(period).data
        if period
        else {
            "license": None,
            "access": "",
            "start": None,
            "end": None,
        }
    )
    return {"as_of": day.isoformat(), **data}
