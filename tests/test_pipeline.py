"""One pipeline: the plugin and `handshake export-md` make the same pages; the core's URLs are MkDocs' own."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, run, write_journal
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.structure.files import File

from handshake_plugin.cli import arguments
from handshake_plugin.cli import main as cli
from handshake_plugin.cli.main import CliError
from handshake_plugin.core.analysis import core_options
from handshake_plugin.core.hints import did_you_mean
from handshake_plugin.core.ids import NoIdError
from handshake_plugin.core.model import KINDS
from handshake_plugin.core.problems import DataError, HandshakeError, InputError
from handshake_plugin.engine.config import plugin_options
from handshake_plugin.engine.plugin import HandshakePlugin
from handshake_plugin.files.atomic import Refused
from handshake_plugin.files.edit import EditError
from handshake_plugin.files.export import ExportError
from handshake_plugin.files.importing import ImportFileError
from handshake_plugin.render.pages import url_of


def test_the_plugin_and_export_md_generate_the_same_pages(tmp_path: Path) -> None:
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / "site"), strict=True)
    build(config)
    plugin = config.plugins["handshake"]
    assert isinstance(plugin, HandshakePlugin) and plugin.site is not None
    through_plugin = {uri: (p.title_html, p.render()) for uri, p in plugin.site.pages.items()}

    out = tmp_path / "export"
    result = run(["handshake", "-f", str(ROOT / "mkdocs.yml"), "export-md", str(out)], tmp_path)
    assert result.returncode == 0, result.stderr
    docs = ROOT / "docs"
    written = {p.relative_to(out / "docs").as_posix() for p in (out / "docs").rglob("*.md")}
    generated = written - {p.relative_to(docs).as_posix() for p in docs.rglob("*.md")}
    assert generated == set(through_plugin)
    for uri in generated:
        text = (out / "docs" / uri).read_text(encoding="utf-8")
        head, _, body = text.partition("\n---\n\n")
        meta = yaml.safe_load(head.removeprefix("---\n"))
        title = meta.pop("title")
        # hub pages stay out of the search index of engines without the plugin (Material's search, Zensical)
        assert meta == ({} if plugin.site.pages[uri].searchable else {"search": {"exclude": True}}), uri
        prefix, suffix = '<div class="handshake">\n', "\n</div>\n"
        assert body.startswith(prefix) and body.endswith(suffix)
        assert (title, body[len(prefix):-len(suffix)]) == through_plugin[uri], uri
    for uri, content in plugin.site.extras.items():
        raw = content if isinstance(content, bytes) else content.encode("utf-8")
        assert (out / "docs" / uri).read_bytes() == raw, uri


@pytest.mark.parametrize("directory_urls", [True, False])
@pytest.mark.parametrize("src_uri", ["index.md", "README.md", "about.md", "people.md", "people/ada-lovelace.md",
                                     "weeks/2026-W48.md", "weeks/index.md", "a/b/README.md", "a/b/c.md",
                                     "handshake.ics", "assets/handshake.css"])
def test_url_of_agrees_with_mkdocs(src_uri: str, directory_urls: bool) -> None:
    mkdocs_url = File(src_uri, src_dir=None, dest_dir="site", use_directory_urls=directory_urls).url
    assert url_of(src_uri, directory_urls) == ("" if mkdocs_url == "./" else mkdocs_url)


def test_every_error_for_the_user_has_one_base_and_anything_else_is_a_bug(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    for error in (DataError, InputError, Refused, EditError, ExportError, CliError, ImportFileError, NoIdError):
        assert issubclass(error, HandshakeError), error

    def refuses(args: object) -> int:
        raise Refused("that file is already there")

    monkeypatch.setitem(cli.COMMANDS, "check", refuses)
    assert arguments.main(["check"]) == 2
    assert capsys.readouterr().err == "handshake: that file is already there\n"

    def buggy(args: object) -> int:
        raise ValueError("a programming error")

    monkeypatch.setitem(cli.COMMANDS, "check", buggy)
    with pytest.raises(ValueError, match="a programming error"):  # a traceback, not a one-line message
        arguments.main(["check"])


def test_options_are_parsed_once_into_typed_values(tmp_path: Path) -> None:
    write_journal(tmp_path, {}, options="today: 2026-11-25\nchallenge:\n  start: 2026-W02\n"
                                         "  pauses: [2026-W31, 2026-W52..2027-W01]")
    cfg = load_config(str(tmp_path / "mkdocs.yml")).plugins["handshake"].config
    assert cfg.challenge.start == dt.date(2026, 1, 5)
    assert cfg.challenge.pauses == frozenset({dt.date(2026, 7, 27), dt.date(2026, 12, 21), dt.date(2026, 12, 28),
                                              dt.date(2027, 1, 4)})  # 2026 has a W53
    options = core_options(plugin_options(cfg))
    assert (options.start, options.pauses, options.today) == (cfg.challenge.start, cfg.challenge.pauses,
                                                              dt.date(2026, 11, 25))


def test_the_did_you_mean_hint() -> None:
    assert did_you_mean("cofee", KINDS) == "did you mean 'coffee'? "
    assert did_you_mean("zzz", KINDS) == ""
    assert did_you_mean("ada", ["bob", "ada-lovelace", "ada-byron"], prefix=True) == "did you mean 'ada-byron'? "
