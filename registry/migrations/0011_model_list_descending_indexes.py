"""PostgreSQL indexes for the model list page's descending sorts.

The pages sort NULLs last in both directions on every database
(``registry.views.base.stable_order``), so "newest first" is
``released_on DESC NULLS LAST, id``. PostgreSQL does not match that to a plain index read
backwards (which gives ``DESC NULLS FIRST``), and sorted all million models for every page
of ``?ordering=-released_on``, ``-parameters`` or ``-name`` (1.6 s each at 1M). These indexes
are that order exactly, alone and after the company and license filters. The ascending
sorts are the portable indexes of migrations 0007 and 0008 read forwards. SQLite cannot
create an index with ``NULLS LAST`` and sorts its smaller tables itself.
"""

from django.db import migrations

POSTGRES_INDEXES = {
    "aimodel_listed_name_desc": "registry_aimodel (name DESC NULLS LAST, id)",
    "aimodel_listed_parameters_desc": "registry_aimodel (parameters DESC NULLS LAST, id)",
    "aimodel_listed_released_desc": "registry_aimodel (released_on DESC NULLS LAST, id)",
    "aimodel_listed_company_released_desc": (
        "registry_aimodel (company_id, released_on DESC NULLS LAST, id)"
    ),
    "aimodel_listed_license_released_desc": (
        "registry_aimodel (license_id, released_on DESC NULLS LAST, id)"
    ),
}


def create_postgres_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, definition in POSTGRES_INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")


def drop_postgres_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in POSTGRES_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0010_release_event_status_index"),
    ]

    operations = [
        migrations.RunPython(create_postgres_indexes, drop_postgres_indexes),
    ]
