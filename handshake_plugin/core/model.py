"""Layer 2: typed records of a journal, and validation of loaded data into them.

The pydantic models below are the one schema of the data format (version 1):
they validate person files and export the JSON Schema that editors use.
Every rule that pydantic cannot say is checked here too, and every failure
becomes a located `Problem` with what to write instead.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, ConfigDict, Field, TypeAdapter, ValidationError, WithJsonSchema
from pydantic.dataclasses import dataclass as pydantic_dataclass
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticCustomError

from .calendar import BOUNDS, CADENCE_PATTERN, DATE_TIME_RE, check_cadence, clock_time, in_bounds, iso_date
from .hints import did_you_mean, suggest
from .ids import ID_MAX, RESERVED_IDS, slug
from .load import DataPath, Document, dotted
from .problems import Problem
from .vocabulary import ANSWERS, KINDS, closest_kind

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
_ID_RE = re.compile(ID_PATTERN)
_MONTH_DAY_RE = re.compile(r"^(\d{2})-(\d{2})$")

Answer = Literal["accepted", "declined", "pending", "no-reply"]


def suggest_id(text: str) -> str:
    """A valid id made from any text (a name or a bad file stem), transliterated to ASCII; "person" if none."""
    found = slug(text) or "person"
    return f"{found}-2" if found in RESERVED_IDS else found


def is_id(text: str) -> bool:
    """Whether `text` is a valid person id."""
    return len(text) <= ID_MAX and bool(_ID_RE.match(text)) and text not in RESERVED_IDS


# -- field types: each validator says what to write instead ---------------------------------


def _bounded(value: Any) -> Any:
    """A date (or date and time) inside the accepted range, else a problem saying so."""
    if not in_bounds(value):
        raise PydanticCustomError("hs", "{v} is outside {r}: write a date in that range",
                                  {"v": value.isoformat(sep=" ") if isinstance(value, dt.datetime)
                                   else value.isoformat(), "r": BOUNDS})
    return value


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        raise PydanticCustomError("hs", "write a date without a time, as YYYY-MM-DD")
    if isinstance(value, dt.date):
        return _bounded(value)
    if isinstance(value, str):
        day = iso_date(value)
        if day is not None:
            return _bounded(day)
    raise PydanticCustomError("hs", "'{v}' is not a date: write it as YYYY-MM-DD, e.g. 2026-01-14", {"v": value})


def _when(value: Any) -> dt.datetime | dt.date:
    if isinstance(value, (dt.date, dt.datetime)):
        return _bounded(value)
    if isinstance(value, str):
        match = DATE_TIME_RE.match(value.strip())
        if match:
            day = iso_date(match[1])
            if day is None:
                raise PydanticCustomError("hs", "'{v}': {d} is not a real date", {"v": value, "d": match[1]})
            _bounded(day)
            time = clock_time(match[2])
            if time is None:
                raise PydanticCustomError("hs", "'{v}': the time must be between 00:00 and 23:59", {"v": value})
            return dt.datetime.combine(day, time)
        day = iso_date(value)
        if day is not None:
            return _bounded(day)
    raise PydanticCustomError(
        "hs", "'{v}' is not a date: write YYYY-MM-DD, or \"YYYY-MM-DD HH:MM\" for a time", {"v": value})


def _birthday(value: Any) -> dt.date | str:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return _bounded(value)
    if isinstance(value, str):
        match = _MONTH_DAY_RE.match(value.strip())
        if match:
            try:
                dt.date(2000, int(match[1]), int(match[2]))  # 2000 is a leap year: 02-29 is fine
                return value.strip()
            except ValueError:
                pass
        day = iso_date(value)
        if day is not None:
            return _bounded(day)
    raise PydanticCustomError(
        "hs", "'{v}' is not a birthday: write YYYY-MM-DD, or \"MM-DD\" in quotes when the year is unknown",
        {"v": value})


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        raise PydanticCustomError("hs_quote", "true/false")
    if isinstance(value, (int, float)):
        raise PydanticCustomError("hs_quote", "number")
    if isinstance(value, dt.date):
        raise PydanticCustomError("hs_quote", "date")
    raise PydanticCustomError("hs", "write text here, not a list or mapping")


def _name(value: Any) -> str:
    text = _text(value).strip()
    if not text:
        raise PydanticCustomError("hs", "name is empty: write the person's name, e.g. name: Ada Lovelace")
    return text


def _person_id(value: Any) -> str:
    text = _text(value)
    if not is_id(text):
        raise PydanticCustomError(
            "hs", "'{v}' is not a person id: write the file name of their person file without .yml, e.g. {s}",
            {"v": text, "s": suggest_id(text)})
    return text


def _cadence(value: Any) -> str:
    try:
        return check_cadence(_text(value))
    except ValueError as exc:
        raise PydanticCustomError("hs", "{m}", {"m": str(exc)}) from None


def _link(value: Any) -> str:
    text = _text(value).strip()
    if not re.match(r"^(https?://[^\s]+|mailto:[^\s]+)$", text, re.IGNORECASE):
        raise PydanticCustomError(
            "hs", "'{v}' is not an allowed link: write an address starting with https://, http:// or mailto:",
            {"v": text})
    return text


def _answer(value: Any) -> str:
    if value is True:
        raise PydanticCustomError("hs", "YAML reads yes as true: write accepted (or declined)")
    if value is False:
        raise PydanticCustomError("hs", "YAML reads no as false: write declined (or accepted)")
    if value is None:
        return "pending"
    if value not in ANSWERS:
        raise PydanticCustomError("hs", "'{v}' is not an answer: {h}write one of accepted, declined, pending, no-reply",
                                  {"v": value, "h": did_you_mean(str(value), ANSWERS)})
    return value


def _str_list(value: Any) -> Any:
    if isinstance(value, str):
        raise PydanticCustomError("hs", "write a list here, e.g. [{v}]", {"v": value})
    return value


_S = {"type": "string"}
Text = Annotated[str, BeforeValidator(_text), WithJsonSchema(_S)]
Name = Annotated[str, BeforeValidator(_name), WithJsonSchema({"type": "string", "minLength": 1})]
PersonId = Annotated[str, BeforeValidator(_person_id),
                     WithJsonSchema({"type": "string", "pattern": ID_PATTERN, "maxLength": ID_MAX})]
Date = Annotated[dt.date, BeforeValidator(_date), WithJsonSchema({"type": "string", "format": "date"})]
When = Annotated[Any, BeforeValidator(_when), WithJsonSchema(
    {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}( \d{1,2}:\d{2})?$"})]
Birthday = Annotated[Any, BeforeValidator(_birthday), WithJsonSchema(
    {"type": "string", "pattern": r"^(\d{4}-)?\d{2}-\d{2}$"})]
Cadence = Annotated[str, BeforeValidator(_cadence), WithJsonSchema({"type": "string", "pattern": CADENCE_PATTERN})]
Link = Annotated[str, BeforeValidator(_link), WithJsonSchema({"type": "string", "pattern": "^(https?://|mailto:)"})]
AnswerField = Annotated[Answer, BeforeValidator(_answer), WithJsonSchema({"enum": list(ANSWERS)})]
TextList = Annotated[list[Text], BeforeValidator(_str_list)]
IdList = Annotated[list[PersonId], BeforeValidator(_str_list)]
LinkList = Annotated[list[Link], BeforeValidator(_str_list)]


# Slotted dataclasses rather than models: a journal holds thousands of these records while the
# site renders, and a slotted record takes about a tenth of a model's memory.
_RECORD = ConfigDict(extra="ignore", populate_by_name=False)
_record = pydantic_dataclass(frozen=True, slots=True, eq=False, config=_RECORD)


@_record
class Found:
    """Where and when you first noticed someone."""

    date: Date | None = None
    where: Text | None = None
    note: Text | None = Field(default=None, description="Markdown")


@_record
class Ask:
    """One time you asked someone to meet."""

    date: Date
    via: Text | None = Field(default=None, description="how you asked: DM, email, in person…")
    answer: AnswerField = "pending"
    note: Text | None = Field(default=None, description="Markdown")


@_record
class Promise:
    """A promise made at a meeting (a `follow_up` item): open until `done` holds the day it was kept, or
    `dropped` the day you let it go."""

    do: Text
    done: Date | None = None
    dropped: Date | None = None

    @property
    def is_open(self) -> bool:
        """Neither kept nor let go."""
        return self.done is None and self.dropped is None


def _promise(value: Any) -> Any:
    return value if isinstance(value, dict) else {"do": _text(value)}


def _follow_up(value: Any) -> Any:
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        raise PydanticCustomError("hs", "write the promise as text, or a list of texts and {do: TEXT, done: "
                                        "YYYY-MM-DD} items ({do: TEXT, dropped: YYYY-MM-DD} to let one go), "
                                        "e.g. [{do: Send the book, done: 2026-01-20}]")
    return [{"do": _text(value)}]


_PROMISE_SCHEMA = {"anyOf": [{"type": "string"}, {"type": "object", "properties": {
    "do": {"type": "string", "description": "what you promised"},
    "done": {"type": "string", "format": "date", "description": "the day you kept it"},
    "dropped": {"type": "string", "format": "date", "description": "the day you let it go"}},
    "required": ["do"]}]}
PromiseItem = Annotated[Promise, BeforeValidator(_promise)]
FollowUps = Annotated[list[PromiseItem], BeforeValidator(_follow_up), WithJsonSchema({
    "description": "a promise you made (open until done or dropped): a text, or a list of texts and {do, done} "
                   "or {do, dropped} items",
    "anyOf": [{"type": "string"}, {"type": "array", "items": _PROMISE_SCHEMA}]})]


@_record
class Meeting:
    """A meeting, recorded once in one person's file."""

    date: When = Field(description='a date, or "YYYY-MM-DD HH:MM"')
    kind: Text = Field("other", description="coffee | tea | drinks | meal | walk | video | call | event | other",
                       json_schema_extra={"examples": list(KINDS)})
    where: Text | None = None
    with_: IdList = Field(default_factory=list, alias="with", description="others who were there (ids)")
    notes: Text | None = Field(default=None, description="Markdown")
    follow_up: FollowUps = Field(default_factory=list)

    @property
    def day(self) -> dt.date:
        """The calendar day of the meeting."""
        return self.date.date() if isinstance(self.date, dt.datetime) else self.date

    @property
    def time(self) -> str | None:
        """The time as HH:MM when one was given."""
        return self.date.strftime("%H:%M") if isinstance(self.date, dt.datetime) else None


