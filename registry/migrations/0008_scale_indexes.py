"""Indexes for a registry of millions of models.

Portable indexes (both databases) for the list orders after the company and license
filters, ending in the id the keyset pagination breaks ties with: (company, name, id),
(license, name, id), (company, released_on, id), (license, released_on, id), and
(released_on, id) for the release order alone (migration 0007 indexes (name, id) and
(parameters, id)). Descending orders read them backwards; the API reads NULLs as a separate
range, so no ``NULLS LAST`` index is needed.

PostgreSQL also gets trigram GIN indexes for search, created here because SQLite cannot
build them. Django compiles ``icontains`` to ``UPPER("col"::text) LIKE UPPER(%s)``, so the
indexed expression is ``UPPER(col)`` (stored as ``upper((col)::text)``, the same
expression) with ``gin_trgm_ops``, which answers ``LIKE '%term%'`` for terms of three or
more characters. pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may
create it.

The foreign keys company and license lose their single-column indexes, which the composite
indexes starting with the same column make redundant. Only the index is dropped: letting
Django alter the fields would make SQLite rebuild the whole registry_aimodel table.
"""

import django.db.models.deletion
from django.db import migrations, models

POSTGRES_INDEXES = {
    "aimodel_name_trgm": "registry_aimodel USING gin (UPPER(name) gin_trgm_ops)",
    "aimodel_description_trgm": "registry_aimodel USING gin (UPPER(description) gin_trgm_ops)",
    "company_name_trgm": "registry_company USING gin (UPPER(name) gin_trgm_ops)",
}


def create_postgres_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, definition in POSTGRES_INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")


def drop_postgres_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in POSTGRES_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


# Django derives the same index names on every database.
FK_INDEXES = {
    "registry_aimodel_company_id_92793673": "company_id",
    "registry_aimodel_license_id_4d326a09": "license_id",
}
DROP_FK_INDEXES = [f"DROP INDEX IF EXISTS {name}" for name in FK_INDEXES]
CREATE_FK_INDEXES = [
    f"CREATE INDEX IF NOT EXISTS {name} ON registry_aimodel ({column})"
    for name, column in FK_INDEXES.items()
]


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0007_aimodel_pagination_indexes"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="aimodel", name="registry_ai_company_555d31_idx"),
        migrations.RemoveIndex(model_name="aimodel", name="registry_ai_license_272646_idx"),
        migrations.RemoveIndex(model_name="aimodel", name="registry_ai_release_722f42_idx"),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="aimodel",
                    name="company",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="models",
                        to="registry.company",
                    ),
                ),
                migrations.AlterField(
                    model_name="aimodel",
                    name="license",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        help_text="The current license of the weights; empty when unknown.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="models",
                        to="registry.license",
                    ),
                ),
            ],
            database_operations=[migrations.RunSQL(DROP_FK_INDEXES, CREATE_FK_INDEXES)],
        ),
        migrations.AddIndex(
            model_name="aimodel",
            index=models.Index(fields=["company", "name", "id"], name="aimodel_company_name_id"),
        ),
        migrations.AddIndex(
            model_name="aimodel",
            index=models.Index(fields=["license", "name", "id"], name="aimodel_license_name_id"),
        ),
        migrations.AddIndex(
            model_name="aimodel",
            index=models.Index(fields=["released_on", "id"], name="aimodel_released_id"),
        ),
        migrations.AddIndex(
            model_name="aimodel",
            index=models.Index(
                fields=["company", "released_on", "id"], name="aimodel_company_released_id"
            ),
        ),
        migrations.AddIndex(
            model_name="aimodel",
            index=models.Index(
                fields=["license", "released_on", "id"], name="aimodel_license_released_id"
            ),
        ),
        migrations.RunPython(create_postgres_indexes, drop_postgres_indexes),
    ]
