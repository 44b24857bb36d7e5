"""Writing files atomically: a temporary file beside the target, flushed to disk, then put in place."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .problems import HandshakeError


class Refused(HandshakeError):
    """The write would overwrite something, or cannot be done where asked."""


@contextmanager
def _staged(path: Path, text: str) -> Iterator[str]:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".handshake-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        yield tmp
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def require_new_folder(target: Path) -> None:
    """Refuse a target folder that exists and is not empty (or is a file): nothing in it is ever overwritten."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise Refused(f"{target} is not empty: give a new or empty folder")


def write_new(path: Path, text: str) -> None:
    """Write a new file, never over an existing one: linking the staged file fails if `path` exists."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with _staged(path, text) as tmp:
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise Refused(f"{path} already exists: it was left as it is") from None


def replace(path: Path, text: str, unchanged: Callable[[], None] | None = None) -> None:
    """Replace an existing file in one rename, keeping its permissions; on any failure it is untouched.

    `unchanged()` runs right before the rename, once the new text is on disk: it raises to refuse
    (the file changed since it was read), and the file is left as it is.
    """
    with _staged(path, text) as tmp:
        os.chmod(tmp, path.stat().st_mode & 0o7777)
        if unchanged is not None:
            unchanged()
        os.replace(tmp, path)


def write_new_files(files: list[tuple[Path, str]]) -> list[Path]:
    """Write many new files, never over existing ones; returns those that existed (left as they were).

    As `write_new`, each file is staged then linked into place, but one sync to disk covers them all
    (an import of thousands of people would otherwise spend most of its time in fsync).
    """
    staged: list[str] = []
    try:
        for path, text in files:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".handshake-", suffix=".tmp")
            staged.append(tmp)
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
        os.sync()
        existed = []
        for (path, _), tmp in zip(files, staged, strict=True):
            try:
                os.link(tmp, path)
            except FileExistsError:
                existed.append(path)
        return existed
    finally:
        for tmp in staged:
            if os.path.exists(tmp):
                os.unlink(tmp)
