#!/usr/bin/env bash
# Rebuild fixtures/datasets.json: the article's fixtures in a throwaway SQLite database, both
# dataset imports on top, then export_imported. `make datasets` runs it (docs/imports.md).
#   DATASETS   folder holding osai-index/ and model-openness-tool/ (default ../shared/datasets)
#   OSAI_COMMIT, OSAI_DATE, MOT_COMMIT, MOT_DATE   the snapshots' commits, for folders that are
#              not git checkouts (a checkout's own commit is read from git)
set -euo pipefail
cd "$(dirname "$0")/.."
DATASETS="${DATASETS:-../shared/datasets}"
OSAI_COMMIT="${OSAI_COMMIT:-5a388e871b88735e7ab7e6fb230b76c9d460d99a}" OSAI_DATE="${OSAI_DATE:-2026-06-12}"
MOT_COMMIT="${MOT_COMMIT:-8b5d30e90a7c62d7d6ece48b91e69ff495920a4d}" MOT_DATE="${MOT_DATE:-2026-05-11}"
db="$(mktemp -d)/build.sqlite3"
trap 'rm -rf "$(dirname "$db")"' EXIT
export DATABASE_URL="sqlite:///$db" DJANGO_DEBUG=1
manage() { .venv/bin/python manage.py "$@"; }

provenance() {  # the commit flags for a folder that is not a git checkout
    git -C "$1" rev-parse HEAD >/dev/null 2>&1 || echo "--commit $2 --commit-date $3"
}
manage migrate --no-input -v 0
manage seed --article-only -v 0
# shellcheck disable=SC2046
manage import_osai "$DATASETS/osai-index" $(provenance "$DATASETS/osai-index" "$OSAI_COMMIT" "$OSAI_DATE") -v 0
# shellcheck disable=SC2046
manage import_mot "$DATASETS/model-openness-tool" $(provenance "$DATASETS/model-openness-tool" "$MOT_COMMIT" "$MOT_DATE") -v 0
manage export_imported fixtures/datasets.json
