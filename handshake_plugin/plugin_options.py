"""The plugin's options as plain values, and a quick way to read them from mkdocs.yml without MkDocs.

MkDocs declares and validates the options (options.py). Loading a config through MkDocs imports its
theme machinery, Markdown and every plugin the config names: twice the time a command like
`handshake status` needs for everything else. `quick_options` reads a plain mkdocs.yml with PyYAML
and accepts only options MkDocs would accept unchanged, with the values MkDocs would give. Anything
else (`INHERIT`, a YAML tag such as `!ENV` in the handshake entry, an unknown option, a value of an
unusual type or one that is wrong) returns None, and the caller loads the config through MkDocs,
which says exactly what is wrong. A test holds the two readers to the same values. The rest of the
file is not checked here (an unknown plugin, a missing docs folder): `handshake check` and
`mkdocs build` load it through MkDocs and say so.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .analysis import Counts, Options
from .calendar import check_cadence, check_day, parse_day, parse_pauses, parse_week
from .problems import InputError

try:
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]


@dataclass(frozen=True)
class PluginOptions:
    """The validated `handshake` options of mkdocs.yml, with MkDocs' defaults."""

    people_dir: str = "people"
    today: dt.date | None = None
    show_contact: bool = False
    strong_after: int = 3
    keep_in_touch: dict[str, str] = field(default_factory=lambda: {"strong": "6w", "met": "12w"})
    nudge_after: str = "7d"
    goal: int = 1
    start: dt.date | None = None
    pauses: frozenset[dt.date] = frozenset()
    counts: Counts = "asks"
    encrypted: bool = False


def check_people_dir(value: str) -> str:
    """`people_dir` if it names a folder inside the journal other than the journal's own; InputError otherwise.

    The journal is the folder of mkdocs.yml: `''` or `.` would read mkdocs.yml as a person, and `..` or an
    absolute path leads out of it (DESIGN.md §2: person files live inside the journal).
    """
    normal = posixpath.normpath(value.replace("\\", "/")) if value.strip() else "."
    if normal == ".":
        raise InputError(f"people_dir {value!r} is the journal's own folder: name the folder of person files "
                         "inside it, e.g. people_dir: people")
    if normal.startswith(("/", "../")) or normal == ".." or re.match(r"^[A-Za-z]:", normal):
        raise InputError(f"people_dir {value!r} leads outside the journal (the folder of mkdocs.yml): name a "
                         "folder inside it, e.g. people_dir: people")
    return value


def resolve_today(option: dt.date | None) -> dt.date:
    """`today`: the option, else `HANDSHAKE_TODAY`, else the local date; resolve it once per command."""
    if option is not None:
        return option
    env = os.environ.get("HANDSHAKE_TODAY")
    if env:
        return parse_day(env, "HANDSHAKE_TODAY")
    return check_day(dt.date.today(), "today's date")


def core_options(options: PluginOptions) -> Options:
    """The analysis options from the plugin's options, with today resolved."""
    return Options(today=resolve_today(options.today), strong_after=options.strong_after,
                   keep_in_touch=dict(options.keep_in_touch), goal=options.goal, start=options.start,
                   pauses=options.pauses, nudge_after=options.nudge_after, counts=options.counts)


# -- reading mkdocs.yml without MkDocs ------------------------------------------------------------

class _Tagged:
    """A value MkDocs' own loader would construct (`!ENV`, `!relative`, `!!python/name:`): not read here."""


class _Loader(_SafeLoader):  # type: ignore[misc,valid-type]
    """PyYAML's safe loader that stands in a `_Tagged` for each tag MkDocs' loader reads, and notes any other."""

    foreign = False
    """A tag MkDocs' loader refuses too was seen: only MkDocs can word what is wrong."""


_MKDOCS_TAGS = ("!ENV", "!relative", "tag:yaml.org,2002:python/")


def _tagged(loader: _Loader, suffix: str, node: yaml.Node) -> _Tagged:
    if not node.tag.startswith(_MKDOCS_TAGS):
        loader.foreign = True
    return _Tagged()


