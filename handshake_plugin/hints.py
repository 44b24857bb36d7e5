"""The one "did you mean" rule of the program (DESIGN.md §9: each rule has one home)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(word: str, options: Iterable[str]) -> str | None:
    """The option `word` most likely meant: the first (sorted) that starts with it, else the most similar, else None."""
    choices = sorted(set(options))
    if word:
        starting = [o for o in choices if o.startswith(word)]
        if starting:
            return starting[0]
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return close[0] if close else None
