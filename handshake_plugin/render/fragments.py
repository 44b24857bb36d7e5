"""Layer 4: pieces of a page that shows the whole journal, kept from one `mkdocs serve` build to the next.

Under `mkdocs serve` a save changes a row or two of the people table, or one week of the challenge log; the
hub pages are rendered again (their input, the analysis, changed), but their other pieces are the ones
rendered last time. A template marks a piece with `{% call fragment(name, value) %}…{% endcall %}`: `name`
says which piece it is (("row", id), ("week", label)), and `value` holds whole values — the facts of every
person the piece names, the week it shows — compared with the last render's by equality (`render.inputs`
says why that is exact). The piece is reused when its value is equal, and rendered again otherwise.

Only the package's own templates use kept pieces: in a user's override a piece may read more than its value
says, so there every piece is rendered every time (`SiteRenderer.render`).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from markupsafe import Markup


class Fragments:
    """The pieces of one template's last render, by name, each with the value it was rendered from.

    Pieces nest: a whole table whose rows are unchanged is taken as it was, and when one row changed, only
    that row is rendered again. Only the pieces of the latest render are kept: one page's worth.
    """

    def __init__(self) -> None:
        self.last: dict[Hashable, tuple[object, Markup, tuple[Hashable, ...]]] = {}
        self.now: dict[Hashable, tuple[object, Markup, tuple[Hashable, ...]]] = {}
        """Name to (the value, the piece, the names of the pieces inside it)."""
        self.made = 0
        """How many pieces were rendered anew rather than reused (for tests and benchmarks)."""
        self._inside: list[list[Hashable]] = []

    def get(self, name: Hashable, value: object, render: Callable[[], str]) -> Markup:
        """The piece `name` as rendered before from an equal `value`, or rendered now."""
        entry = self.now.get(name)
        if entry is None or entry[0] != value:
            entry = self.last.get(name)
            if entry is not None and entry[0] == value:
                self._keep(entry[2])
            else:
                self._inside.append([])
                try:
                    piece = Markup(render())
                finally:
                    inner = tuple(self._inside.pop())
                entry = (value, piece, inner)
                self.made += 1
            self.now[name] = entry
        if self._inside:
            self._inside[-1].append(name)
        return entry[1]

    def _keep(self, names: tuple[Hashable, ...]) -> None:
        """Carry the pieces inside a reused piece over to the next render."""
        for name in names:
            if name not in self.now and name in self.last:
                entry = self.now[name] = self.last[name]
                self._keep(entry[2])

    def done(self) -> None:
        """End a render: its pieces are the ones kept for the next."""
        self.last, self.now = self.now, {}
