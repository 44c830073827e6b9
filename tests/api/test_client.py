"""A Python client generated from /api/schema/ by openapi-python-client, used against a live
server as a newcomer would, with no patching of the schema: list and page to the end, filter,
read every item and its history, and write with a token. The generated client parses every
response into the schema's types, so a response the schema misdescribes fails here."""

import importlib
import json
import subprocess
import sys
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token

from registry.models import AIModel, Company, License, ReleaseEvent

# serialized_rollback: the data migrations (the Editors group) survive the flush, as in the
# other live-server tests.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

GENERATOR = Path(sys.executable).parent / "openapi-python-client"
PACKAGE = "omr_client"
COLLECTIONS = {
    "models": AIModel,
    "companies": Company,
    "licenses": License,
    "releases": ReleaseEvent,
}


@pytest.fixture
def registry(live_server, editor):
    call_command("seed", article_only=True, verbosity=0)
    return live_server.url, Token.objects.create(user=editor).key


@pytest.fixture
def generated(registry, tmp_path):
    """The client package, generated from the live server's schema and imported."""
    url, _ = registry
    with urllib.request.urlopen(f"{url}/api/schema/?format=json", timeout=30) as response:
        (tmp_path / "schema.json").write_text(json.dumps(json.load(response)))
    # The generator knows no JSON Lines media type: its documented option reads the bulk
    # downloads as bytes (the schema itself is used as served).
    (tmp_path / "config.yml").write_text(
        "content_type_overrides:\n  application/jsonl: application/octet-stream\n"
    )
    result = subprocess.run(
        [str(GENERATOR), "generate", "--path", "schema.json", "--meta", "none"]
        + ["--config", "config.yml", "--output-path", PACKAGE],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        # Its post-generation hooks run ruff, installed beside it.
        env={"PATH": f"{GENERATOR.parent}:/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Warning" not in result.stdout + result.stderr, result.stdout + result.stderr
    sys.path.insert(0, str(tmp_path))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(tmp_path))
        for name in [n for n in sys.modules if n == PACKAGE or n.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]


def api(package, collection: str, operation: str):
    return importlib.import_module(f"{PACKAGE}.api.{collection}.{collection}_{operation}")


def every_page(package, client, collection, **filters):
    listing = api(package, collection, "list")
    rows, cursor, pages = [], None, 0
    while True:
        extra = {"cursor": cursor} if cursor else {}
        page = listing.sync(client=client, page_size=5, **filters, **extra)
        rows += page.results
        pages += 1
        if not page.next_:
            return rows, pages
        cursor = parse_qs(urlparse(page.next_).query)["cursor"][0]


def test_a_generated_client_reads_filters_and_writes(registry, generated):
    url, token = registry
    models = importlib.import_module(f"{PACKAGE}.models")
    client = generated.Client(base_url=url, raise_on_unexpected_status=True)

    # Every list to its last page, every item and its history.
    for collection, model in COLLECTIONS.items():
        rows, pages = every_page(generated, client, collection)
        assert sorted(row.slug for row in rows) == sorted(
            model.objects.values_list("slug", flat=True)
        )
        assert pages > 1, collection
        for row in rows:
            item = api(generated, collection, "retrieve").sync(row.slug, client=client)
            assert item.slug == row.slug
            history = api(generated, collection, "history_retrieve").sync(row.slug, client=client)
            assert isinstance(history, models.HistoryPage)

    # Filters, as typed arguments; several sort keys as a list.
    ordering = [models.ModelsListOrderingItem("name"), models.ModelsListOrderingItem("-parameters")]
    rows, _ = every_page(generated, client, "models", company="deepseek", ordering=ordering)
    assert rows and all(row.company.slug == "deepseek" for row in rows)
    assert [row.name for row in rows] == sorted(row.name for row in rows)
    mit, _ = every_page(generated, client, "models", license_="MIT")
    assert mit and all(row.license_.spdx_id == "MIT" for row in mit)
    refused = api(generated, "models", "list").sync(client=client, page_size=0)
    assert isinstance(refused, models.Error) and "page_size" in refused.errors.additional_properties

    # Writes with a token: create, update, patch, read the history, delete.
    editor = generated.AuthenticatedClient(
        base_url=url, token=token, prefix="Token", raise_on_unexpected_status=True
    )
    company = models.CompanyRequest(slug="newco", name="NewCo", country=models.CountryEnum.FR)
    created = api(generated, "companies", "create").sync(client=editor, body=company)
    assert created.slug == "newco"
    company.headquarters = "Paris"
    updated = api(generated, "companies", "update").sync("newco", client=editor, body=company)
    assert updated.headquarters == "Paris"
    patch = models.PatchedCompanyRequest(name="NewCo AI")
    patched = api(generated, "companies", "partial_update").sync("newco", client=editor, body=patch)
    assert patched.name == "NewCo AI"
    model = models.AIModelRequest(
        slug="newco-1",
        name="NewCo 1",
        company="newco",
        modality=models.ModalityEnum.TEXT,
        kind=models.ModelKindEnum.CHAT,
        access=models.AccessEnum.API,
        license_=None,
    )
    made = api(generated, "models", "create").sync(client=editor, body=model)
    assert made.company.slug == "newco" and made.license_ is None
    history = api(generated, "companies", "history_retrieve").sync("newco", client=editor)
    assert [record.type_.value for record in history.results] == ["~", "~", "+"]
    conflict = api(generated, "companies", "destroy").sync("newco", client=editor)
    assert isinstance(conflict, models.Error) and conflict.code == "conflict"
    for collection, slug in [("models", "newco-1"), ("companies", "newco")]:
        deleted = api(generated, collection, "destroy").sync_detailed(slug, client=editor)
        assert deleted.status_code == 204
    anonymous = api(generated, "companies", "create").sync(client=client, body=company)
    assert isinstance(anonymous, models.Error) and anonymous.code == "not_authenticated"
