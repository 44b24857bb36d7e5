"""The plugin's options (the `handshake` entry of mkdocs.yml), declared with MkDocs' config classes.

Each option is validated and parsed once, into the typed value the core uses (a Monday for
`challenge.start`, a frozen set of Mondays for `challenge.pauses`); `plugin_options` only gathers them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c

from .calendar import check_cadence, check_day, parse_day, parse_pauses, parse_week
from .hints import did_you_mean
from .plugin_options import PluginOptions, check_people_dir
from .problems import InputError


def _one_value(value: object, example: str) -> str:
    """A single value as text; a list or mapping is refused unprinted (YAML aliases can make one huge)."""
    if isinstance(value, (list, dict)):
        raise base.ValidationError(f"write one value here, not a list or mapping, e.g. {example}")
    return str(value)


class _Cadence(c.BaseConfigOption[str]):
    def __init__(self, default: str) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> str:
        try:
            return check_cadence(_one_value(value, "6w"))
        except InputError as exc:
            raise base.ValidationError(str(exc)) from None


class _Week(c.BaseConfigOption[dt.date]):
    """An ISO week `YYYY-Www`, parsed into its Monday."""

    def run_validation(self, value: object) -> dt.date:
        try:
            return parse_week(_one_value(value, "2026-W02"))
        except InputError as exc:
            raise base.ValidationError(str(exc)) from None


class _Pauses(c.BaseConfigOption[frozenset]):
    """ISO weeks and ranges of them, parsed into the set of their Mondays."""

    def __init__(self) -> None:
        super().__init__()
        self.default: list[str] = []

    def run_validation(self, value: object) -> frozenset[dt.date]:
        if not isinstance(value, list):
            raise base.ValidationError("write a list of ISO weeks, e.g. [2026-W31, 2026-W52..2027-W01]")
        try:
            return parse_pauses(_one_value(v, "2026-W31 or 2026-W52..2027-W01") for v in value)
        except InputError as exc:
            raise base.ValidationError(str(exc)) from None


class _Day(c.BaseConfigOption[dt.date]):
    def run_validation(self, value: object) -> dt.date:
        try:
            if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
                return check_day(value)
            return parse_day(_one_value(value, "2026-01-14"))
        except ValueError as exc:
            raise base.ValidationError(str(exc)) from None


class _PeopleDir(c.Type):
    """A folder inside the journal, not the journal's own (`check_people_dir`)."""

    def __init__(self) -> None:
        super().__init__(str, default="people")

    def run_validation(self, value: object) -> str:
        try:
            return check_people_dir(super().run_validation(value))
        except InputError as exc:
            raise base.ValidationError(str(exc)) from None


class _PositiveInt(c.Type):
    def __init__(self, default: int) -> None:
        super().__init__(int, default=default)

    def run_validation(self, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise base.ValidationError(f"expected a whole number of 1 or more, got {value!r}")
        return value


class _Hinted(base.Config):
    """A config whose unknown keys get a "did you mean" (they stay warnings, as MkDocs makes them)."""

    def _validate(self) -> tuple[Any, Any]:
        failed, warnings = super()._validate()
        return failed, [(key, _unknown(key, message, self._schema_keys)) for key, message in warnings]


def _unknown(key: str, message: str, known: set[str]) -> str:
    if not message.startswith("Unrecognised configuration name"):
        return message
    hint = did_you_mean(key, known).rstrip()
    return f"unknown option '{key}' is ignored: " + (hint or f"known options are {', '.join(sorted(known))}")


class KeepInTouchConfig(_Hinted):
    """Default cadences by stage (a person's own `keep_in_touch` wins)."""

    strong = _Cadence("6w")
    met = _Cadence("12w")


class ChallengeConfig(_Hinted):
    """The weekly challenge."""

    goal = _PositiveInt(1)
    """Handshakes per week."""
    start = c.Optional(_Week())
    """First ISO week (`2026-W02`); default: the week of the earliest handshake."""
    pauses = _Pauses()
    """Weeks off: single weeks and ranges `2026-W52..2027-W01`; they neither count nor break a streak."""
    counts = c.Choice(("asks", "meetings"), default="asks")
    """What makes a handshake: your first ask of someone new (`asks`), or your first meeting (`meetings`)."""


class HandshakeConfig(_Hinted):
    """Options of the `handshake` plugin in mkdocs.yml."""

    people_dir = _PeopleDir()
    """Folder of person files, relative to mkdocs.yml."""
    today = c.Optional(_Day())
    """The day figures are computed for; else env HANDSHAKE_TODAY; else the local date."""
    show_contact = c.Type(bool, default=False)
    """Contact fields are left out of the site unless true."""
    strong_after = _PositiveInt(3)
    """Held meetings that make a tie strong."""
    keep_in_touch = c.SubConfig(KeepInTouchConfig)
    nudge_after = _Cadence("7d")
    """A pending ask this old is listed as waiting for an answer: time for one friendly follow-up."""
    challenge = c.SubConfig(ChallengeConfig)
    encrypted = c.Type(bool, default=False)
    """Built with the encryptcontent plugin: opaque person URLs, generic titles, no calendar feed.
    Needs HANDSHAKE_PASSWORD in the environment (see mkdocs.encrypted.yml)."""


def plugin_options(cfg: HandshakeConfig) -> PluginOptions:
    """The validated plugin config as plain values."""
    return PluginOptions(
        people_dir=cfg.people_dir, today=cfg.today, show_contact=cfg.show_contact, strong_after=cfg.strong_after,
        keep_in_touch={"strong": cfg.keep_in_touch.strong, "met": cfg.keep_in_touch.met},
        nudge_after=cfg.nudge_after, goal=cfg.challenge.goal, start=cfg.challenge.start,
        pauses=cfg.challenge.pauses, counts="meetings" if cfg.challenge.counts == "meetings" else "asks",
        encrypted=cfg.encrypted)
