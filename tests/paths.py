"""Paths of the committed test resources, and a copy of some of the sample archive."""
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_ARCHIVE = ROOT / "archive"
SAMPLE_MINUTES = SAMPLE_ARCHIVE / "minutes"
SAMPLE_FOLKETINGET = SAMPLE_ARCHIVE / "folketinget"
DATA = Path(__file__).resolve().parent / "data"


def sample_copy(archive: Path, paths) -> Path:
    """`archive` holding these files of the sample archive (relative paths) and its catalog."""
    for path in paths:
        (archive / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(SAMPLE_ARCHIVE / path, archive / path)
    shutil.copy(SAMPLE_ARCHIVE / "catalog.csv", archive / "catalog.csv")
    return archive