@pydantic_dataclass(frozen=True, slots=True, eq=False,
                    config=ConfigDict(extra="ignore", title="Handshake person (data format v1)"))
class Person:
    """One person file: `people/<id>.yml`."""

    name: Name
    found: Found | None = None
    introduced_by: PersonId | None = None
    tags: TextList = Field(default_factory=list)
    links: LinkList = Field(default_factory=list)
    contact: dict[str, Text] = Field(default_factory=dict, description="private: shown only with show_contact")
    birthday: Birthday | None = None
    keep_in_touch: Cadence | None = None
    rapport: Date | None = None
    notes: Text | None = Field(default=None, description="Markdown")
    asks: list[Ask] = Field(default_factory=list)
    meetings: list[Meeting] = Field(default_factory=list)
    id: SkipJsonSchema[str] = Field(default="", description="the file stem, set when the file is read")


_PERSON = TypeAdapter(Person)


def person_from_data(data: dict[str, Any], person_id: str) -> Person:
    """A `Person` from plain data (raises pydantic's ValidationError); its id is the file stem."""
    return _PERSON.validate_python({**data, "id": person_id})


@dataclass
class Journal:
    """Every person of a journal, by id, in id order."""

    people: dict[str, Person] = field(default_factory=dict)


# -- validation -----------------------------------------------------------------------------

