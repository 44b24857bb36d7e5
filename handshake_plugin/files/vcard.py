"""`handshake import-vcard`: a person per card of a vCard file (3.0 and 4.0; Apple, Google, Outlook exports).

The file is split into cards here, with line numbers, so that every problem names its card and
line: a file cut short (a card with no END:VCARD) is refused whole; one damaged property is left
out and reported while the rest of its card and the other cards are imported. Only the properties
Handshake keeps are handed to vobject, so a photo (often megabytes of base64) can never stop a card.

Lines end only at CRLF or LF (RFC 6350 §3.2), never where `str.splitlines()` would (U+2028, U+2029,
U+0085, a form feed, U+001C..U+001E, a lone CR): such a character inside a value stays in that value
and can never end a card or begin another. A lone CR, which vobject would read as a line end, reaches
it as an escaped line break (`\\n`): the value stays whole.

Contact keys: the preferred (else first) email is `email`, the others `email-2`, `email-3`… in file
order; phones likewise (`phone`, `phone-2`…). TYPE labels vary by exporter (INTERNET, pref, X-ABLabel
custom labels), so numbered keys are the form that stays the same whichever program wrote the file.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import vobject

from ..core.calendar import DATE_MAX, DATE_MIN, in_bounds
from .importing import Candidate, ImportFileError, ImportReport, Quoted, is_email, read_text

EXPECTED = "a vCard file (.vcf) as Apple Contacts, Google Contacts or Outlook export it"
_KEEP = {"VERSION", "FN", "N", "EMAIL", "TEL", "URL", "ORG", "TITLE", "BDAY", "NOTE"}
_BINARY = {"PHOTO", "LOGO", "SOUND", "KEY"}


@dataclass
class _Property:
    line: int
    lines: list[str]

    @property
    def logical(self) -> str:
        text = ""
        for raw in self.lines:
            raw = _bare(raw)
            if text.endswith("=") and "QUOTED-PRINTABLE" in text.upper().split(":", 1)[0]:
                text += raw
            elif raw[:1] in (" ", "\t") and text:
                text += raw[1:]
            else:
                text += raw
        return text

    @property
    def name(self) -> str:
        head = self.logical.split(":", 1)[0]
        return head.split(";", 1)[0].rsplit(".", 1)[-1].strip().upper()


@dataclass
class _Card:
    line: int
    properties: list[_Property]

    def label(self) -> str:
        for prop in self.properties:
            if prop.name == "FN" and ":" in prop.logical:
                return prop.logical.split(":", 1)[1].strip() or f"the card on line {self.line}"
        return f"the card on line {self.line}"


def _lines(text: str) -> list[str]:
    """The lines of a vCard file with their ends: split at LF (so at CRLF too) and nowhere else."""
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    return lines if lines[-1] else lines[:-1]


def _bare(line: str) -> str:
    """A line without its own end (LF or CRLF); a CR elsewhere is part of the value."""
    line = line.removesuffix("\n")
    return line.removesuffix("\r")


def vcard_candidates(path: Path, today: dt.date, shown: str | None = None) -> tuple[list[Candidate], ImportReport]:
    """The people of a vCard file as candidates, with a report of what was left out; ImportFileError if refused."""
    shown = shown or str(path)
    report = ImportReport()
    out = []
    for card in _cards(read_text(path, EXPECTED, shown), shown):
        where = f"{shown}:{card.line}"
        parsed = _parse(card, shown, report)
        if parsed is None:
            continue
        data = _person(parsed[0], _Lines(shown, card.line, parsed[1]), today, report)
        if data is None:
            report.skipped.append(f"{where}: a card with no name (FN or N)")
            continue
        out.append(Candidate(data, where))
    return out, report


def _cards(text: str, shown: str) -> list[_Card]:
    cards: list[_Card] = []
    current: _Card | None = None
    for number, raw in enumerate(_lines(text), 1):
        # Only spaces and tabs are blank here: str.strip() would also take U+2028 or U+001C off a line.
        # A byte-order mark may begin any card: files exported one by one and joined with `cat` keep theirs.
        stripped = _bare(raw).removeprefix("\ufeff").strip(" \t")
        upper = stripped.upper()
        if current is not None and raw[:1] in (" ", "\t") and current.properties:
            current.properties[-1].lines.append(raw)  # a folded line: " END:VCARD" here is text of a value
            continue
        if current is None:
            if upper == "BEGIN:VCARD":
                current = _Card(number, [])
            elif upper.startswith("BEGIN:VCARD\r") and not cards:
                raise ImportFileError(f"{shown}:{number}: the lines of this file end with a bare CR (classic Mac OS): "
                                      "vCard lines end with CRLF or LF; save it again (any text editor converts "
                                      "line ends), or export it again; nothing was imported")
            elif stripped and not cards:
                raise ImportFileError(f"{shown}:{number}: expected BEGIN:VCARD: this is not {EXPECTED}; "
                                      "nothing was imported")
            continue
        if upper == "END:VCARD":
            cards.append(current)
            current = None
        elif upper == "BEGIN:VCARD":
            break
        elif (current.properties and current.properties[-1].logical.endswith("=")
              and "QUOTED-PRINTABLE" in current.properties[-1].logical.upper().split(":", 1)[0]):
            current.properties[-1].lines.append(raw)
        elif stripped:
            current.properties.append(_Property(number, [raw]))
    if current is not None:
        raise ImportFileError(f"{shown}:{current.line}: the card that begins here ({current.label()}) has no "
                              "END:VCARD: the file is cut short; nothing was imported")
    if not cards:
        raise ImportFileError(f"{shown}: no BEGIN:VCARD found: expected {EXPECTED}; nothing was imported")
    return cards


_CR_BEFORE_LF = re.compile(r"\r(?=\\[nN])")


def _read(properties: list[_Property]) -> Any:
    # A lone CR inside a value is a line break; one right before an escaped line feed makes a CRLF with it: one.
    text = "BEGIN:VCARD\r\n" + "".join(_CR_BEFORE_LF.sub("", _bare(line)).replace("\r", "\\n") + "\r\n"
                                         for p in properties for line in p.lines)
    return vobject.readOne(text + "END:VCARD\r\n")


def _parse(card: _Card, shown: str, report: ImportReport) -> tuple[Any, list[_Property]] | None:
    """The card read by vobject, with the properties it was given (in file order); None if none can be read."""
    kept = []
    for prop in card.properties:
        if prop.name in _KEEP:
            kept.append(prop)
        elif prop.name in _BINARY:
            problem = _broken_base64(prop.logical)
            if problem:
                report.notes.append(f"{shown}:{prop.line}: {card.label()}: {prop.name} is damaged ({problem}): "
                                    "left out (Handshake keeps no photos); the rest of the card was imported")
    try:
        return _read(kept), kept
    except Exception:  # noqa: BLE001 - vobject raises many kinds; find the property that it refuses
        pass
    version = [p for p in kept if p.name == "VERSION"]
    good = []
    for prop in kept:
        if prop.name == "VERSION":
            continue
        try:
            _read(version + [prop])
        except Exception as exc:  # noqa: BLE001
            report.notes.append(f"{shown}:{prop.line}: {card.label()}: {prop.name} cannot be read ({exc}): "
                                "left out; the rest of the card was imported")
            continue
        good.append(prop)
    try:
        return _read(version + good), version + good
    except Exception as exc:  # noqa: BLE001
        report.skipped.append(f"{shown}:{card.line}: {card.label()}: the card cannot be read ({exc})")
        return None


def _broken_base64(logical: str) -> str | None:
    head, _, value = logical.partition(":")
    params = head.upper()
    match = re.match(r"data:[^,]*;base64,(.*)$", value, re.IGNORECASE | re.DOTALL)
    if match:
        value = match[1]
    elif "ENCODING=B" not in params and "BASE64" not in params:
        return None
    try:
        base64.b64decode(re.sub(r"\s+", "", value), validate=True)
    except (binascii.Error, ValueError) as exc:
        return str(exc)
    return None


def _values(card: Any, attr: str) -> list[tuple[str, Any]]:
    items = card.contents.get(attr, [])
    out = []
    for item in items:
        value = item.value
        types = {t.lower() for t in item.params.get("TYPE", [])} | {p.lower() for p in item.params.get("PREF", [])}
        out.append(("pref" if "pref" in types or "1" in types else "", value))
    return out


def _text(card: Any, attr: str) -> str:
    items = card.contents.get(attr)
    if not items:
        return ""
    value = items[0].value
    if isinstance(value, list):
        value = ", ".join(str(v).strip() for v in value if str(v).strip())
    return str(value).strip()


@dataclass
class _Lines:
    """Where a card's values are: each message names the line of the property it is about."""

    shown: str
    card: int
    properties: list[_Property]

    def of(self, name: str, index: int = 0) -> int:
        """The line of the `index`-th property called `name` (as vobject lists them: in file order)."""
        found = [p.line for p in self.properties if p.name == name.upper()]
        return found[index] if index < len(found) else self.card


