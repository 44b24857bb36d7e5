"""Appending asks and meetings to a person file, and answering an ask, without losing a byte.

A round-trip YAML library re-emits the whole document (indentation, quoting and line widths
normalised), so instead the new entry is inserted as text at the place the loader's positions
give, and every other byte of the file stays as it was. The entry's values are written by the
YAML emitter (quoting is its job). The result is validated before it replaces the original,
through a temporary file and an atomic rename.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import atomic
from .load import compose, load_text, read_bytes
from .model import Journal, check_references, person_from_document
from .problems import DataError, HandshakeError, errors_in
from .spans import fields, key_value, line_end, text_end
from .terminal import tty


class EditError(HandshakeError):
    """The edit was refused; the file is untouched."""


def append_entry(text: str, section: str, entry: dict[str, Any]) -> str:
    """`text` with `entry` appended to the `section` list (asks or meetings); the rest byte for byte."""
    found = key_value(_mapping(compose(text)), section)
    if found is None:
        prefix = text if text.endswith("\n") or not text else text + "\n"
        return prefix + f"{section}:\n" + _block_item(entry, 2, 4)
    key, value = found
    if isinstance(value, ScalarNode) and value.tag.endswith(":null"):
        # `asks:` with nothing (or `~`) after it: the list goes on the lines right under the key.
        start, end = value.start_mark.index, value.end_mark.index
        if end > start:
            text = text[:start].rstrip(" ") + text[end:]
        eol = line_end(text, key.end_mark.index)
        column = key.start_mark.column
        return text[:eol] + "\n" + _block_item(entry, column + 2, column + 4) + text[eol + 1:]
    if not isinstance(value, SequenceNode):
        raise EditError(f"'{section}' is not a list in this file: fix it by hand first")
    if value.flow_style:
        flow = _flow(entry)
        close = text.rindex("]", value.start_mark.index, value.end_mark.index)
        addition = flow if not value.value else ", " + flow
        return text[:close] + addition + text[close:]
    last = value.value[-1]
    insert_at = line_end(text, text_end(last)) + 1
    dash = value.start_mark.column
    keys = last.start_mark.column if isinstance(last, MappingNode) else dash + 2
    body = _block_item(entry, dash, keys)
    if insert_at > len(text):
        return text + "\n" + body
    return text[:insert_at] + body + text[insert_at:]


def answer_latest(text: str, answer: str, pending_only: bool = True) -> tuple[str, str]:
    """`text` with the latest pending ask (or the latest ask at all) answered; returns it and the ask's date."""
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
    date_text, _, item, current = max(candidates, key=lambda c: (c[0], c[1]))
    if current is not None and current.end_mark.index > current.start_mark.index:
        return text[:current.start_mark.index] + answer + text[current.end_mark.index:], date_text
    if current is not None:  # `answer:` with nothing after it
        at = current.start_mark.index
        return text[:at].rstrip(" ") + " " + answer + text[at:], date_text
    if item.flow_style:  # `- {date: 2026-01-05, via: DM}`
        close = text.rindex("}", item.start_mark.index, item.end_mark.index)
        addition = f"answer: {answer}" if not item.value else f", answer: {answer}"
        return text[:close] + addition + text[close:], date_text
    insert_at = line_end(text, text_end(item)) + 1
    line = " " * item.start_mark.column + f"answer: {answer}\n"
    if insert_at > len(text):
        return text + "\n" + line, date_text
    return text[:insert_at] + line + text[insert_at:], date_text


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


def edit_person(path: Path, shown: str, known_ids: Iterable[str], change: Any) -> str:
    """Apply `change(text) -> new_text` to a person file, validate, then replace it; returns the new text.

    The edit works on the text without its byte-order mark and with LF line endings; the file gets
    back whichever it had. If the file changed on disk since it was read (an editor saved it), the
    edit is refused and the file is left as it is.
    """
    path = path.resolve()  # a link inside the journal: edit the file it leads to, and keep the link
    try:
        raw = read_bytes(path, shown)
        text = raw.decode("utf-8")
    except DataError as exc:
        raise EditError("\n".join(str(p) for p in exc.problems)) from None
    except UnicodeDecodeError:
        raise EditError(f"{shown} is not UTF-8 text") from None
    seen = _fingerprint(path, raw)
    bom = text.startswith(BOM)
    body = text.removeprefix(BOM)
    crlf = "\r\n" in body and body.count("\r\n") == body.count("\n")
    if crlf:
        body = body.replace("\r\n", "\n")
    try:
        load_text(body, shown)  # refuse to edit a file that is unsafe or broken as it stands
        new_body = change(body)
        check_text(new_body, shown, path.stem, known_ids)
    except EditError as exc:
        raise EditError(f"{shown}: {exc}") from None
    except DataError as exc:
        raise EditError("\n".join(str(p) for p in exc.problems) + f"\n{shown} was left as it was") from None
    new_text = (BOM if bom else "") + (new_body.replace("\n", "\r\n") if crlf else new_body)

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


