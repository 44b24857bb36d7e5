"""Appending asks and meetings to a person file, answering an ask and keeping a promise, without losing a byte.

A round-trip YAML library re-emits the whole document (indentation, quoting and line widths
normalised), so instead the new entry is inserted as text at the place the loader's positions
give, and every other byte of the file stays as it was. The entry's values are written by the
YAML emitter (quoting is its job).

Every edit proves itself before anything is written: the new text, read back, must hold exactly
the old data plus the one change the command reports, whatever the file's layout (block scalars of
any chomping, blank lines, comments, flow style, CR, CRLF or LF line endings, a byte-order mark).
Where the first place to insert does not prove, the next one is tried; if none does, the edit is
refused and the file is left as it was. The replacement is one critical section under the file's
lock: read, check, then an atomic rename.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..core.hints import closest
from ..core.load import MAX_BYTES, Document, compose, load_text, read_bytes
from ..core.model import PERSON_KEYS, Journal, check_references, person_from_document
from ..core.problems import DataError, HandshakeError, errors_in
from ..core.terminal import tty
from . import atomic
from .spans import fields, key_value, line_end, line_start


class EditError(HandshakeError):
    """The edit was refused; the file is untouched."""


class NoOpenPromise(EditError):
    """`done` or `drop` found no open promise in the file (it may be in the file of another who was there)."""


BOM = "\ufeff"
LIST_KEYS = ("asks", "meetings")
"""The lists the commands edit: a key misspelt close to one of them is named, never written beside."""


# -- proving an edit -------------------------------------------------------------------------


def same_data(a: Any, b: Any) -> bool:
    """Whether two loaded values are the same data: equal, of the same types, keys in the same order."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same_data(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same_data(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def _data(text: str) -> Any:
    return load_text(text, "edit", located=False).data


def _first_proven(candidates: Iterable[str], expected: Any, what: str) -> str:
    """The first candidate text that reads back as `expected`; refuse when none does."""
    for candidate in dict.fromkeys(candidates):  # in order, each once
        try:
            if same_data(_data(candidate), expected):
                return candidate
        except DataError:
            continue
    raise EditError(f"cannot add {what} safely in this file's layout (the result would not read back as the "
                    "old data plus exactly that): nothing was written; add it by hand")


def _line_break(text: str) -> str:
    """The file's line break: the most common of CRLF, CR and LF (LF when it has none)."""
    crlf = text.count("\r\n")
    counts = {"\r\n": crlf, "\r": text.count("\r") - crlf, "\n": text.count("\n") - crlf}
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] else "\n"


def _in_lf(text: str, edit: Callable[[str], tuple[str, ...]]) -> tuple[str, ...]:
    """Run `edit` on `text` without its byte-order mark and with LF line breaks; the result gets both back.

    Node positions count from after a byte-order mark, and every position helper looks for LF.
    """
    bom = text.startswith(BOM)
    body = text[len(BOM):] if bom else text
    newline = _line_break(body)
    if newline != "\n" or "\r" in body:
        body = body.replace("\r\n", "\n").replace("\r", "\n")
    new_body, *rest = edit(body)
    if newline != "\n":
        new_body = new_body.replace("\n", newline)
    return ((BOM if bom else "") + new_body, *rest)


def _lines_at(text: str, at: int, lines: str) -> str:
    """`text` with whole `lines` inserted at index `at` (a line start, or the end of the text)."""
    if at >= len(text):
        return text + ("" if not text or text.endswith("\n") else "\n") + lines
    return text[:at] + lines + text[at:]


def _content_end(text: str, node: Node) -> int:
    """Where the last written character of a node is: a block scalar's span also holds the blank lines after it."""
    while isinstance(node, (SequenceNode, MappingNode)) and not node.flow_style and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(node, MappingNode) else last
    if isinstance(node, ScalarNode) and node.style in ("|", ">"):
        start = node.start_mark.index
        return start + len(text[start:node.end_mark.index].rstrip())
    return node.end_mark.index


def _after(text: str, node: Node) -> list[int]:
    """Line starts where new lines may go after a block node: right after its last line, else before what follows."""
    points = [line_end(text, _content_end(text, node)) + 1]
    end = node.end_mark.index
    points.append(len(text) if end >= len(text) else line_start(text, end))
    return points


# -- the edits ---------------------------------------------------------------------------------


