"""Property-based fuzzing of the API against its own OpenAPI schema (schemathesis).

Every operation gets generated requests, valid and invalid (query strings, path slugs, JSON
bodies); a run fails on any 5xx, on a status code the schema does not list, and on a response
body, header or content type that breaks the schema. Reads run anonymously, writes as an
Editor with a token. Examples per operation are bounded (FUZZ_EXAMPLES) to keep the run
around a minute.
"""

import os
from urllib.parse import parse_qs, urlsplit

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.db import transaction
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

from tests.factories import AIModelFactory, CompanyFactory, LicenseFactory, ReleaseEventFactory

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
# Stateful scenarios (create, then follow the schema's links to read, change, delete...).
SCENARIOS = int(os.environ.get("FUZZ_SCENARIOS", "40"))
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
    """A few linked rows so list pages and filters have something to return, and a second
    page in every ordering (two rows of each kind at least)."""
    base = AIModelFactory(slug="base", parameters=None)
    AIModelFactory(slug="tuned", company=base.company, base_model=base, license=None)
    ReleaseEventFactory(slug="launch", company=base.company, model=base, license=base.license)
    ReleaseEventFactory(slug="later", company=CompanyFactory(country="FR"), license=None)
    LicenseFactory(category="permissive")


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


def list_orderings():
    """(path, ordering) for every list operation and every ordering its schema offers."""
    found = []
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.method.upper() != "GET" or "{" in operation.path:
            continue
        for parameter in operation.definition.raw.get("parameters", []):
            if parameter["name"] == "ordering":
                for ordering in parameter["schema"]["items"]["enum"]:
                    found.append(
                        pytest.param(operation.path, ordering, id=f"{operation.path}{ordering}")
                    )
    return found


@pytest.mark.parametrize("path,ordering", list_orderings())
@pytest.mark.parametrize("media_type", ["application/json", "text/csv"])
def test_every_ordering_has_a_second_page_that_matches_the_schema(
    registry_rows, path, ordering, media_type
):
    """The schema's every ordering, one row a page, past the first page: the cursor of the
    second page is built from the first page's last row, whatever its column's type."""
    operation = schema[path]["GET"]
    headers = {"Accept": media_type}
    query = {"ordering": ordering, "page_size": 1}
    case = operation.Case(query=query, headers=headers)
    first = case.call_and_validate(checks=READ_CHECKS)
    links = first.headers.get("link") or first.headers.get("Link")
    assert links and 'rel="next"' in links[0], first.text
    next_url = links[0].split(">")[0].lstrip("<")
    cursor = parse_qs(urlsplit(next_url).query)["cursor"][0]
    second = operation.Case(query={**query, "cursor": cursor}, headers=headers)
    assert second.call_and_validate(checks=READ_CHECKS).status_code == 200


class EditorScenarios(schema.as_state_machine()):
    """Sequences of calls as an Editor, each following a link of the schema from the one
    before (registry/api/schema.py, link_items): create a row, read it, change it, read
    its history, delete it."""

    token = None

    # Each scenario starts from the same rows: what one scenario created or deleted would
    # otherwise change what the next one draws, which Hypothesis refuses as flaky.
    def setup(self):
        self.savepoint = transaction.savepoint()

    def teardown(self):
        transaction.savepoint_rollback(self.savepoint)

    def get_call_kwargs(self, case):
        return {"headers": {"Authorization": f"Token {self.token}"}}

    def validate_response(self, response, case, additional_checks=None, **kwargs):
        case.validate_response(response, checks=RESPONSE_CHECKS, transport_kwargs=kwargs)


def test_editor_scenarios_following_the_links_never_fail(registry_rows, editor_token):
    EditorScenarios.token = editor_token
    EditorScenarios.run(
        settings=settings(FUZZ_SETTINGS, max_examples=SCENARIOS, stateful_step_count=6)
    )
