"""OpenAPI generation: every operation documents the errors it can answer with, in the one
error shape, and CSV list responses as text."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import permissions, serializers


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in a sentence.")
    code = serializers.CharField(help_text="Stable error code: invalid, not_found, throttled...")
    errors = serializers.DictField(
        child=serializers.JSONField(),
        help_text="Messages per field or query parameter; empty when none applies.",
    )

    class Meta:
        ref_name = "Error"


CONDITIONAL_WRITES = ("PUT", "PATCH", "DELETE")
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="The ETag of the item as last read: the write is refused (412) if it changed "
    "since. Without it the write is unconditional.",
)

ERROR_DESCRIPTIONS = {
    "400": "Invalid input: a bad filter value, cursor, page size or request body.",
    "401": "Authentication required: send `Authorization: Token <key>`.",
    "403": "The user lacks the permission this change needs.",
    "404": "No row has this slug.",
    "409": "Conflicts with the current data (a duplicate, or rows that still reference it).",
    "412": "`If-Match` does not match the item's current ETag: it changed since it was read.",
    "429": "Too many requests: wait for the number of seconds in `Retry-After`.",
}


class RegistryAutoSchema(AutoSchema):
    def get_auth(self):
        auths = super().get_auth()
        anonymous_reads = permissions.DjangoModelPermissionsOrAnonReadOnly in [
            type(permission) for permission in self.view.get_permissions()
        ]
        if anonymous_reads and self.method in permissions.SAFE_METHODS and {} not in auths:
            auths.append({})
        return auths

    def _get_parameters(self):
        parameters = super()._get_parameters()
        for parameter in parameters:
            # `?q=&ordering=` is what an HTML form sends for untouched fields: an empty
            # value means "not given", for the pages and the API alike.
            if parameter["in"] == "query" and not parameter.get("required"):
                parameter["allowEmptyValue"] = True
        return parameters

    def _error_codes(self) -> list[str]:
        codes = ["429"]
        has_lookup = "{" in self.path
        if self.method != "GET" or not has_lookup:
            codes.append("400")
        if has_lookup:
            codes.append("404")
        if self.method not in ("GET", "HEAD", "OPTIONS"):
            codes += ["401", "403", "409"]
        if self.method in CONDITIONAL_WRITES:
            codes.append("412")
        return sorted(codes)

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        if self.method in CONDITIONAL_WRITES:
            parameters = [*parameters, IF_MATCH]
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in self._error_codes():
            if code not in responses:
                body = self._get_response_for_code(ErrorSerializer, code, ["application/json"])
                responses[code] = {**body, "description": ERROR_DESCRIPTIONS[code]}
        return responses

    def _get_response_for_code(
        self, serializer, status_code, media_types=None, direction="response"
    ):
        response = super()._get_response_for_code(serializer, status_code, media_types, direction)
        csv = response.get("content", {}).get("text/csv")
        if csv is not None and "/export." not in self.path:  # exports have no pages
            csv["schema"] = {
                "type": "string",
                "description": "One header row, then one row per item; next page in `Link`.",
            }
        return response


def trim_choice_lists(result, generator, request, public):
    """Keep the ~250-line list of countries once, in CountryEnum, not in every field using it."""
    schemas = result.get("components", {}).get("schemas", {})

    def walk(node):
        if isinstance(node, dict):
            refs = str(node.get("oneOf", "")) + str(node.get("allOf", ""))
            if "CountryEnum" in refs and isinstance(node.get("description"), str):
                node["description"] = node["description"].split("\n\n* `")[0]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for name, schema in schemas.items():
        if name != "CountryEnum":
            walk(schema)
    return result