def append_entry(text: str, section: str, entry: dict[str, Any]) -> str:
    """`text` with `entry` appended to the `section` list (asks or meetings); the rest byte for byte."""
    return _in_lf(text, lambda body: (_append(body, section, entry),))[0]


def _append(text: str, section: str, entry: dict[str, Any]) -> str:
    root = _mapping(compose(text))
    expected = copy.deepcopy(_data(text))
    what = "the " + ("ask" if section == "asks" else "meeting")
    found = key_value(root, section)
    if found is None or expected.get(section) is None:
        expected[section] = [entry]
    elif isinstance(expected[section], list):
        expected[section].append(entry)
    if found is None:
        return _first_proven([_lines_at(text, len(text), f"{section}:\n" + _block_item(entry, 2, 4))], expected, what)
    key, value = found
    if isinstance(value, ScalarNode) and value.tag.endswith(":null"):
        # `asks:` with nothing (or `~`) after it: the list goes on the lines right under the key.
        start, end = value.start_mark.index, value.end_mark.index
        if end > start:
            text = text[:start].rstrip(" ") + text[end:]
        column = key.start_mark.column
        at = line_end(text, key.end_mark.index) + 1
        return _first_proven([_lines_at(text, at, _block_item(entry, column + 2, column + 4))], expected, what)
    if not isinstance(value, SequenceNode):
        raise EditError(f"'{section}' is not a list in this file: fix it by hand first")
    if value.flow_style:
        flow = _flow(entry)
        close = text.rindex("]", value.start_mark.index, value.end_mark.index)
        addition = flow if not value.value else ", " + flow
        return _first_proven([text[:close] + addition + text[close:]], expected, what)
    last = value.value[-1]
    dash = value.start_mark.column
    keys = last.start_mark.column if isinstance(last, MappingNode) and not last.flow_style else dash + 2
    body = _block_item(entry, dash, keys)
    return _first_proven([_lines_at(text, at, body) for at in _after(text, value)], expected, what)


def answer_latest(text: str, answer: str, pending_only: bool = True) -> tuple[str, str]:
    """`text` with the latest pending ask (or the latest ask at all) answered; returns it and the ask's date."""
    new_text, day = _in_lf(text, lambda body: _answer(body, answer, pending_only))
    return new_text, day


def _answer(text: str, answer: str, pending_only: bool) -> tuple[str, str]:
    found_asks = key_value(_mapping(compose(text)), "asks")
    asks = found_asks[1] if found_asks else None
    candidates: list[tuple[str, int, MappingNode, Node | None]] = []
    if isinstance(asks, SequenceNode):
        for i, item in enumerate(asks.value):
            if not isinstance(item, MappingNode):
                continue
            found = fields(item)
            current = found.get("answer")
            pending = current is None or (isinstance(current, ScalarNode) and
                                          current.value in ("", "pending", "null", "~"))
            if pending or not pending_only:
                date = found.get("date")
                candidates.append((date.value if isinstance(date, ScalarNode) else "", i, item, current))
    if not candidates:
        raise EditError("no pending ask to answer: add one with `handshake ask`, "
                        "or change the latest answer with --latest")
    date_text, index, item, current = max(candidates, key=lambda c: (c[0], c[1]))
    expected = copy.deepcopy(_data(text))
    expected["asks"][index]["answer"] = answer
    what = f"the answer to the ask of {date_text}"
    if current is not None and current.end_mark.index > current.start_mark.index:
        options = [text[:current.start_mark.index] + answer + text[current.end_mark.index:]]
    elif current is not None:  # `answer:` with nothing after it
        at = current.start_mark.index
        options = [text[:at].rstrip(" ") + " " + answer + text[at:]]
    elif item.flow_style:  # `- {date: 2026-01-05, via: DM}`
        close = text.rindex("}", item.start_mark.index, item.end_mark.index)
        addition = f"answer: {answer}" if not item.value else f", answer: {answer}"
        options = [text[:close] + addition + text[close:]]
    else:
        line = " " * item.start_mark.column + f"answer: {answer}\n"
        options = [_lines_at(text, at, line) for at in _after(text, item)]
    return _first_proven(options, expected, what), date_text