def _keys(record: type) -> tuple[str, ...]:
    fields = record.__pydantic_fields__  # type: ignore[attr-defined]
    return tuple(f.alias or n for n, f in fields.items() if n != "id")


_KNOWN: dict[str, tuple[str, ...]] = {"": _keys(Person), "found": _keys(Found), "asks": _keys(Ask),
                                      "meetings": _keys(Meeting), "follow_up": _keys(Promise)}
PERSON_KEYS = _KNOWN[""]
"""The keys a person file may hold at its top level."""

_TYPE_HINTS = {
    "list_type": "write a list here",
    "dict_type": "write a mapping here (key: value lines, indented)",
    "model_type": "write a mapping here (key: value lines, indented)",
    "model_attributes_type": "write a mapping here (key: value lines, indented)",
    "dataclass_type": "write a mapping here (key: value lines, indented)",
    "dataclass_args_type": "write a mapping here (key: value lines, indented)",
}


def person_from_document(doc: Document, person_id: str) -> tuple[Person | None, list[Problem]]:
    """Validate one loaded file into a `Person`; return it (or None) and the file's own problems."""
    problems: list[Problem] = []
    if not isinstance(doc.data, dict):
        kind = "a list" if isinstance(doc.data, list) else "a single value"
        return None, [doc.problem((), f"the file holds {kind}: a person file is a mapping that starts "
                                      "with `name: Their Name`")]
    problems += doc.problems
    problems += _unknown_keys(doc)
    try:
        person = person_from_data(_without_empty(doc.data), person_id)
    except ValidationError as exc:
        for err in exc.errors():
            loc: DataPath = tuple(err["loc"])
            if any(loc[:len(r)] == r for r in doc.refused):
                continue  # loading said what is wrong there
            if err["type"] == "missing":
                where = loc[:-1]
                problems.append(doc.problem(where, f"'{loc[-1]}' is required: add `{loc[-1]}: …`"))
                continue
            if err["type"] == "hs_quote":
                raw = doc.raw.get(loc, str(err["input"]))
                key = f"{loc[-1]}: " if loc and isinstance(loc[-1], str) else "- "
                message = (f"YAML reads this as a {err['msg']}: put it in quotes exactly as you mean it, "
                           f'e.g. {key}"{raw}"')
                problems.append(doc.problem(loc, f"{dotted(loc)}: {message}"))
                continue
            message = err["msg"] if err["type"] == "hs" else _TYPE_HINTS.get(err["type"], err["msg"])
            problems.append(doc.problem(loc, f"{dotted(loc)}: {message}"))
        return None, problems + _relations(doc.data, doc, person_id)
    return (None if doc.problems else person), problems + _relations(doc.data, doc, person_id)


