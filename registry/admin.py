"""Django admin for editors: every registry model, sources inline, every change recorded
by django-simple-history (the "History" button on each change page)."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from .admin_forms import VERSION_FIELD, ConcurrentEditForm
from .imports import review
from .imports.claims import current_value
from .models import (
    AIModel,
    AIModelCitation,
    Company,
    CompanyCitation,
    DimensionStatus,
    License,
    LicenseCitation,
    MOFComponent,
    OpennessAssessment,
    ReleaseEvent,
    ReleaseEventCitation,
    Review,
    Source,
    Suggestion,
)
from .models.openness import COMPUTED_FIELDS, refresh_assessment
from .openness import Dimension


class CitationInline(admin.TabularInline):
    extra = 0
    autocomplete_fields = ["source"]
    fields = ["source", "claim", "value", "quote", "review"]


class CompanyCitationInline(CitationInline):
    model = CompanyCitation


class LicenseCitationInline(CitationInline):
    model = LicenseCitation


class AIModelCitationInline(CitationInline):
    model = AIModelCitation


class ReleaseEventCitationInline(CitationInline):
    model = ReleaseEventCitation


class ReleaseEventInline(admin.TabularInline):
    model = ReleaseEvent
    extra = 0
    fields = ["date", "date_precision", "kind", "status", "title", "slug", "license"]
    autocomplete_fields = ["license"]
    show_change_link = True


class CompanyReleaseEventInline(ReleaseEventInline):
    fk_name = "company"
    fields = ["date", "date_precision", "kind", "status", "title", "slug", "model", "license"]
    autocomplete_fields = ["model", "license"]


class AIModelReleaseEventInline(ReleaseEventInline):
    fk_name = "model"
    fields = ["company", *ReleaseEventInline.fields, "access"]
    autocomplete_fields = ["company", "license"]


# Openness is edited on the model's own page: the assessment (one per model) and its
# dimension and component rows all point at the AI model, so they are plain inlines.
class OpennessAssessmentInline(admin.StackedInline):
    model = OpennessAssessment
    extra = 0
    max_num = 1
    autocomplete_fields = ["open_source_claim_source"]
    fields = [
        "assessed_on",
        "called_open_source",
        "open_source_claim_source",
        "open_source_claim_quote",
        "notes",
        *COMPUTED_FIELDS,
    ]
    readonly_fields = COMPUTED_FIELDS


class DimensionStatusInline(admin.TabularInline):
    model = DimensionStatus
    fields = ["dimension", "status", "evidence_url", "note"]
    max_num = len(Dimension)
    verbose_name_plural = "Open Source AI Index dimensions (open or partial needs evidence)"

    def get_extra(self, request, obj=None, **kwargs):
        return len(missing_dimensions(obj))


class MOFComponentInline(admin.TabularInline):
    model = MOFComponent
    extra = 0
    fields = ["component", "released", "license", "evidence_url", "note"]
    verbose_name_plural = "Model Openness Framework components (absent means not released)"


def missing_dimensions(obj) -> list[str]:
    if obj is None or obj.pk is None:
        return list(Dimension.values)
    present = set(obj.openness_dimensions.values_list("dimension", flat=True))
    return [d for d in Dimension.values if d not in present]


class RegistryAdmin(SimpleHistoryAdmin):
    form = ConcurrentEditForm
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_at", "updated_at"]
    save_on_top = True

    def get_fieldsets(self, request, obj=None):
        """Admins with explicit fieldsets get the hidden version field in their last one
        (without fieldsets, Django already lists every form field)."""
        fieldsets = super().get_fieldsets(request, obj)
        if any(VERSION_FIELD in options["fields"] for _, options in fieldsets):
            return fieldsets
        name, options = fieldsets[-1]
        return [*fieldsets[:-1], (name, {**options, "fields": [*options["fields"], VERSION_FIELD]})]

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # A revert is a save like any other: atomic, so the version check can lock the row.
        with transaction.atomic(using=self.model.objects.db):
            return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(Company)
class CompanyAdmin(RegistryAdmin):
    list_display = ["name", "country", "headquarters", "model_count", "updated_at"]
    list_filter = ["country"]
    search_fields = ["name", "slug", "description"]
    inlines = [CompanyCitationInline, CompanyReleaseEventInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_model_counts()

    @admin.display(ordering="model_count", description="models")
    def model_count(self, obj):
        return obj.model_count


@admin.register(License)
class LicenseAdmin(RegistryAdmin):
    list_display = [
        "name",
        "spdx_id",
        "category",
        "osi_approved",
        "commercial_use",
        "mau_limit",
        "attribution_required",
    ]
    list_filter = ["category", "osi_approved", "commercial_use", "attribution_required"]
    search_fields = ["name", "slug", "spdx_id"]
    readonly_fields = ["osi_approved", *RegistryAdmin.readonly_fields]
    inlines = [LicenseCitationInline]


@admin.register(AIModel)
class AIModelAdmin(RegistryAdmin):
    list_display = [
        "name",
        "company",
        "license",
        "modality",
        "kind",
        "access",
        "released_on",
        "parameters",
    ]
    list_filter = ["access", "modality", "kind", "license__category", "company__country"]
    list_select_related = ["company", "license"]
    search_fields = ["name", "slug", "company__name", "description"]
    autocomplete_fields = ["company", "license", "base_model"]
    date_hierarchy = "released_on"
    inlines = [
        AIModelCitationInline,
        AIModelReleaseEventInline,
        OpennessAssessmentInline,
        DimensionStatusInline,
        MOFComponentInline,
    ]
    fieldsets = [
        (None, {"fields": ["name", "slug", "company", "base_model", "description"]}),
        ("Classification", {"fields": ["modality", "kind", "access", "license"]}),
        (
            "Release and size",
            {"fields": ["released_on", "released_on_precision", "parameters", "active_parameters"]},
        ),
        ("Links", {"fields": ["homepage_url", "repository_url", "weights_url"]}),
        ("Record", {"fields": ["created_at", "updated_at"]}),
    ]

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, DimensionStatusInline):
            # One blank row per dimension not yet assessed; the same initial on POST keeps
            # untouched rows unchanged, so they are not saved.
            kwargs["initial"] = [{"dimension": d} for d in missing_dimensions(obj)]
        return kwargs

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        refresh_assessment(form.instance.pk)


@admin.register(OpennessAssessment)
class OpennessAssessmentAdmin(SimpleHistoryAdmin):
    """A read-mostly ranking; assessments are edited on their model's page."""

    list_display = ["model", "label", "mof_class", "osaid_open", "openness_score", "open_washing"]
    list_filter = ["mof_class", "osaid_open", "open_washing", "called_open_source"]
    list_select_related = ["model"]
    search_fields = ["model__name", "model__slug"]
    autocomplete_fields = ["model", "open_source_claim_source"]
    readonly_fields = COMPUTED_FIELDS
    ordering = ["-openness_score"]


