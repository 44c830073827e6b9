"""The OpenAPI document: valid, generated without warnings, complete, true to real responses;
and its Swagger UI page, served with local assets only."""

import datetime
import json
import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
import schemathesis
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from drf_spectacular.validation import validate_schema
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import (
    AIModelCitationFactory,
    AIModelFactory,
    CompanyCitationFactory,
    LicenseCitationFactory,
    LicenseFactory,
    ReleaseEventCitationFactory,
    ReleaseEventFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def document(api_client):
    response = api_client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def test_schema_is_valid_openapi_3(document):
    assert document["openapi"].startswith("3.")
    validate_schema(document)


def test_schema_generates_without_warnings(tmp_path):
    # --fail-on-warn turns any drf-spectacular warning (an unresolved field, a clashing
    # enum name) into an error.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yml"))


def test_schema_covers_every_operation(document):
    operations = {(path, method) for path, item in document["paths"].items() for method in item}
    for collection in ["models", "companies", "licenses", "releases"]:
        assert {(f"/api/{collection}/", "get"), (f"/api/{collection}/", "post")} <= operations
        item = f"/api/{collection}/{{slug}}/"
        assert {(item, m) for m in ["get", "put", "patch", "delete"]} <= operations


def test_list_parameters_are_the_filter_names(document):
    names = {p["name"] for p in document["paths"]["/api/models/"]["get"]["parameters"]}
    assert names >= {
        "q",
        "company",
        "country",
        "license",
        "license_category",
        "osi_approved",
        "commercial_use",
        "modality",
        "kind",
        "access",
        "released_after",
        "released_before",
        "ordering",
        "cursor",
        "page_size",
        "format",
    }
    releases = {p["name"] for p in document["paths"]["/api/releases/"]["get"]["parameters"]}
    assert releases >= {"company", "model", "country", "kind", "status", "year", "date_after"}


def test_errors_are_documented_with_the_error_shape(document):
    detail = document["paths"]["/api/models/{slug}/"]
    assert set(detail["get"]["responses"]) == {"200", "304", "400", "404", "406", "429", "503"}
    assert set(detail["delete"]["responses"]) >= {"204", "401", "403", "404", "409", "429"}
    error = detail["get"]["responses"]["404"]["content"]["application/json"]["schema"]
    assert error == {"$ref": "#/components/schemas/Error"}
    assert set(document["components"]["schemas"]["Error"]["properties"]) == {
        "detail",
        "code",
        "errors",
    }


def test_requests_take_slugs_and_responses_show_objects(document):
    schemas = document["components"]["schemas"]
    assert schemas["AIModelRequest"]["properties"]["company"]["type"] == "string"
    assert schemas["AIModel"]["properties"]["company"] == {
        "$ref": "#/components/schemas/CompanySummary"
    }
    assert schemas["License"]["properties"]["osi_approved"]["readOnly"] is True
    assert "osi_approved" not in schemas["LicenseRequest"]["properties"]


def test_token_auth_is_documented_and_reads_are_anonymous(document):
    assert "tokenAuth" in document["components"]["securitySchemes"]
    assert {} in document["paths"]["/api/models/"]["get"]["security"]
    assert {} not in document["paths"]["/api/models/"]["post"]["security"]


def test_docs_page_loads_only_local_assets(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets, "the page should load its assets"
    for asset in assets:
        assert not asset.startswith(("http:", "https:", "//")), asset
        if asset.startswith("/static/"):
            assert finders.find(asset.removeprefix("/static/").split("?")[0]), asset


def test_swagger_ui_initialiser_points_at_the_schema(client):
    script = client.get("/api/docs/?script=").content.decode()
    assert "/api/schema/" in script
    assert "https://" not in script


# Responses with every field filled in (sources, nested license terms, lineage) checked against
# the schema; the fuzzer mostly meets unknown slugs.

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())


@pytest.fixture
def full_rows(wsgi_requests_share_the_test_transaction):
    source = SourceFactory(publisher="Reuters", published_on=datetime.date(2025, 1, 2))
    license_ = LicenseFactory(slug="full", mau_limit=10, excluded_territories=["CN"])
    LicenseCitationFactory(license=license_, source=source, claim="mau_limit", value="10")
    base = AIModelFactory(slug="base", license=license_)
    model = AIModelFactory(slug="full", base_model=base, license=license_, active_parameters=7)
    AIModelCitationFactory(model=model, source=source)
    CompanyCitationFactory(company=model.company, source=source)
    event = ReleaseEventFactory(
        slug="full", company=model.company, model=model, license=license_, partner=base.company
    )
    ReleaseEventCitationFactory(event=event, source=source)
    return {
        "models": "full",
        "companies": model.company.slug,
        "licenses": "full",
        "releases": "full",
    }


@pytest.mark.parametrize("collection", ["models", "companies", "licenses", "releases"])
def test_real_responses_match_the_schema(full_rows, collection, editor):
    list_case = schema[f"/api/{collection}/"]["GET"].Case(query={"page_size": 2})
    list_case.call_and_validate(checks=CHECKS)
    detail = schema[f"/api/{collection}/{{slug}}/"]["GET"]
    detail.Case(path_parameters={"slug": full_rows[collection]}).call_and_validate(checks=CHECKS)
    missing = detail.Case(path_parameters={"slug": "missing"}).call_and_validate(checks=CHECKS)
    assert missing.status_code == 404


# Spectral, Stoplight's OpenAPI linter, with its `spectral:oas` ruleset. .ci/run installs the
# pinned version under OMR_NODE_PREFIX; run elsewhere, the test installs it there with npm.
SPECTRAL = "@stoplight/spectral-cli@6.16.3"
NODE_PREFIX = Path(os.environ.get("OMR_NODE_PREFIX", Path.home() / ".cache" / "omr-node"))
# Warnings kept on purpose: every path ends in a slash (the canonical URLs; they answer
# without it too), the server is wherever the registry runs, it publishes no contact, and
# drf-spectacular emits request components for nested read-only serializers.
ACCEPTED_WARNINGS = {
    "path-keys-no-trailing-slash",
    "oas3-api-servers",
    "info-contact",
    "oas3-unused-component",
}


def spectral_binary() -> Path:
    binary = NODE_PREFIX / "node_modules" / ".bin" / "spectral"
    if not binary.exists():
        if shutil.which("npm") is None:
            reason = f"npm is absent: cannot install {SPECTRAL} (apt-get install npm)"
            print(reason)
            pytest.skip(reason)
        subprocess.run(
            ["npm", "install", "--prefix", str(NODE_PREFIX), "--no-audit", "--no-fund", SPECTRAL],
            check=True,
            capture_output=True,
            timeout=300,
        )
    return binary


def test_spectral_oas_ruleset_finds_no_error(document, tmp_path):
    binary = spectral_binary()
    (tmp_path / "schema.json").write_text(json.dumps(document))
    (tmp_path / ".spectral.yaml").write_text('extends: ["spectral:oas"]\n')
    result = subprocess.run(
        [str(binary), "lint", "--format", "json", "--ruleset", ".spectral.yaml", "schema.json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    findings = json.loads(result.stdout or "[]")
    severity = Counter(("error", "warning", "info", "hint")[f["severity"]] for f in findings)
    print(f"Spectral spectral:oas: {dict(severity)}")
    errors = [f"{f['code']}: {f['message']} at {'.'.join(map(str, f['path']))}" for f in findings]
    assert not [e for e, f in zip(errors, findings, strict=True) if f["severity"] == 0], errors
    assert {f["code"] for f in findings} <= ACCEPTED_WARNINGS, errors


def test_year_filter_is_an_integer_and_license_takes_spdx_ids(document):
    parameters = {p["name"]: p for p in document["paths"]["/api/releases/"]["get"]["parameters"]}
    assert parameters["year"]["schema"] == {"type": "integer"}
    models = {p["name"]: p for p in document["paths"]["/api/models/"]["get"]["parameters"]}
    assert "SPDX" in models["license"]["description"]


def test_nullable_references_and_blank_urls_are_strict_json_schema(document):
    schemas = document["components"]["schemas"]
    assert document["openapi"] == "3.1.0"
    assert schemas["AIModel"]["properties"]["license"] == {
        "oneOf": [{"$ref": "#/components/schemas/LicenseSummary"}, {"type": "null"}]
    }
    homepage = schemas["AIModel"]["properties"]["homepage_url"]
    assert "oneOf" not in homepage
    assert {"type": "string", "maxLength": 0} in homepage["anyOf"]
    text = json.dumps(document)
    assert '"nullable"' not in text  # OpenAPI 3.0's keyword, meaningless in 3.1
    assert "api.example.org" not in text  # DRF's example link, which is no URI


COLLECTION_NAMES = ["models", "companies", "licenses", "releases"]


def test_paths_are_documented_once_with_their_slash(document):
    paths = set(document["paths"])
    # Files (the streamed exports and the dump) have no slash; every other path has one.
    files = {path for path in paths if not path.endswith("/")}
    assert files == {"/api/dump.jsonl", *(f"/api/{c}/export.{{fmt}}" for c in COLLECTION_NAMES)}
    assert not {path.rstrip("/") for path in paths - files} & paths
