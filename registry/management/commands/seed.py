from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

from registry.models import Company
from registry.sqlite_stats import analyze

# Loaded in this order so every natural-key reference points at a row already loaded.
ARTICLE_FIXTURES = ["sources", "licenses", "companies", "models", "events", "openness"]
# What the dataset imports add on top (export_imported; `make datasets` rebuilds it).
DATASET_FIXTURE = "datasets"


class Command(BaseCommand):
    help = (
        "Load the fixtures (the article's entities, then the imported openness datasets) into "
        "an empty registry. Does nothing when the registry already holds data, so editors' "
        "changes are never overwritten (use --force to reload: rows are matched by their "
        "natural keys and updated, none are duplicated)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Load even if data exists.")
        parser.add_argument(
            "--article-only",
            action="store_true",
            help="Load the article's fixtures only, not the imported datasets.",
        )

    def handle(self, *args, force=False, article_only=False, **options):
        if Company.objects.exists() and not force:
            self.stdout.write("Registry already holds data; fixtures not loaded.")
            return
        fixtures = ARTICLE_FIXTURES if article_only else [*ARTICLE_FIXTURES, DATASET_FIXTURE]
        call_command("loaddata", *fixtures, verbosity=options["verbosity"])
        analyze(connection)
