"""The plugin's options, declared once, and a quick way to read them from mkdocs.yml without MkDocs.

`OPTIONS` is the one declaration of the `handshake` entry of mkdocs.yml: each option's name, default,
meaning and reader (the function that turns a written value into the typed value, or says what to
write instead). MkDocs' config classes are made from it (engine/config.py), `quick_options` reads a
plain config with it, and the analysis takes its defaults from it: the readers cannot disagree.

Loading a config through MkDocs imports its theme machinery, Markdown and every plugin the config
names: twice the time a command like `handshake status` needs for everything else. `quick_options`
reads a plain mkdocs.yml with PyYAML and returns None for anything only MkDocs can read or word well
(`INHERIT`, a YAML tag such as `!ENV` in the handshake entry, an unknown option, a wrong value): the
caller then loads the config through the engine, which runs the same readers and says where.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .calendar import check_cadence, check_day, parse_day, parse_pauses, parse_week
from .problems import InputError
from .vocabulary import COUNTS

try:
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]


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




def _one(value: object, example: str) -> str:
    """A single value as text; a list or mapping is refused unprinted (YAML aliases can make one huge)."""
    if isinstance(value, (list, dict)):
        raise InputError(f"write one value here, not a list or mapping, e.g. {example}")
    return str(value)


def _folder(value: object) -> str:
    if not isinstance(value, str):
        raise InputError(f"write a folder inside the journal, e.g. people_dir: people (not {type(value).__name__})")
    return check_people_dir(value)


def _day(value: object) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return check_day(value)
    return parse_day(_one(value, "2026-01-14"))


def _flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise InputError(f"write true or false, not {_one(value, 'true')!r}")
    return value


def _whole(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InputError(f"expected a whole number of 1 or more, got {_one(value, '3')!r}"
                         if not isinstance(value, int) or isinstance(value, bool) else
                         f"expected a whole number of 1 or more, got {value}")
    return value


def _cadence(value: object) -> str:
    return check_cadence(_one(value, "6w"))


def _maybe_cadence(value: object) -> str | None:
    return None if value is None else _cadence(value)


def _week(value: object) -> dt.date | None:
    return None if value is None else parse_week(_one(value, "2026-W02"))


def _weeks(value: object) -> frozenset[dt.date]:
    if not isinstance(value, list):
        raise InputError("write a list of ISO weeks, e.g. [2026-W31, 2026-W52..2027-W01]")
    return parse_pauses(_one(v, "2026-W31 or 2026-W52..2027-W01") for v in value)


def _counts(value: object) -> str:
    if value not in COUNTS:
        raise InputError(f"write one of {', '.join(COUNTS)}, not {_one(value, 'asks')!r}")
    return str(value)


@dataclass(frozen=True)
class Option:
    """One option of the handshake entry: `name` (dotted within a group), its default as written, what it
    means, and `read`, which turns a written value into the typed value or raises InputError saying what to
    write instead."""

    name: str
    default: Any
    doc: str
    read: Callable[[Any], Any]

    @property
    def group(self) -> str:
        """The group the option belongs to (`challenge`), or "" for a top-level option."""
        return self.name.rpartition(".")[0]

    @property
    def key(self) -> str:
        """The option's own key within its group."""
        return self.name.rpartition(".")[2]


OPTIONS: tuple[Option, ...] = (
    Option("people_dir", "people", "Folder of person files, relative to mkdocs.yml.", _folder),
    Option("today", None, "The day figures are computed for; else env HANDSHAKE_TODAY; else the local date.", _day),
    Option("show_contact", False, "Contact fields are left out of the site unless true.", _flag),
    Option("strong_after", 3, "Held meetings that make a tie strong.", _whole),
    Option("keep_in_touch.strong", "6w", "Default cadence of strong ties (a person's own keep_in_touch wins).",
           _cadence),
    Option("keep_in_touch.met", None, "Default cadence of people met, e.g. 12w; none by default, so someone you "
           "met once is not a duty (a person's own keep_in_touch wins).", _maybe_cadence),
    Option("nudge_after", "7d", "A pending ask this old is listed as waiting for an answer: time for one friendly "
           "follow-up.", _cadence),
    Option("challenge.goal", 1, "Handshakes per week.", _whole),
    Option("challenge.start", None, "First ISO week (2026-W02); default: the week of the earliest handshake.", _week),
    Option("challenge.pauses", [], "Weeks off: single weeks and ranges 2026-W52..2027-W01; they neither count nor "
           "break a streak.", _weeks),
    Option("challenge.counts", "asks", "What makes a handshake: your first ask of someone new (asks), or your first "
           "meeting (meetings).", _counts),
    Option("encrypted", False, "Built with the encryptcontent plugin: opaque person URLs, generic titles, no "
           "calendar feed. Needs HANDSHAKE_PASSWORD in the environment (see mkdocs.encrypted.yml).", _flag),
)
"""Every option of the handshake entry, in the order the docs list them."""

