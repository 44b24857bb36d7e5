"""Private by default: noindex, robots.txt, no contact data, every value escaped, notes sanitized."""

from __future__ import annotations

import json
import re
from pathlib import Path

from browser import chromium, static_server
from conftest import build, page, write_journal

CANARY = "CANARY-7f3a9c"
NAME = 'Zoë <b>Bold</b> & "Quotes" \'Q\''
HOSTILE = {
    "zoe.yml": f"""\
        name: {json.dumps(NAME)}
        contact:
          email: {CANARY}@example.org
          phone: "+1 555 {CANARY}"
        tags: ["<i>tag</i>"]
        notes: |
          Likes <script>window.pwned = 1</script> and **bold**.
          <img src=x onerror="window.pwned = 2">
          [click](javascript:window.pwned=3)
          Math: {{{{ 7*7 }}}} and {{% if true %}}x{{% endif %}}
          ![tracker](https://tracker.example/pixel.png)
        asks:
          - date: 2026-11-02
            via: '<a href="javascript:alert(1)">DM</a>'
            note: "</title><script>window.pwned = 4</script>"
        meetings:
          - date: 2026-11-10
            kind: coffee
            where: "<svg onload=alert(1)>"
            notes: <iframe src="https://evil.example"></iframe>ok
        """,
}


def all_output(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): p.read_text(encoding="utf-8", errors="replace")
            for p in site.rglob("*") if p.is_file() and p.suffix in (".html", ".json", ".xml", ".txt", ".ics", ".js")}


def test_hostile_journal_is_escaped_and_leaks_no_contact(tmp_path: Path) -> None:
    write_journal(tmp_path, HOSTILE)
    result = build(tmp_path)
    assert result.returncode == 0, result.stderr
    files = all_output(tmp_path / "site")
    assert [name for name, text in files.items() if CANARY in text] == []
    html = page(tmp_path, "people/zoe/")
    assert "<b>Bold</b>" not in html and "<script>window.pwned" not in html
    assert not re.search(r"<[a-z][^>]*\son\w+\s*=", html)      # no tag carries an event handler
    assert 'href="javascript:' not in html and "<iframe" not in html and "<svg onload" not in html
    assert "tracker.example" not in html
    assert "{{ 7*7 }}" in html and "{% if true %}x{% endif %}" in html
    assert "<title>Zoë &lt;b&gt;Bold&lt;/b&gt; &amp; &#34;Quotes&#34; &#39;Q&#39; - Test journal</title>" in html
    assert "<strong>bold</strong>" in html                  # Markdown still works
    for name, text in files.items():
        if name.endswith(".html"):
            assert '<meta name="robots" content="noindex, nofollow">' in text, name
    assert (tmp_path / "site" / "robots.txt").read_text() == "User-agent: *\nDisallow: /\n"

    with static_server(tmp_path / "site") as base, chromium() as browser:
        pg = browser.new_page()
        dialogs: list[str] = []
        pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for url in ["people/zoe/", "people/", "", "challenge/"]:
            pg.goto(base + url, wait_until="networkidle")
            assert pg.evaluate("window.pwned") is None, url
        pg.goto(base + "people/zoe/", wait_until="networkidle")
        assert pg.locator("h1").inner_text() == NAME
        assert pg.title() == f"{NAME} - Test journal"
        assert "Math: {{ 7*7 }} and {% if true %}x{% endif %}" in pg.locator("article").inner_text()
        pg.keyboard.press("/")
        pg.keyboard.type("Bold")
        pg.wait_for_selector(".md-search-result__item")
        assert NAME in pg.locator(".md-search-result__item").first.inner_text()
        assert dialogs == []


def test_contact_shows_on_the_person_page_only_when_allowed(tmp_path: Path) -> None:
    write_journal(tmp_path, HOSTILE, options="today: 2026-11-25\nshow_contact: true")
    assert build(tmp_path).returncode == 0
    files = all_output(tmp_path / "site")
    assert [name for name, text in files.items() if CANARY in text] == ["people/zoe/index.html"]
    assert re.search(rf"email: {CANARY}@example.org", page(tmp_path, "people/zoe/"))
