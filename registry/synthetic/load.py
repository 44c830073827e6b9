"""Writing synthetic rows in bulk: COPY on PostgreSQL, ``bulk_create`` elsewhere.

Rows carry explicit primary keys (taken after the largest existing id) so models, events and
citations can reference each other without a round trip per row; sequences are reset after.
Every constraint verifies what is written: CHECK and unique constraints stay on; on
PostgreSQL the foreign keys (including the composite event -> (model, company) key) and the
secondary indexes of the three big tables are dropped for the load and recreated after it,
the recipe of PostgreSQL's "Populating a Database": one index build and one validating join
per key are far faster than a check and an index update per row. DDL is transactional, so
the whole load is one transaction: interrupted, it leaves the database as it was.

No history rows are written: django-simple-history records who changed what, and nobody
changed these rows. Writing one history row per synthetic row would double the time and
the disk for data no page reads.
"""

from contextlib import contextmanager, nullcontext

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max

from registry.models import (
    AIModel,
    AIModelCitation,
    Company,
    License,
    ReleaseEvent,
    Source,
)
from registry.models.license import spdx_osi_approved

from . import vocab
from .generate import Ids, SyntheticRegistry

# Real rows live in these tables; each has a slug, which tells synthetic rows apart.
REGISTRY_TABLES = [Company, License, AIModel, ReleaseEvent, Source]
BULK_TABLES = [AIModel, AIModelCitation, Company, License, ReleaseEvent, Source]


def real_row_counts() -> dict[str, int]:
    """Registry rows that are not synthetic, by model name; empty when there are none."""
    counts = {
        model._meta.verbose_name_plural: model.objects.exclude(
            slug__startswith=vocab.PREFIX
        ).count()
        for model in REGISTRY_TABLES
    }
    return {name: count for name, count in counts.items() if count}


def has_synthetic_rows() -> bool:
    return any(
        model.objects.filter(slug__startswith=vocab.PREFIX).exists() for model in REGISTRY_TABLES
    )


def clear_synthetic() -> None:
    """Delete synthetic rows in one statement per table, dependants first.

    Plain DELETEs rather than ``QuerySet.delete()``: the ORM would load every row to honour
    PROTECT, which refuses deleting a model that another synthetic model names as its base.
    """
    like = vocab.PREFIX + "%"
    model_ids = f"SELECT id FROM {AIModel._meta.db_table} WHERE slug LIKE %s"
    statements = [
        (f"DELETE FROM {AIModelCitation._meta.db_table} WHERE model_id IN ({model_ids})", [like]),
        (f"DELETE FROM {ReleaseEvent._meta.db_table} WHERE slug LIKE %s", [like]),
        (f"DELETE FROM {AIModel._meta.db_table} WHERE slug LIKE %s", [like]),
    ] + [
        (f"DELETE FROM {model._meta.db_table} WHERE slug LIKE %s", [like])
        for model in (Company, License, Source)
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)


def next_ids() -> Ids:
    def after(model):
        return (model.objects.aggregate(top=Max("id"))["top"] or 0) + 1

    return Ids(
        company=after(Company),
        license=after(License),
        model=after(AIModel),
        event=after(ReleaseEvent),
        source=after(Source),
        citation=after(AIModelCitation),
    )


class Writer:
    """Inserts rows given as ``{attname: value}`` dicts; absent columns take field defaults."""

    def __init__(self):
        self.copy = connection.vendor == "postgresql"
        self.rows_written = 0

    def write(self, model, rows: list[dict]) -> None:
        if not rows:
            return
        self.rows_written += len(rows)
        if not self.copy:
            model.objects.bulk_create([model(**row) for row in rows], batch_size=1000)
            return
        fields = model._meta.concrete_fields
        names = [field.attname for field in fields]
        defaults = {field.attname: field.get_default() for field in fields}
        columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
        sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
        connection.ensure_connection()
        with connection.connection.cursor() as cursor, cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row([row.get(name, defaults[name]) for name in names])


