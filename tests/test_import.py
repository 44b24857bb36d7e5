"""`handshake import-csv / import-vcard / import-ics` with hand-written exports as LinkedIn, Mastodon,
Apple/Google/Outlook write them: files written, nothing overwritten, `check` clean, runs idempotent."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import textwrap
from pathlib import Path

import yaml
from conftest import build, page, run, write_journal

FIXTURES = Path(__file__).parent / "fixtures" / "import"


def _hashes(root: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted((root / "people").iterdir())}


def _person(root: Path, person_id: str) -> dict:
    return yaml.safe_load((root / "people" / f"{person_id}.yml").read_text(encoding="utf-8"))


def _journal(tmp_path: Path, people: dict[str, str], *fixtures: str) -> Path:
    write_journal(tmp_path, people)
    for name in fixtures:
        shutil.copy(FIXTURES / name, tmp_path / name)
    return tmp_path


def _assert_clean(root: Path) -> None:
    check = run(["handshake", "check"], root)
    assert check.returncode == 0 and check.stdout == "", check.stdout
    assert not [p for p in (root / "people").iterdir() if p.name.startswith(".handshake-")]


def test_linkedin_connections_become_radar_people_and_nothing_is_overwritten(tmp_path: Path) -> None:
    root = _journal(tmp_path, {
        "grace.yml": "name: Admiral Hopper\ncontact:\n  email: GRACE@navy.example.mil\n# mine\n",
        "alan-turing.yml": "name: Alan Turing\nlinks: [https://linkedin.com/in/alan-turing-bletchley/]\n",
        "zoe-angstrom.yml": "name: Zoë Ångström\n",
    }, "Connections.csv")
    before = _hashes(root)
    result = run(["handshake", "import-csv", "Connections.csv", "--from", "linkedin"], root)
    assert result.returncode == 0, result.stderr
    written = sorted(line.split("/")[-1] for line in result.stdout.splitlines() if line.startswith("wrote "))
    assert written == ["ada-lovelace.yml", "alan-turing-2.yml", "dmitrii-shostakovich.yml", "jose-nunez.yml",
                       "old-timer.yml", "xiao-long-li.yml"]
    ada = _person(root, "ada-lovelace")
    assert ada["found"] == {"date": dt.date(2025, 1, 2), "where": "LinkedIn",
                            "note": "Poet, Mathematician at Analytical Engines, Ltd."}
    assert ada["links"] == ["https://www.linkedin.com/in/ada-lovelace"] and "contact" not in ada
    assert _person(root, "jose-nunez")["found"]["note"] == 'Engineer "Platform" at Telefónica'
    assert _person(root, "xiao-long-li")["name"] == "小龙 李"
    assert _person(root, "alan-turing-2")["found"]["note"] == "Baker at Turing Bakery"
    assert "Connections.csv:5: Grace Hopper: same email as grace" in result.stdout
    assert "Connections.csv:11: Alan Turing: same link as alan-turing" in result.stdout
    assert "Connections.csv:9: Zoë Ångström: same name as zoe-angstrom" in result.stdout
    assert "Connections.csv:14: no name" in result.stdout
    assert "Connections.csv:13: Connected On '01 Jan 1850' is outside 1900-01-01..2199-12-31" in result.stdout
    assert "6 added, 4 skipped" in result.stderr
    after = _hashes(root)
    assert {k: after[k] for k in before} == before
    _assert_clean(root)
    again = run(["handshake", "import-csv", "Connections.csv", "--from", "linkedin"], root)
    assert again.returncode == 0 and "0 added, 10 skipped" in again.stderr
    assert _hashes(root) == after
    assert build(root).returncode == 0
    assert "Poet, Mathematician at Analytical Engines, Ltd." in page(root, "people/ada-lovelace/")


def test_mastodon_follows_become_people_with_their_profile_link(tmp_path: Path) -> None:
    root = _journal(tmp_path, {}, "following_accounts.csv")
    result = run(["handshake", "import-csv", "following_accounts.csv", "--from", "mastodon"], root)
    assert result.returncode == 0, result.stderr
    assert _person(root, "gargron")["links"] == ["https://mastodon.social/@Gargron"]
    assert _person(root, "ada")["found"]["where"] == "Mastodon"
    assert _person(root, "dmitri")["links"] == ["https://mastodon.online/@dmitri"]
    assert "following_accounts.csv:5: ada: same link as ada" in result.stdout
    assert "following_accounts.csv:6: 'not-an-account' is not an account address" in result.stdout
    _assert_clean(root)


def test_plain_csv_with_quoted_commas_line_breaks_tags_and_same_name_strangers(tmp_path: Path) -> None:
    root = _journal(tmp_path, {}, "people.csv")
    result = run(["handshake", "import-csv", "people.csv", "--from", "csv"], root)
    assert result.returncode == 0, result.stderr
    ada = _person(root, "lovelace-ada")
    assert ada["contact"] == {"email": "ada@example.org"} and ada["tags"] == ["math", "writing"]
    assert ada["found"]["note"] == "Her thread on chaos theory, and engines"
    assert str(ada["found"]["date"]) == "2026-01-03"
    assert _person(root, "shan-tian-tai-lang")["found"]["note"] == "Met at PyCon JP\nand talked about Sphinx"
    assert _person(root, "grace-hopper-2")["found"]["note"] == "A different Grace"
    bob = _person(root, "bob-b-bold-b")
    assert bob["name"] == "Bob <b>Bold</b>" and "links" not in bob and "contact" not in bob
    assert str(bob["found"]["date"]) == "2026-11-25"  # the import's day: 2300-01-01 is out of range
    for text in ("people.csv:7: email 'not-an-email' is not an email address: left out",
                 "people.csv:7: link 'javascript:alert(1)' is not an http(s) address: left out",
                 "people.csv:7: date '2300-01-01' is outside 1900-01-01..2199-12-31"):
        assert text in result.stdout
    _assert_clean(root)
    assert build(root).returncode == 0
    assert "Bob <b>" not in page(root, "people/bob-b-bold-b/")


def test_control_characters_from_an_import_are_shown_escaped(tmp_path: Path) -> None:
    write_journal(tmp_path, {})
    (tmp_path / "evil.csv").write_text('name,note\n"Eve\x1b[2J\u202eMallory","x"\n"Eve\x1b[2J\u202eMallory",y\n',
                                       encoding="utf-8")
    result = run(["handshake", "import-csv", "evil.csv", "--from", "csv"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    assert "Eve\\x1b[2J\\u202eMallory: same name as" in result.stdout
    (tmp_path / "evil.vcf").write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Mal\x1b[31m \u202eOry\r\nNOTE:<script>alert(1)</script>\\n{{ config }}\r\n"
        "URL:javascript:alert(1)\r\nBDAY:99999-01-01\r\nTEL:tel:+1\x07\r\nTITLE:<img src=//evil.example/x>\r\n"
        "END:VCARD\r\n", encoding="utf-8")
    cards = run(["handshake", "import-vcard", "evil.vcf"], tmp_path)
    assert cards.returncode == 0 and "\x1b" not in cards.stdout and "1 added" in cards.stderr
    assert "BDAY '99999-01-01' is not a real date" in cards.stdout and "javascript:alert(1)' is not" in cards.stdout
    _assert_clean(tmp_path)
    assert build(tmp_path).returncode == 0
    html = page(tmp_path, "people/mal-31m-ory/")
    assert "<script>alert" not in html and "evil.example" not in html and "{{ config }}" in html


def test_broken_and_unexpected_files_are_refused_whole_with_their_line(tmp_path: Path) -> None:
    root = _journal(tmp_path, {"ada.yml": "name: Ada\n"}, "unterminated.csv", "short-row.csv", "calendar.ics",
                    "truncated.vcf", "truncated.ics", "contacts.vcf")
    (root / "photo.csv").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (root / "latin1.csv").write_bytes("name\nJosé\n".encode("latin-1"))
    (root / "wrong.csv").write_text("Name,Phone\nAda,123\n", encoding="utf-8")
    (root / "huge.csv").write_text("name,note\nAda," + "x" * 200_000 + "\n", encoding="utf-8")
    cases = [
        (["import-csv", "unterminated.csv", "--from", "linkedin"], "unterminated.csv:2: unexpected end of data"),
        (["import-csv", "short-row.csv", "--from", "linkedin"], "short-row.csv:3: this row has 5 fields where "
                                                                "the header on line 1 has 7"),
        (["import-csv", "photo.csv", "--from", "csv"], "photo.csv: this is a binary file, not a CSV file"),
        (["import-csv", "latin1.csv", "--from", "csv"], "latin1.csv:2: not UTF-8 text"),
        (["import-csv", "huge.csv", "--from", "csv"], "huge.csv:2: a field of more than 131,072 characters"),
        (["import-csv", "wrong.csv", "--from", "csv"], "wrong.csv:1: unknown column(s) Phone: expected a CSV"),
        (["import-csv", "calendar.ics", "--from", "linkedin"], "calendar.ics: no header row found: expected "
                                                               "LinkedIn's Connections.csv"),
        (["import-csv", "contacts.vcf", "--from", "mastodon"], "expected Mastodon's following_accounts.csv"),
        (["import-vcard", "truncated.vcf"], "truncated.vcf:46: the card that begins here (Ada Lovelace) has no "
                                            "END:VCARD: the file is cut short; nothing was imported"),
        (["import-vcard", "calendar.ics"], "calendar.ics:1: expected BEGIN:VCARD"),
        (["import-ics", "truncated.ics", "--apply"], "truncated.ics: no END:VCALENDAR: the file is cut short"),
        (["import-ics", "contacts.vcf"], "contacts.vcf:1: expected BEGIN:VCALENDAR"),
        (["import-ics", "photo.csv"], "photo.csv: this is a binary file, not an iCalendar file"),
    ]
    before = _hashes(root)
    for args, message in cases:
        result = run(["handshake", *args], root)
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        assert message in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr and result.stdout == ""
        assert _hashes(root) == before, args


def test_vcards_from_apple_google_and_outlook(tmp_path: Path) -> None:
    root = _journal(tmp_path, {
        "ada-lovelace.yml": "name: Ada Lovelace\n# mine\n",
        "alan-turing.yml": "name: Alan Turing\ncontact:\n  email: alan@bletchley.example\n",
    }, "contacts.vcf")
    before = _hashes(root)
    result = run(["handshake", "import-vcard", "contacts.vcf"], root)
    assert result.returncode == 0, result.stderr
    grace = _person(root, "grace-hopper")
    assert grace["contact"] == {"email": "grace@navy.example.mil", "email-2": "amazing.grace@example.org",
                                "phone": "+1 (555) 010-0100"}
    assert grace["links"] == ["https://example.org/grace"]
    assert grace["found"]["note"] == "Rear Admiral at US Navy, Computing"
    assert grace["notes"] == "Met at the COBOL conference.\nAsk about nanoseconds, and bugs.\n"
    bruce = (root / "people" / "li-xiao-long.yml").read_text(encoding="utf-8")
    assert 'birthday: "11-27"' in bruce and "bruce@example.hk" in bruce
    dmitri = _person(root, "dmitrii-shostakovich")
    assert dmitri["contact"] == {"email": "dmitri@conservatory.example.ru", "email-2": "mitya@example.ru",
                                 "phone": "+7-812-555-0199"}
    assert str(dmitri["birthday"]) == "1906-09-25"
    assert _person(root, "zoe-angstrom")["contact"]["phone"] == "08-123 456 78"
    assert _person(root, "alan-turing-2")["found"]["note"] == "Baker at Turing Bakery"
    assert "contacts.vcf:26: 李小龙: PHOTO is damaged" in result.stdout
    assert "contacts.vcf:46: Ada Lovelace: same name as ada-lovelace" in result.stdout
    assert "contacts.vcf:60: 😀: no letters or digits to make an id from" in result.stdout
    assert "URL 'ftp://files.example.org/grace' is not an http(s) or mailto address: left out" in result.stdout
    assert {k: v for k, v in _hashes(root).items() if k in before} == before
    _assert_clean(root)
    after = _hashes(root)
    again = run(["handshake", "import-vcard", "contacts.vcf"], root)
    assert "0 added, 7 skipped" in again.stderr and _hashes(root) == after


ICS_PEOPLE = {
    "ada-lovelace.yml": """\
        # Ada: keep this comment
        name: Ada Lovelace
        contact:
          email: ada@example.org
        meetings:
          - date: 2026-03-10   # logged by hand
            kind: video
        """,
    "grace-hopper.yml": "name: Grace Hopper\ncontact:\n  work: Grace@Navy.example.mil\n",
    "li-xiao-long.yml": "name: 李小龙\ncontact:\n  phone: '+852 555'\n  email-2: bruce@example.hk\n",
    "dmitrii-shostakovich.yml": "name: Дмитрий Шостакович\ncontact: {email: dmitri@conservatory.example.ru}\n",
}


def test_calendar_events_become_meetings_once(tmp_path: Path) -> None:
    root = _journal(tmp_path, ICS_PEOPLE, "calendar.ics")
    before = _hashes(root)
    preview = run(["handshake", "import-ics", "calendar.ics"], root)
    assert preview.returncode == 0, preview.stderr
    assert _hashes(root) == before
    lines = preview.stdout.splitlines()
    assert ("would add to people/grace-hopper.yml: 2026-03-05 12:00 meal with li-xiao-long at Tartine, "
            "San Francisco: Lunch: Grace + Bruce (calendar.ics:59)") in lines
    assert "skipped calendar.ics:72: 'Zoom call with Ada': already logged (ada-lovelace has a meeting on " \
           "2026-03-10)" in lines
    assert "skipped calendar.ics:106: 'Drinks with Grace': cancelled" in lines
    assert "skipped calendar.ics:124: 'Tea in the year 2300': 2300-01-01 is outside 1900-01-01..2199-12-31" in lines
    assert "9 event(s): 5 meeting(s) to add (nothing written" in preview.stderr

    applied = run(["handshake", "import-ics", "calendar.ics", "--apply"], root)
    assert applied.returncode == 0, applied.stderr
    ada = (root / "people" / "ada-lovelace.yml").read_text(encoding="utf-8")
    assert ada.startswith(textwrap.dedent(ICS_PEOPLE["ada-lovelace.yml"]))  # every byte before kept
    meetings = yaml.safe_load(ada)["meetings"]
    assert meetings[1] == {"date": "2026-03-02 10:30", "kind": "coffee", "where": "Blue Bottle, 1 Old St, London",
                           "notes": "Coffee with Ada"}  # the London wall clock
    assert str(meetings[2]["date"]) == "2026-03-14" and meetings[2]["kind"] == "walk"  # all-day
    grace = yaml.safe_load((root / "people" / "grace-hopper.yml").read_text(encoding="utf-8"))
    assert grace["meetings"] == [{"date": "2026-03-05 12:00", "kind": "meal", "where": "Tartine, San Francisco",
                                  "with": ["li-xiao-long"], "notes": "Lunch: Grace + Bruce"}]  # Los Angeles time
    bruce = yaml.safe_load((root / "people" / "li-xiao-long.yml").read_text(encoding="utf-8"))
    assert bruce["meetings"] == [{"date": "2026-03-20 23:30", "kind": "video", "notes": "Video chat with Bruce"}]
    dmitri = yaml.safe_load((root / "people" / "dmitrii-shostakovich.yml").read_text(encoding="utf-8"))
    assert dmitri["meetings"][0]["date"] == "2026-03-26 19:00"  # Outlook's Windows zone name, its wall clock
    _assert_clean(root)
    after = _hashes(root)
    again = run(["handshake", "import-ics", "calendar.ics", "--apply"], root)
    assert again.returncode == 0 and "0 meeting(s) added" in again.stderr
    assert _hashes(root) == after
    assert build(root).returncode == 0
    assert "Lunch: Grace + Bruce" in page(root, "people/li-xiao-long/")


def test_id_for_a_single_person_file_and_progress_for_big_files(tmp_path: Path) -> None:
    write_journal(tmp_path, {"ada.yml": "name: Ada\n"})
    (tmp_path / "one.vcf").write_text("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:🦄\r\nEND:VCARD\r\n", encoding="utf-8")
    refused = run(["handshake", "import-vcard", "one.vcf"], tmp_path)
    assert "no letters or digits to make an id from" in refused.stdout
    taken = run(["handshake", "import-vcard", "one.vcf", "--id", "ada"], tmp_path)
    assert "ada.yml already exists" in taken.stdout and (tmp_path / "people" / "ada.yml").read_text() == "name: Ada\n"
    assert run(["handshake", "import-vcard", "one.vcf", "--id", "unicorn"], tmp_path).returncode == 0
    assert _person(tmp_path, "unicorn")["name"] == "🦄"
    rows = "name,email\n" + "".join(f"Person {n},p{n}@example.org\n" for n in range(1200))
    (tmp_path / "many.csv").write_text(rows, encoding="utf-8")
    many = run(["handshake", "import-csv", "many.csv", "--from", "csv", "--id", "x"], tmp_path)
    assert many.returncode == 2 and "--id names one person, and this file holds 1200" in many.stderr
    many = run(["handshake", "import-csv", "many.csv", "--from", "csv"], tmp_path)
    assert many.returncode == 0
    assert "importing many.csv: 1000/1200" in many.stderr and "importing many.csv: 1200/1200" in many.stderr
    assert "1200 added, 0 skipped" in many.stderr
    _assert_clean(tmp_path)
