"""One pipeline: the plugin and `handshake export-md` make the same pages; the core's URLs are MkDocs' own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT, run
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.structure.files import File

from handshake_plugin.pages import url_of
from handshake_plugin.plugin import HandshakePlugin


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
        title = json.loads(head.removeprefix("---\ntitle: "))
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
