"""Hostile input, round two (issue 11): what `check` accepts never breaks a later step, and nothing reaches out."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import BASE_CONFIG, build, page, write_journal

from handshake_plugin.render.notes import NoteRenderer, same_site, sanitize

HOSTILE_TAGS = ['<img src=x onerror="window.__hs_pwned=1">', '"><svg onload="window.__hs_pwned=2">',
                "&lt;b&gt;already escaped", "R&D <b>bold</b>"]
HOSTILE_NAME = '<img src=y onerror="window.__hs_pwned=3"> Eve'


def _tags_journal(root: Path) -> Path:
    write_journal(root, {"eve.yml": f"""\
        name: {json.dumps(HOSTILE_NAME)}
        tags: {json.dumps(HOSTILE_TAGS)}
        asks:
          - date: 2026-11-02
        """})
    config = BASE_CONFIG.format(options="      today: 2026-11-25").replace("  - search\n", "  - search\n  - tags\n")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root


# -- markup from the data in the search index, page meta, tags and titles ---------------------------


@pytest.fixture(scope="module")
def tags_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = _tags_journal(tmp_path_factory.mktemp("tags"))
    result = build(root)
    assert result.returncode == 0, result.stderr
    return root


def test_search_index_holds_tags_and_titles_escaped(tags_site: Path) -> None:
    index = json.loads((tags_site / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    entries = [d for d in index["docs"] if d["location"].startswith("people/eve/")]
    assert entries
    for entry in entries:
        for value in [entry["title"], *entry.get("tags", [])]:
            assert "<" not in value and ">" not in value and '"' not in value, value
    tags = entries[0]["tags"]
    assert "&lt;img src=x onerror=&#34;window.__hs_pwned=1&#34;&gt;" in tags
    assert "&amp;lt;b&amp;gt;already escaped" in tags
    # Nothing anywhere in the index can be markup from the data.
    assert "onerror=\"" not in json.dumps(index) and "<svg" not in json.dumps(index)


def test_pages_show_hostile_tags_and_names_as_text(tags_site: Path) -> None:
    for path in (tags_site / "site").rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert not re.search(r"<(img|svg)[^>]*\son\w+\s*=", html), path
    person = page(tags_site, "people/eve/")
    assert "&lt;img src=x onerror=" in person               # the header's tag, as text
    assert "&lt;img src=y onerror=" in person               # the name, as text
    assert "<title>&lt;img src=y" in person


def test_searching_a_hostile_tag_runs_no_script(tags_site: Path) -> None:
    from browser import chromium, static_server

    with static_server(tags_site / "site") as base, chromium() as browser:
        pg = browser.new_page()
        dialogs: list[str] = []
        pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        pg.goto(base + "people/eve/")
        assert pg.evaluate("window.__hs_pwned") is None
        pg.set_viewport_size({"width": 1400, "height": 900})
        for query in ("eve", "onerror", "escaped"):
            pg.goto(base, wait_until="networkidle")
            pg.locator(".md-search__input").click()
            pg.keyboard.type(query)
            pg.wait_for_selector(".md-search-result__item", state="attached", timeout=15_000)
            pg.wait_for_timeout(300)
            assert pg.evaluate("window.__hs_pwned") is None, query
            results = pg.inner_html(".md-search-result")
            assert not re.search(r"<(img|svg)\b", results), results
        assert "already escaped" in pg.inner_text(".md-search-result")  # the tags are shown, as text
        assert not dialogs


# -- notes cannot make the browser fetch from another host ----------------------------------------

OTHER_HOSTS = ["//evil.example/x.png", "\\\\evil.example/x.png", "/\\evil.example/x.png", "https:/\\evil.example/x.png",
               "https://evil.example/x.png", "HTTPS://evil.example/x.png", " //evil.example/x.png",
               "\t//evil.example/x.png", "ht\ttps://evil.example/x.png", "https:evil.example/x.png",
               "http://127.0.0.1:9/x.png", "https://a.handshake.invalid/x.png", "data:image/png;base64,AAAA",
               "javascript:alert(1)", "/\t/evil.example/x.png", "\\/evil.example/x.png"]
SAME_SITE = ["x.png", "./x.png", "../img/x.png", "/img/x.png", "x.png?u=//evil.example/", "#top", "?q=1"]


@pytest.mark.parametrize("url", OTHER_HOSTS)
def test_embedded_resources_leading_elsewhere_are_dropped(url: str) -> None:
    assert not same_site(url)
    escaped = url.replace("&", "&amp;").replace('"', "&quot;")
    for html in (f'<img src="{escaped}" alt="a">', f'<video src="{escaped}" poster="{escaped}"></video>',
                 f'<audio src="{escaped}"></audio>', f'<iframe src="{escaped}"></iframe>',
                 f'<object data="{escaped}"></object>', f'<link rel="stylesheet" href="{escaped}">',
                 f'<picture><source srcset="{escaped} 1x"><img srcset="{escaped} 2x" src="a.png"></picture>',
                 f'<svg><image xlink:href="{escaped}" href="{escaped}"/></svg>'):
        out = sanitize(html)
        assert "evil" not in out and "127.0.0.1" not in out and "invalid" not in out and "data:" not in out, out
        assert not re.search(r"\s(srcset|poster|data|xlink:href|style)=", out), out


@pytest.mark.parametrize("url", SAME_SITE)
def test_embedded_resources_on_the_site_stay(url: str) -> None:
    assert same_site(url)
    assert f'src="{url.replace("&", "&amp;")}"' in sanitize(f'<img src="{url}">')


@pytest.mark.parametrize("style", ["background:url(https://evil.example/x.png)", "color: red",
                                   "background-image: url('//evil.example/x')", "text-align: left"])
def test_no_style_attribute_survives(style: str) -> None:
    for tag in ("p", "span", "div", "td", "th", "img"):
        out = sanitize(f'<table><tr><{tag} style="{style}">x</{tag}></tr></table>')
        assert "style" not in out and "evil" not in out, out


def test_links_to_other_hosts_stay_links_and_table_alignment_survives() -> None:
    render = NoteRenderer()
    out = render("See [her site](https://ada.example/) and <a href='\\\\\\\\host/x'>this</a>.\n\n"
                 "| a | b |\n|:--|--:|\n| 1 | 2 |\n")
    assert 'href="https://ada.example/"' in out
    assert '<th align="left">' in out and '<td align="right">' in out and "style" not in out
    md_image = render("![x](//evil.example/x.png) ![y](\\\\evil.example/y.png) ![z](local.png)")
    assert 'src="//' not in md_image and 'src="local.png"' in md_image
    assert all(same_site(src) for src in re.findall(r'src="([^"]*)"', md_image))


def test_built_site_embeds_nothing_from_another_host(tmp_path: Path) -> None:
    notes = "\n".join(f'<img src="{u}"> <video poster="{u}"></video>' for u in OTHER_HOSTS if "\t" not in u)
    notes += '\n<p style="background:url(//evil.example/b)">x</p>'
    write_journal(tmp_path, {"ada.yml": "name: Ada\nnotes: " + json.dumps(notes) + "\n"})
    result = build(tmp_path)
    assert result.returncode == 0, result.stderr
    html = page(tmp_path, "people/ada/")
    assert "evil.example" not in html and "127.0.0.1" not in html
    for src in re.findall(r'<img[^>]*\ssrc="([^"]*)"', html):
        assert same_site(src), src
