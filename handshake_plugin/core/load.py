"""Layer 1: YAML text to plain data with source positions.

The one safe loader of the project. It composes the YAML into nodes (with the
C parser when PyYAML has it) and builds plain Python data itself, so that it
can refuse what a journal never needs and an attacker might use: aliases and
anchors (alias bombs), tags beyond plain YAML (``!!python/...``), duplicate
keys, huge files and impossible dates. Every refusal is a located `Problem`.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .problems import DataError, Problem

try:  # the C loader is several times faster; fall back when PyYAML lacks libyaml
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 256 * 1024
"""Largest person file read: years of notes fit in far less."""

MAX_DEPTH = 20
"""Deepest nesting accepted: a person file needs four levels."""

Key = str | int
DataPath = tuple[Key, ...]
Mark = tuple[int, int]

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_TAG}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}
_constructor = SafeConstructor()


_SYNTAX_HINTS = (
    ("tab", "indent with spaces, not tabs"),
    ("mapping values are not allowed", 'a value that holds ": " must be in quotes, e.g. notes: "Topic: COBOL"'),
    ("expected '-' indicator", "list items must line up: give each `- ` the same indentation"),
    ("found unexpected end of stream", "a quote or bracket is not closed"),
    ("found undefined alias", "anchors and aliases (&name, *name) are not allowed: write the value out"),
)


def dotted(path: DataPath) -> str:
    """A data path as people read it: `meetings[0].date`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


@dataclass
class Document:
    """A parsed data file: its plain data and where each value and key starts."""

    path: str
    data: Any
    marks: dict[DataPath, Mark] = field(default_factory=dict)
    key_marks: dict[DataPath, Mark] = field(default_factory=dict)
    raw: dict[DataPath, str] = field(default_factory=dict)
    """The source text of scalars that YAML reads as something other than text (numbers, dates…)."""
    located: bool = True
    """Whether marks were recorded; without them (the fast path) every problem points at line 1."""
    problems: list[Problem] = field(default_factory=list)
    """What loading found wrong that leaves the rest checkable (an impossible date, a duplicate key): the
    model reports these with every other problem of the file, not the first alone."""
    refused: set[DataPath] = field(default_factory=set)
    """The paths of those problems: the model says nothing more about them."""

    def where(self, path: DataPath, *, key: bool = False) -> Mark:
        """Line and column (1-based) of the value (or key) at `path`, else of its nearest parent."""
        if key and path in self.key_marks:
            return self.key_marks[path]
        while path not in self.marks and path:
            path = path[:-1]
        return self.marks.get(path, (1, 1))

    def problem(self, path: DataPath, message: str, *, key: bool = False, warning: bool = False) -> Problem:
        """A problem located at the value (or key) at `path`."""
        line, col = self.where(path, key=key)
        return Problem(self.path, line, col, message, "warning" if warning else "error")


class _Refused(Exception):
    def __init__(self, node: Node | None, message: str) -> None:
        self.node = node
        self.message = message


class _Local(_Refused):
    """A refusal of one value: the rest of the file is still read and checked."""


def _mark(node: Node) -> Mark:
    return node.start_mark.line + 1, node.start_mark.column + 1


def load_file(path: Path, display: str | None = None, *, located: bool = True) -> Document:
    """Read and parse one data file; raise `DataError` with a located problem if it is refused.

    With `located=False` no positions are recorded (faster, and far less memory): load again with
    positions when a problem must be located. Refusals are located either way.
    """
    shown = display or str(path)
    raw = read_bytes(path, shown)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        message = f"file is not UTF-8 text (byte {exc.start}): save it as UTF-8"
        raise DataError([Problem(shown, 1, 1, message)]) from None
    return load_text(text, shown, located=located)


