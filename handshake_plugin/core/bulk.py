"""Python's cycle collector around a journal's thousands of records: paused while they are made, and its
full passes kept out of `mkdocs serve` rebuilds.

The records hold no reference cycles, yet every few hundred allocations the collector walks all
live objects; over 5,000 people that walk costs a third of the reading time. Reference counting
still frees everything as usual while the collector waits.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block with the cycle collector off (and back to how it was after)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class IdleCollector:
    """Runs the collector's full passes between `mkdocs serve` rebuilds instead of during them.

    A serving plugin keeps the journal from one rebuild to the next (some 300,000 objects at 5,000 people,
    against 40,000 for plain MkDocs), and every rebuild allocates enough to set off a full pass that walks
    them all: about 0.3 s of a one-second save-to-reload. While serving, full passes are left to this
    class: one runs `delay` seconds after each rebuild, once the browser has reloaded, unless another rebuild
    has begun (then after that one; after `most_skipped` rebuilds without one, at the start of the next).
    The young generations still run as usual, so a build's short-lived cycles are freed as it goes.
    """

    def __init__(self, delay: float = 0.5, most_skipped: int = 3) -> None:
        self.delay = delay
        self.most_skipped = most_skipped
        self.skipped = 0
        """Rebuilds since the last full pass."""
        self._saved: tuple[int, int, int] | None = None
        self._timer: threading.Timer | None = None

    def start(self) -> None:
        """Take over the full passes (when serving begins)."""
        if self._saved is None:
            self._saved = gc.get_threshold()
            # The third threshold counts young passes between full ones: never reached, it leaves them to us.
            gc.set_threshold(self._saved[0], self._saved[1], 1 << 30)

    def build_started(self) -> None:
        """A rebuild begins: no full pass during it, unless too many rebuilds went without one."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self.skipped >= self.most_skipped:
            self._collect()

    def build_done(self) -> None:
        """A rebuild ended, well or not: a full pass once the server has been idle for `delay` seconds."""
        self.skipped += 1
        if self._saved is None:
            return
        self._timer = threading.Timer(self.delay, self._collect)
        self._timer.daemon = True
        self._timer.start()

    def stop(self) -> None:
        """Give the full passes back to Python (when serving ends)."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            self._saved = None

    def _collect(self) -> None:
        gc.collect()
        self.skipped = 0
