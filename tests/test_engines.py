"""Through the MkDocs split (DESIGN §12): the CLI without the `mkdocs` package under ProperDocs, a journal whose
config is properdocs.yml, the same site from both engines, and `export-md` output whose every internal link
resolves under a sub-path, built by MkDocs and by Zensical."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from conftest import ROOT, run

SITE_URL = "https://example.org/journal/"
ZENSICAL = "zensical==0.0.73"
"""The Zensical version the export is checked with (README, Engines)."""

BLOCKER = '''\
import importlib.abc
import sys


class _NoMkDocs(importlib.abc.MetaPathFinder):
    """As if the mkdocs package were not installed (ProperDocs' own redirect, inserted later, comes first)."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname == "mkdocs" or fullname.startswith("mkdocs."):
            raise ModuleNotFoundError(f"No module named {fullname!r}", name=fullname)
        return None


sys.meta_path.insert(0, _NoMkDocs())
'''


def without_mkdocs(tmp_path: Path) -> dict[str, str]:
    """An environment in which `import mkdocs` fails in every Python process, as if it were uninstalled."""
    folder = tmp_path / "no-mkdocs"
    folder.mkdir()
    (folder / "sitecustomize.py").write_text(BLOCKER, encoding="utf-8")
    return {"PYTHONPATH": str(folder)}


def sample_copy(tmp_path: Path, config_name: str = "mkdocs.yml", site_url: str | None = None) -> Path:
    """The sample journal copied into tmp_path/journal, its config named `config_name`."""
    root = tmp_path / "journal"
    root.mkdir()
    shutil.copytree(ROOT / "docs", root / "docs")
    shutil.copytree(ROOT / "people", root / "people")
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    if site_url:
        text = f"site_url: {site_url}\n" + text
    (root / config_name).write_text(text, encoding="utf-8")
    return root


def test_the_blocker_really_hides_mkdocs(tmp_path: Path) -> None:
    env = without_mkdocs(tmp_path)
    hidden = run([sys.executable, "-c", "import mkdocs"], tmp_path, env=env)
    assert hidden.returncode == 1 and "No module named 'mkdocs'" in hidden.stderr
    redirected = run([sys.executable, "-c", "import properdocs.replacement, mkdocs.config; print(mkdocs.__name__)"],
                     tmp_path, env=env)
    assert redirected.stdout.strip() == "properdocs", redirected.stderr


def test_check_status_export_and_properdocs_build_work_without_mkdocs(tmp_path: Path) -> None:
    env = without_mkdocs(tmp_path)
    root = sample_copy(tmp_path)
    check = run(["handshake", "check", "--strict"], root, env=env)
    assert check.returncode == 0, check.stderr
    assert "22 person files checked: 0 error(s), 0 warning(s)" in check.stderr
    status = run(["handshake", "status", "--json"], root, env=env)
    assert status.returncode == 0, status.stderr
    assert json.loads(status.stdout)["week"] == "2026-W48"
    # a config the quick reader leaves to the engine (a tag): loaded by ProperDocs
    (root / "mkdocs.yml").write_text((root / "mkdocs.yml").read_text().replace(
        "show_contact: false", "show_contact: !ENV [HS_SHOW_CONTACT, false]"), encoding="utf-8")
    status = run(["handshake", "status"], root, env=env)
    assert status.returncode == 0 and "Traceback" not in status.stderr, status.stderr
    export = run(["handshake", "export-md", str(tmp_path / "export")], root, env=env)
    assert export.returncode == 0, export.stderr
    assert "properdocs build" in export.stdout
    assert (tmp_path / "export" / "docs" / "people" / "elena-rossi.md").is_file()
    built = run(["properdocs", "build", "--strict", "-f", "mkdocs.yml", "-d", str(tmp_path / "site")], root, env=env)
    assert built.returncode == 0, built.stderr
    assert "Since October I would call her a friend." in \
        (tmp_path / "site" / "people" / "elena-rossi" / "index.html").read_text(encoding="utf-8")


def test_a_journal_whose_config_is_properdocs_yml(tmp_path: Path) -> None:
    env = without_mkdocs(tmp_path)
    root = sample_copy(tmp_path, "properdocs.yml")
    check = run(["handshake", "check"], root / "people", env=env)
    assert check.returncode == 0, check.stderr
    assert "(journal ../properdocs.yml)" in check.stderr
    assert run(["handshake", "status"], root, env=env).returncode == 0
    built = run(["properdocs", "build", "--strict", "-d", str(tmp_path / "site")], root, env=env)
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "site" / "people" / "elena-rossi" / "index.html").is_file()
    # with MkDocs installed too, the CLI reads it through MkDocs
    assert run(["handshake", "check"], root).returncode == 0
    # its export is named mkdocs.yml, which every engine reads
    assert run(["handshake", "export-md", str(tmp_path / "export")], root, env=env).returncode == 0
    assert sorted(p.name for p in (tmp_path / "export").glob("*.y*ml")) == ["mkdocs.yml"]
    assert run(["mkdocs", "build", "--strict"], tmp_path / "export").returncode == 0


def test_without_either_engine_check_says_what_to_install(tmp_path: Path) -> None:
    env = without_mkdocs(tmp_path)
    blocker = tmp_path / "no-mkdocs" / "sitecustomize.py"
    blocker.write_text(blocker.read_text().replace('fullname == "mkdocs" or fullname.startswith("mkdocs.")',
                                                   'fullname.split(".")[0] in ("mkdocs", "properdocs")'))
    root = sample_copy(tmp_path)
    check = run(["handshake", "check"], root, env=env)
    assert check.returncode == 2 and "Traceback" not in check.stderr
    assert "neither MkDocs nor ProperDocs is installed: pip install properdocs" in check.stderr
    assert run(["handshake", "status"], root, env=env).returncode == 0  # a plain config needs no engine


def test_init_says_which_engine_it_expects(tmp_path: Path) -> None:
    with_mkdocs = run(["handshake", "init", "one"], tmp_path)
    assert "Engine: MkDocs 1.6 (installed here)" in with_mkdocs.stdout and "ProperDocs" in with_mkdocs.stdout
    assert "cd one && mkdocs serve" in with_mkdocs.stdout
    properdocs_only = run(["handshake", "init", "two"], tmp_path, env=without_mkdocs(tmp_path))
    assert properdocs_only.returncode == 0, properdocs_only.stderr
    assert "Engine: ProperDocs (installed here)" in properdocs_only.stdout
    assert "cd two && properdocs serve" in properdocs_only.stdout


_GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def _files(site: Path) -> dict[str, bytes]:
    """Every file of a built site by its path; sitemaps unzipped, the generator tag (which names the engine) left
    out."""
    found = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            data = gzip.decompress(data) if path.suffix == ".gz" else data
            found[path.relative_to(site).as_posix()] = _GENERATOR.sub(b"", data)
    return found


def test_mkdocs_and_properdocs_build_the_same_sample_site(tmp_path: Path, sample_site: Path) -> None:
    built = run(["properdocs", "build", "--strict", "-f", "mkdocs.yml", "-d", str(tmp_path / "site")], ROOT)
    assert built.returncode == 0, built.stderr
    mkdocs_site, properdocs_site = _files(sample_site), _files(tmp_path / "site")
    assert sorted(mkdocs_site) == sorted(properdocs_site)
    assert len(mkdocs_site) > 40
    differ = [name for name in mkdocs_site if mkdocs_site[name] != properdocs_site[name]]
    assert differ == []


# -- export-md under a sub-path -----------------------------------------------------------------


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls += [value for name, value in attrs if name in ("href", "src") and value]


def broken_links(site: Path, site_url: str = SITE_URL) -> tuple[int, list[tuple[str, str]]]:
    """Every internal link (relative, root-absolute, or under site_url) of every page of a built site, served at
    site_url: how many there are, and the ones that lead to no file of the site."""
    base = urlsplit(site_url)
    checked, broken = 0, []
    for html in sorted(site.rglob("*.html")):
        rel = html.relative_to(site).as_posix()
        page_url = urljoin(site_url, rel.removesuffix("index.html"))
        parser = _Links()
        parser.feed(html.read_text(encoding="utf-8"))
        for href in parser.urls:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc:
                if not href.startswith(site_url):
                    continue  # a link to another site (or to this host outside the journal) that the user wrote
            if not parts.path:
                continue  # #anchor on the same page
            checked += 1
            path = unquote(urlsplit(urljoin(page_url, href)).path)
            if not path.startswith(base.path):
                broken.append((rel, href))
                continue
            target = site / path[len(base.path):]
            if not (target.is_file() or (target / "index.html").is_file()):
                broken.append((rel, href))
    return checked, broken


def test_the_link_check_finds_links_that_leave_the_sub_path_or_lead_nowhere(tmp_path: Path) -> None:
    (tmp_path / "people" / "ada").mkdir(parents=True)
    (tmp_path / "people" / "ada" / "index.html").write_text(
        '<a href="../../">home</a> <a href="../../../people/">one ../ too many, as Zensical wrote them</a> '
        '<a href="/journal/people/ada/">here</a> <a href="/journal/nobody/">nowhere</a> <a href="#x">anchor</a> '
        '<a href="https://example.org/ada">elsewhere on the host</a> <img src="../../index.html">', encoding="utf-8")
    (tmp_path / "index.html").write_text("", encoding="utf-8")
    assert broken_links(tmp_path) == (5, [("people/ada/index.html", "../../../people/"),
                                          ("people/ada/index.html", "/journal/nobody/")])


def _export(tmp_path: Path) -> Path:
    root = sample_copy(tmp_path, site_url=SITE_URL)
    out = tmp_path / "export"
    result = run(["handshake", "export-md", str(out)], root)
    assert result.returncode == 0, result.stderr
    return out


def _week_note_and_search(site: Path, index: Path) -> None:
    """The week note keeps its header; the hub pages are out of the search index, person pages in it."""
    note = (site / "weeks" / "2026-W44" / "index.html").read_text(encoding="utf-8")
    assert "Week note · 2026-W44" in note and 'href="/journal/people/priya-raman/"' in note
    data = json.loads(index.read_text(encoding="utf-8"))
    locations = {item["location"].split("#")[0] for item in data.get("docs", data.get("items", []))}
    assert "people/elena-rossi/" in locations and "weeks/2026-W44/" in locations
    assert not {"", "people/", "challenge/", "introductions/"} & locations


def test_export_links_resolve_under_a_sub_path_built_with_mkdocs(tmp_path: Path) -> None:
    out = _export(tmp_path)
    week = (out / "docs" / "weeks" / "2026-W44.md").read_text(encoding="utf-8")
    assert week.startswith("# Four in a row again\n\n<div class=\"hs-weekhead\">")
    assert "search:\n  exclude: true\n" in (out / "docs" / "people.md").read_text(encoding="utf-8")
    built = run(["mkdocs", "build", "--strict", "-d", str(out / "site")], out)
    assert built.returncode == 0, built.stderr
    checked, broken = broken_links(out / "site")
    assert checked > 500 and broken == []
    _week_note_and_search(out / "site", out / "site" / "search" / "search_index.json")


@pytest.mark.network
def test_export_links_resolve_under_a_sub_path_built_with_zensical(tmp_path: Path) -> None:
    out = _export(tmp_path)
    venv = tmp_path / "zensical-venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    installed = run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", ZENSICAL], tmp_path, timeout=600)
    assert installed.returncode == 0, installed.stderr
    env = {"PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}"}
    built = run([str(venv / "bin" / "zensical"), "build", "--clean"], out, env=env, timeout=600)
    assert built.returncode == 0, built.stdout + built.stderr
    site = out / "site"
    assert (site / "people" / "elena-rossi" / "index.html").is_file()
    checked, broken = broken_links(site)
    assert checked > 500 and broken == []
    _week_note_and_search(site, site / "search.json")


def test_without_site_url_the_export_says_what_zensical_needs(tmp_path: Path) -> None:
    result = run(["handshake", "-f", str(ROOT / "mkdocs.yml"), "export-md", str(tmp_path / "export")], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "for Zensical, set site_url" in result.stderr
    people = (tmp_path / "export" / "docs" / "people.md").read_text(encoding="utf-8")
    assert 'href="../people/elena-rossi/"' in people  # relative to the page's URL, as MkDocs keeps it
