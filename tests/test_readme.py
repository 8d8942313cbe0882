"""The README's examples, as written, on the bundled sample archive (the real model: slow)."""
from __future__ import annotations

import ast
import re
import shutil

from .paths import ROOT, SAMPLE_ARCHIVE


def python_example() -> str:
    """The code block under "## Python API"."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split("\n## Python API\n", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]


def test_the_python_example_runs_as_written_and_each_line_shows_something(sample_index_dir, tmp_path, monkeypatch):
    # Where the README runs it: beside `archive/`, with `index/` built (a copy of the test session's sample index:
    # the example's own build then finds nothing to do).
    shutil.copytree(sample_index_dir, tmp_path / "index")
    (tmp_path / "archive").symlink_to(SAMPLE_ARCHIVE)
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    shown = []
    for statement in ast.parse(python_example()).body:
        if isinstance(statement, ast.Expr):  # what a reader at the prompt would see
            shown.append((ast.unparse(statement), eval(compile(ast.Expression(statement.value), "README", "eval"),
                                                       namespace)))
        else:
            exec(compile(ast.Module([statement], []), "README", "exec"), namespace)
    assert [line for line, value in shown if not value] == []
    assert namespace["results"].total > 0 and namespace["hit"] in list(namespace["results"])  # the loop set `hit`


def test_the_examples_in_the_text_hold_on_the_sample(sample_archive):
    """The decision search, the case trail and the names the README gives as examples find what it
    says they find."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    query = re.search(r"`decisions --query (\w+)` finds\s+(.+?)'s \"(.+?)\" on the item \"(.+?)\"", readme, re.S)
    found = sample_archive.decisions(query=query[1])
    assert [(d.body, d.text, d.item_title) for d in found][:1] == [
        tuple(" ".join(part.split()) for part in query.groups()[1:])]
    case = re.search(r"`python -m indexer case (\S+) \[--json\]` lists every meeting", readme)[1]
    assert len(sample_archive.case_trail(case)) > 1
    one, other = re.search(r'spellings of their name \("(.+?)", "(.+?)"\)', readme).groups()
    assert sample_archive.person(one) is not None and sample_archive.person(one) == sample_archive.person(other)
    for part in re.search(r'for part of a name \("(.+?)", "(.+?)"\) it names', readme).groups():
        assert len(sample_archive.people_like(part)) == 1
