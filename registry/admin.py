"""Django admin for editors: every registry model, sources inline, every change recorded
by django-simple-history (the "History" button on each change page)."""

from django.contrib import admin
from django.db import transaction
from simple_history.admin import SimpleHistoryAdmin

from .admin_forms import VERSION_FIELD, ConcurrentEditForm
from .models import (
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


class CitationInline(admin.TabularInline):
    extra = 0
    autocomplete_fields = ["source"]
    fields = ["source", "claim", "value", "quote"]


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
    fields = ["company", *ReleaseEventInline.fields]
    autocomplete_fields = ["company", "license"]


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
    inlines = [AIModelCitationInline, AIModelReleaseEventInline]
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