def _relations(data: dict[str, Any], doc: Document, person_id: str) -> list[Problem]:
    """Meeting kinds and the file's own id in `with` or `introduced_by`, read from the plain data: a file with
    other errors reports these in the same pass, not in a second round once the others are fixed."""
    problems = []
    meetings = data.get("meetings")
    for i, meeting in enumerate(meetings if isinstance(meetings, list) else ()):
        if not isinstance(meeting, dict):
            continue
        kind, others = meeting.get("kind"), meeting.get("with")
        if isinstance(kind, str) and kind not in KINDS:
            hint = suggest(closest_kind(kind))
            problems.append(doc.problem(("meetings", i, "kind"), f"unknown meeting kind '{kind}': {hint}"
                                        f"known kinds are {', '.join(KINDS)}", warning=True))
        if person_id == others or (isinstance(others, list) and person_id in others):
            problems.append(doc.problem(("meetings", i, "with"), f"`with` names this file's own person "
                                        f"'{person_id}': list only the others who were there"))
    if data.get("introduced_by") == person_id:
        problems.append(doc.problem(("introduced_by",), "a person cannot be introduced by themself: "
                                    "write the id of who introduced you, or delete the line"))
    return problems


def _without_empty(data: dict[str, Any]) -> dict[str, Any]:
    """The data with empty keys (`where:` with nothing after it) left out: an empty key means no value."""
    out = {k: v for k, v in data.items() if v is not None}
    if isinstance(out.get("found"), dict):
        out["found"] = {k: v for k, v in out["found"].items() if v is not None}
    for section in ("asks", "meetings"):
        entries = out.get(section)
        if isinstance(entries, list):
            out[section] = [{k: v for k, v in e.items() if v is not None} if isinstance(e, dict) else e
                            for e in entries]
    return out