def check_text(text: str, shown: str, person_id: str, known_ids: Iterable[str]) -> None:
    """Raise `DataError` if the edited file would not validate (its own rules and the ids it names)."""
    document = load_text(text, shown)
    person, problems = person_from_document(document, person_id)
    if person is not None:
        journal = Journal(people={person_id: person})
        problems += check_references(journal, lambda _: document, set(known_ids) - {person_id})
    errors = errors_in(problems)
    if errors:
        raise DataError(errors)


def misspelt_lists(document: Document, shown: str) -> list[str]:
    """`file:line:column` lines for top-level keys that look like a misspelt `asks` or `meetings`."""
    data = document.data if isinstance(document.data, dict) else {}
    found = []
    for key in data:
        if isinstance(key, str) and key not in PERSON_KEYS:
            meant = closest(key, PERSON_KEYS)
            if meant in LIST_KEYS:
                line, column = document.where((key,), key=True)
                found.append(f"{shown}:{line}:{column}: '{tty(key)}' looks like a misspelt '{meant}': rename it to "
                             f"{meant} (its entries are not read until then)")
    return found


def edit_person(path: Path, shown: str, known_ids: Iterable[str], change: Callable[[str], str]) -> str:
    """Apply `change(text) -> new_text` to a person file, validate, then replace it; returns the new text.

    Read, change, check and replace are one critical section under the file's lock, so two edits at
    once never lose one another's work. If the file changed on disk since it was read (an editor
    saved it), the edit is refused and the file is left as it is. The result must stay under the
    size limit of a person file.
    """
    path = path.resolve()  # a link inside the journal: edit the file it leads to, and keep the link
    with atomic.locked(path):
        try:
            raw = read_bytes(path, shown)
            text = raw.decode("utf-8")
        except DataError as exc:
            raise EditError("\n".join(str(p) for p in exc.problems)) from None
        except UnicodeDecodeError:
            raise EditError(f"{shown} is not UTF-8 text") from None
        seen = _fingerprint(path, raw)
        try:
            # refuse to edit a file that is unsafe or broken as it stands, or whose list key is misspelt
            misspelt = misspelt_lists(load_text(text.removeprefix(BOM), shown), shown)
            if misspelt:
                raise EditError("\n".join(misspelt) + f"\n{shown} was left as it was")
            new_text = change(text)
            check_text(new_text.removeprefix(BOM), shown, path.stem, known_ids)
        except EditError as exc:
            message = str(exc)
            raise type(exc)(message if message.startswith(shown) else f"{shown}: {message}") from None
        except DataError as exc:
            raise EditError("\n".join(str(p) for p in exc.problems) + f"\n{shown} was left as it was") from None
        size = len(new_text.encode("utf-8"))
        if size > MAX_BYTES:
            raise EditError(f"{shown} would be {size // 1024} KiB with this change, over the {MAX_BYTES // 1024} KiB "
                            "a person file may hold: shorten the text (long reflections belong in a week note, "
                            "docs/weeks/); nothing was written")

        def unchanged() -> None:
            try:
                now = _fingerprint(path, path.read_bytes())
            except OSError:
                now = None
            if now != seen:
                raise EditError(f"{shown} changed on disk while the edit was made (saved in an editor?): "
                                "nothing was written; run the command again")

        atomic.replace(path, new_text, unchanged)
    return new_text


def _fingerprint(path: Path, raw: bytes) -> tuple[int, int, str]:
    """Size, modification time and content hash: an editor's save changes at least one of them."""
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns, hashlib.sha256(raw).hexdigest()


def _mapping(root: Node | None) -> MappingNode:
    if not isinstance(root, MappingNode):
        raise EditError("the file is not a mapping")
    return root


def flow_scalar(value: Any) -> str:
    """`value` as one line of YAML (a plain, quoted or flow scalar) that reads back as the same value."""
    return _scalar(value)


def _scalar(value: Any) -> str:
    dumped = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=1 << 30)
    return dumped.removesuffix("\n...\n").removesuffix("\n")


def _block_item(entry: dict[str, Any], dash: int, keys: int) -> str:
    lines = []
    for n, (key, value) in enumerate(entry.items()):
        lead = " " * dash + "-" + " " * (keys - dash - 1) if n == 0 else " " * keys
        literal = _literal(value, keys + 2) if isinstance(value, str) and "\n" in value else None
        if isinstance(value, str) and _UNPRINTABLE.search(value):
            lines.append(f"{lead}{key}: {_escaped(value)}\n")
        elif literal is not None:
            lines.append(f"{lead}{key}: {literal}")
        elif isinstance(value, str) and "\n" in value:
            lines.append(f"{lead}{key}: {_escaped(value)}\n")
        else:
            lines.append(f"{lead}{key}: {_scalar(value)}\n")
    return "".join(lines)