BOM = "\ufeff"


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
        if isinstance(value, str) and _UNPRINTABLE.search(value):
            lines.append(f"{lead}{key}: {_escaped(value)}\n")
        elif isinstance(value, str) and "\n" in value:
            body = "".join(" " * (keys + 2) + line + "\n" if line else "\n" for line in value.rstrip("\n").split("\n"))
            lines.append(f"{lead}{key}: |\n{body}")
        else:
            lines.append(f"{lead}{key}: {_scalar(value)}\n")
    return "".join(lines)


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
        entry["notes"] = notes
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
    if text.startswith("\ufeff"):  # node positions count from after a byte-order mark: edit without it
        new_text, promise, meeting_date = mark_done(text[1:], day, words, person_id)
        return "\ufeff" + new_text, promise, meeting_date
    found = _open_promises(compose(text))
    chosen = _choose(found, words, person_id)
    if isinstance(chosen.node, ScalarNode):
        start, end = chosen.node.start_mark.index, chosen.node.end_mark.index
        if chosen.node.style in ("|", ">"):  # a block scalar's span ends after its line break: keep that
            end = start + len(text[start:end].rstrip("\r\n"))
        flow = "{do: " + _flow_text(chosen.text) + f", done: {day.isoformat()}}}"
        new_text = text[:start] + (flow if chosen.item is not None else f"[{flow}]") + text[end:]
    else:
        new_text = _add_done(text, chosen.node, day)
    _verify(new_text, chosen, day)
    return new_text, chosen.text, chosen.meeting_date


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
                    do, done = entry.get("do"), entry.get("done")
                    if isinstance(do, ScalarNode) and (done is None or (isinstance(done, ScalarNode) and _null(done))):
                        found.append(_OpenPromise(do.value, i, j, item, date_text))
    return found


def _null(node: ScalarNode) -> bool:
    return node.tag.endswith(":null") or (node.style is None and node.value in ("", "~", "null", "Null", "NULL"))


def _choose(found: list[_OpenPromise], words: str | None, person_id: str) -> _OpenPromise:
    def listing(items: list[_OpenPromise]) -> str:
        return "".join(f"\n  {tty(p.text)} (meeting of {tty(p.meeting_date)})" for p in items)

    if not found:
        raise EditError("no open follow-up in this file: a promise is a `follow_up:` under a meeting")
    if not words or not words.strip():
        if len(found) == 1:
            return found[0]
        example = tty(found[0].text.split("\n")[0][:40])
        raise EditError(f"{len(found)} follow-ups are open: say which with some of its words, "
                        f"e.g. handshake done {person_id} \"{example}\"" + listing(found))
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


def _add_done(text: str, item: Node, day: dt.date) -> str:
    """A `{do: …}` mapping (flow or block) with `done: DATE` added or filled in."""
    done = fields(item).get("done")
    if isinstance(done, ScalarNode):  # `done:` (or `done: ~`) with no date
        start, end = done.start_mark.index, done.end_mark.index
        if end > start:
            return text[:start] + day.isoformat() + text[end:]
        return text[:start].rstrip(" ") + " " + day.isoformat() + text[start:]
    if getattr(item, "flow_style", False):
        close = text.rindex("}", item.start_mark.index, item.end_mark.index)
        return text[:close].rstrip(" ") + f", done: {day.isoformat()}" + text[close:]
    newline = "\r\n" if "\r\n" in text else "\n"  # the file's own line endings
    insert_at = line_end(text, text_end(item)) + 1
    line = " " * item.start_mark.column + f"done: {day.isoformat()}{newline}"
    if insert_at > len(text):
        return text + newline + line
    return text[:insert_at] + line + text[insert_at:]


def _verify(new_text: str, chosen: _OpenPromise, day: dt.date) -> None:
    """Refuse the edit unless the file now says exactly that this promise was kept on `day`."""
    try:
        follow_up = load_text(new_text, "edit").data["meetings"][chosen.meeting]["follow_up"]
        kept = follow_up[chosen.item if chosen.item is not None else 0]
    except (DataError, LookupError, TypeError):
        kept = None
    if kept != {"do": chosen.text, "done": day}:
        raise EditError("cannot mark this follow-up done safely in place: edit the file by hand "
                        f"(write it as {{do: …, done: {day.isoformat()}}})")


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
