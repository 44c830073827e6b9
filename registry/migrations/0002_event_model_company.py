"""An event's model must be made by the event's company.

The rule spans two tables, so a CHECK cannot express it. PostgreSQL gets a composite foreign
key onto AIModel's unique (id, company_id) pair, which also refuses moving a model to another
company while its events name the old one. It is checked immediately (not deferred to commit,
as Django's own foreign keys are) so the failing statement itself reports the error.
SQLite enforces the rule with triggers kept outside migrations: see registry/sqlite_triggers.py.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    """
    ALTER TABLE registry_releaseevent
    ADD CONSTRAINT releaseevent_model_company_fk
    FOREIGN KEY (model_id, company_id) REFERENCES registry_aimodel (id, company_id)
    """,
]
POSTGRES_BACKWARD = [
    "ALTER TABLE registry_releaseevent DROP CONSTRAINT releaseevent_model_company_fk",
]


def run(statements_by_vendor):
    def apply(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [
        migrations.RunPython(
            run({"postgresql": POSTGRES_FORWARD}),
            run({"postgresql": POSTGRES_BACKWARD}),
        )
    ]