def _literal(value: str, indent: int) -> str | None:
    """`value` as a literal block scalar (`|`, `|-` or `|+`) that reads back exactly; None where none can."""
    lines = (value[:-1] if value.endswith("\n") else value).split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or lines[first][0] == " " or any(lines[:first]):
        return None  # the indentation would be guessed from a line that starts with spaces: quote it instead
    chomp = "+" if value.endswith("\n\n") else "" if value.endswith("\n") else "-"
    return f"|{chomp}\n" + "".join(" " * indent + line + "\n" if line else "\n" for line in lines)


# Characters a YAML file may not hold raw, or that would break a line: written as escapes.
_UNPRINTABLE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


def _escaped(text: str) -> str:
    # A JSON string with every non-ASCII character escaped is a valid YAML double-quoted scalar.
    return json.dumps(text, ensure_ascii=True)


def _flow(entry: dict[str, Any]) -> str:
    def value(v: Any) -> str:
        if isinstance(v, str) and _UNPRINTABLE.search(v):
            return _escaped(v)
        # Plain text inside `{…}` ends at ", " or ": ": quoted where it must be, on one line.
        return _flow_text(v) if isinstance(v, str) else _scalar(v)

    return "{" + ", ".join(f"{k}: {value(v)}" for k, v in entry.items()) + "}"


def _markdown(text: str) -> str:
    """Meeting notes as files keep Markdown (`notes: |`): several lines end with one line break, one line has none."""
    return text.rstrip("\n") + "\n" if "\n" in text.rstrip("\n") else text.rstrip("\n")


def ask_entry(day: dt.date, via: str | None, answer: str | None, note: str | None = None) -> dict[str, Any]:
    """The entry `handshake ask` appends."""
    entry: dict[str, Any] = {"date": day}
    if via:
        entry["via"] = via
    entry["answer"] = answer or "pending"
    if note:
        entry["note"] = note
    return entry


def meeting_entry(when: dt.date | str, kind: str, where: str | None, with_: list[str], notes: str | None,
                  follow_up: list[str] | None = None) -> dict[str, Any]:
    """The entry `handshake met` appends; one promise is written as a text, several as a list."""
    entry: dict[str, Any] = {"date": when, "kind": kind}
    if where:
        entry["where"] = where
    if with_:
        entry["with"] = with_
    if notes:
        entry["notes"] = _markdown(notes)
    if follow_up:
        entry["follow_up"] = follow_up[0] if len(follow_up) == 1 else list(follow_up)
    return entry



# -- marking a promise kept (`handshake done`) ----------------------------------------------


@dataclass(frozen=True)
class _OpenPromise:
    text: str
    meeting: int
    item: int | None
    """Index in the follow_up list; None when follow_up is a single text."""
    node: Node
    meeting_date: str


def mark_done(text: str, day: dt.date, words: str | None = None, person_id: str = "ID") -> tuple[str, str, str]:
    """`text` with one open promise marked kept on `day`; returns it, the promise, and its meeting's date.

    A text item becomes `{do: TEXT, done: DATE}` where it stands; a single-text `follow_up` becomes a
    one-item list of that mapping; a `{do: TEXT}` mapping gets its `done`. `words` picks the promise
    when several are open. Every other byte stays as it was.
    """
    new_text, promise, meeting_date = _in_lf(text, lambda body: _close_promise(body, day, words, person_id, "done"))
    return new_text, promise, meeting_date


def mark_dropped(text: str, day: dt.date, words: str | None = None, person_id: str = "ID") -> tuple[str, str, str]:
    """`text` with one open promise let go on `day` (`{do: TEXT, dropped: DATE}`), as `mark_done` keeps one."""
    new_text, promise, meeting_date = _in_lf(text, lambda body: _close_promise(body, day, words, person_id,
                                                                                "dropped"))
    return new_text, promise, meeting_date


