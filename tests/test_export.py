"""`handshake export-md`: the sample as plain Markdown builds with `mkdocs build --strict` and no plugin."""

from __future__ import annotations

import difflib
from pathlib import Path

import yaml
from conftest import ROOT, page, run

PEOPLE = sorted(p.stem for p in (ROOT / "people").glob("*.yml"))


def test_export_builds_without_the_plugin(tmp_path: Path) -> None:
    out = tmp_path / "export"
    result = run(["handshake", "-f", str(ROOT / "mkdocs.yml"), "export-md", str(out)], tmp_path)
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load((out / "mkdocs.yml").read_text())
    assert list(config["plugins"]) == ["search"]
    original = (ROOT / "mkdocs.yml").read_text().splitlines(keepends=True)
    start = original.index("  handshake:\n")
    end = next(i for i in range(start + 1, len(original)) if not original[i].startswith("    "))
    diff = list(difflib.ndiff(original, (out / "mkdocs.yml").read_text().splitlines(keepends=True)))
    assert [d[2:] for d in diff if d.startswith("- ")] == original[start:end]   # only the plugin's lines go
    built = run(["mkdocs", "build", "--strict", "-d", str(out / "site")], out)
    assert built.returncode == 0, built.stderr
    for pid in PEOPLE:
        assert (out / "site" / "people" / pid / "index.html").is_file()
    elena = page(out, "people/elena-rossi/")
    assert "<h1>Elena Rossi</h1>" in elena and "Since October I would call her a friend." in elena
    assert '<meta name="robots" content="noindex, nofollow">' in elena
    assert "This week · 2026-W48" in page(out, "")
    assert 'href="handshake.ics"' in page(out, "")
    assert (out / "site" / "handshake.ics").read_text().startswith("BEGIN:VCALENDAR")
    assert "elena@example.org" not in elena


def test_export_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "export").mkdir()
    (tmp_path / "export" / "keep.txt").write_text("mine")
    result = run(["handshake", "-f", str(ROOT / "mkdocs.yml"), "export-md", str(tmp_path / "export")], tmp_path)
    assert result.returncode == 2 and "not empty" in result.stderr
    assert (tmp_path / "export" / "keep.txt").read_text() == "mine"


def test_export_refuses_to_replace_a_page_of_the_user_with_a_generated_one(tmp_path: Path) -> None:
    from conftest import write_journal

    write_journal(tmp_path / "j", {"ada.yml": "name: Ada\n"}, docs={"people.md": "# My own people page\n"})
    out = tmp_path / "export"
    result = run(["handshake", "export-md", str(out)], tmp_path / "j")
    assert result.returncode == 2
    assert "people.md" in result.stderr and "rename yours" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


def test_export_names_the_line_of_a_plugins_list_it_cannot_edit_and_writes_nothing(tmp_path: Path) -> None:
    from conftest import write_journal

    write_journal(tmp_path / "j", {"ada.yml": "name: Ada\n"})
    config = tmp_path / "j" / "mkdocs.yml"
    config.write_text("site_name: J\ntheme: {name: material, font: false}\nplugins: [search, handshake]\n")
    out = tmp_path / "export"
    result = run(["handshake", "export-md", str(out)], tmp_path / "j")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "mkdocs.yml:3:10: write `plugins:` as a block list or mapping, one plugin per line" in result.stderr
    assert not out.exists()


def test_export_of_a_journal_whose_theme_overrides_live_in_the_docs_folder(tmp_path: Path) -> None:
    """Overrides inside docs/ come with the docs; the export neither copies them twice nor stops half-way."""
    from conftest import write_journal

    write_journal(tmp_path / "j", {"ada.yml": "name: Ada\n"},
                  docs={"overrides/main.html": '{% extends "base.html" %}\n'})
    config = tmp_path / "j" / "mkdocs.yml"
    config.write_text(config.read_text().replace("  font: false\n", "  font: false\n  custom_dir: docs/overrides\n"))
    out = tmp_path / "export"
    result = run(["handshake", "export-md", str(out)], tmp_path / "j")
    assert result.returncode == 0, result.stderr
    assert (out / "docs" / "overrides" / "main.html").is_file()
    built = run(["mkdocs", "build", "-d", str(out / "site")], out)
    assert built.returncode == 0, built.stderr
    assert "Ada" in page(out, "people/ada/")


def test_export_refuses_a_folder_inside_the_theme_overrides(tmp_path: Path) -> None:
    from conftest import write_journal

    write_journal(tmp_path / "j", {"ada.yml": "name: Ada\n"})
    (tmp_path / "j" / "overrides").mkdir()
    config = tmp_path / "j" / "mkdocs.yml"
    config.write_text(config.read_text().replace("  font: false\n", "  font: false\n  custom_dir: overrides\n"))
    result = run(["handshake", "export-md", "overrides/export"], tmp_path / "j")
    assert result.returncode == 2 and "inside the journal's theme.custom_dir" in result.stderr, result.stderr
    assert not (tmp_path / "j" / "overrides" / "export").exists()


def test_a_week_note_header_goes_under_the_title_after_the_front_matter() -> None:
    from handshake_plugin.files.export import with_header

    header = '<div class="hs-weekhead">\n<p>Week</p>\n\n<p>Reached Ada.</p>\n</div>'
    block = '<div class="hs-weekhead">\n<p>Week</p>\n<p>Reached Ada.</p>\n</div>'  # no blank line inside
    assert with_header("# Title\n\nText.\n", header) == f"# Title\n\n{block}\n\nText.\n"
    assert with_header("---\ntags: [a]\n---\n# Title\nText.\n", header) == \
        f"---\ntags: [a]\n---\n# Title\n\n{block}\n\nText.\n"
    assert with_header("Title\n=====\n\nText.\n", header) == f"Title\n=====\n\n{block}\n\nText.\n"
    assert with_header("Just text.\n", header) == f"{block}\n\nJust text.\n"
    assert with_header("---\ntitle: W\n---\n\nJust text.\n", header) == \
        f"---\ntitle: W\n---\n\n{block}\n\nJust text.\n"