def _unknown_keys(doc: Document) -> list[Problem]:
    problems = []

    def check(mapping: Any, path: DataPath, known: tuple[str, ...]) -> None:
        if not isinstance(mapping, dict):
            return
        for key in mapping:
            if not path and key not in known:
                owner = _owner_above(doc, key)
                if owner is not None:
                    problems.append(doc.problem((key,), f"'{key}' belongs to {dotted(owner)}: indent it under "
                                                f"{dotted(owner)}, in line with its other keys", key=True,
                                                warning=True))
                    continue
            if key not in known:
                hint = did_you_mean(key, known).rstrip() or f"known keys are {', '.join(known)}"
                problems.append(doc.problem(path + (key,), f"unknown key '{key}' is ignored: {hint}",
                                            key=True, warning=True))

    data = doc.data
    check(data, (), _KNOWN[""])
    check(data.get("found"), ("found",), _KNOWN["found"])
    for section in ("asks", "meetings"):
        entries = data.get(section)
        if isinstance(entries, list):
            for i, entry in enumerate(entries):
                check(entry, (section, i), _KNOWN[section])
                promises = entry.get("follow_up") if section == "meetings" and isinstance(entry, dict) else None
                for j, promise in enumerate(promises if isinstance(promises, list) else ()):
                    check(promise, (section, i, "follow_up", j), _KNOWN["follow_up"])
    return problems


def _owner_above(doc: Document, key: str) -> DataPath | None:
    """The ask or meeting right above a top-level `key` that only an ask or a meeting has: where it belongs."""
    line = doc.key_marks.get((key,), (0, 0))[0]
    sections = [(doc.key_marks[(s,)][0], s) for s in ("asks", "meetings")
                if (s,) in doc.key_marks and doc.key_marks[(s,)][0] < line]
    if not sections:
        return None
    section = max(sections)[1]
    entries = doc.data.get(section)
    if key not in _KNOWN[section] or not isinstance(entries, list) or not entries:
        return None
    return (section, len(entries) - 1)


def check_references(journal: Journal, locate: Callable[[str], Document],
                     other_ids: Iterable[str] = ()) -> list[Problem]:
    """Problems with ids that name other people: every `introduced_by` and `with` id must exist.

    `locate(id)` gives a person's document with positions, read only when a problem needs one;
    `other_ids` are files that exist but failed to load: naming them is not a second error.
    """
    ids = set(journal.people) | set(other_ids)
    problems = []
    for person in journal.people.values():
        missing: list[tuple[DataPath, str]] = []
        if person.introduced_by and person.introduced_by != person.id and person.introduced_by not in ids:
            missing.append((("introduced_by",), person.introduced_by))
        for i, meeting in enumerate(person.meetings):
            for j, other in enumerate(meeting.with_):
                if other != person.id and other not in ids:
                    missing.append((("meetings", i, "with", j), other))
        if missing:
            doc = locate(person.id)
            problems += [doc.problem(path, _missing_id(other, ids)) for path, other in missing]
    return problems