def _close_promise(text: str, day: dt.date, words: str | None, person_id: str,
                   key: Literal["done", "dropped"]) -> tuple[str, str, str]:
    verb = "done" if key == "done" else "drop"
    chosen = _choose(_open_promises(compose(text)), words, person_id, verb)
    held = chosen.meeting_date[:10]
    if len(held) == 10 and day.isoformat() < held:
        closed = "kept" if key == "done" else "let go"
        raise EditError(f"{day.isoformat()} is before the meeting of {tty(held)} where you made this promise: "
                        f"a promise is {closed} on or after the day it was made (give --date)")
    closed_item = {"do": chosen.text, key: day}
    expected = copy.deepcopy(_data(text))
    meeting = expected["meetings"][chosen.meeting]
    if chosen.item is None:
        meeting["follow_up"] = [closed_item]
    elif isinstance(chosen.node, ScalarNode):
        meeting["follow_up"][chosen.item] = closed_item
    else:
        meeting["follow_up"][chosen.item][key] = day
    if isinstance(chosen.node, ScalarNode):
        start, end = chosen.node.start_mark.index, chosen.node.end_mark.index
        if chosen.node.style in ("|", ">"):  # a block scalar's span ends after its line break: keep that
            end = start + len(text[start:end].rstrip("\n"))
        flow = "{do: " + _flow_text(chosen.text) + f", {key}: {day.isoformat()}}}"
        options = [text[:start] + (flow if chosen.item is not None else f"[{flow}]") + text[end:]]
    else:
        options = _add_done(text, chosen.node, day, key)
    how = "kept" if key == "done" else "let go"
    what = f"the promise \"{tty(chosen.text)}\" as {how} (write it as {{do: …, {key}: {day.isoformat()}}})"
    return _first_proven(options, expected, what), chosen.text, chosen.meeting_date


def _open_promises(root: Node | None) -> list[_OpenPromise]:
    meetings = key_value(_mapping(root), "meetings")
    found: list[_OpenPromise] = []
    if meetings is None or not isinstance(meetings[1], SequenceNode):
        return found
    for i, meeting in enumerate(meetings[1].value):
        if not isinstance(meeting, MappingNode):
            continue
        values = fields(meeting)
        date = values.get("date")
        date_text = date.value if isinstance(date, ScalarNode) else "?"
        value = values.get("follow_up")
        if isinstance(value, ScalarNode) and not _null(value):
            found.append(_OpenPromise(value.value, i, None, value, date_text))
        elif isinstance(value, SequenceNode):
            for j, item in enumerate(value.value):
                if isinstance(item, ScalarNode) and not _null(item):
                    found.append(_OpenPromise(item.value, i, j, item, date_text))
                elif isinstance(item, MappingNode):
                    entry = fields(item)
                    do = entry.get("do")
                    if isinstance(do, ScalarNode) and all(_unset(entry.get(k)) for k in ("done", "dropped")):
                        found.append(_OpenPromise(do.value, i, j, item, date_text))
    return found


def _unset(node: Node | None) -> bool:
    """Whether a `done:`/`dropped:` value holds no date: absent or null."""
    return node is None or (isinstance(node, ScalarNode) and _null(node))


def _null(node: ScalarNode) -> bool:
    return node.tag.endswith(":null") or (node.style is None and node.value in ("", "~", "null", "Null", "NULL"))


def _choose(found: list[_OpenPromise], words: str | None, person_id: str, verb: str = "done") -> _OpenPromise:
    def listing(items: list[_OpenPromise]) -> str:
        return "".join(f"\n  {tty(p.text)} (meeting of {tty(p.meeting_date)})" for p in items)

    if not found:
        raise NoOpenPromise("no open follow-up in this file: a promise is a `follow_up:` under a meeting")
    if not words or not words.strip():
        if len(found) == 1:
            return found[0]
        example = tty(found[0].text.split("\n")[0][:40])
        raise EditError(f"{len(found)} follow-ups are open: say which with some of its words, "
                        f"e.g. handshake {verb} {person_id} \"{example}\"" + listing(found))
    wanted = words.casefold().split()
    exact = [p for p in found if " ".join(p.text.casefold().split()) == " ".join(wanted)]
    matches = exact or [p for p in found if all(w in p.text.casefold() for w in wanted)]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise EditError(f"no open follow-up matches \"{tty(words)}\"; the open ones are:" + listing(found))
    raise EditError(f"\"{tty(words)}\" matches {len(matches)} open follow-ups: add words to pick one" +
                    listing(matches))


