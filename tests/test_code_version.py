"""What an index records of the code that read or extracted it (`config.code_version`): what the code does,
not what it says of itself."""
from __future__ import annotations

from indexer.config import code_version

RULE = '''"""Rules."""
import re

FORMS = ("vender tilbage",)  # a comment


def promise(text: str) -> bool:
    """Whether `text` promises."""
    return any(form in text for form in FORMS)
'''


def version_of(tmp_path, source: str) -> str:
    (tmp_path / "rules.py").write_text(source, encoding="utf-8")
    return code_version(tmp_path)


def test_a_mended_docstring_comment_or_layout_keeps_the_version(tmp_path):
    before = version_of(tmp_path, RULE)
    mended = RULE.replace("Whether `text` promises.", "Whether `text` makes a promise.") \
        .replace("# a comment", "# the forms, as written") + "\n\n"
    assert version_of(tmp_path, mended) == before


def test_a_changed_rule_changes_the_version(tmp_path):
    before = version_of(tmp_path, RULE)
    assert version_of(tmp_path, RULE.replace('"vender tilbage",', '"vender tilbage", "genoptages"')) != before
    assert version_of(tmp_path, RULE.replace("any(", "all(")) != before


def test_a_module_that_does_not_parse_is_versioned_by_its_text(tmp_path):
    assert version_of(tmp_path, "def (:\n") != version_of(tmp_path, "def (:\n\n")