def check_duplicates(journal: Journal, locate: Callable[[str], Document], shown: Mapping[str, str]) -> list[Problem]:
    """Warnings for two person files that share a name, an email or a link: the same person twice (a copied
    file, `new` run again with another --id). Each names both files; the later file (by id) carries it.

    Names compare without case, Unicode forms or extra spaces, and namesakes with links or emails of their own
    (none shared) are two people; emails compare without case (a `mailto:` link counts as its email); links
    without case in the scheme and host and without a trailing slash.
    """
    first: dict[tuple[str, str], tuple[str, DataPath]] = {}
    found: list[tuple[str, DataPath, str, str, str]] = []
    identities: dict[str, list[tuple[tuple[str, str], DataPath, str]]] = {}
    for pid in sorted(journal.people):
        person = journal.people[pid]
        keys: list[tuple[tuple[str, str], DataPath, str]] = [
            (("name", _same_text(person.name)), ("name",), person.name)]
        keys += [(("email", _email(value)), ("contact", key), value) for key, value in person.contact.items()
                 if "@" in value and _email(value)]
        for i, link in enumerate(person.links):
            if link.lower().startswith("mailto:"):
                keys.append((("email", _email(link[7:])), ("links", i), link))
            else:
                keys.append((("link", _same_link(link)), ("links", i), link))
        seen_here: set[tuple[str, str]] = set()
        for key, path, value in keys:
            if key in seen_here:
                continue
            seen_here.add(key)
            earlier = first.setdefault(key, (pid, path))
            if earlier[0] != pid and not (key[0] == "name" and _told_apart(keys, identities[earlier[0]])):
                found.append((pid, path, key[0], value, earlier[0]))
        identities[pid] = keys
    problems = []
    for pid, path, what, value, other in found:
        apart = ("tell them apart in the name (a middle initial, a place) or give each their own link"
                 if what == "name"
                 else f"keep the {what} in the file of the one it belongs to")
        message = (f"the same {what} as {shown.get(other, other)} ({value!r}): if this is one person twice, merge "
                   f"the two files into one; if not, {apart}")
        problems.append(locate(pid).problem(path, message, warning=True))
    return problems


def _told_apart(one: list[tuple[tuple[str, str], DataPath, str]],
                other: list[tuple[tuple[str, str], DataPath, str]]) -> bool:
    """Whether two namesakes are told apart: each has a link or email, and they share none (an import keeps
    a namesake with another profile link as another person)."""
    mine = {key for key, _, _ in one if key[0] != "name"}
    theirs = {key for key, _, _ in other if key[0] != "name"}
    return bool(mine) and bool(theirs) and not mine & theirs


def _same_text(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _email(text: str) -> str:
    return text.strip().split("?", 1)[0].casefold()


def _same_link(link: str) -> str:
    scheme, sep, rest = link.strip().partition("://")
    host, slash, path = rest.partition("/")
    return f"{scheme.lower()}{sep}{host.lower()}{slash}{path}".rstrip("/")


def named_ids(doc: Document) -> tuple[tuple[int, int, str], ...]:
    """(line, column, id) of each id a file names in `introduced_by` and meetings' `with`, read from its plain
    data: a file with other errors still has them checked in the same pass (`missing_id`)."""
    data = doc.data if isinstance(doc.data, dict) else {}
    found: list[tuple[DataPath, str]] = []
    if isinstance(data.get("introduced_by"), str):
        found.append((("introduced_by",), data["introduced_by"]))
    meetings = data.get("meetings")
    for i, meeting in enumerate(meetings if isinstance(meetings, list) else ()):
        others = meeting.get("with") if isinstance(meeting, dict) else None
        if isinstance(others, str):
            found.append((("meetings", i, "with"), others))
        for j, other in enumerate(others if isinstance(others, list) else ()):
            if isinstance(other, str):
                found.append((("meetings", i, "with", j), other))
    return tuple((*doc.where(path), pid) for path, pid in found)


def missing_id(named: str, person_id: str, ids: set[str]) -> str | None:
    """What to do about an id named in `person_id`'s file that no file has; None when it is fine (an
    invalid id or the file's own id is another problem, said where the value is checked)."""
    return _missing_id(named, ids) if named != person_id and is_id(named) and named not in ids else None


def _missing_id(missing: str, ids: set[str]) -> str:
    hint = did_you_mean(missing, sorted(ids))
    return f"no person file for '{missing}': {hint}create people/{missing}.yml or fix the id"


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a person file, for editors (yaml-language-server)."""
    schema = _PERSON.json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["additionalProperties"] = True
    return schema
