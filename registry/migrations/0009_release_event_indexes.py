"""Indexes for three million release events.

Portable indexes (both databases) in the orders the lists read, ending in the id the API's
keyset pagination breaks ties with: (date, id) alone and after a company or model filter,
read backwards for "newest first" (-date, -id), and (title, id) for ``?ordering=title``.
They replace (company, -date), (model, -date) and (-date, id): a descending date followed
by an ascending id matches neither direction of (-date, -id), so PostgreSQL re-sorted the
rows of every date.

PostgreSQL also gets, as in migration 0008 and for the same reasons:

- trigram GIN indexes on ``UPPER(title)`` and ``UPPER(description)``, the expression
  Django compiles ``icontains`` to, so search combines index scans (company and model
  names go through their own trigram indexes, from 0008);
- ``(date DESC NULLS LAST, title, id)``, the pages' default order exactly as the list view
  writes it (it sorts NULLs last in both directions on every database, even for a column
  that has none), and ``(title DESC NULLS LAST, id)`` for the pages' ``?ordering=-title``.
  PostgreSQL does not match ``NULLS LAST`` to a plain descending index (nor to one read
  backwards), so without these it sorted all three million events for every page. The
  pages' ascending orders are the portable indexes read forwards (``NULLS LAST`` is the
  default there). SQLite cannot create an index with ``NULLS LAST``.
"""

from django.db import migrations, models

POSTGRES_INDEXES = {
    "releaseevent_title_trgm": "registry_releaseevent USING gin (UPPER(title) gin_trgm_ops)",
    "releaseevent_description_trgm": (
        "registry_releaseevent USING gin (UPPER(description) gin_trgm_ops)"
    ),
    "releaseevent_listed": "registry_releaseevent (date DESC NULLS LAST, title, id)",
    "releaseevent_listed_title_desc": "registry_releaseevent (title DESC NULLS LAST, id)",
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


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0008_scale_indexes"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="releaseevent", name="registry_re_company_b11696_idx"),
        migrations.RemoveIndex(model_name="releaseevent", name="registry_re_model_i_7f37d7_idx"),
        migrations.RemoveIndex(model_name="releaseevent", name="registry_re_date_f13bd6_idx"),
        migrations.AddIndex(
            model_name="releaseevent",
            index=models.Index(fields=["date", "id"], name="releaseevent_date_id"),
        ),
        migrations.AddIndex(
            model_name="releaseevent",
            index=models.Index(
                fields=["company", "date", "id"], name="releaseevent_company_date_id"
            ),
        ),
        migrations.AddIndex(
            model_name="releaseevent",
            index=models.Index(fields=["model", "date", "id"], name="releaseevent_model_date_id"),
        ),
        migrations.AddIndex(
            model_name="releaseevent",
            index=models.Index(fields=["title", "id"], name="releaseevent_title_id"),
        ),
        migrations.RunPython(create_postgres_indexes, drop_postgres_indexes),
    ]
