"""`handshake import-csv`: radar people from LinkedIn's Connections.csv, Mastodon's follows, or a plain CSV.

Read with the standard csv module, strictly: a quote left open or a row with the wrong number of
fields refuses the whole file (it was cut short or is not what it claims to be). The separator is
sniffed (csv.Sniffer) from the header line and the lines after it: spreadsheets set to many languages
save "CSV" with semicolons, and text exports use tabs; quoting is always the spreadsheets' (`"`, doubled).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path

from ..core.calendar import BOUNDS, in_bounds
from .importing import Candidate, ImportFileError, ImportReport, is_email, read_text

LINKEDIN = ("First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On")
MASTODON = "Account address"
PLAIN = ("name", "email", "url", "note", "date", "tags")
_EXPECTED = {
    "linkedin": "LinkedIn's Connections.csv (columns: " + ", ".join(LINKEDIN) + ")",
    "mastodon": "Mastodon's following_accounts.csv (columns: Account address, Show boosts, …)",
    "csv": "a CSV file with a header row: name (required), email, url, note, date, tags",
}
_SEPARATORS = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "vertical bars"}
_SAMPLE_LINES = 20  # lines from the header on that the separator is sniffed from
_SAMPLE_CHARS = 8192  # at most: the sniffer's patterns take time that grows with the square of a line's length
_ACCOUNT = re.compile(r"^@?([A-Za-z0-9_][A-Za-z0-9_.-]*)@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)$")


def csv_candidates(path: Path, source: str, today: dt.date, shown: str | None = None,
                   ) -> tuple[list[Candidate], ImportReport]:
    """The people of a CSV export as candidates, and a report of the values left out; ImportFileError if refused."""
    shown = shown or str(path)
    text = read_text(path, _EXPECTED[source], shown)
    separator = _separator(text, source)
    rows = list(_rows(text, shown, separator))
    report = ImportReport()
    header_at = _header(rows, source, shown, separator)
    header_line, header = rows[header_at]
    keys = [h.strip() for h in header]
    out = []
    for line, row in rows[header_at + 1:]:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(keys):
            raise ImportFileError(f"{shown}:{line}: this row has {len(row)} fields where the header on line "
                                  f"{header_line} has {len(keys)}: the file is damaged or cut short; "
                                  "nothing was imported")
        record = {k: v.strip() for k, v in zip(keys, row, strict=True)}
        where = f"{shown}:{line}"
        data = {"linkedin": _linkedin, "mastodon": _mastodon, "csv": _plain}[source](record, where, today, report,
                                                                                      path.name)
        if data is not None:
            out.append(Candidate(data, where))
    return out, report


def _separator(text: str, source: str) -> str:
    """The field separator of the file: sniffed from its header line on (notes above it would mislead the
    sniffer); a comma when nothing tells (a file of one column)."""
    lines = text.split("\n")
    start = 0
    for i, line in enumerate(lines):
        cell = line.lstrip('"\ufeff ')
        if (cell.startswith("First Name") if source == "linkedin" else
                cell.startswith(MASTODON) if source == "mastodon" else bool(line.strip())):
            start = i
            break
    # A damaged row among the first ones can hide the separator: the header line alone may still tell it.
    for sample in ("\n".join(lines[start:start + _SAMPLE_LINES]), lines[start] if lines else ""):
        if len(sample) > _SAMPLE_CHARS:
            sample = sample[:_SAMPLE_CHARS]
            sample = sample[:sample.rfind("\n")] if "\n" in sample else sample
        try:
            return csv.Sniffer().sniff(sample, delimiters="".join(_SEPARATORS)).delimiter
        except csv.Error:
            continue
    return ","


def _rows(text: str, shown: str, separator: str = ",") -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True, delimiter=separator)
    start = 1
    try:
        for row in reader:
            yield start, row
            start = reader.line_num + 1
    except csv.Error as exc:
        if "field limit" in str(exc):
            raise ImportFileError(f"{shown}:{start}: a field of more than {csv.field_size_limit():,} characters: "
                                  "too big for a person's details; nothing was imported") from None
        raise ImportFileError(f"{shown}:{start}: {exc} (a quote opened here is never closed, or a field is "
                              "damaged): the file is cut short or not CSV; nothing was imported") from None


def _separator_word(cells: list[str], separator: str) -> str:
    """What to say when a header is not understood and its cells hold another separator."""
    others = [s for s in _SEPARATORS if s != separator and any(s in cell for cell in cells)]
    if not others:
        if len(cells) == 1 and re.search(r"\w\W+\w", cells[0]):
            return (" (the header was read as one column: save the file as CSV separated by commas, semicolons "
                    "or tabs, with one header row)")
        return ""
    seen = "a tab" if others[0] == "\t" else f"'{others[0]}'"
    return (f" (the columns were read as separated by {_SEPARATORS[separator]}, and the header holds {seen}: "
            "save the file as CSV separated by commas, semicolons or tabs, with one header row)")


def _header(rows: list[tuple[int, list[str]]], source: str, shown: str, separator: str = ",") -> int:
    first: list[str] = []
    for i, (_, row) in enumerate(rows):
        cells = [c.strip() for c in row]
        if not first or cells[:1] and cells[0].startswith(("First Name", MASTODON)):  # what a separator hint reads
            first = [c for c in cells if c]
        if source == "linkedin" and cells[:1] == ["First Name"]:
            missing = [c for c in LINKEDIN if c not in cells]
            if missing:
                raise ImportFileError(f"{shown}:{rows[i][0]}: the header lacks {', '.join(missing)}: "
                                      f"expected {_EXPECTED[source]}")
            return i
        if source == "mastodon" and cells[:1] == [MASTODON]:
            return i
        if source == "csv" and any(cells):
            lower = [c.lower() for c in cells]
            unknown = [c for c in cells if c.lower() not in PLAIN]
            if "name" not in lower or unknown:
                problem = f"unknown column(s) {', '.join(unknown)}" if unknown else "no name column"
                raise ImportFileError(f"{shown}:{rows[i][0]}: {problem}: expected {_EXPECTED[source]}"
                                      + _separator_word(cells, separator))
            rows[i][1][:] = lower
            return i
        if source == "mastodon" and any(cells):
            break
    raise ImportFileError(f"{shown}: no header row found: expected {_EXPECTED[source]}"
                          f"{_separator_word(first, separator)}; nothing was imported")


def _date(text: str, formats: tuple[str, ...], where: str, column: str, report: ImportReport) -> dt.date | None:
    if not text:
        return None
    for fmt in formats:
        try:
            day = dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        if in_bounds(day):
            return day
        report.notes.append(f"{where}: {column} '{text}' is outside {BOUNDS}: left out")
        return None
    report.notes.append(f"{where}: {column} '{text}' is not a date: left out")
    return None


def _found(where_found: str, day: dt.date | None, today: dt.date, note: str | None) -> dict[str, object]:
    found: dict[str, object] = {"date": day or today, "where": where_found}
    if note:
        found["note"] = note
    return found


def _link(url: str, where: str, report: ImportReport) -> list[str]:
    if not url:
        return []
    if re.match(r"^https?://\S+$", url, re.IGNORECASE):
        return [url]
    report.notes.append(f"{where}: link '{url}' is not an http(s) address: left out")
    return []


def _linkedin(record: dict[str, str], where: str, today: dt.date, report: ImportReport, _: str,
              ) -> dict[str, object] | None:
    name = " ".join(p for p in (record["First Name"], record["Last Name"]) if p)
    if not name:
        report.skipped.append(f"{where}: no name (LinkedIn leaves it empty for closed accounts)")
        return None
    day = _date(record["Connected On"], ("%d %b %Y", "%Y-%m-%d"), where, "Connected On", report)
    position, company = record["Position"], record["Company"]
    note = f"{position} at {company}" if position and company else position or company
    data: dict[str, object] = {"name": name, "found": _found("LinkedIn", day, today, note)}
    links = _link(record["URL"], where, report)
    if links:
        data["links"] = links
    email = record["Email Address"]
    if email and is_email(email):
        data["contact"] = {"email": email}
    return data


def _mastodon(record: dict[str, str], where: str, today: dt.date, report: ImportReport, _: str,
              ) -> dict[str, object] | None:
    account = record[MASTODON]
    match = _ACCOUNT.match(account)
    if not match:
        report.skipped.append(f"{where}: '{account}' is not an account address like user@host")
        return None
    user, host = match[1], match[2].lower()
    return {"name": user, "found": _found("Mastodon", None, today, f"Followed {user}@{host}"),
            "links": [f"https://{host}/@{user}"]}


def _plain(record: dict[str, str], where: str, today: dt.date, report: ImportReport, file_name: str,
           ) -> dict[str, object] | None:
    name = record.get("name", "")
    if not name:
        report.skipped.append(f"{where}: the name is empty")
        return None
    day = _date(record.get("date", ""), ("%Y-%m-%d",), where, "date", report)
    data: dict[str, object] = {"name": name, "found": _found(file_name, day, today, record.get("note") or None)}
    tags = [t.strip() for t in re.split(r"[;,]", record.get("tags", "")) if t.strip()]
    if tags:
        data["tags"] = tags
    links = _link(record.get("url", ""), where, report)
    if links:
        data["links"] = links
    email = record.get("email", "")
    if email:
        if is_email(email):
            data["contact"] = {"email": email}
        else:
            report.notes.append(f"{where}: email '{email}' is not an email address: left out")
    return data
