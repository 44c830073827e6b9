"""Property-based fuzzing of the API against its own OpenAPI schema (schemathesis).

Every operation gets generated requests, valid and invalid (query strings, path slugs, JSON
bodies); a run fails on any 5xx, on a status code the schema does not list, and on a response
body, header or content type that breaks the schema. Reads run anonymously, writes as an
Editor with a token. Examples per operation are bounded (FUZZ_EXAMPLES) to keep the run
around a minute.
"""

import os

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import AIModelFactory, ReleaseEventFactory

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
RESPONSE_CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
# Query parameters are strict: a value the schema forbids is a 400, never silently ignored.
# Bodies are not held to that: like DRF everywhere, a number is accepted for a text field and
# "7" for a number, because the same serializers also read HTML form posts (all strings).
READ_CHECKS = [*RESPONSE_CHECKS, negative_data_rejection]
FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def registry_rows(db, wsgi_requests_share_the_test_transaction):
    """A few linked rows so list pages and filters have something to return."""
    base = AIModelFactory(slug="base", parameters=None)
    AIModelFactory(slug="tuned", company=base.company, base_model=base, license=None)
    ReleaseEventFactory(slug="launch", company=base.company, model=base, license=base.license)


# Loaded at collection: the schema endpoint reads no database. (schemathesis' lazy
# from_fixture loader relies on a pytest internal that pytest 9 renamed.)
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())


@schema.include(method="GET").parametrize()
@FUZZ_SETTINGS
def test_reads_never_fail_and_match_the_schema(case, registry_rows):
    case.call_and_validate(checks=READ_CHECKS)


@pytest.fixture
def editor_token(editor):
    return Token.objects.create(user=editor).key


@schema.exclude(method="GET").parametrize()
@FUZZ_SETTINGS
def test_editor_writes_never_fail_and_match_the_schema(case, registry_rows, editor_token):
    case.call_and_validate(
        headers={"Authorization": f"Token {editor_token}"}, checks=RESPONSE_CHECKS
    )
