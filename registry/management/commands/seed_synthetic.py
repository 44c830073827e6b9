import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from tqdm import tqdm

from registry.models import Company
from registry.sqlite_stats import analyze
from registry.synthetic import load as loader
from registry.synthetic.generate import SyntheticRegistry
from registry.synthetic.vocab import PREFIX


def positive_int(value):
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Fill the database with synthetic models, companies, licenses and events for load "
        "tests and benchmarks. Synthetic rows have slugs starting with 'syn-'. Meant for a "
        "database of its own (set DATABASE_URL): refuses to run where real registry rows "
        "exist unless --allow-mixed is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--models", type=positive_int, required=True)
        parser.add_argument(
            "--companies",
            type=positive_int,
            help="Default: one company per 200 models, at least 20.",
        )
        parser.add_argument(
            "--events-per-model",
            type=float,
            default=3.0,
            help="Average release events per model (a release, then later events).",
        )
        parser.add_argument("--citations-per-model", type=int, choices=[0, 1, 2, 3], default=1)
        parser.add_argument("--seed", type=int, default=0, help="Same seed, same data.")
        parser.add_argument("--chunk-size", type=positive_int, default=20_000)
        parser.add_argument(
            "--clear", action="store_true", help="Delete earlier synthetic rows first."
        )
        parser.add_argument(
            "--allow-mixed",
            action="store_true",
            help="Add synthetic rows next to real ones (real rows are never changed).",
        )

    def handle(self, *args, **options):
        models = options["models"]
        if options["events_per_model"] < 0:
            raise CommandError("--events-per-model must be 0 or more.")
        real = loader.real_row_counts()
        if real and not options["allow_mixed"]:
            found = ", ".join(f"{count} {name}" for name, count in real.items())
            raise CommandError(
                f"This database holds real registry data ({found}). Synthetic data belongs "
                "in a database of its own: point DATABASE_URL at an empty database, or pass "
                "--allow-mixed to add it anyway (slugs start with 'syn-')."
            )
        if options["clear"]:
            loader.clear_synthetic()
        elif loader.has_synthetic_rows():
            raise CommandError(
                "This database already holds synthetic rows; pass --clear to replace them."
            )
        taken = frozenset(
            name.lower()
            for name in Company.objects.exclude(slug__startswith=PREFIX).values_list(
                "name", flat=True
            )
        )
        registry = SyntheticRegistry(
            models=models,
            companies=options["companies"] or max(20, models // 200),
            events_per_model=options["events_per_model"],
            citations_per_model=options["citations_per_model"],
            seed=options["seed"],
            ids=loader.next_ids(),
            taken_company_names=taken,
        )
        started = time.monotonic()
        with tqdm(
            total=models,
            unit=" models",
            unit_scale=True,
            disable=options["verbosity"] == 0,
            file=self.stderr,
        ) as progress:
            counts = loader.load(registry, options["chunk_size"], progress)
        analyze(connection)
        elapsed = time.monotonic() - started
        if options["verbosity"]:
            summary = ", ".join(f"{count:,} {name}" for name, count in counts.items())
            self.stdout.write(
                f"Seeded {summary} into {connection.vendor} in {elapsed:.1f} s "
                f"({counts['models'] / elapsed:,.0f} models/s)."
            )