LOADED_TABLES = [AIModel, ReleaseEvent, AIModelCitation]

FOREIGN_KEYS_SQL = """
    SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)
    FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[])
"""
# Indexes that back no constraint (unique and primary keys stay: foreign keys need them).
INDEXES_SQL = """
    SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid)
    FROM pg_index
    WHERE indrelid = ANY(%s::regclass[]) AND NOT indisunique AND NOT indisprimary
"""


@contextmanager
def postgres_bulk_mode():
    """Drop the loaded tables' foreign keys and plain indexes; recreate them afterwards.

    Must run inside a transaction. Re-adding a foreign key validates every row, so bad data
    still fails the load.
    """
    tables = [model._meta.db_table for model in LOADED_TABLES]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        # Run deferred checks of earlier statements now: ALTER TABLE refuses to run while
        # the transaction has any pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(FOREIGN_KEYS_SQL, [tables])
        foreign_keys = cursor.fetchall()
        cursor.execute(INDEXES_SQL, [tables])
        indexes = cursor.fetchall()
        for table, name, _ in foreign_keys:
            cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {name}")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for _, definition in indexes:
            cursor.execute(definition)
        for table, name, definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's keys are deferred by default


def license_ids() -> list[int]:
    """The synthetic license mix; an existing license with the same SPDX id is reused as is."""
    ids = []
    taken_names = set(License.objects.values_list("name", flat=True))
    for slug, name, spdx_id, category, commercial_use, mau_limit, _ in vocab.LICENSES:
        existing = License.objects.filter(spdx_id=spdx_id).values_list("id", flat=True).first()
        if existing is not None:
            ids.append(existing)
            continue
        license = License(
            slug=vocab.PREFIX + slug,
            name=name if name not in taken_names else f"{name} (synthetic)",
            spdx_id=spdx_id,
            category=category,
            commercial_use=commercial_use,
            mau_limit=mau_limit,
            osi_approved=spdx_osi_approved(spdx_id),
        )
        license.save()
        ids.append(license.id)
    return ids


def load(registry: SyntheticRegistry, chunk_size: int = 20_000, progress=None) -> dict:
    """Write the whole synthetic registry; returns the number of rows written per table."""
    writer = Writer()
    counts = {"companies": 0, "models": 0, "events": 0, "citations": 0}
    bulk_mode = postgres_bulk_mode() if writer.copy else nullcontext()
    # One transaction on PostgreSQL (see postgres_bulk_mode); elsewhere one per chunk, so
    # SQLite's journal stays small.
    with transaction.atomic() if writer.copy else nullcontext():
        with transaction.atomic():
            registry.license_ids = license_ids()
            companies = list(registry.company_rows())
            writer.write(Company, companies)
            writer.write(Source, list(registry.source_rows()))
        counts["companies"] = len(companies)
        with bulk_mode:
            remaining = registry.models
            while remaining:
                size = min(chunk_size, remaining)
                with transaction.atomic():
                    models = registry.model_rows(size)
                    events = registry.event_rows(models)
                    citations = registry.citation_rows(models)
                    writer.write(AIModel, models)
                    writer.write(ReleaseEvent, events)
                    writer.write(AIModelCitation, citations)
                counts["models"] += len(models)
                counts["events"] += len(events)
                counts["citations"] += len(citations)
                remaining -= size
                if progress is not None:
                    progress.update(size)
            if progress is not None and writer.copy:
                progress.set_postfix_str("building indexes, checking foreign keys")
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), BULK_TABLES):
                cursor.execute(sql)
    if writer.copy:
        tables = ", ".join(model._meta.db_table for model in BULK_TABLES)
        with connection.cursor() as cursor:
            # Fresh planner statistics (the plans the benchmark measures depend on them) and,
            # where VACUUM may run (not inside a transaction), the visibility map that lets
            # index-only scans skip the table, as autovacuum would by itself later.
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
            cursor.execute(f"{command} {tables}")
    return counts
