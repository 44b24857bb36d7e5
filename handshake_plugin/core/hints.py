"""The "did you mean" hint: the closest known word to one the user wrote, in every message that offers one."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(word: str, known: Iterable[str], *, prefix: bool = False) -> str | None:
    """The known word closest to `word` (with `prefix`, the first that starts with it wins), or None."""
    choices = sorted(known) if prefix else list(known)
    if prefix:
        starting = [k for k in choices if k.startswith(word)]
        if starting:
            return starting[0]
    found = difflib.get_close_matches(word, choices, n=1)
    return found[0] if found else None


def did_you_mean(word: str, known: Iterable[str], *, prefix: bool = False) -> str:
    """`did you mean 'x'? ` (with its trailing space) when a known word is close to `word`, else ""."""
    return suggest(closest(word, known, prefix=prefix))


def suggest(found: str | None) -> str:
    """`did you mean 'x'? ` (with its trailing space) for a word found some other way, else ""."""
    return f"did you mean '{found}'? " if found else ""