def read_bytes(path: Path, shown: str) -> bytes:
    """The bytes of a regular file of at most `MAX_BYTES`; `DataError` naming the file if it cannot be read."""
    def refuse(message: str) -> DataError:
        return DataError([Problem(shown, 1, 1, message)])

    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; the mode is checked on the open file.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise refuse("the file is gone, or is a link that leads nowhere: restore it or delete the link") from None
    except PermissionError:
        raise refuse("cannot read the file: permission denied; make it readable (chmod u+r)") from None
    except OSError as exc:
        raise refuse(f"cannot read the file: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise refuse("not a regular file (a FIFO, socket or device): a person file is a plain text file")
        size = os.fstat(fd).st_size
        if size > MAX_BYTES:
            raise refuse(f"file is {size:,} bytes, over the limit of {MAX_BYTES:,}: "
                         "split long notes into week notes in docs/weeks/")
        try:
            raw = handle.read(MAX_BYTES + 1)
        except OSError as exc:
            raise refuse(f"cannot read the file: {exc.strerror or exc}") from None
    if len(raw) > MAX_BYTES:
        raise refuse(f"file is over the limit of {MAX_BYTES:,} bytes: split long notes into week notes in docs/weeks/")
    return raw


def load_text(text: str, path: str, *, located: bool = True) -> Document:
    """Parse YAML text into a `Document`; raise `DataError` with a located problem if it is refused."""
    conflict = merge_conflict(text)
    if conflict is not None:
        raise DataError([Problem(path, conflict[0], conflict[1], _CONFLICT)])
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or "invalid YAML"
        hint = _layout_hint(text, line) or next(
            (h for words, h in _SYNTAX_HINTS if words in what),
            "check indentation, colons and quotes on this line or the one before")
        raise DataError([Problem(path, line, col, f"YAML syntax error: {what}; {hint}")]) from None
    except yaml.reader.ReaderError as exc:
        index = exc.position
        if _Loader.__name__.startswith("C"):  # libyaml counts bytes of the UTF-8 text, not characters
            index = len(text.encode("utf-8")[:index].decode("utf-8", "ignore"))
        line, col = position(text, index)
        char = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        raise DataError([Problem(path, line, col, f"the control character {char} is not allowed in a person "
                                 "file: delete it")]) from None
    except yaml.YAMLError as exc:
        message = " ".join(str(exc).split())
        raise DataError([Problem(path, 1, 1, f"YAML error: {message}")]) from None
    except RecursionError:
        raise DataError([Problem(path, 1, 1, "nesting is too deep: a person file needs only a few levels")]) from None
    if root is None:
        raise DataError([Problem(path, 1, 1, "file is empty: write at least `name: Their Name`")])
    doc = Document(path, None, located=located)
    # An alias needs `*` in the text; without one, no node can be met twice and the check is skipped.
    seen: set[int] | None = set() if "*" in text else None
    try:
        doc.data = _build(root, (), doc, seen, 0)
    except _Refused as exc:
        line, col = _mark(exc.node) if exc.node is not None else (1, 1)
        raise DataError([Problem(path, line, col, exc.message)]) from None
    return doc


# Git's markers are seven characters at a line's start, then a space and a label or the line's end. A
# Markdown heading underline (`=======`) alone is text: a conflict needs `<<<<<<<`, or `=======` and `>>>>>>>`.
_MARKER = re.compile(r"^[ \t]*(<{7}|={7}|>{7}|\|{7})(?![<=>|])(?:[ \t].*)?\r?$", re.MULTILINE)
_CONFLICT = ("unresolved merge conflict: git left `<<<<<<<`, `=======` and `>>>>>>>` lines in this file; keep the "
             "lines you want from each side, delete the marker lines, then `git add` the file")


def merge_conflict(text: str) -> Mark | None:
    """Where an unresolved git merge conflict starts (the `<<<<<<<` line), indented or not, even inside a
    block scalar where the rest would be valid YAML; None when the text holds none."""
    if "=======" not in text and "<<<<<<<" not in text:
        return None
    markers = [(m[1][0], m) for m in _MARKER.finditer(text)]
    kinds = [kind for kind, _ in markers]
    if "<" in kinds:
        start = next(m for kind, m in markers if kind == "<")
    elif "=" in kinds and ">" in kinds[kinds.index("="):]:
        start = next(m for kind, m in markers if kind == "=")
    else:
        return None
    line, _ = position(text, start.start())
    return line, start.start(1) - start.start() + 1


_KEY_LINE = re.compile(r"^( *)([A-Za-z_][\w-]*):(?:\s|$)")
_ITEM_LINE = re.compile(r"^( *)- +(?:([A-Za-z_][\w-]*):)?")


def _layout_hint(text: str, line: int) -> str | None:
    """What to do about a syntax error that comes from layout: a tab, or a key at the level of a list's `- `."""
    lines = text.split("\n")
    if not 0 < line <= len(lines):
        return None
    bad = lines[line - 1]
    lead = bad[:len(bad) - len(bad.lstrip(" \t"))]
    if "\t" in lead:
        return "a tab indents this line: indent with spaces, not tabs (YAML allows only spaces there)"
    key = _KEY_LINE.match(bad)
    if key is None:
        return None
    indent = len(key[1])
    deeper = _over_indented(lines[:line - 1], indent)
    if deeper is not None:
        return (f"`{key[2]}:` is indented further than `{deeper[0]}:` above it ({indent} spaces, not {deeper[1]}): "
                f"line it up with `{deeper[0]}:` (or, if the line continues the text of `{deeper[0]}:`, put that "
                f"text in quotes)")
    items: list[re.Match[str]] = []
    for above in reversed(lines[:line - 1]):
        if not above.strip() or above.lstrip().startswith("#"):
            continue
        width = len(above) - len(above.lstrip(" "))
        item = _ITEM_LINE.match(above)
        if item and width == indent:
            items.append(item)
            continue
        section = _KEY_LINE.match(above)
        if width < indent and section and items:
            first = items[0]  # the item right above the key
            column = first.start(2) if first[2] else first.end()
            key_name = f" `{first[2]}:`" if first[2] else " its first key"
            return (f"`{key[2]}:` belongs to {section[2]}[{len(items) - 1}] but starts at the level of its `- `: "
                    f"indent it under {section[2]}[{len(items) - 1}], in line with{key_name} ({column} spaces)")
        break
    return None


def _over_indented(above: list[str], indent: int) -> tuple[str, int] | None:
    """The key (and its column) of the nearest line above, when a key at `indent` is deeper than it although
    that key holds a value of its own (`date: 2026-01-05`, not `found:`): an over-indented key."""
    for text in reversed(above):
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        item = _ITEM_LINE.match(text)
        if item and item[2]:
            name, column = item[2], item.start(2)
        else:
            match = _KEY_LINE.match(text)
            if match is None:
                return None
            name, column = match[2], len(match[1])
        rest = text.split(":", 1)[1].split(" #", 1)[0].strip()
        return (name, column) if indent > column and rest not in ("", "|", ">", "|-", ">-", "|+", ">+") else None
    return None


def position(text: str, index: int) -> Mark:
    """Line and column (1-based) of a character index of `text`."""
    index = max(0, min(index, len(text)))
    start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - start + 1


def compose(text: str) -> Node | None:
    """The node tree of a text that `load_text` accepts, with exact positions (for edits in place); None if empty."""
    return yaml.compose(text, Loader=_Loader)


def _build(node: Node, path: DataPath, doc: Document, seen: set[int] | None, depth: int) -> Any:
    if seen is not None:
        if id(node) in seen:
            # The composer hands back the anchored node for an alias: meeting it twice means `*alias`.
            raise _Refused(node, "anchors and aliases (&name, *name) are not allowed: "
                           "this value is reused by an alias; write it out in full where it is needed")
        seen.add(id(node))
    if depth > MAX_DEPTH:
        raise _Refused(node, f"nesting deeper than {MAX_DEPTH} levels is not allowed")
    if doc.located:
        doc.marks[path] = _mark(node)
    if isinstance(node, ScalarNode):
        if doc.located and node.tag != f"{_TAG}str":
            doc.raw[path] = node.value
        try:
            return _scalar(node, path)
        except _Local as exc:
            doc.problems.append(Problem(doc.path, *_mark(node), exc.message))
            doc.refused.add(path)
            return node.value
    if isinstance(node, SequenceNode):
        _plain_tag(node, "seq")
        return [_build(item, path + (i,), doc, seen, depth + 1) for i, item in enumerate(node.value)]
    if isinstance(node, MappingNode):
        _plain_tag(node, "map")
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if seen is not None and id(key_node) in seen:
                raise _Refused(key_node, "anchors and aliases (&name, *name) are not allowed: "
                               "write the key out in full")
            if not isinstance(key_node, ScalarNode) or key_node.tag != f"{_TAG}str":
                if key_node.tag == f"{_TAG}merge":
                    raise _Refused(key_node, "merge keys (<<) are not allowed: write the keys out in full")
                raise _Refused(key_node, "keys must be plain words such as `name` or `date`")
            key = key_node.value
            if key in result:
                doc.problems.append(Problem(doc.path, *_mark(key_node),
                                            f"duplicate key '{key}': keep one and delete the other"))
                doc.refused.add(path + (key,))
                continue
            if doc.located:
                doc.key_marks[path + (key,)] = _mark(key_node)
            result[key] = _build(value_node, path + (key,), doc, seen, depth + 1)
        return result
    raise _Refused(node, "unsupported YAML node")  # pragma: no cover - compose yields only these


def _plain_tag(node: Node, kind: str) -> None:
    if node.tag != f"{_TAG}{kind}":
        raise _Refused(node, f"the tag {node.tag} is not allowed: remove it and write plain YAML")


def _scalar(node: ScalarNode, path: DataPath) -> Any:
    if node.tag not in _SCALAR_TAGS:
        raise _Refused(node, f"the tag {node.tag} is not allowed: remove it (quote the value if it is text)")
    if node.tag == f"{_TAG}str":
        return node.value
    if node.tag == f"{_TAG}timestamp":
        try:
            value = _constructor.construct_yaml_timestamp(node)
        except ValueError:
            where = f"{dotted(path)}: " if path else ""
            raise _Local(node, f"{where}'{node.value}' is not a real date: "
                           "write a date that exists, as YYYY-MM-DD") from None
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            value = value.replace(tzinfo=None)
        return value
    constructor = _constructor.yaml_constructors[node.tag]
    try:
        return constructor(_constructor, node)
    except (ValueError, OverflowError):
        raise _Refused(node, f"cannot read '{node.value}': quote it if it is text") from None
