"""What ``import_osai`` and ``import_mot`` share: arguments, provenance, dry runs, output."""

import datetime
import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from tqdm import tqdm

from registry.imports.engine import DatasetImport
from registry.sqlite_stats import analyze


class DryRun(Exception):
    """Raised to roll a dry run back."""


def git_commit(path: Path) -> tuple[str, datetime.date] | None:
    """The commit a checkout is at and its date, or None when ``path`` is not a checkout."""
    try:
        out = subprocess.run(
            ["git", "-C", str(path), "log", "-1", "--format=%H %cs"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        return None
    return out[0], datetime.date.fromisoformat(out[1])


class ImportCommand(BaseCommand):
    dataset = ""
    parser = None  # the dataset's module: PATTERN, PUBLISHER, REPOSITORY, parse()

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="A checkout of the dataset's repository.")
        parser.add_argument(
            "--commit", help="The dataset's commit, when PATH is not a git checkout."
        )
        parser.add_argument(
            "--commit-date", type=datetime.date.fromisoformat, help="That commit's date."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would change; write nothing."
        )

    def handle(self, *args, path, commit, commit_date, dry_run, **options):
        if not path.is_dir():
            raise CommandError(f"{path} is not a folder.")
        found = git_commit(path)
        if commit is None and found:
            commit, commit_date = found
        if not commit or not commit_date:
            raise CommandError(
                f"{path} is not a git checkout: give --commit and --commit-date "
                "(the dataset's commit is part of every imported fact's provenance)."
            )
        run = DatasetImport(self.dataset, self.parser, path, commit, commit_date)
        files = run.files()
        if not files:
            raise CommandError(f"No {self.parser.PATTERN} files in {path}.")
        bar = lambda items: tqdm(items, desc=self.dataset, unit="file", disable=None)  # noqa: E731
        try:
            with transaction.atomic():
                report = run.run(files, progress=bar)
                if dry_run:
                    raise DryRun
        except DryRun:
            pass
        else:
            analyze(connection)  # hundreds of rows changed: SQLite's planner needs to know
        self.print_report(report, dry_run, options["verbosity"])

    def print_report(self, report, dry_run, verbosity):
        if verbosity >= 1:
            for line in report.new_rows:
                self.stdout.write(f"{'would create' if dry_run else 'created'}: {line}")
            for line in report.changed:
                self.stdout.write(f"{'would change' if dry_run else 'changed'}: {line}")
            for line in report.to_review:
                self.stdout.write(f"to review: {line}")
        for problem in report.refused:
            self.stderr.write(f"refused: {problem}")
        for problem in report.problems:
            self.stderr.write(f"not understood: {problem}")
        self.stdout.write(("Dry run, nothing written. " if dry_run else "") + report.summary())
