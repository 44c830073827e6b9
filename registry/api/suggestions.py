"""``/api/suggestions/``: readers send corrections (anonymously too, throttled); editors list,
accept and reject them. The rules are registry/suggestions.py's, as on the pages."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.cache import patch_cache_control, patch_vary_headers
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import MethodNotAllowed, NotFound
from rest_framework.response import Response
from rest_framework.settings import api_settings

from .. import suggestions
from ..conditional import conditional_page
from ..filters import SuggestionFilter
from ..models import Suggestion
from ..models.suggestion import COLLECTIONS, REASON_MAX_LENGTH
from .exceptions import Conflict
from .filtering import check_query_names
from .throttling import SUGGESTION_THROTTLES

KINDS = {collection: kind for kind, collection in COLLECTIONS.items()}
REVIEW = "registry.change_suggestion"
SEE_ALL = "registry.view_suggestion"


class SuggestionSerializer(serializers.ModelSerializer):
    """A suggestion as its author and the editors see it: never the e-mail address (write
    only) nor anything about the sender's address."""

    subject = serializers.ChoiceField(
        choices=list(COLLECTIONS.values()),
        source="collection",
        help_text="The kind of row: models, companies, licenses or releases.",
    )
    slug = serializers.SlugField(max_length=120, source="subject_slug", help_text="The row's slug.")
    subject_url = serializers.SerializerMethodField(help_text="The row's page.")
    author = serializers.SerializerMethodField(
        help_text="The signed-in user who sent it (username), or null."
    )

    class Meta:
        model = Suggestion
        fields = [
            "id",
            "subject",
            "slug",
            "subject_url",
            "field",
            "value",
            "source_url",
            "quote",
            "email",
            "author",
            "status",
            "reason",
            "base_value",
            "created_at",
            "reviewed_at",
        ]
        read_only_fields = ["status", "reason", "base_value", "created_at", "reviewed_at"]
        extra_kwargs = {
            "email": {"write_only": True},
            "field": {
                "help_text": 'The field to correct (docs/api.md, "Suggestions"), or '
                '"missing-model" on a company.'
            },
        }

    def get_subject_url(self, suggestion) -> str:
        return self.context["request"].build_absolute_uri(suggestion.subject.get_absolute_url())

    def get_author(self, suggestion) -> str | None:
        return suggestion.author.get_username() if suggestion.author else None

    def validate(self, attrs):
        """The suggestion built in memory and checked by ``full_clean()``, as the page does."""
        kind = KINDS[attrs.pop("collection")]
        slug = attrs.pop("subject_slug")
        row = suggestions.subject_model(kind).objects.filter(slug=slug).first()
        if row is None:
            raise serializers.ValidationError({"slug": [f'No {kind} has the slug "{slug}".']})
        suggestion = Suggestion(**attrs)
        suggestion.subject = row
        try:
            suggestion.full_clean()
        except DjangoValidationError as error:
            raise serializers.ValidationError(
                {
                    api_settings.NON_FIELD_ERRORS_KEY if name == NON_FIELD_ERRORS else name: msgs
                    for name, msgs in error.message_dict.items()
                }
            ) from None
        attrs["suggestion"] = suggestion
        return attrs

    def create(self, validated_data):
        return suggestions.submit(validated_data["suggestion"], self.context["request"])


class AcceptSerializer(serializers.Serializer):
    confirm = serializers.BooleanField(
        default=False,
        help_text="Apply it even though the field changed since the suggestion was made.",
    )


class RejectSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=REASON_MAX_LENGTH, help_text="Why, in a sentence; shown to the author."
    )


class SuggestionPermission(permissions.BasePermission):
    """Anyone may suggest; signed-in users read their own suggestions, editors all of them;
    only editors (``change_suggestion``) answer."""

    def has_permission(self, request, view):
        if view.action == "create":
            return True
        if view.action in ("accept", "reject"):
            return request.user.has_perm(REVIEW)
        return request.user.is_authenticated


class SuggestionViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Readers' suggested corrections, each with its source; editors accept or reject them."""

    serializer_class = SuggestionSerializer
    filterset_class = SuggestionFilter
    permission_classes = [SuggestionPermission]
    ordering = ("created_at",)
    lookup_value_regex = r"[0-9]+"
    # For the schema (registry/api/schema.py): operations anonymous clients may call.
    anonymous_actions = ("create",)

    @classmethod
    def as_view(cls, actions=None, **initkwargs):
        return conditional_page(super().as_view(actions, **initkwargs))

    def finalize_response(self, request, response, *args, **kwargs):
        # What a read shows depends on who asks (their own rows, or all for editors): never
        # from a shared cache, and never one client's answer to another.
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_cache_control(response, private=True)
        patch_vary_headers(response, ["Authorization", "Cookie"])
        return response

    def get_queryset(self):
        rows = Suggestion.objects.with_subjects()
        user = self.request.user
        return rows if user.has_perm(SEE_ALL) else rows.of_user(user)

    def get_throttles(self):
        throttles = super().get_throttles()
        if self.action == "create":
            throttles += [throttle() for throttle in SUGGESTION_THROTTLES]
        return throttles

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        accepted, repeatable = self.query_parameters()
        check_query_names(request.query_params, accepted, repeatable)

    def query_parameters(self) -> tuple[set[str], set[str]]:
        """As RegistryViewSet's: the names the schema documents for the operation."""
        if self.action == "list":
            paging = {self.paginator.cursor_query_param, self.paginator.page_size_query_param}
            return {"format", *paging, *self.filterset_class.base_filters}, set()
        return {"format"}, set()

    def check_permissions(self, request):
        if getattr(self, request.method.lower(), None) is None:
            raise MethodNotAllowed(request.method)
        super().check_permissions(request)

    def get_object(self):
        try:
            return super().get_object()
        except Http404:
            raise NotFound(f'No suggestion has the id "{self.kwargs["pk"]}".') from None

    def schema_error_codes(self, codes: list[str]) -> list[str]:
        """Statuses each operation can answer (registry/api/schema.py): a create never
        conflicts; reading needs signing in (401) but never a permission (others' rows 404)."""
        codes = set(codes)
        if self.action == "create":
            codes.discard("409")
        if self.action in ("list", "retrieve"):
            codes.add("401")
        return sorted(codes)

    @extend_schema(request=AcceptSerializer, responses={200: SuggestionSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """Apply the suggestion: the value set, the source cited, the author in the history.
        409 if it was already answered, or if the field changed since and ``confirm`` is not
        true."""
        suggestion = self.get_object()
        body = AcceptSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            suggestions.accept(suggestion, request.user, body.validated_data["confirm"])
        except suggestions.StaleSuggestion as stale:
            raise Conflict(f"{stale} Send confirm: true to apply it anyway.") from None
        except suggestions.NotPending as done:
            raise Conflict(str(done)) from None
        except DjangoValidationError as error:
            raise Conflict(" ".join(error.messages)) from None
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(request=RejectSerializer, responses={200: SuggestionSerializer})
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """Refuse the suggestion, with the reason its author will see. 409 if already answered."""
        suggestion = self.get_object()
        body = RejectSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            suggestions.reject(suggestion, request.user, body.validated_data["reason"])
        except suggestions.NotPending as done:
            raise Conflict(str(done)) from None
        return Response(self.get_serializer(self.get_object()).data)
