"""`handshake import-vcard`: a person file per contact of a vCard file (parsed with vobject)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import vobject
import yaml

from .atomic import Refused, write_new
from .model import suggest_id


class _Quoted(str):
    """Text written in quotes (phone numbers and the like must never read as numbers)."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(_Quoted, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", str(v), style='"'))
_Dumper.add_representer(str, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", v,
                                                             style="|" if "\n" in v else None))


@dataclass
class ImportReport:
    """What an import wrote and what it skipped (with why)."""

    written: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def contacts(text: str) -> list[dict[str, Any]]:
    """The contacts of a vCard text as person-file data (name, contact, birthday, notes)."""
    people = []
    for card in vobject.readComponents(text, ignoreUnreadable=True):
        if card.name != "VCARD":
            continue
        name = _value(card, "fn") or _name_from_n(card)
        if not name:
            continue
        data: dict[str, Any] = {"name": name.strip()}
        contact: dict[str, str] = {}
        for key, attr in (("email", "email"), ("phone", "tel")):
            for n, item in enumerate(card.contents.get(attr, [])):
                value = str(item.value).strip()
                if value:
                    contact[key if n == 0 else f"{key}{n + 1}"] = _Quoted(value)
        if contact:
            data["contact"] = contact
        birthday = _birthday(_value(card, "bday"))
        if birthday is not None:
            data["birthday"] = birthday
        note = _value(card, "note")
        if note:
            data["notes"] = note.strip() + "\n"
        people.append(data)
    return people


def import_vcards(text: str, people_dir: Path, today: dt.date, schema_ref: str) -> ImportReport:
    """Write `people/<id>.yml` for each contact; an existing file is never overwritten (it is reported)."""
    report = ImportReport()
    for data in contacts(text):
        person_id = suggest_id(data["name"])
        if any((people_dir / f"{person_id}{s}").exists() for s in (".yml", ".yaml")):
            report.skipped.append(f"{data['name']}: people/{person_id}.yml already exists, left as it is")
            continue
        data = {"name": data["name"], "found": {"date": today, "where": "vCard import"},
                **{k: v for k, v in data.items() if k != "name"}}
        body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False,
                         width=100)
        try:
            write_new(people_dir / f"{person_id}.yml", f"# yaml-language-server: $schema={schema_ref}\n{body}")
        except Refused as exc:
            report.skipped.append(f"{data['name']}: {exc}")
            continue
        report.written.append(people_dir / f"{person_id}.yml")
    return report


def _value(card: Any, attr: str) -> str | None:
    item = card.contents.get(attr)
    if not item:
        return None
    value = item[0].value
    return value if isinstance(value, str) else str(value)


def _name_from_n(card: Any) -> str | None:
    n = card.contents.get("n")
    if not n:
        return None
    parts = n[0].value
    return " ".join(p for p in (parts.given, parts.additional, parts.family) if p).strip() or None


def _birthday(value: str | None) -> dt.date | str | None:
    if not value:
        return None
    text = value.strip()[:10]
    match = re.fullmatch(r"--(\d{2})-?(\d{2})", text)
    if match:
        return f"{match[1]}-{match[2]}"
    match = re.fullmatch(r"(\d{4})-?(\d{2})-?(\d{2})", text)
    if match:
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    return None
