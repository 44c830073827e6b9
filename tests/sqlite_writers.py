"""Many processes writing to one SQLite file through the ORM at once.

Run by tests/ops/test_sqlite_writers.py as ``python -m tests.sqlite_writers PROCESSES WRITES`` with
DATABASE_URL pointing at a migrated SQLite file; prints a JSON summary. Each write is what
the admin does: read a row inside a transaction, then change it and create another, with
history rows written in the same transaction.
"""

import json
import multiprocessing
import os
import sys
from collections import Counter


def writer(args):
    worker, writes = args
    import django

    django.setup()
    from django.db import OperationalError, transaction

    from registry.models import Company

    outcomes = Counter()
    for n in range(writes):
        try:
            with transaction.atomic():
                company = Company.objects.get(slug="shared")
                company.description = f"written by {worker}/{n}"
                company.save()
                Company.objects.create(
                    slug=f"w{worker}-{n}", name=f"Writer {worker} #{n}", country="CN"
                )
            outcomes["ok"] += 1
        except OperationalError as exc:
            outcomes[f"OperationalError: {exc}"] += 1
    return outcomes


def main(processes: int, writes: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registry.settings")
    import django

    django.setup()
    from django.db import connections

    from registry.models import Company

    Company.objects.create(slug="shared", name="Shared", country="CN")
    connections.close_all()  # each process opens its own connection

    context = multiprocessing.get_context("spawn")
    with context.Pool(processes) as pool:
        results = pool.map(writer, [(worker, writes) for worker in range(processes)])
    total = sum(results, Counter())
    print(
        json.dumps(
            {
                "outcomes": dict(total),
                "companies": Company.objects.count(),
                "history": Company.history.count(),
            }
        )
    )


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
