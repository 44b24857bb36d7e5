"""Writing files safely: staged beside the target, flushed, put in place in one step, under a lock.

Every write here either happens whole or not at all: a full disk, a read-only folder or Ctrl-C
leaves no half-written file and no temporary file behind, and is told as one line (`WriteFailed`).
New files get the mode the user's umask gives, as any editor's would.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import socket
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..core.problems import HandshakeError


class Refused(HandshakeError):
    """The write would overwrite something, or cannot be done where asked."""


class WriteFailed(HandshakeError):
    """The system refused a write (disk full, read-only, no permission); nothing was written."""


class Locked(HandshakeError):
    """Another `handshake` holds the file's lock, or a stopped one left it behind."""


LOCK_WAIT = 5.0
"""Seconds an edit waits for another handshake's edit of the same file to finish."""


def _shown(path: Path | str) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def _new_file_mode() -> int:
    mask = os.umask(0)  # reading the umask means setting it: put it straight back
    os.umask(mask)
    return 0o666 & ~mask


@contextmanager
def uninterrupted() -> Iterator[None]:
    """Hold Ctrl-C (SIGINT) until the block ends: a write is finished and cleaned up, then the interrupt lands."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        raise KeyboardInterrupt


@contextmanager
def _failures(target: Path) -> Iterator[None]:
    """OS errors of a write as one line naming the target."""
    try:
        yield
    except FileExistsError:
        raise  # the callers' own refusal: never overwrite
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise WriteFailed(f"cannot write {_shown(target)}: {reason}; nothing was written") from None


@contextmanager
def _staged(path: Path, text: str, mode: int | None) -> Iterator[str]:
    with uninterrupted(), _failures(path):
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".handshake-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, _new_file_mode() if mode is None else mode)
            yield tmp
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)


def require_new_folder(target: Path) -> None:
    """Refuse a target folder that exists and is not empty (or is a file): nothing in it is ever overwritten."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise Refused(f"{target} is not empty: give a new or empty folder")


def make_folder(folder: Path) -> None:
    """Create `folder` (and its parents) if needed, with one-line errors."""
    with _failures(folder):
        folder.mkdir(parents=True, exist_ok=True)


def write_new(path: Path, text: str) -> None:
    """Write a new file, never over an existing one: linking the staged file fails if `path` exists."""
    make_folder(path.parent)
    with _staged(path, text, None) as tmp:
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise Refused(f"{path} already exists: it was left as it is") from None


def replace(path: Path, text: str, unchanged: Callable[[], None] | None = None) -> None:
    """Replace an existing file in one rename, keeping its permissions; on any failure it is untouched.

    `unchanged()` runs right before the rename, once the new text is on disk: it raises to refuse
    (the file changed since it was read), and the file is left as it is.
    """
    with _staged(path, text, path.stat().st_mode & 0o7777) as tmp:
        if unchanged is not None:
            unchanged()
        os.replace(tmp, path)


def write_new_files(files: list[tuple[Path, str]]) -> list[Path]:
    """Write many new files, never over existing ones; returns those that existed (left as they were).

    As `write_new`, each file is staged then linked into place, but one sync to disk covers them all
    (an import of thousands of people would otherwise spend most of its time in fsync). A failure
    while staging (a full disk) writes none of them.
    """
    staged: list[str] = []
    mode = _new_file_mode()
    with uninterrupted():
        try:
            for path, text in files:
                with _failures(path):
                    path.parent.mkdir(parents=True, exist_ok=True)
                    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".handshake-", suffix=".tmp")
                    staged.append(tmp)
                    with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                        handle.write(text)
                    os.chmod(tmp, mode)
            if files:
                with _failures(files[0][0].parent):
                    os.sync()
            existed = []
            for (path, _), tmp in zip(files, staged, strict=True):
                try:
                    with _failures(path):
                        os.link(tmp, path)
                except FileExistsError:
                    existed.append(path)
            return existed
        finally:
            for tmp in staged:
                if os.path.exists(tmp):
                    os.unlink(tmp)


# -- one writer per file ---------------------------------------------------------------------


def lock_path(path: Path) -> Path:
    """The lock file of `path`: hidden beside it, so the reader never takes it for a person."""
    return path.with_name(f".{path.name}.lock")


@contextmanager
def locked(path: Path, wait: float = LOCK_WAIT) -> Iterator[None]:
    """Hold the exclusive lock of `path` (as git's index.lock) for the block: one edit of a file at a time.

    Another handshake's edit is waited for up to `wait` seconds; a lock left by a process that no
    longer runs is explained, never silently broken.
    """
    lock = lock_path(path)
    deadline = time.monotonic() + wait
    while True:
        with uninterrupted():
            try:
                with _failures(path):
                    fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                fd = -1
            if fd >= 0:
                stamp = dt.datetime.now().astimezone().isoformat(timespec="seconds")
                os.write(fd, f"{os.getpid()} {socket.gethostname()} {stamp}\n".encode())
                os.close(fd)
                break
        holder = _holder(lock)
        if holder is not None and holder[2] is False:
            raise Locked(f"{_shown(lock)} was left by a handshake that stopped (pid {holder[0]}, "
                         f"started {holder[1]}): if no handshake is running, delete that file and run the command "
                         "again; nothing was written")
        if time.monotonic() >= deadline:
            who = f" (pid {holder[0]}, since {holder[1]})" if holder else ""
            raise Locked(f"{_shown(path)} is being edited by another handshake{who}: run the command again when it "
                         f"has finished (if none is running, delete {_shown(lock)}); nothing was written")
        time.sleep(0.02)
    try:
        yield
    finally:
        with uninterrupted():
            try:
                os.unlink(lock)
            except FileNotFoundError:
                pass


def _holder(lock: Path) -> tuple[int, str, bool | None] | None:
    """Pid, start time and whether the holder of `lock` still runs (None: cannot tell, e.g. another host)."""
    try:
        pid_text, host, stamp = lock.read_text(encoding="utf-8").split()
        pid = int(pid_text)
    except (OSError, ValueError):
        return None  # being written this moment, or gone
    if host != socket.gethostname():
        return pid, stamp, None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return pid, stamp, False
    except PermissionError:
        pass  # it runs, as another user
    return pid, stamp, True
