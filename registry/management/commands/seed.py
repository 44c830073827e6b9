from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

from registry.models import Company
from registry.sqlite_stats import analyze

# Loaded in this order so every natural-key reference points at a row already loaded.
FIXTURES = ["sources", "licenses", "companies", "models", "events", "openness"]


class Command(BaseCommand):
    help = (
        "Load the article fixtures into an empty registry. Does nothing when the registry "
        "already holds data, so editors' changes are never overwritten (use --force to "
        "reload: rows are matched by slug and updated, none are duplicated)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Load even if data exists.")

    def handle(self, *args, force=False, **options):
        if Company.objects.exists() and not force:
            self.stdout.write("Registry already holds data; fixtures not loaded.")
            return
        call_command("loaddata", *FIXTURES, verbosity=options["verbosity"])
        analyze(connection)