@admin.register(ReleaseEvent)
class ReleaseEventAdmin(RegistryAdmin):
    prepopulated_fields = {"slug": ["title"]}
    list_display = ["title", "date", "date_precision", "kind", "status", "company", "model"]
    list_filter = ["kind", "status", "company__country", "company"]
    list_select_related = ["company", "model"]
    search_fields = ["title", "slug", "description", "company__name", "model__name"]
    autocomplete_fields = ["company", "model", "partner", "license"]
    date_hierarchy = "date"
    inlines = [ReleaseEventCitationInline]


@admin.register(Source)
class SourceAdmin(RegistryAdmin):
    prepopulated_fields = {"slug": ["title"]}
    list_display = ["title", "publisher", "kind", "published_on", "url"]
    list_filter = ["kind", "publisher"]
    search_fields = ["title", "publisher", "url"]
    date_hierarchy = "published_on"


@admin.register(AIModelCitation)
class ImportedClaimAdmin(admin.ModelAdmin):
    """Claims of the imported datasets that disagree with the registry's current value, each
    beside that value: accepted, the registry takes the dataset's value; dismissed, it keeps
    its own (the claim stays cited either way)."""

    list_display = ["model", "claim", "value", "registry_value", "record", "review"]
    list_filter = ["review", "source__dataset", "claim"]
    list_select_related = ["model__license", "source"]
    search_fields = ["model__name", "model__slug", "claim", "value"]
    readonly_fields = ["model", "source", "claim", "value", "quote", "review"]
    fields = readonly_fields
    actions = ["accept", "dismiss"]

    def get_queryset(self, request):
        claims = super().get_queryset(request).filter(source__dataset__gt="").exclude(review="")
        return claims.prefetch_related("model__openness_dimensions", "model__mof_components")

    def changelist_view(self, request, extra_context=None):
        if not request.GET:  # the claims waiting for an answer, unless asked for others
            return redirect(f"{request.path}?review__exact={Review.PENDING}")
        return super().changelist_view(request, extra_context)

    def has_add_permission(self, request):
        return False

    @admin.display(description="registry's value")
    def registry_value(self, obj):
        return current_value(obj.model, obj.claim) or "(none)"

    @admin.display(description="dataset record")
    def record(self, obj):
        return format_html('<a href="{}" rel="noopener">{}</a>', obj.source.url, obj.source.title)

    @admin.action(description="Accept: the registry takes the dataset's value")
    def accept(self, request, queryset):
        done = 0
        for citation in queryset.select_related("model", "source"):
            try:
                review.accept(citation)
            except ValidationError as error:
                self.message_user(request, f"{citation.model}: {error}", messages.ERROR)
            else:
                done += 1
        self.message_user(request, f"{done} claims accepted.")

    @admin.action(description="Dismiss: keep the registry's value")
    def dismiss(self, request, queryset):
        for citation in queryset:
            review.dismiss(citation)
        self.message_user(request, f"{queryset.count()} claims dismissed.")


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    """Readers' suggestions, every status, for looking one up; they are answered in the
    review queue (/suggestions/review/), which shows each beside the current value and its
    sources and applies it with its citation. Nothing is edited or deleted here."""

    list_display = ["__str__", "value_shown", "status", "author", "created_at", "reviewed_by"]
    list_filter = ["status", "field"]
    list_select_related = ["model", "company", "license", "event", "author", "reviewed_by"]
    search_fields = ["value", "source_url", "quote"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="suggested value")
    def value_shown(self, obj):
        return obj.value[:80]

    def changelist_view(self, request, extra_context=None):
        queue = reverse("registry:suggestion-review")
        extra_context = {**(extra_context or {}), "subtitle": "Answer them in the review queue"}
        self.message_user(
            request,
            format_html(
                'Pending suggestions are answered in <a href="{}">the review queue</a>.', queue
            ),
        )
        return super().changelist_view(request, extra_context)
