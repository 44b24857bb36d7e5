"""The opt-in encrypted site: no name, note or contact readable in any file; the password opens a page."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml
from browser import chromium, static_server
from conftest import ROOT, run

from handshake_plugin.render.pages import opaque_ids

PASSWORD = "correct horse battery staple"


def secrets() -> set[str]:
    """Every name, note text and contact value of the sample journal."""
    found: set[str] = set()

    def walk(value: object, key: str = "") -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str) and key in ("name", "note", "notes", "email", "phone", "follow_up"):
            found.update(line.strip() for line in value.splitlines() if len(line.strip()) > 6)
            if key == "name":
                found.add(value)

    for path in (ROOT / "people").glob("*.yml"):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return found


def test_encrypted_build_leaves_nothing_readable(tmp_path: Path) -> None:
    site = tmp_path / "site"
    status = ["git", "status", "--porcelain", "--untracked-files=all", "--ignored"]
    before = run(status, ROOT).stdout
    result = run(["mkdocs", "build", "--strict", "-f", "mkdocs.encrypted.yml", "-d", str(site)], ROOT,
                 env={"HANDSHAKE_PASSWORD": PASSWORD})
    assert result.returncode == 0, result.stderr
    texts = {p: p.read_bytes().decode("utf-8", "replace") for p in site.rglob("*") if p.is_file()}
    assert len(texts) > 20
    words = secrets()
    assert len(words) > 60
    leaks = sorted({(str(p.relative_to(site)), w) for p, t in texts.items() for w in words if w in t})
    assert leaks == []
    assert not (site / "handshake.ics").exists()
    assert not re.search(r"people/[a-z]+-[a-z]+/", texts[site / "sitemap.xml"])
    assert run(status, ROOT).stdout == before          # nothing written into the repository

    url = f"people/{opaque_ids(PASSWORD)('elena-rossi')}/"
    with static_server(site) as base, chromium() as browser:
        pg = browser.new_page()
        pg.goto(base + url, wait_until="networkidle")
        assert "Elena Rossi" not in pg.content()
        pg.fill("#mkdocs-content-password", PASSWORD)
        pg.press("#mkdocs-content-password", "Enter")
        pg.wait_for_selector("text=Since October I would call her a friend.")
        assert pg.locator("article h1").first.inner_text() == "Elena Rossi"


def test_encrypted_mode_refuses_to_build_without_the_password(tmp_path: Path) -> None:
    result = run(["mkdocs", "build", "-f", "mkdocs.encrypted.yml", "-d", str(tmp_path / "site")], ROOT,
                 env={"HANDSHAKE_PASSWORD": ""})
    assert result.returncode != 0
    assert "HANDSHAKE_PASSWORD" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "site" / "index.html").exists()


def test_week_note_headings_leave_no_trace_in_the_encrypted_site(tmp_path: Path) -> None:
    """A heading in a week note (and the note's own title) would show in clear in Material's table of contents,
    its anchors and every page's navigation: in encrypted mode none of them is readable anywhere."""
    journal = tmp_path / "journal"
    shutil.copytree(ROOT / "docs", journal / "docs")
    shutil.copytree(ROOT / "people", journal / "people")
    for name in ("mkdocs.yml", "mkdocs.encrypted.yml"):
        shutil.copy(ROOT / name, journal / name)
    (journal / "docs" / "weeks" / "2026-W44.md").write_text(
        "# Lunches with Zoë Quill\n\n## Coffee with Priya Raman\n\nShe said yes.\n\n### Tea at Hana's\n\nx\n",
        encoding="utf-8")
    (journal / "docs" / "about.md").write_text("# About\n\n## Drinks with Maya Okafor\n\ny\n", encoding="utf-8")
    site = tmp_path / "site"
    result = run(["mkdocs", "build", "--strict", "-f", "mkdocs.encrypted.yml", "-d", str(site)], journal,
                 env={"HANDSHAKE_PASSWORD": PASSWORD})
    assert result.returncode == 0, result.stderr
    words = ["Priya Raman", "priya-raman", "Zoë Quill", "zoe-quill", "Tea at Hana", "tea-at-hana", "Maya Okafor",
             "maya-okafor", "Back from holiday", "back-from-holiday", "Week one"]
    texts = {p: p.read_bytes().decode("utf-8", "replace") for p in site.rglob("*") if p.is_file()}
    leaks = sorted({(str(p.relative_to(site)), w) for p, t in texts.items() for w in words if w.lower() in t.lower()})
    assert leaks == []
    assert "Week 2026-W44" in texts[site / "weeks" / "2026-W44" / "index.html"]