_Loader.add_multi_constructor("", _tagged)

_TOP = frozenset({"people_dir", "today", "show_contact", "strong_after", "keep_in_touch", "nudge_after",
                  "challenge", "encrypted"})
_KEEP_IN_TOUCH = frozenset({"strong", "met"})
_CHALLENGE = frozenset({"goal", "start", "pauses", "counts"})


def quick_options(config_file: Path) -> PluginOptions | None:
    """The handshake options of a plain `config_file`; None when only MkDocs can say (see the module)."""
    try:
        with open(config_file, "rb") as stream:
            loader = _Loader(stream)
            try:
                config = loader.get_single_data()
            finally:
                loader.dispose()
    except (OSError, yaml.YAMLError, ValueError, RecursionError):
        return None
    if loader.foreign or not isinstance(config, dict) or "INHERIT" in config:
        return None
    entries = _plugin_entries(config.get("plugins"))
    if entries is None or len(entries) != 1:
        return None
    try:
        return options_from(entries[0])
    except ValueError:  # InputError is one: MkDocs words the message
        return None


def _plugin_entries(plugins: Any) -> list[Any] | None:
    """The option mappings given to every `handshake` entry of `plugins` ({} for a bare name); None when an
    entry is written in a way only MkDocs reads (`/handshake`, a name that is not text, two names in one)."""
    if isinstance(plugins, dict):
        entries = list(plugins.items())
    elif isinstance(plugins, list):
        entries = []
        for item in plugins:
            if isinstance(item, dict) and len(item) != 1:
                return None
            entries += item.items() if isinstance(item, dict) else [(item, {})]
    else:
        return None
    if any(not isinstance(name, str) or name == "/handshake" for name, _ in entries):
        return None
    return [options or {} for name, options in entries if name == "handshake"]


def options_from(given: Any) -> PluginOptions | None:
    """`given` (the handshake entry's mapping) as options, if MkDocs would take it as it is; else None.

    Raises ValueError for a value of the expected type that is wrong (a bad cadence or week).
    """
    if not _known(given, _TOP) or _has_tag(given, set()):
        return None
    defaults = PluginOptions()
    keep = given.get("keep_in_touch", {})
    challenge = given.get("challenge", {})
    if not (_known(keep, _KEEP_IN_TOUCH) and _known(challenge, _CHALLENGE)):
        return None
    people_dir = given.get("people_dir", defaults.people_dir)
    if isinstance(people_dir, str):
        check_people_dir(people_dir)
    cadences = [given.get("nudge_after", defaults.nudge_after), *keep.values()]
    flags = [given.get(k, False) for k in ("show_contact", "encrypted")]
    counts = challenge.get("counts", "asks")
    start = challenge.get("start")
    pauses = challenge.get("pauses", [])
    if not (isinstance(people_dir, str) and all(isinstance(c, str) for c in cadences)
            and all(isinstance(f, bool) for f in flags) and counts in ("asks", "meetings")
            and isinstance(start, (str, type(None))) and isinstance(pauses, list)
            and all(isinstance(p, str) for p in pauses)):
        return None
    strong_after = given.get("strong_after", defaults.strong_after)
    goal = challenge.get("goal", defaults.goal)
    if not (_positive(strong_after) and _positive(goal)):
        return None
    return PluginOptions(
        people_dir=people_dir, today=_today(given.get("today")), show_contact=flags[0],
        strong_after=strong_after,
        keep_in_touch={"strong": check_cadence(keep.get("strong", defaults.keep_in_touch["strong"])),
                       "met": check_cadence(keep.get("met", defaults.keep_in_touch["met"]))},
        nudge_after=check_cadence(cadences[0]), goal=goal, start=None if start is None else parse_week(start),
        pauses=parse_pauses(pauses), counts=counts, encrypted=flags[1])


def _known(mapping: Any, known: frozenset[str]) -> bool:
    """A mapping of known keys only."""
    return isinstance(mapping, dict) and set(mapping) <= known


