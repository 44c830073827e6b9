from django.core.management.base import BaseCommand

from registry import backup


class Command(BaseCommand):
    help = (
        "Back the database up to PATH. An .xml PATH gets the registry's rows with natural keys "
        "(dumpdata); anything else a full copy: pg_dump's custom format on PostgreSQL, "
        "SQLite's online backup on SQLite. docs/operations.md explains which to use when."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        if path.endswith(".xml"):
            backup.export_natural_keys(path)
        else:
            backup.backup_native(path)
        self.stdout.write(f"Backed up to {path}")
