"""An event's model must be made by the event's company.

The rule spans two tables, so a CHECK cannot express it. PostgreSQL gets a composite foreign
key onto AIModel's unique (id, company_id) pair, which also refuses moving a model to another
company while its events name the old one. It is checked immediately (not deferred to commit,
as Django's own foreign keys are) so the failing statement itself reports the error. SQLite cannot add constraints to an existing
table, so triggers raise the same refusal there.
"""

from django.db import migrations

MESSAGE = "release event model must belong to the event company"

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

SQLITE_CHECK = f"""
    WHEN NEW.model_id IS NOT NULL
     AND NEW.company_id IS NOT (SELECT company_id FROM registry_aimodel WHERE id = NEW.model_id)
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: {MESSAGE}'); END
"""
SQLITE_FORWARD = [
    f"CREATE TRIGGER releaseevent_model_company_insert BEFORE INSERT ON registry_releaseevent "
    f"{SQLITE_CHECK}",
    f"CREATE TRIGGER releaseevent_model_company_update BEFORE UPDATE ON registry_releaseevent "
    f"{SQLITE_CHECK}",
    f"""
    CREATE TRIGGER aimodel_company_change BEFORE UPDATE OF company_id ON registry_aimodel
    WHEN EXISTS (
        SELECT 1 FROM registry_releaseevent
        WHERE model_id = NEW.id AND company_id IS NOT NEW.company_id
    )
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: {MESSAGE}'); END
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER releaseevent_model_company_insert",
    "DROP TRIGGER releaseevent_model_company_update",
    "DROP TRIGGER aimodel_company_change",
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
            run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        )
    ]
