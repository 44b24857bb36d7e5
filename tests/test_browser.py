"""The site in a real browser: nothing leaves localhost, no console errors, `mkdocs serve` recovers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

from browser import chromium, free_port, static_server, until, wait_for_port
from conftest import write_journal

PAGES = ["", "challenge/", "people/", "people/elena-rossi/", "people/tomas-berg/", "introductions/", "about/",
         "weeks/2026-W32/", "404.html"]


def test_sample_site_requests_only_localhost_and_logs_no_errors(sample_site: Path) -> None:
    outside: list[str] = []
    errors: list[str] = []
    with static_server(sample_site) as base, chromium() as browser:
        context = browser.new_context()
        pg = context.new_page()
        pg.on("request", lambda r: outside.append(r.url) if urlparse(r.url).hostname not in ("127.0.0.1", "localhost")
              and not r.url.startswith(("data:", "blob:")) else None)
        pg.on("console", lambda m: errors.append(f"{pg.url}: {m.text}") if m.type == "error" else None)
        pg.on("pageerror", lambda e: errors.append(f"{pg.url}: {e}"))
        for url in PAGES:
            pg.goto(base + url, wait_until="networkidle")
            assert pg.locator("h1").first.inner_text(), url
        pg.goto(base + "people/", wait_until="networkidle")
        pg.get_by_role("link", name="Elena Rossi").first.click()
        pg.wait_for_load_state("networkidle")
        assert pg.locator("h1").inner_text() == "Elena Rossi"
        # the story: found, one ask, three meetings, the day the tie became strong, the next step
        assert pg.locator(".hs-timeline li.hs-ask, .hs-timeline li.hs-meeting").count() == 4
        assert pg.locator(".hs-timeline li").count() == 7
        pg.goto(base, wait_until="networkidle")
        cell = pg.get_by_role("link", name="2026-W48 · pending · 0 handshakes")
        assert cell.get_attribute("title") == "2026-W48 · pending · 0 handshakes"
        cell.click()                                            # a week of the heatmap leads to its week of the log
        pg.wait_for_load_state("networkidle")
        assert pg.url.endswith("/challenge/#2026-w48") and pg.locator("[id='2026-w48']").is_visible()
        context.close()
    assert outside == []
    assert errors == []


def test_serve_shows_errors_in_the_browser_and_recovers(tmp_path: Path) -> None:
    write_journal(tmp_path, {"ada.yml": "name: Ada Lovelace\nasks: [{date: 2026-11-24}]\n"})
    port = free_port()
    mkdocs = str(Path(sys.executable).parent / "mkdocs")
    server = subprocess.Popen([mkdocs, "serve", "-a", f"127.0.0.1:{port}"], cwd=tmp_path,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                              env={"NO_MKDOCS_2_WARNING": "1", "PATH": str(Path(sys.executable).parent)})
    try:
        wait_for_port(port, server)
        with chromium() as browser:
            pg = browser.new_page()
            url = f"http://127.0.0.1:{port}/people/ada/"
            pg.goto(url)
            assert pg.locator("h1").inner_text() == "Ada Lovelace"
            person = tmp_path / "people" / "ada.yml"
            person.write_text("name: Ada Lovelace\nasks:\n  - date: 2026-11-24\n    answer: yes\n")
            until(lambda: "write accepted" in _text(pg, url))
            assert "people/ada.yml:4:13" in pg.locator("article").inner_text()
            person.write_text("name: Ada Byron\nasks: [{date: 2026-11-24, answer: accepted}]\n")
            until(lambda: pg.goto(url) and pg.locator("h1").inner_text() == "Ada Byron")
    finally:
        server.terminate()
        server.wait(10)
        if server.stderr:
            server.stderr.close()


def _text(pg, url: str) -> str:
    pg.goto(url)
    return pg.locator("article").inner_text()