def _has_tag(value: Any, seen: set[int]) -> bool:
    """Whether `value` holds a value only MkDocs' loader can read; each object is looked at once, so YAML
    aliases that repeat a list within a list (a "billion laughs") cost no more than the text that wrote them."""
    if isinstance(value, _Tagged):
        return True
    if not isinstance(value, (dict, list)) or id(value) in seen:
        return False
    seen.add(id(value))
    return any(_has_tag(v, seen) for v in (value.values() if isinstance(value, dict) else value))


def _positive(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _today(value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return check_day(value)
    if isinstance(value, str):
        return parse_day(value)
    raise ValueError("only MkDocs words this one")


# -- where a value of mkdocs.yml is written ----------------------------------------------------------


def _composed(config_file: Path) -> yaml.Node | None:
    """The YAML node tree of `config_file` (no value constructed, so no tag or impossible date can fail)."""
    try:
        with open(config_file, "rb") as stream:
            return yaml.compose(stream, Loader=yaml.SafeLoader)
    except (OSError, yaml.YAMLError, ValueError, RecursionError):
        return None


def impossible_dates(config_file: Path) -> list[tuple[int, int, str]]:
    """(line, column, text) of each unquoted date in `config_file` that names no day (`2026-02-30`): YAML
    reads those as dates, and the reader then fails without saying where."""
    root = _composed(config_file)
    found = []
    todo = [root] if root is not None else []
    while todo:
        node = todo.pop()
        if isinstance(node, yaml.MappingNode):
            todo += [part for pair in node.value for part in pair]
        elif isinstance(node, yaml.SequenceNode):
            todo += node.value
        elif isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:timestamp":
            try:
                yaml.SafeLoader("").construct_yaml_timestamp(node)
            except ValueError:
                found.append((node.start_mark.line + 1, node.start_mark.column + 1, node.value))
    return sorted(found)


def option_position(config_file: Path, option: str) -> tuple[int, int] | None:
    """(line, column) of the handshake plugin's option `option` (`today`, or `challenge.start`) in
    `config_file`, or of the handshake entry when the option is not written; None when not found."""
    root = _composed(config_file)
    plugins = _child(root, "plugins")
    entry = None
    if isinstance(plugins, yaml.MappingNode):
        entry = next((pair for pair in plugins.value if pair[0].value == "handshake"), None)
    elif isinstance(plugins, yaml.SequenceNode):
        for item in plugins.value:
            if isinstance(item, yaml.MappingNode) and item.value and item.value[0][0].value == "handshake":
                entry = item.value[0]
    if entry is None:
        return None
    key, node = entry
    for part in option.split("."):
        pair = next((p for p in node.value if p[0].value == part), None) if isinstance(node, yaml.MappingNode) else None
        if pair is None:
            break
        key, node = pair
    mark = node.start_mark if key is not entry[0] and not isinstance(node, yaml.MappingNode) else key.start_mark
    return mark.line + 1, mark.column + 1


def located(config_file: Path, shown: str, message: str) -> str:
    """`shown` with the line and column of the handshake option a config error names
    ("Plugin 'handshake' option 'today': …", "… option 'challenge': Sub-option 'start': …"), when found."""
    match = re.search(r"Plugin 'handshake' option '(\w+)'(?:: Sub-option '(\w+)')?", message)
    position = option_position(config_file, ".".join(p for p in match.groups() if p)) if match else None
    return f"{shown}:{position[0]}:{position[1]}" if position else shown


def located_message(config_file: Path, shown: str, message: str) -> str:
    """A config error from MkDocs as one line that starts with where it is: the location the plugin put
    after the option's name (`HandshakePlugin.load_config`) moved to the front, else found here."""
    inner = re.search(r"option '\w+': (?:Sub-option '\w+': )?(\S+:\d+:\d+): ", message)
    if inner:
        return f"{inner[1]}: {message[:inner.start(1)]}{message[inner.end():]}"
    return f"{located(config_file, shown, message)}: {message}"


def _child(node: yaml.Node | None, name: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        return next((value for key, value in node.value if isinstance(key, yaml.ScalarNode) and key.value == name),
                    None)
    return None
