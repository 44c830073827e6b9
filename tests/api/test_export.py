"""Bulk data (registry/api/export.py): streamed exports of filtered lists, the registry dump,
the data licence, and memory that stays flat however many rows are exported."""

import csv
import gc
import gzip
import io
import json
import tracemalloc

import pandas
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry.api import export
from registry.models import AIModel, AIModelCitation, Company, License, Source
from tests.factories import (
    AIModelCitationFactory,
    AIModelFactory,
    CompanyFactory,
    LicenseFactory,
    ReleaseEventFactory,
    assess,
)

pytestmark = pytest.mark.django_db


def body(response) -> bytes:
    assert response.streaming, "an export is streamed, never built whole"
    return b"".join(response.streaming_content)


def csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body(response).decode())))


def json_rows(response) -> list[dict]:
    return [json.loads(line) for line in body(response).decode().splitlines()]


@pytest.fixture
def small_batches(monkeypatch):
    """Batches of 7 rows, so a few dozen rows cross several batch boundaries."""
    monkeypatch.setattr(export, "BATCH_SIZE", 7)


@pytest.fixture
def two_companies():
    deepseek = CompanyFactory(slug="deepseek", country="CN")
    mistral = CompanyFactory(slug="mistral", country="FR")
    for n in range(30):
        # Some without a release date: orderings on it walk the dated rows, then the others.
        AIModelFactory(company=deepseek, **({"released_on": None} if n % 4 == 0 else {}))
    for _ in range(5):
        AIModelFactory(company=mistral)
    return deepseek, mistral


def all_pages(api_client, path, params) -> list[dict]:
    rows, url = [], path
    while url:
        page = api_client.get(url, params if url == path else None).json()
        rows += page["results"]
        url = page["next"]
    return rows


@pytest.mark.parametrize("ordering", ["", "-released_on", "parameters,-name"])
def test_jsonl_export_is_every_row_of_the_filtered_list_in_its_order(
    api_client, small_batches, two_companies, ordering
):
    params = {"company": "deepseek", "ordering": ordering}
    response = api_client.get("/api/models/export.jsonl", params)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/jsonl; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="models.jsonl"'
    rows = json_rows(response)
    assert len(rows) == 30
    assert rows == all_pages(api_client, "/api/models/", {**params, "page_size": 100})


