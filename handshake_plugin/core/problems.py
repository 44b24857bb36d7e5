"""Located problems: every error or warning about the data names file, line and column."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .terminal import tty

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in a data file, with where it is (1-based line and column)."""

    path: str
    line: int
    column: int
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        # Messages quote values from the data: escaped, a value cannot forge another line or clear a screen.
        label = "" if self.severity == "error" else "warning: "
        return f"{tty(self.path)}:{self.line}:{self.column}: {label}{tty(self.message)}"


class HandshakeError(Exception):
    """Base of every error the program tells the user in one line; any other exception is a bug."""


class InputError(HandshakeError, ValueError):
    """A value the user gave (an option, a flag, a date, a week) is not valid; the message says what to write."""


class DataError(HandshakeError):
    """Raised when data files hold errors; carries every problem found in the run."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def errors_in(problems: list[Problem]) -> list[Problem]:
    """The problems that are errors (not warnings)."""
    return [p for p in problems if p.severity == "error"]
