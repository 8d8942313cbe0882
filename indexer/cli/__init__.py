"""The command line: `python -m indexer build | harvest | search | inspect | eval | info | decisions |
followups | meetings | meeting | case | serve | alerts | model | adapt`.

Commands call the library and a presenter (`indexer.present`); library errors become one line
and exit status 1 (`common.user_errors`), here and only here. One module per kind of command.
"""
from indexer.cli import adapting, building, minutes, searching, serving  # noqa: E402,F401 - registers the commands
from indexer.cli.common import main

__all__ = ["main"]
