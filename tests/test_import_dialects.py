"""Imports read files as people really have them (issue 24): CSVs in other dialects, the kind of a calendar
event from its summary before its place, and file names printed relative to where you are."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml
from conftest import run, write_journal

from handshake_plugin.files.import_ics import guess_kind


def _people(root: Path) -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((root / "people").glob("*.yml"))}


def _hashes(root: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted((root / "people").iterdir())}


@pytest.mark.parametrize(("summary", "location", "kind"), [
    ("Lunch with Julia", "Café Einstein", "meal"),            # the example: the summary decides
    ("Lunch at Café Einstein", "", "meal"),                   # within one text a meal at a café is a meal
    ("Dinner", "The Tea House", "meal"),
    ("Coffee with Ada", "https://zoom.us/j/123", "coffee"),   # a virtual coffee is what the summary says
    ("Catch-up with Ada", "Blue Bottle Coffee", "coffee"),    # nothing in the summary: the place tells
    ("Julia", "Café Einstein", "coffee"),
    ("Sync", "https://meet.google.com/abc-defg-hij", "video"),
    ("Zoom call with Bruce", "", "video"),
    ("Walk in the park", "Starbucks, Tiergarten", "walk"),
    ("Drinks", "Lunch Box Bar", "drinks"),
    ("Julia", "Room 4", "other"),
    ("", "", "other"),
])
def test_the_kind_comes_from_the_summary_before_the_place(summary: str, location: str, kind: str) -> None:
    assert guess_kind(summary, location) == kind


CALENDAR = """\
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Test//EN
BEGIN:VEVENT
UID:1
SUMMARY:Lunch with Julia
LOCATION:Café Einstein
DTSTART:20261110T120000Z
ATTENDEE:mailto:julia@example.org
END:VEVENT
BEGIN:VEVENT
UID:2
SUMMARY:Catch-up
LOCATION:Blue Bottle Coffee
DTSTART;VALUE=DATE:20261112
ATTENDEE:mailto:julia@example.org
END:VEVENT
END:VCALENDAR
"""


def test_import_ics_writes_the_kind_of_the_summary(tmp_path: Path) -> None:
    write_journal(tmp_path, {"julia.yml": "name: Julia\ncontact:\n  email: julia@example.org\n"})
    (tmp_path / "calendar.ics").write_text(CALENDAR.replace("\n", "\r\n"), encoding="utf-8")
    result = run(["handshake", "import-ics", "calendar.ics", "--apply"], tmp_path)
    assert result.returncode == 0, result.stderr
    meetings = _people(tmp_path)["julia"]["meetings"]
    assert [(m["kind"], m["where"]) for m in meetings] == [("meal", "Café Einstein"), ("coffee", "Blue Bottle Coffee")]


# One list of people, saved as a spreadsheet in another language or a text export would save it.
DIALECTS = {
    "semicolons.csv": 'name;email;note;tags\n"Lovelace; Ada";ada@example.org;"Chaos; engines, and\nmore";'
                      "math, writing\nBo Smith;bo@example.org;;\n",
    "tabs.csv": 'name\temail\tnote\ttags\n"Lovelace; Ada"\tada@example.org\t"Chaos; engines, and\nmore"\t'
                "math, writing\nBo Smith\tbo@example.org\t\t\n",
    "bars.csv": 'name|email|note|tags\n"Lovelace; Ada"|ada@example.org|"Chaos; engines, and\nmore"|'
                "math, writing\nBo Smith|bo@example.org||\n",
    "commas.csv": 'name,email,note,tags\n"Lovelace; Ada",ada@example.org,"Chaos; engines, and\nmore",'
                  '"math, writing"\nBo Smith,bo@example.org,,\n',
}


@pytest.mark.parametrize("name", sorted(DIALECTS))
def test_a_csv_in_another_dialect_is_read(tmp_path: Path, name: str) -> None:
    write_journal(tmp_path, {})
    (tmp_path / name).write_text(DIALECTS[name], encoding="utf-8")
    result = run(["handshake", "import-csv", name, "--from", "csv"], tmp_path)
    assert result.returncode == 0, result.stderr
    people = _people(tmp_path)
    assert sorted(people) == ["bo-smith", "lovelace-ada"], result.stdout
    ada = people["lovelace-ada"]
    assert ada["name"] == "Lovelace; Ada" and ada["contact"] == {"email": "ada@example.org"}
    assert ada["found"]["note"] == "Chaos; engines, and\nmore" and ada["tags"] == ["math", "writing"]
    assert run(["handshake", "check"], tmp_path).returncode == 0


def test_linkedin_and_mastodon_exports_in_other_dialects(tmp_path: Path) -> None:
    write_journal(tmp_path, {})
    (tmp_path / "Connections.csv").write_text(
        'Notes:\n"When exporting your connection data, you may notice that some, of the email addresses; are missing."'
        "\n\nFirst Name;Last Name;URL;Email Address;Company;Position;Connected On\n"
        'Grace;Hopper;https://www.linkedin.com/in/grace;;"US Navy; Computing, Inc";Rear Admiral;15 Mar 2024\n',
        encoding="utf-8")
    (tmp_path / "following_accounts.csv").write_text(
        "Account address\tShow boosts\tNotify on new posts\tLanguages\nGargron@mastodon.social\ttrue\tfalse\t\n",
        encoding="utf-8")
    linkedin = run(["handshake", "import-csv", "Connections.csv", "--from", "linkedin"], tmp_path)
    assert linkedin.returncode == 0, linkedin.stderr
    mastodon = run(["handshake", "import-csv", "following_accounts.csv", "--from", "mastodon"], tmp_path)
    assert mastodon.returncode == 0, mastodon.stderr
    people = _people(tmp_path)
    assert people["grace-hopper"]["found"]["note"] == "Rear Admiral at US Navy; Computing, Inc"
    assert people["gargron"]["links"] == ["https://mastodon.social/@Gargron"]


@pytest.mark.parametrize(("text", "message"), [
    # Cut short or damaged in its own dialect: refused whole, with the line, as a comma file is.
    ('name;email;note\nAda;a@example.org;fine\nBo;b@example.org;"never closed\n', "semicolons.csv:3: unexpected end"),
    ("name;email\nAda;a@example.org\nBo;b@example.org;extra\n",
     "semicolons.csv:3: this row has 3 fields where the header on line 1 has 2"),
    ("name;email\nAda;a@example.org;extra\n", "semicolons.csv:2: this row has 3 fields where the header on line 1"),
    # A separator nothing can tell: refused with a word about it.
    ("name#email\nAda#a@example.org\n", "the header was read as one column: save the file as CSV separated by "
                                        "commas, semicolons or tabs"),
    ("name;e-mail,x\nAda;a@example.org,1\nBo;b@example.org,2\n", "separated by"),
])
def test_a_damaged_or_unreadable_dialect_is_refused_whole(tmp_path: Path, text: str, message: str) -> None:
    write_journal(tmp_path, {"keep.yml": "name: Keep\n"})
    (tmp_path / "semicolons.csv").write_text(text, encoding="utf-8")
    before = _hashes(tmp_path)
    result = run(["handshake", "import-csv", "semicolons.csv", "--from", "csv"], tmp_path)
    assert result.returncode == 2 and message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert _hashes(tmp_path) == before


def test_import_messages_name_files_relative_to_where_you_are(tmp_path: Path) -> None:
    root = write_journal(tmp_path / "journal", {"julia.yml": "name: Julia\ncontact:\n  email: julia@example.org\n"})
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "cards.vcf").write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Cy\nBDAY:1604-07-04\nEND:VCARD\n", encoding="utf-8")
    (inbox / "people.csv").write_text("name;email\nDee;not-an-email\n", encoding="utf-8")
    (inbox / "calendar.ics").write_text(CALENDAR, encoding="utf-8")
    (inbox / "photo.vcf").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    here = root / "people"
    runs = [
        run(["handshake", "import-vcard", str(inbox / "cards.vcf")], here),
        run(["handshake", "import-csv", str(inbox / "people.csv"), "--from", "csv"], here),
        run(["handshake", "import-ics", str(inbox / "calendar.ics")], here),
        run(["handshake", "import-vcard", str(inbox / "photo.vcf")], here),
        run(["handshake", "import-vcard", str(inbox / "missing.vcf")], here),
    ]
    for result in runs:
        assert str(tmp_path) not in result.stdout + result.stderr, result.stdout + result.stderr
    assert "wrote cy.yml" in runs[0].stdout and "../../inbox/cards.vcf:4: Cy: BDAY '1604-07-04'" in runs[0].stdout
    assert "note: ../../inbox/people.csv:2: email 'not-an-email'" in runs[1].stdout
    assert "would add to julia.yml: 2026-11-10 12:00 meal at Café Einstein" in runs[2].stdout
    assert "../../inbox/calendar.ics: 2 event(s)" in runs[2].stderr
    assert "../../inbox/photo.vcf: this is a binary file" in runs[3].stderr
    assert "../../inbox/missing.vcf: cannot read it" in runs[4].stderr


def test_sniffing_the_separator_of_long_hostile_lines_takes_no_time(tmp_path: Path) -> None:
    import datetime as dt
    import time

    from handshake_plugin.files.import_csv import csv_candidates
    from handshake_plugin.files.importing import ImportFileError

    files = {  # lines the sniffer's patterns would take minutes over (the time grows with a line's square)
        "commas.csv": "name,note\n" + "".join('Ada,"' + "," * 100_000 + '"\n' for _ in range(19)),
        "quotes.csv": "name\n" + "".join('"' + "," * 100_000 + "\n" for _ in range(19)),
        "spaced.csv": "name;note\n" + ' "a" ;' * 20_000 + "\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        start = time.perf_counter()
        try:
            csv_candidates(tmp_path / name, "csv", dt.date(2026, 1, 1), name)
        except ImportFileError:
            pass  # refused with a message is fine: the point is the time
        assert time.perf_counter() - start < 3, name
