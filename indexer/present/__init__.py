"""Presenting: `Hit`s, decisions and follow-ups in; text, HTML, CSV and Markdown for people out,
in the reader's language. Shared by the command line and the app; every public name of
`wording`, `hits`, `minutes`, `moments`, `people`, `terminal` and `addresses` is available here (`from indexer import present`).
"""
from indexer.present.addresses import *  # noqa: F401,F403
from indexer.present.hits import *  # noqa: F401,F403
from indexer.present.minutes import *  # noqa: F401,F403
from indexer.present.moments import *  # noqa: F401,F403
from indexer.present.people import *  # noqa: F401,F403
from indexer.present.terminal import *  # noqa: F401,F403
from indexer.present.wording import *  # noqa: F401,F403
