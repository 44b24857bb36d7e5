"""`handshake import-vcard`: valid person files, ids from names, existing files never overwritten."""

from __future__ import annotations

from pathlib import Path

import yaml
from conftest import run, write_journal

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
