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
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import atomic
from .load import compose, load_text, read_bytes
from .model import Journal, check_references, person_from_document
from .problems import DataError, errors_in
from .spans import key_value, line_end, text_end


class EditError(Exception):
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
    candidates: list[tuple[str, int, MappingNode, ScalarNode | None]] = []
    if isinstance(asks, SequenceNode):
        for i, item in enumerate(asks.value):
            if not isinstance(item, MappingNode):
                continue
            found = dict((k.value, v) for k, v in item.value if isinstance(k, ScalarNode))
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


def _mapping(root: Node) -> MappingNode:
    if not isinstance(root, MappingNode):
        raise EditError("the file is not a mapping")
    return root


def _scalar(value: Any) -> str:
    dumped = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=1 << 30)
    return dumped.removesuffix("\n...\n").removesuffix("\n")


def _block_item(entry: dict[str, Any], dash: int, keys: int) -> str:
    lines = []
    for n, (key, value) in enumerate(entry.items()):
        lead = " " * dash + "-" + " " * (keys - dash - 1) if n == 0 else " " * keys
        if isinstance(value, str) and "\n" in value:
            body = "".join(" " * (keys + 2) + line + "\n" if line else "\n" for line in value.rstrip("\n").split("\n"))
            lines.append(f"{lead}{key}: |\n{body}")
        else:
            lines.append(f"{lead}{key}: {_scalar(value)}\n")
    return "".join(lines)


def _flow(entry: dict[str, Any]) -> str:
    def value(v: Any) -> str:
        # A JSON string is a valid YAML flow scalar, and keeps line breaks on one line.
        return json.dumps(v, ensure_ascii=False) if isinstance(v, str) and "\n" in v else _scalar(v)

    return "{" + ", ".join(f"{k}: {value(v)}" for k, v in entry.items()) + "}"


def ask_entry(day: dt.date, via: str | None, answer: str | None) -> dict[str, Any]:
    """The entry `handshake ask` appends."""
    entry: dict[str, Any] = {"date": day}
    if via:
        entry["via"] = via
    entry["answer"] = answer or "pending"
    return entry


def meeting_entry(when: dt.date | str, kind: str, where: str | None, with_: list[str], notes: str | None
                  ) -> dict[str, Any]:
    """The entry `handshake met` appends."""
    entry: dict[str, Any] = {"date": when, "kind": kind}
    if where:
        entry["where"] = where
    if with_:
        entry["with"] = with_
    if notes:
        entry["notes"] = notes
    return entry

