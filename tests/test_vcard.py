"""`handshake import-vcard`: valid person files, ids from names, existing files never overwritten."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import yaml
from conftest import run, write_journal
from hypothesis import example, given, settings
from hypothesis import strategies as st

from handshake_plugin.core.problems import errors_in
from handshake_plugin.core.read import read_journal
from handshake_plugin.files.importing import write_people
from handshake_plugin.files.vcard import vcard_candidates
from handshake_plugin.pipeline import JournalFiles

VCF = """\
BEGIN:VCARD
VERSION:3.0
FN:Grace Hopper
N:Hopper;Grace;;;
EMAIL;TYPE=work:grace@example.org
EMAIL;TYPE=home:amazing.grace@example.org
TEL;TYPE=cell:+1 555 0100
BDAY:1906-12-09
NOTE:Met at the COBOL conference.\\nAsk about nanoseconds.
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Ada Lovelace
N:Lovelace;Ada;;;
TEL:020 7946 0000
END:VCARD
BEGIN:VCARD
VERSION:4.0
FN:Zoë O'Neil
BDAY:--0229
END:VCARD
"""


def test_import_writes_valid_files_and_skips_collisions(tmp_path: Path) -> None:
    write_journal(tmp_path, {"ada-lovelace.yml": "name: Ada Lovelace\n# mine\n"})
    (tmp_path / "contacts.vcf").write_text(VCF, encoding="utf-8")
    result = run(["handshake", "import-vcard", "contacts.vcf"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "wrote people/grace-hopper.yml" in result.stdout
    assert "wrote people/zoe-o-neil.yml" in result.stdout
    assert "skipped contacts.vcf:11: Ada Lovelace: same name as ada-lovelace" in result.stdout
    assert (tmp_path / "people" / "ada-lovelace.yml").read_text() == "name: Ada Lovelace\n# mine\n"
    grace = yaml.safe_load((tmp_path / "people" / "grace-hopper.yml").read_text())
    assert grace["contact"] == {"email": "grace@example.org", "email-2": "amazing.grace@example.org",
                                "phone": "+1 555 0100"}
    assert str(grace["birthday"]) == "1906-12-09"
    assert grace["notes"] == "Met at the COBOL conference.\nAsk about nanoseconds.\n"
    assert yaml.safe_load((tmp_path / "people" / "zoe-o-neil.yml").read_text())["birthday"] == "02-29"
    text = (tmp_path / "people" / "grace-hopper.yml").read_text()
    assert 'phone: "+1 555 0100"' in text
    assert "notes: |\n  Met at the COBOL conference.\n  Ask about nanoseconds.\n" in text
    check = run(["handshake", "check"], tmp_path)
    assert check.returncode == 0 and check.stdout == "", check.stdout
    again = run(["handshake", "import-vcard", "contacts.vcf"], tmp_path)
    assert again.stdout.count("skipped") == 3


# Characters str.splitlines() takes for line ends and RFC 6350 does not: inside a value they are text.
SEPARATORS = ["\u2028", "\u2029", "\x85", "\x0c", "\x1c", "\x1d", "\x1e", "\x0b", "\r"]


def _smuggling(name: str, sep: str) -> str:
    hidden = sep.join(["first part", "END:VCARD", "BEGIN:VCARD", "VERSION:3.0", "FN:Smuggled", "EMAIL:s@evil.example"])
    return f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{name}\r\nNOTE:{hidden}\r\nORG:Acme{sep}END:VCARD\r\nEND:VCARD\r\n"


def test_separators_inside_values_never_start_a_card(tmp_path: Path) -> None:
    write_journal(tmp_path, {})
    names = [f"Person {chr(ord('a') + i)}" for i in range(len(SEPARATORS))]
    text = "".join(_smuggling(name, sep) for name, sep in zip(names, SEPARATORS, strict=True))
    (tmp_path / "evil.vcf").write_bytes(text.encode("utf-8"))
    result = run(["handshake", "import-vcard", "evil.vcf"], tmp_path)
    assert result.returncode == 0, result.stderr
    files = sorted(p.stem for p in (tmp_path / "people").glob("*.yml"))
    assert files == [f"person-{chr(ord('a') + i)}" for i in range(len(SEPARATORS))]
    assert "smuggled" not in result.stdout.lower() and f"{len(SEPARATORS)} added, 0 skipped" in result.stderr
    for name, sep in zip(names, SEPARATORS, strict=True):
        person = yaml.safe_load((tmp_path / "people" / f"{name.lower().replace(' ', '-')}.yml").read_text())
        kept = "\n" if sep == "\r" else sep  # a lone CR is an old Mac line break: the note keeps it as one
        assert person["notes"].startswith(f"first part{kept}END:VCARD{kept}BEGIN:VCARD"), (repr(sep), person)
        assert "contact" not in person and person["found"]["note"].startswith("Acme")
    check = run(["handshake", "check"], tmp_path)
    assert check.returncode == 0, check.stdout


def test_a_folded_line_that_reads_end_vcard_is_text_of_its_value(tmp_path: Path) -> None:
    write_journal(tmp_path, {})
    (tmp_path / "folded.vcf").write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nNOTE:one \r\n END:VCARD\r\n BEGIN:VCARD\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Bo\nNOTE:two\n\tEND:VCARD\nEND:VCARD\n", encoding="utf-8")
    result = run(["handshake", "import-vcard", "folded.vcf"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(p.stem for p in (tmp_path / "people").glob("*.yml")) == ["ada", "bo"]
    assert yaml.safe_load((tmp_path / "people" / "ada.yml").read_text())["notes"] == "one END:VCARDBEGIN:VCARD\n"
    assert yaml.safe_load((tmp_path / "people" / "bo.yml").read_text())["notes"] == "twoEND:VCARD\n"


BIRTHDAYS = {  # BDAY as exporters write it -> what the person file holds
    "BDAY:--0704": "07-04",
    "BDAY:--07-04": "07-04",
    "BDAY;VALUE=date:--1224T000000": "12-24",
    "BDAY;X-APPLE-OMIT-YEAR=1604:1604-07-04": "07-04",
    "item1.BDAY;X-APPLE-OMIT-YEAR=1604;VALUE=date:1604-02-29": "02-29",
    "BDAY;X-APPLE-OMIT-YEAR=1604:16041231": "12-31",
    "BDAY:0000-03-15": "03-15",
    "BDAY:1990-07-04": "1990-07-04",
    "BDAY:19900704": "1990-07-04",
    "BDAY:1990-07-04T00:00:00Z": "1990-07-04",
    "BDAY;X-APPLE-OMIT-YEAR=1604:1990-07-04": "1990-07-04",  # a real year is kept whatever the parameter says
}


def test_birthdays_without_a_year_in_every_form_become_month_and_day(tmp_path: Path) -> None:
    write_journal(tmp_path, {})
    cards = "".join(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {i}\r\n{bday}\r\nEND:VCARD\r\n"
                    for i, bday in enumerate(BIRTHDAYS))
    (tmp_path / "birthdays.vcf").write_text(cards, encoding="utf-8")
    result = run(["handshake", "import-vcard", "birthdays.vcf"], tmp_path)
    assert result.returncode == 0 and "note:" not in result.stdout, result.stdout
    for i, expected in enumerate(BIRTHDAYS.values()):
        text = (tmp_path / "people" / f"person-{i}.yml").read_text(encoding="utf-8")
        assert str(yaml.safe_load(text)["birthday"]) == expected, (list(BIRTHDAYS)[i], text)
        if len(expected) == 5:
            assert f'birthday: "{expected}"' in text  # quoted: never read as a number or a date
    check = run(["handshake", "check"], tmp_path)
    assert check.returncode == 0 and check.stdout == "", check.stdout


def test_a_birthday_left_out_is_reported_at_its_own_line(tmp_path: Path) -> None:
    write_journal(tmp_path, {})
    (tmp_path / "bad.vcf").write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ada\nNOTE:a\nBDAY:1604-07-04\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Bo\nTEL:1\nTEL:2\nBDAY:--0230\nEMAIL:a@b.example\nEMAIL:nope\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:4.0\nFN:Cy\nBDAY;X-APPLE-OMIT-YEAR=1604:1604-13-01\nURL:ftp://x\nEND:VCARD\n",
        encoding="utf-8")
    result = run(["handshake", "import-vcard", "bad.vcf"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "note: bad.vcf:5: Ada: BDAY '1604-07-04' is not a real date" in result.stdout
    assert "note: bad.vcf:12: Bo: BDAY '--0230' is not a real date" in result.stdout
    assert "note: bad.vcf:14: Bo: EMAIL 'nope' is not an email address" in result.stdout
    assert "note: bad.vcf:19: Cy: BDAY '1604-13-01' is not a real date" in result.stdout
    assert "note: bad.vcf:20: Cy: URL 'ftp://x'" in result.stdout
    assert all("birthday" not in (tmp_path / "people" / f"{p}.yml").read_text() for p in ("ada", "bo", "cy"))


def _escaped(value: str) -> str:
    """A TEXT value as a vCard writer escapes it (RFC 6350 §3.4): backslash, comma, semicolon, line feed."""
    return value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


VALUE = st.lists(st.sampled_from([*SEPARATORS, "\n", "a", "Z", " ", ":", ";", ",", "\\", "é", "李",
                                  "END:VCARD", "BEGIN:VCARD", "FN:Eve"]), max_size=12).map("".join)


@settings(max_examples=60, deadline=None)
@given(name=VALUE, note=VALUE, org=VALUE, crlf=st.booleans())
@example(name="\r\na", note="", org="", crlf=False)  # a lone CR, then an escaped line feed: one line break
def test_any_value_with_separators_imports_as_one_value(name: str, note: str, org: str, crlf: bool) -> None:
    end = "\r\n" if crlf else "\n"
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"FN:Ada{_escaped(name)}", f"NOTE:{_escaped(note)}",
             f"ORG:{_escaped(org)}", "END:VCARD", "BEGIN:VCARD", "VERSION:4.0", "FN:Bo", "END:VCARD"]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "people").mkdir()
        (root / "c.vcf").write_bytes(end.join(lines).encode("utf-8") + end.encode())
        candidates, report = vcard_candidates(root / "c.vcf", dt.date(2026, 1, 1), "c.vcf")
        assert [c.where for c in candidates] == ["c.vcf:1", "c.vcf:7"], (candidates, report)

        def kept(value: str) -> str:  # as the import keeps a value: a lone CR is a line break, the ends trimmed
            return value.replace("\r\n", "\n").replace("\r", "\n").strip()

        ada = candidates[0].data
        assert ada["name"] == kept(f"Ada{name}")
        assert ada.get("notes", "") == (kept(note) + "\n" if kept(note) else "")
        assert ada["found"].get("note", "") == kept(org)
        write_people(candidates, JournalFiles.beside(root / "people"), "schema.json", report=report)
        result = read_journal(root / "people")
        assert not errors_in(result.problems), [str(p) for p in result.problems]
        people = {p.name: p for p in result.journal.people.values()}
        assert set(people) == {ada["name"], "Bo"}
        assert people[ada["name"]].notes == ada.get("notes")


def test_files_joined_with_cat_keep_every_card(tmp_path: Path) -> None:
    write_journal(tmp_path, {})
    one = "\ufeffBEGIN:VCARD\r\nVERSION:3.0\r\nFN:{}\r\nEND:VCARD\r\n"
    (tmp_path / "all.vcf").write_text(one.format("Ada") + one.format("Bo") + one.format("Cy"), encoding="utf-8")
    result = run(["handshake", "import-vcard", "all.vcf"], tmp_path)
    assert result.returncode == 0 and "3 added" in result.stderr, result.stdout + result.stderr
    assert sorted(p.stem for p in (tmp_path / "people").glob("*.yml")) == ["ada", "bo", "cy"]


def test_a_file_whose_lines_end_with_a_bare_cr_is_refused_with_what_to_do(tmp_path: Path) -> None:
    write_journal(tmp_path, {})
    (tmp_path / "old-mac.vcf").write_bytes(b"BEGIN:VCARD\rVERSION:3.0\rFN:Ada\rEND:VCARD\r")
    result = run(["handshake", "import-vcard", "old-mac.vcf"], tmp_path)
    assert result.returncode == 2 and not list((tmp_path / "people").iterdir())
    assert "old-mac.vcf:1: the lines of this file end with a bare CR" in result.stderr, result.stderr
    assert "vCard lines end with CRLF or LF" in result.stderr