def _flow_text(value: str) -> str:
    """`value` as a YAML scalar that is valid inside a flow collection, on one line."""
    dumped = yaml.safe_dump([value], default_flow_style=True, allow_unicode=True, width=1 << 30)
    if "\n" in dumped.rstrip("\n"):
        dumped = yaml.safe_dump([value], default_flow_style=True, allow_unicode=True, width=1 << 30,
                                default_style='"')
    return dumped.rstrip("\n").removeprefix("[").removesuffix("]")


def _add_done(text: str, item: Node, day: dt.date, key: str = "done") -> list[str]:
    """Ways to add or fill in `done: DATE` (or `key: DATE`) in a `{do: …}` mapping (flow or block), best first."""
    done = fields(item).get(key)
    if isinstance(done, ScalarNode):  # `done:` (or `done: ~`) with no date
        start, end = done.start_mark.index, done.end_mark.index
        if end > start:
            return [text[:start] + day.isoformat() + text[end:]]
        return [text[:start].rstrip(" ") + " " + day.isoformat() + text[start:]]
    if getattr(item, "flow_style", False):
        close = text.rindex("}", item.start_mark.index, item.end_mark.index)
        return [text[:close].rstrip(" ") + f", {key}: {day.isoformat()}" + text[close:]]
    line = " " * item.start_mark.column + f"{key}: {day.isoformat()}\n"
    return [_lines_at(text, at, line) for at in _after(text, item)]


def pending_ask(text: str, shown: str = "file") -> dict[str, Any] | None:
    """The latest ask of a person file (the last written of its day) if it still waits for an answer."""
    try:
        asks = load_text(text, shown, located=False).data.get("asks")
    except (DataError, AttributeError):
        return None
    entries = [a for a in asks if isinstance(a, dict) and a.get("date")] if isinstance(asks, list) else []
    if not entries:
        return None
    latest = max(enumerate(entries), key=lambda e: (str(e[1]["date"]), e[0]))[1]
    return latest if latest.get("answer") in (None, "pending") else None


def refuse_second_entry(text: str, section: str, day: str, kind: str | None = None) -> None:
    """Refuse a second ask on `day`, or a second meeting of `kind` on `day` (YYYY-MM-DD), saying what is there."""
    data = load_text(text.removeprefix(BOM), "edit", located=False).data
    entries = data.get(section) if isinstance(data, dict) else None
    same = [e for e in entries if isinstance(e, dict) and _day_of(e.get("date")) == day
            and (kind is None or e.get("kind") == kind)] if isinstance(entries, list) else []
    if not same:
        return
    keys = ("via", "answer") if section == "asks" else ("date", "where")
    there = ", ".join(tty(f"{k} {same[-1][k]}") for k in keys if same[-1].get(k) is not None) or "as written"
    if section == "asks":
        raise EditError(f"already has an ask on {day} ({there}): nothing was added (a follow-up on another day is "
                        "`handshake ask` then)")
    raise EditError(f"already has a {kind} on {day} ({there}): nothing was added (another one that day? give it "
                    "another --kind)")


def recorded_elsewhere(people_dir: Path, person_id: str, day: str, kind: str) -> Path | None:
    """Another person's file that already records a meeting of `kind` on `day` (YYYY-MM-DD) with `person_id` in
    its `with` list: the same meeting, which shows on both pages from there. Only files that name the id are
    parsed; a file that cannot be read is left to `handshake check`."""
    from ..core.read import person_files

    for path in person_files(people_dir):
        if path.stem == person_id:
            continue
        try:
            raw = read_bytes(path, path.name)
            text = raw.decode("utf-8-sig")
            if person_id not in text:
                continue
            data = load_text(text, path.name, located=False).data
        except (HandshakeError, OSError, UnicodeDecodeError):
            continue
        meetings = data.get("meetings") if isinstance(data, dict) else None
        for m in meetings if isinstance(meetings, list) else []:
            if (isinstance(m, dict) and _day_of(m.get("date")) == day and m.get("kind", "other") == kind
                    and isinstance(m.get("with"), list) and person_id in m["with"]):
                return path
    return None


def _day_of(value: object) -> str:
    """The day of a date, a date and time, or a "date time" text, as YYYY-MM-DD."""
    return value.isoformat()[:10] if isinstance(value, dt.date) else str(value)[:10]