def test_csv_export_has_the_list_csv_columns_and_every_row(
    api_client, small_batches, two_companies
):
    response = api_client.get("/api/models/export.csv", {"country": "FR"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="models.csv"'
    rows = csv_rows(response)
    assert [row["company.slug"] for row in rows] == ["mistral"] * 5
    page = api_client.get("/api/models/", {"country": "FR", "format": "csv"})
    assert list(rows[0]) == next(csv.reader(io.StringIO(page.content.decode())))


@pytest.mark.parametrize(
    ("collection", "make"),
    [
        ("companies", lambda: CompanyFactory.create_batch(9)),
        ("licenses", lambda: LicenseFactory.create_batch(9)),
        ("releases", lambda: ReleaseEventFactory.create_batch(9)),
    ],
)
@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_every_collection_exports(api_client, small_batches, collection, make, fmt):
    make()
    response = api_client.get(f"/api/{collection}/export.{fmt}")
    rows = csv_rows(response) if fmt == "csv" else json_rows(response)
    expected = all_pages(api_client, f"/api/{collection}/", {"page_size": 100})
    assert [row["slug"] for row in rows] == [row["slug"] for row in expected]


def test_export_of_nothing_is_a_header_or_an_empty_file(api_client):
    header = body(api_client.get("/api/releases/export.csv")).decode()
    assert header.startswith("slug,title,date,") and header.count("\r\n") == 1
    assert body(api_client.get("/api/releases/export.jsonl")) == b""


def test_export_refuses_bad_filters_and_unknown_formats_as_json(api_client):
    response = api_client.get("/api/models/export.csv", {"modality": "smell"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["modality"]
    response = api_client.get("/api/models/export.xml")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    # Whatever the client accepts: the export is CSV, its errors JSON.
    response = api_client.get("/api/models/export.csv?q=", HTTP_ACCEPT="text/csv")
    assert response.status_code == 200


def test_queries_grow_with_batches_not_rows(api_client, small_batches, two_companies):
    def queries(params):
        with CaptureQueriesContext(connection) as captured:
            body(api_client.get("/api/models/export.jsonl", params))
        return len(captured)

    # 5 models: one batch; 30: five batches (7 rows each). Each batch reads its rows, their
    # license-history events and their citations: three queries, whatever the rows hold.
    one_batch, five_batches = queries({"company": "mistral"}), queries({"company": "deepseek"})
    assert five_batches - one_batch == 4 * 3


def test_csv_flattens_openness_and_history_to_named_columns(api_client):
    model = AIModelFactory(slug="m")
    assess(model, {"training-code": "open"}, {"final-parameters": "Apache-2.0"})
    ReleaseEventFactory(
        company=model.company, model=model, license=model.license, access="api", date="2025-02-01"
    )
    [row] = csv_rows(api_client.get("/api/models/export.csv"))
    assert row["openness.dimensions.training-code"] == "open"
    assert row["openness.dimensions.base-model-data"] == "unknown"
    assert row["openness.mof_components.final-parameters"] == "true"
    assert row["openness.mof_components.datasets"] == ""  # not assessed
    assert set(row) >= {f"openness.osaid_reasons.{key}" for key in ["code", "parameters"]}
    assert row["license_history"] == f"2025-02-01/.. {model.license.slug} api"
    assert "{" not in "".join(row.values())  # no JSON left in a cell


def test_exports_name_their_licence_and_attribution(api_client):
    response = api_client.get("/api/models/export.csv")
    links = response["Link"]
    assert '<https://creativecommons.org/licenses/by/4.0/>; rel="license"' in links
    assert '<http://testserver/api/exports/>; rel="describedby"' in links
    about = api_client.get("/api/exports/").json()
    assert about["license"]["spdx_id"] == "CC-BY-4.0"
    index, tool = about["attribution"]
    assert index["url"] == "https://osai-index.eu/" and index["license"] == "CC-BY-4.0"
    assert "Liesenfeld" in index["citation"] and "1774-1787" in index["citation"]
    assert tool["license"] == "MIT"
    assert about["exports"]["releases"]["jsonl"] == "http://testserver/api/releases/export.jsonl"
    assert about["dump"] == "http://testserver/api/dump.jsonl"
    assert api_client.get("/api/").json()["exports"] == "http://testserver/api/exports/"


def test_pandas_reads_each_export_in_one_line(api_client, two_companies):
    model = AIModel.objects.first()
    assess(model, {"training-code": "open"})
    AIModelCitationFactory(model=model, claim="license", quote="Released under MIT.")
    frame = pandas.read_csv(io.BytesIO(body(api_client.get("/api/models/export.csv"))))
    assert len(frame) == 35 and "company.country" in frame.columns
    assert set(frame["company.country"]) == {"CN", "FR"}
    frame = pandas.read_json(
        io.BytesIO(body(api_client.get("/api/dump.jsonl"))), lines=True, dtype=False
    )
    assert len(frame) == 35
    row = frame.set_index("slug").loc[model.slug]
    assert row["company"]["slug"] == model.company.slug
    assert row["openness"]["dimensions"][0]["dimension"]
    assert row["sources"][0]["quote"] == "Released under MIT."


def test_dump_is_every_model_in_id_order_and_the_command_writes_it(
    api_client, small_batches, two_companies, tmp_path
):
    served = json_rows(api_client.get("/api/dump.jsonl"))
    assert [row["slug"] for row in served] == list(
        AIModel.objects.order_by("id").values_list("slug", flat=True)
    )
    path = tmp_path / "registry.jsonl.gz"
    call_command(
        "dump_registry", str(path), "--base-url", "http://testserver", stdout=io.StringIO()
    )
    with gzip.open(path, "rt") as written:
        assert [json.loads(line) for line in written] == served
    sidecar = json.loads((tmp_path / "registry.about.json").read_text())
    assert sidecar == api_client.get("/api/exports/").json()


# Memory -------------------------------------------------------------------------------------


def bulk_models(count: int, maker: str) -> None:
    """``count`` models made by ``maker``, a citation each, inserted in a few statements."""
    company = Company.objects.create(slug=maker, name=maker, country="US")
    terms, _ = License.objects.get_or_create(
        slug="bulk", defaults={"name": "Bulk", "spdx_id": "LicenseRef-bulk"}
    )
    source, _ = Source.objects.get_or_create(slug="s", title="S", url="https://example.org/s")
    models = AIModel.objects.bulk_create(
        AIModel(
            slug=f"{maker}-{n:06d}",
            name=f"{maker} model {n:06d}",
            company=company,
            license=terms,
            modality="text",
            kind="chat",
            access="open-restricted",
            description="A synthetic model with a description of some length. " * 4,
        )
        for n in range(count)
    )
    AIModelCitation.objects.bulk_create(
        AIModelCitation(model=model, source=source, claim="license", quote="Quoted.")
        for model in models
    )


def peak_memory(api_client, path: str) -> tuple[int, int]:
    """(peak bytes allocated while the export streamed, bytes of the export)."""
    gc.collect()
    tracemalloc.start()
    try:
        response = api_client.get(path)
        size = sum(len(chunk) for chunk in response.streaming_content)
        return tracemalloc.get_traced_memory()[1], size
    finally:
        tracemalloc.stop()


def test_export_memory_stays_flat_as_the_list_grows(api_client, monkeypatch):
    """Ten times the rows, about the same peak memory: one batch is held at a time. Measured
    with tracemalloc (Python's allocations: what a buffered body or a list of every row
    would take). What does grow is bounded by the interpreter and the driver, not by the
    rows (e.g. SQLite's list of weak references to every cursor, pruned every 200): the
    whole process's peak RSS was 85 MB for a dump of 1,000 models and 93 MB for 1,000,000
    (docs/performance.md)."""
    monkeypatch.setattr(export, "BATCH_SIZE", 50)
    bulk_models(300, "small")
    bulk_models(3000, "large")
    for fmt in "csv", "jsonl":
        path = f"/api/models/export.{fmt}"
        body(api_client.get(f"{path}?company=small"))  # first-request allocations not counted
        small, small_size = peak_memory(api_client, f"{path}?company=small")
        large, large_size = peak_memory(api_client, f"{path}?company=large")
        assert large_size > 9 * small_size
        print(f"\n{fmt}: 300 rows peak {small / 1e6:.2f} MB, 3,000 rows {large / 1e6:.2f} MB")
        # Holding the body, or the rows, would add at least the extra body's size.
        assert large - small < (large_size - small_size) / 4, (fmt, small, large, large_size)
        assert large < 2 * small, (fmt, small, large)