GROUPS: dict[str, str] = {"keep_in_touch": "Default cadences by stage (a person's own keep_in_touch wins).",
                          "challenge": "The weekly challenge."}
"""The groups of options (sub-mappings of the entry) and what they hold."""


def default(name: str) -> Any:
    """The typed default of the option `name` (`challenge.goal`)."""
    option = next(o for o in OPTIONS if o.name == name)
    return option.read(copy_default(option.default))


def copy_default(value: Any) -> Any:
    """A fresh copy of a written default (a list must not be shared between configs)."""
    return list(value) if isinstance(value, list) else value


@dataclass(frozen=True)
class PluginOptions:
    """The validated `handshake` options of mkdocs.yml as typed values; the defaults come from `OPTIONS`."""

    people_dir: str = default("people_dir")
    today: dt.date | None = default("today")
    show_contact: bool = default("show_contact")
    strong_after: int = default("strong_after")
    keep_in_touch: dict[str, str] = field(default_factory=lambda: _cadences(default("keep_in_touch.strong"),
                                                                            default("keep_in_touch.met")))
    nudge_after: str = default("nudge_after")
    goal: int = default("challenge.goal")
    start: dt.date | None = default("challenge.start")
    pauses: frozenset[dt.date] = default("challenge.pauses")
    counts: str = default("challenge.counts")
    encrypted: bool = default("encrypted")

    @classmethod
    def from_values(cls, values: Mapping[str, Any]) -> PluginOptions:
        """Options from the read value of every option, by its dotted name."""
        return cls(people_dir=values["people_dir"], today=values["today"], show_contact=values["show_contact"],
                   strong_after=values["strong_after"],
                   keep_in_touch=_cadences(values["keep_in_touch.strong"], values["keep_in_touch.met"]),
                   nudge_after=values["nudge_after"], goal=values["challenge.goal"], start=values["challenge.start"],
                   pauses=values["challenge.pauses"], counts=values["challenge.counts"], encrypted=values["encrypted"])


def _cadences(strong: str | None, met: str | None) -> dict[str, str]:
    """The default cadences by stage; a stage without one (None) is left out: its people have no cadence."""
    return {stage: value for stage, value in (("strong", strong), ("met", met)) if value is not None}


def resolve_today(option: dt.date | None) -> dt.date:
    """`today`: the option, else `HANDSHAKE_TODAY`, else the local date; resolve it once per command."""
    if option is not None:
        return option
    env = os.environ.get("HANDSHAKE_TODAY")
    if env:
        return parse_day(env, "HANDSHAKE_TODAY")
    return check_day(dt.date.today(), "today's date")


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
    """`given` (the handshake entry's mapping) read with `OPTIONS`; None when only MkDocs can say what is wrong
    (an unknown option, a group that is no mapping, a tag) or when a reader refuses a value (MkDocs runs the
    same reader, and says where the value is)."""
    if not isinstance(given, dict) or _has_tag(given, set()):
        return None
    groups = {"": given, **{group: given.get(group, {}) for group in GROUPS}}
    for group, written in groups.items():
        known = {o.key for o in OPTIONS if o.group == group} | (set(GROUPS) if not group else set())
        if not isinstance(written, dict) or set(written) - known:
            return None
    values = {}
    for option in OPTIONS:
        written = groups[option.group].get(option.key, copy_default(option.default))
        try:
            values[option.name] = option.read(written)
        except (InputError, ValueError, TypeError):
            return None
    return PluginOptions.from_values(values)


def _has_tag(value: Any, seen: set[int]) -> bool:
    """Whether `value` holds a value only MkDocs' loader can read; each object is looked at once, so YAML
    aliases that repeat a list within a list (a "billion laughs") cost no more than the text that wrote them."""
    if isinstance(value, _Tagged):
        return True
    if not isinstance(value, (dict, list)) or id(value) in seen:
        return False
    seen.add(id(value))
    return any(_has_tag(v, seen) for v in (value.values() if isinstance(value, dict) else value))


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
