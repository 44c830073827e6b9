from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate


class RegistryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "registry"
    verbose_name = "Open Model Registry"

    def ready(self):
        from . import sqlite_triggers, summary  # noqa: F401 (summary connects its receivers)

        pre_migrate.connect(sqlite_triggers.drop_triggers, sender=self)
        post_migrate.connect(sqlite_triggers.create_triggers, sender=self)
        post_migrate.connect(create_cache_table, sender=self)
        post_migrate.connect(refresh_statistics, sender=self)


def create_cache_table(using, **kwargs):
    """The table of the database cache production uses without Redis (settings, CACHES).

    Named explicitly, so it is made whatever cache this `migrate` runs with: a database
    migrated with DEBUG on can then be served with it off. A no-op when it exists."""
    from django.conf import settings
    from django.core.management import call_command

    call_command("createcachetable", settings.CACHE_TABLE, database=using, verbosity=0)


def refresh_statistics(using, **kwargs):
    """Planner statistics for the tables as `migrate` left them (registry/sqlite_stats.py)."""
    from django.db import connections

    from .sqlite_stats import analyze

    analyze(connections[using])