def _person(card: Any, at: _Lines, today: dt.date, report: ImportReport) -> dict[str, Any] | None:
    name = _text(card, "fn") or _name_from_n(card)
    if not name:
        return None

    def where(prop: str, index: int = 0) -> str:
        return f"{at.shown}:{at.of(prop, index)}: {name}"

    title, org = _text(card, "title"), _text(card, "org")
    note = f"{title} at {org}" if title and org else title or org
    data: dict[str, Any] = {"name": name, "found": {"date": today, "where": "vCard import"}}
    if note:
        data["found"]["note"] = note
    links = []
    for index, (_, value) in enumerate(_values(card, "url")):
        url = str(value).strip()
        if re.match(r"^(https?://|mailto:)\S+$", url, re.IGNORECASE):
            links.append(url)
        elif url:
            report.notes.append(f"{where('url', index)}: URL '{url}' is not an http(s) or mailto address: left out")
    if links:
        data["links"] = list(dict.fromkeys(links))
    contact: dict[str, str] = {}
    emails = [(str(v).strip(), i) for i, (_, v) in sorted(enumerate(_values(card, "email")),
                                                           key=lambda ipv: ipv[1][0] != "pref")]
    first: dict[str, int] = {}
    for email, index in emails:
        if email:
            first.setdefault(email, index)
    for email, index in first.items():
        if is_email(email.removeprefix("mailto:")):
            contact[_key(contact, "email")] = Quoted(email.removeprefix("mailto:"))
        else:
            report.notes.append(f"{where('email', index)}: EMAIL '{email}' is not an email address: left out")
    phones = [re.sub(r"^tel:", "", str(v).strip(), flags=re.IGNORECASE)
              for _, v in sorted(_values(card, "tel"), key=lambda pv: pv[0] != "pref")]
    for phone in dict.fromkeys(p for p in phones if p):
        contact[_key(contact, "phone")] = Quoted(phone)
    if contact:
        data["contact"] = contact
    bday = _text(card, "bday")
    if bday:
        omitted = card.contents["bday"][0].params.get("X-APPLE-OMIT-YEAR", [])
        birthday = _birthday(bday, str(omitted[0]) if omitted else None)
        if birthday is None:
            report.notes.append(f"{where('bday')}: BDAY '{bday}' is not a real date between {DATE_MIN.year} and "
                                f"{DATE_MAX.year}: left out")
        else:
            data["birthday"] = birthday
    notes = _text(card, "note")
    if notes:
        data["notes"] = notes.replace("\r\n", "\n") + "\n"
    return data


