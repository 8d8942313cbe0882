"""`python -m indexer.roles` without a terminal, on Ctrl-D or Ctrl-C: one line, nothing made,
a non-zero exit; never a traceback."""
from __future__ import annotations

import subprocess
import sys

from indexer import roles

from .paths import ROOT


def test_the_helper_without_a_terminal_or_input_ends_with_one_line():
    # a session of its own: no controlling terminal to ask on; stdin ends at once (Ctrl-D)
    done = subprocess.run([sys.executable, "-m", "indexer.roles"], cwd=ROOT, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, start_new_session=True, timeout=60)
    assert done.returncode == 1 and done.stdout == ""
    assert "Traceback" not in done.stderr and "GetPassWarning" not in done.stderr
    assert done.stderr.strip().splitlines()[-1] == ("No password given (the input ended, or there is no terminal "
                                                    "to ask on); nothing was made.")


def test_the_helper_stopped_with_ctrl_c_makes_nothing(monkeypatch, capsys):
    def stopped(prompt=""):
        raise KeyboardInterrupt

    monkeypatch.setattr("getpass.getpass", stopped)
    assert roles.main([]) == 130
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.strip() == "Stopped; nothing was made."
