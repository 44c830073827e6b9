from django.core.management.base import BaseCommand, CommandError

from registry import backup


class Command(BaseCommand):
    help = (
        "Restore PATH made by `backup`. A full copy replaces the whole database; an .xml "
        "export adds its rows, updating those whose slug already exists."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument(
            "--no-input", action="store_false", dest="interactive", help="Do not ask first."
        )

    def handle(self, *args, path, interactive, **options):
        if interactive:
            answer = input(f"Restore {path} over the current database? Type 'yes': ")
            if answer != "yes":
                raise CommandError("Restore cancelled.")
        if path.endswith(".xml"):
            backup.import_natural_keys(path)
        else:
            backup.restore_native(path)
        self.stdout.write(f"Restored {path}")
