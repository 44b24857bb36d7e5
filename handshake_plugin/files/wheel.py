"""A wheel of the Handshake installed here, for the journal's publishing workflow to install.

Handshake is on no package index: the workflow installs this wheel from the journal's own files and
takes only its dependencies from the index. It holds the installed package's files and metadata as
they are (an editable install's source folder included), so CI builds with the version the user has.
Standard library only; the same files give the same bytes (fixed times, sorted), so writing it again
unchanged leaves git and pip's cache key as they were.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import re
import zipfile
from importlib.metadata import Distribution, PackageNotFoundError, distribution
from pathlib import Path

from ..core.journal import shown
from ..core.problems import InputError

DISTRIBUTION = "handshake-plugin"
PACKAGE = Path(__file__).parent.parent
_TIME = (2020, 1, 1, 0, 0, 0)
_SKIP = re.compile(r"(^|/)(__pycache__|\.[^/]*)(/|$)|\.py[co]$")


class WheelError(InputError):
    """The installed Handshake cannot be packed into a wheel."""


def wheel_name(version: str) -> str:
    """The wheel's file name for a version of Handshake (pure Python, any platform)."""
    return f"{DISTRIBUTION.replace('-', '_')}-{version}-py3-none-any.whl"


def installed() -> Distribution:
    """The installed distribution of Handshake; WheelError when it runs from files that were never installed."""
    try:
        dist = distribution(DISTRIBUTION)
    except PackageNotFoundError:
        dist = None
    if dist is None or dist.read_text("METADATA") is None:
        raise WheelError("Handshake runs here without being installed as a package, so it cannot be copied into "
                         "the journal: install it first (pip install -e /path/to/handshake), then run this again")
    return dist


def write_wheel(folder: Path) -> Path:
    """Write the wheel of the installed Handshake into `folder` (created when missing) and remove other
    versions' wheels there, so the folder holds exactly one; returns its path."""
    dist = installed()
    version = dist.version
    info = f"{DISTRIBUTION.replace('-', '_')}-{version}.dist-info"
    files: dict[str, bytes] = {}
    for path in sorted(PACKAGE.rglob("*")):
        rel = path.relative_to(PACKAGE.parent).as_posix()
        if path.is_file() and not _SKIP.search(rel):
            files[rel] = path.read_bytes()
    files[f"{info}/METADATA"] = (dist.read_text("METADATA") or "").encode("utf-8")
    files[f"{info}/entry_points.txt"] = (dist.read_text("entry_points.txt") or "").encode("utf-8")
    files[f"{info}/WHEEL"] = (b"Wheel-Version: 1.0\nGenerator: handshake publish-setup\n"
                              b"Root-Is-Purelib: true\nTag: py3-none-any\n")
    record = "".join(f"{name},sha256={_digest(data)},{len(data)}\n" for name, data in files.items())
    files[f"{info}/RECORD"] = (record + f"{info}/RECORD,,\n").encode("utf-8")
    target = folder / wheel_name(version)
    partial = folder / (target.name + ".partial")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in files.items():
                entry = zipfile.ZipInfo(name, _TIME)
                entry.external_attr = 0o644 << 16
                entry.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(entry, data)
        partial.replace(target)
        for other in folder.glob(wheel_name("*")):
            if other != target:
                other.unlink()
    except OSError as exc:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise WheelError(f"{shown(Path(exc.filename or folder))}: {exc.strerror or exc}: the wheel of Handshake "
                         f"could not be written there: {shown(folder)} must be a folder you can write in") from None
    return target


def _digest(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")
