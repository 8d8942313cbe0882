"""Paths of the committed test resources."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_ARCHIVE = ROOT / "archive"
SAMPLE_MINUTES = SAMPLE_ARCHIVE / "minutes"
SAMPLE_FOLKETINGET = SAMPLE_ARCHIVE / "folketinget"
DATA = Path(__file__).resolve().parent / "data"
