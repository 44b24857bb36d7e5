"""Text from the data, made safe for a terminal: control characters are shown escaped (DESIGN.md §8)."""

from __future__ import annotations

import re

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def tty(text: object) -> str:
    """`text` with control characters (line breaks, ESC, bidi overrides) written as escapes: one value, one line."""
    return _CONTROL.sub(lambda m: m[0].encode("unicode_escape").decode("ascii"), str(text))