def _key(contact: dict[str, str], base: str) -> str:
    n = sum(1 for k in contact if k == base or k.startswith(base + "-"))
    return base if n == 0 else f"{base}-{n + 1}"


def _name_from_n(card: Any) -> str | None:
    n = card.contents.get("n")
    if not n:
        return None
    parts = n[0].value
    if isinstance(parts, str):
        return " ".join(p for p in parts.split(";")[1::-1] if p).strip() or None
    return " ".join(p for p in (parts.given, parts.additional, parts.family) if p).strip() or None


def _birthday(value: str, omitted_year: str | None = None) -> dt.date | str | None:
    """A BDAY as a date, or "MM-DD" when it has no year: vCard 4's `--MMDD` / `--MM-DD`, Apple's
    `X-APPLE-OMIT-YEAR=1604` (the year written is a placeholder), or the year 0000 some phones write."""
    text = value.strip()
    match = re.match(r"--(\d{2})-?(\d{2})(?:T|$)", text)
    if match is None:
        match = re.match(r"(\d{4})-?(\d{2})-?(\d{2})(?:T|$)", text)
        if match is None:
            return None
        year, month, day = match.groups()
        if year != "0000" and year != (omitted_year or "").strip():
            try:
                date = dt.date(int(year), int(month), int(day))
            except ValueError:
                return None
            return date if in_bounds(date) else None
    else:
        month, day = match.groups()
    try:
        dt.date(2000, int(month), int(day))  # a leap year: 02-29 is a birthday
    except ValueError:
        return None
    return Quoted(f"{month}-{day}")
