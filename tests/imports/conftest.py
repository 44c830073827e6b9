import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# The shared snapshots of both datasets (their README gives the pinned commits).
OSAI_COMMIT = ("5a388e871b88735e7ab7e6fb230b76c9d460d99a", "2026-06-12")
MOT_COMMIT = ("8b5d30e90a7c62d7d6ece48b91e69ff495920a4d", "2026-05-11")


def datasets_folder() -> Path | None:
    candidates = [os.environ.get("OMR_DATASETS"), ROOT.parent / "shared" / "datasets"]
    candidates.append("/work/shared/datasets")
    for candidate in candidates:
        if candidate and (Path(candidate) / "osai-index").is_dir():
            return Path(candidate)
    return None


@pytest.fixture(scope="session")
def datasets():
    folder = datasets_folder()
    if folder is None:
        pytest.skip("the dataset snapshots (../shared/datasets or $OMR_DATASETS) are absent")
    return folder
