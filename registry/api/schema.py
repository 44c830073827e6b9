"""OpenAPI generation: every operation documents every status it can answer with (errors in
the one error shape), and CSV list responses as text. The hooks keep the document strict
OpenAPI 3.1 for third-party validators and client generators (tests/test_api_schema.py)."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import permissions, serializers, viewsets


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
    "400": "Invalid input: an unknown or repeated query parameter, a bad filter value, "
    "cursor, page size or request body.",
    "401": "Authentication required: send `Authorization: Token <key>`.",
    "403": "The user lacks the permission this change needs.",
    "404": "No row has this slug.",
    "409": "Conflicts with the current data (a duplicate, or rows that still reference it).",
    "412": "`If-Match` does not match the item's current ETag: it changed since it was read.",
    "406": "The `Accept` header asks for a format this operation cannot answer in.",
    "413": "The request body is over the size limit.",
    "415": "The request body is not JSON.",
    "429": "Too many requests: wait for the number of seconds in `Retry-After`.",
    "503": "The database is unavailable: retry after the seconds in `Retry-After`.",
}
NOT_MODIFIED = {
    "description": "Not modified: `If-None-Match` or `If-Modified-Since` still matches. No body."
}
WRITES_WITH_BODY = ("POST", "PUT", "PATCH")


class RegistryAutoSchema(AutoSchema):
    def get_auth(self):
        auths = super().get_auth()
        anonymous_reads = permissions.DjangoModelPermissionsOrAnonReadOnly in [
            type(permission) for permission in self.view.get_permissions()
        ]
        if anonymous_reads and self.method in permissions.SAFE_METHODS and {} not in auths:
            auths.append({})
        anonymous = getattr(self.view, "action", None) in getattr(
            self.view, "anonymous_actions", ()
        )
        if anonymous and {} not in auths:
            auths.append({})
        return auths

    def _get_parameters(self):
        parameters = super()._get_parameters()
        for parameter in parameters:
            # `?q=&ordering=` is what an HTML form sends for untouched fields: an empty
            # value means "not given", for the pages and the API alike.
            if parameter["in"] == "query" and not parameter.get("required"):
                parameter["allowEmptyValue"] = True
            if parameter["name"] == "ordering" and parameter["in"] == "query":
                # Sort keys repeat the parameter, as generated clients send arrays; the
                # comma-separated form (`ordering=name,-parameters`) is accepted too.
                parameter["explode"] = True
                parameter["description"] += (
                    "\n\nSeveral keys: repeat the parameter, or separate them with commas."
                )
        return parameters

    @property
    def streamed(self) -> bool:
        """A bulk download: CSV or JSON Lines whatever the client accepts, no ETag."""
        return "/export." in self.path or self.path.endswith("/dump.jsonl")

    def _error_codes(self) -> list[str]:
        if not isinstance(self.view, viewsets.GenericViewSet):
            return ["406", "429"]  # /api/exports/: reads no table, takes no parameter
        # 400 everywhere: any operation refuses an unknown or repeated query parameter.
        codes = ["400", "429", "503"] if self.streamed else ["400", "406", "429", "503"]
        has_lookup = "{" in self.path
        if has_lookup:
            codes.append("404")
        if self.method not in ("GET", "HEAD", "OPTIONS"):
            codes += ["401", "403", "409"]
        if self.method in CONDITIONAL_WRITES:
            codes.append("412")
        if self.method in WRITES_WITH_BODY:
            codes += ["413", "415"]
        adjust = getattr(self.view, "schema_error_codes", None)  # a view's own statuses
        return adjust(sorted(codes)) if adjust is not None else sorted(codes)

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
        if self.method == "GET" and isinstance(self.view, viewsets.GenericViewSet):
            if not self.streamed:
                responses["304"] = NOT_MODIFIED
        return dict(sorted(responses.items()))

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


def link_items(result, generator, request, public):
    """OpenAPI links from every response holding an item to the operations on that item.

    Creating a model answers it with its slug, and the links say that slug is the ``{slug}``
    of its read, change, delete and history operations: clients can follow them, and
    schemathesis' stateful tests (tests/test_api_schemathesis.py) create, read, change and
    delete the same row in sequence.
    """
    paths = result.get("paths", {})
    for collection, operations in paths.items():
        item = paths.get(f"{collection}{{slug}}/")
        if item is None:
            continue
        targets = [
            operation["operationId"]
            for path in (f"{collection}{{slug}}/", f"{collection}{{slug}}/history/")
            for operation in paths.get(path, {}).values()
        ]
        sources = [(operations.get("post"), "201")] + [
            (item.get(method), "200") for method in ("get", "put", "patch")
        ]
        for operation, status in sources:
            response = operation and operation["responses"].get(status)
            if response is None:
                continue
            response["links"] = {
                target: {"operationId": target, "parameters": {"slug": "$response.body#/slug"}}
                for target in targets
            }
    return result


def drop_slashless_paths(endpoints):
    """Preprocessing hook: document each path once, with its trailing slash. The same views
    also answer without it (registry/api/urls.py), for clients that drop the slash. Paths
    that are files (``export.csv``, ``dump.jsonl``) have no slashed twin and stay."""
    slashed = {endpoint[0] for endpoint in endpoints if endpoint[0].endswith("/")}
    return [endpoint for endpoint in endpoints if f"{endpoint[0]}/" not in slashed]


def blank_alternatives_overlap(result, generator, request, public):
    """Postprocessing hook: ``oneOf`` -> ``anyOf`` where a field takes a URL or "".

    drf-spectacular documents a blank-allowed URL as ``oneOf: [{format: uri}, {maxLength:
    0}]``. In JSON Schema ``format`` is an annotation, so for a validator that does not check
    it "" matches both branches, and ``oneOf`` (exactly one) then rejects it.
    """

    def walk(node):
        if isinstance(node, dict):
            options = node.get("oneOf")
            if isinstance(options, list) and {"type": "string", "maxLength": 0} in options:
                node["anyOf"] = node.pop("oneOf")
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(result)
    return result
