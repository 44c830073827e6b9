"""SQLite's half of "a release event's model is made by the event's company".

PostgreSQL enforces the rule with a composite foreign key (migration 0002). SQLite cannot add
constraints to an existing table, so triggers enforce it there. Triggers do not survive the
table rebuilds Django performs for most SQLite schema changes (and a trigger naming a table
mid-rebuild makes the rebuild fail), so they live outside the migrations: dropped before
``migrate`` runs and recreated after it, every time.
"""

from django.db import connections

MESSAGE = "CHECK constraint failed: release event model must belong to the event company"

_EVENT_CHECK = f"""
    WHEN NEW.model_id IS NOT NULL
     AND NEW.company_id IS NOT (SELECT company_id FROM registry_aimodel WHERE id = NEW.model_id)
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
"""

TRIGGERS = {
    "releaseevent_model_company_insert": (f"BEFORE INSERT ON registry_releaseevent {_EVENT_CHECK}"),
    "releaseevent_model_company_update": (f"BEFORE UPDATE ON registry_releaseevent {_EVENT_CHECK}"),
    "aimodel_company_change": f"""
        BEFORE UPDATE OF company_id ON registry_aimodel
        WHEN EXISTS (
            SELECT 1 FROM registry_releaseevent
            WHERE model_id = NEW.id AND company_id IS NOT NEW.company_id
        )
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
    """,
}


def _sqlite_cursor(using):
    connection = connections[using]
    if connection.vendor != "sqlite":
        return None
    return connection.cursor()


def drop_triggers(sender, using="default", **kwargs):
    """pre_migrate: get the triggers out of the way of table rebuilds."""
    cursor = _sqlite_cursor(using)
    if cursor is None:
        return
    with cursor:
        for name in TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def create_triggers(sender, using="default", **kwargs):
    """post_migrate: (re)create the triggers once the tables exist."""
    cursor = _sqlite_cursor(using)
    if cursor is None:
        return
    with cursor:
        tables = {row[0] for row in cursor.execute("SELECT name FROM sqlite_master")}
        if not {"registry_releaseevent", "registry_aimodel"} <= tables:
            return  # migrated backwards past the registry tables
        for name, body in TRIGGERS.items():
            cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")
