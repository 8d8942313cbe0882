"""Words: text in, the terms that search and indexing share out (stemming, compounds, the
English–Danish bridge).
"""


def counted(n: int, noun: str) -> str:
    """An English count with its noun: "1 meeting", "2,000 meetings"."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"
