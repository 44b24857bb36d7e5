"""How the site looks and reads: charts, people table, week-note header (HTML), then every page kind in
Chromium at phone and desk widths, light and dark: axe-core, no sideways scrolling, legible charts."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from browser import chromium, static_server
from conftest import ROOT, build, page, write_journal

from handshake_plugin.core.analysis import Options, Quarter, analyse
from handshake_plugin.core.read import read_journal
from handshake_plugin.render import charts
from handshake_plugin.render.pages import site_renderer
from handshake_plugin.render.people_index import tag_anchor, tag_links


def _analysis(people: Path, today: dt.date, **options: object):
    result = read_journal(people)
    assert not [p for p in result.problems if p.severity == "error"]
    return analyse(result.journal, Options(today=today, **options))


def _sample(today: dt.date = dt.date(2026, 11, 25)):
    """The sample journal with the options of its mkdocs.yml."""
    return _analysis(ROOT / "people", today, start=dt.date.fromisocalendar(2026, 23, 1),
                     pauses=frozenset({dt.date.fromisocalendar(2026, 31, 1)}))


def _cells(html: str) -> list[tuple[str, str]]:
    return re.findall(r'class="hs-cell hs-([a-z0-9-]+)"[^>]*? title="([^"]*)"', html)


def _links(html: str) -> list[tuple[str, str]]:
    """The heatmap cells that are links: (href, accessible name)."""
    return re.findall(r'<a class="hs-cell hs-[a-z0-9-]+" href="([^"]*)" title="[^"]*" aria-label="([^"]*)"></a>', html)


# -- charts -------------------------------------------------------------------------------------------

def test_last_52_weeks_is_rolling_with_distinct_before_and_not_yet_cells() -> None:
    html = str(charts.last_52_weeks(_sample()))
    cells = _cells(html)
    assert len(cells) == 52
    assert cells[-1] == ("pending", "2026-W48 · pending · 0 handshakes")   # ends with this week
    assert cells[0][1].startswith("2025-W49 · before the challenge")
    assert {c for c, _ in cells} >= {"before", "done", "missed", "paused", "pending"}
    assert "future" not in {c for c, _ in cells}
    assert html.count('class="hs-quarter"') == 4                            # four quarters of 13 weeks
    assert 'role="group" aria-label="The last 52 weeks, 1 Dec 2025 to 29 Nov 2026: 20 done, 4 missed' in html
    assert _links(html) == []                                               # no page to link to: plain cells
    months = re.findall(r'<span class="hs-month hs-at-\d+" aria-hidden="true">([A-Z][a-z]{2})</span>', html)
    assert months[:2] == ["Dec", "Jan"] and months[-1] == "Nov"
    assert "Mon" not in html and "Wed" not in html                          # a cell is a week: no weekdays


def test_heatmap_of_the_year_marks_weeks_to_come_apart_from_weeks_before_the_start() -> None:
    (year, svg), = charts.heatmaps(_sample())
    cells = _cells(str(svg))
    assert year == 2026 and len(cells) == 53                                 # 2026 has 53 ISO weeks
    kinds = [c for c, _ in cells]
    assert kinds[:22] == ["before"] * 22 and kinds[48:] == ["future"] * 5
    assert cells[48][1] == "2026-W49 · not yet"
    assert str(svg).count('class="hs-quarter"') == 4


def test_heatmap_weeks_of_the_challenge_link_to_their_week_with_their_status_as_name() -> None:
    a = _sample()
    (_, year), = charts.heatmaps(a, weeks_at="")
    links = _links(str(year))
    assert len(links) == len(a.weeks) == 26                                 # 2026-W23 to W48; none before or after
    assert links[0] == ("#2026-w23", "2026-W23 · done · 1 handshake")
    assert links[-1] == ("#2026-w48", "2026-W48 · pending · 0 handshakes")
    dash = _links(str(charts.last_52_weeks(a, weeks_at="../challenge/")))
    assert dash[0][0] == "../challenge/#2026-w23" and len(dash) == 26
    hostile = str(charts.last_52_weeks(a, weeks_at='"><script>'))
    assert "<script>" not in hostile and 'href="&#34;&gt;&lt;script&gt;#2026-w23"' in hostile


def test_month_labels_never_start_in_a_blocks_last_column() -> None:
    # 2026-W13 (Mon 23 Mar) is the last week of the first quarter; W14's Thursday is 2 Apr: April starts in
    # the second block. A block that ends with the first week of a month leaves its name to the next block.
    mondays = [dt.date(2026, 1, 5) + dt.timedelta(weeks=i) for i in range(13)]
    assert charts._month_labels(mondays) == [(0, "Jan"), (4, "Feb"), (8, "Mar")]
    late = [dt.date(2026, 6, 1) + dt.timedelta(weeks=i) for i in range(13)]         # Jun 1 .. Aug 24
    labels = charts._month_labels(late)
    assert all(col <= 11 for col, _ in labels)
    ending = [dt.date(2026, 8, 3) - dt.timedelta(weeks=12 - i) for i in range(13)]   # the last is August's first
    assert (12, "Aug") not in charts._month_labels(ending) and charts._month_labels(ending)[-1][1] == "Jul"


def test_january_shows_a_whole_year_and_the_last_52_weeks_reach_back(tmp_path: Path) -> None:
    write_journal(tmp_path, {"ada.yml": "name: Ada\nasks: [{date: 2027-01-05}]\n"})
    a = _analysis(tmp_path / "people", dt.date(2027, 1, 6))
    (year, svg), = charts.heatmaps(a)
    assert year == 2027 and len(_cells(str(svg))) == 52
    cells = _cells(str(charts.last_52_weeks(a)))
    assert len(cells) == 52 and cells[-1][0] == "done" and cells[0][0] == "before"


def test_legend_names_every_cell_kind() -> None:
    legend = str(charts.legend())
    for css, text in (("done", "done"), ("done-2", "2+ people"), ("pending", "open"), ("paused", "paused"),
                      ("missed", "missed"), ("before", "before the start"), ("future", "to come")):
        assert f'<span class="hs-cell hs-swatch hs-{css}" aria-hidden="true"></span> {text}</span>' in legend


def test_ties_chart_keeps_its_size_and_shows_the_last_two_years() -> None:
    quarters = [Quarter(f"{2020 + i // 4}-Q{i % 4 + 1}", i, i // 2) for i in range(20)]
    svg = str(charts.ties_chart(quarters))
    assert svg.count("<title>") == 8 and "2022-Q4" not in svg and "2023-Q1:" in svg
    assert "2024-Q1: 8 strong, 16 weak" in svg
    width = int(re.search(r'viewBox="0 0 (\d+) ', svg)[1])
    assert width <= 340                                    # on a phone it never shrinks below its natural size


# -- people and week notes --------------------------------------------------------------------------------

def test_people_index_runs_in_funnel_order_with_columns_that_say_something(sample_site: Path) -> None:
    html = (sample_site / "people" / "index.html").read_text(encoding="utf-8")
    article = html[html.index('class="hs-lede"'):]
    heads = re.findall(r'<h2 id="([a-z]+)"', article)
    assert heads[:4] == ["radar", "asked", "met", "strong"] and heads[4] == "tags"      # the people to ask first
    assert '22 people: <a href="#radar">2 on the radar</a> · <a href="#asked">7 asked</a>' in article
    columns = [re.findall(r'<th scope="col"[^>]*>([^<]*)</th>', t) for t in re.findall(r"<thead>(.*?)</thead>", html)]
    assert columns == [["Name", "Found", "Tags"], ["Name", "Latest ask", "Tags"],
                       ["Name", "Last met", "Meetings", "Next meeting", "Tags"],
                       ["Name", "Last met", "Meetings", "Next meeting", "Tags"]]
    radar = html[html.index('id="radar"'):html.index('id="asked"')]
    assert '<td data-label="Found">a blog post on local-first software · 20 Nov 2026</td>' in radar
    assert "hs-empty" not in radar                                    # no column of dashes
    asked = html[html.index('id="asked"'):html.index('id="met"')]
    assert 'hs-answer-pill-declined">declined</span>' in asked and 'hs-answer-pill-pending">pending</span>' in asked
    # a tag is a link to its group at the foot of the page, which names everyone who carries it
    assert '<a class="hs-tag" href="#tag-python">python</a>' in html
    group = re.search(r'<details class="hs-fold hs-tag-group"><summary><span class="hs-tag">python</span> '
                      r'(\d+)</summary><p id="tag-python">(.*?)</p></details>', html)
    assert group and int(group[1]) == group[2].count("<a ") == html.count('href="#tag-python"') >= 2


def test_tag_anchors_follow_from_the_tag_alone_and_never_collide() -> None:
    assert tag_anchor("python") == "tag-python"
    assert tag_anchor("Python") != tag_anchor("python") and tag_anchor("Python").startswith("tag-python-")
    assert tag_anchor("機械学習").startswith("tag-") and tag_anchor("機械学習") != tag_anchor("データ")
    assert re.fullmatch(r"tag-[a-z0-9-]+", tag_anchor('"><script>'))
    assert str(tag_links(["a", "a", "<b>"])).count("<a ") == 2 and "&lt;b&gt;" in str(tag_links(["<b>"]))


def test_one_person_is_a_person(tmp_path: Path) -> None:
    write_journal(tmp_path, {"ada.yml": "name: Ada\nfound: {where: a talk}\n"})
    assert build(tmp_path).returncode == 0
    people = page(tmp_path, "people/")
    assert "1 person: " in people and "1 people" not in people
    assert "No one met yet." in people


def test_week_note_header_names_the_dates_status_and_people() -> None:
    docs = {f"weeks/{p.stem}.md": p.read_text for p in (ROOT / "docs" / "weeks").glob("*.md")}
    renderer = site_renderer(_sample(), docs, custom_dir=None, markdown_extensions=[], mdx_configs={},
                             directory_urls=True, show_contact=False)
    header = str(renderer.week_note_header("weeks/2026-W44.md"))
    assert "Mon 26 Oct 2026 – Sun 1 Nov 2026" in header
    assert 'class="hs-status hs-status-done">done</span>' in header
    assert 'Reached <a href="../../people/priya-raman/">Priya Raman</a>' in header
    assert 'href="../../challenge/#2026-w44">This week in the challenge log</a>' in header
    assert 'href="../../weeks/2026-W32/" rel="prev">← Back from holiday</a>' in header      # its title, not its code
    assert renderer.week_note_header("about.md") == "" and renderer.week_note_header("weeks/2026-W60.md") == ""
    page_html = renderer.with_week_note_header("weeks/2026-W44.md", '<h1 id="x">Four</h1>\n<p>Text</p>')
    assert page_html.startswith('<h1 id="x">Four</h1><div class="hs-weekhead">') and page_html.endswith("<p>Text</p>")


def test_week_note_header_of_a_week_to_come_escapes_nothing_it_should_not(tmp_path: Path) -> None:
    write_journal(tmp_path, {"ada.yml": 'name: "<b>Ada</b> & co"\nasks: [{date: 2026-11-24}]\n'})
    a = _analysis(tmp_path / "people", dt.date(2026, 11, 25))
    renderer = site_renderer(a, {"weeks/2026-W48.md": lambda: "# now", "weeks/2027-W02.md": lambda: "# later"},
                             custom_dir=None, markdown_extensions=[], mdx_configs={}, directory_urls=False,
                             show_contact=False)
    now = str(renderer.week_note_header("weeks/2026-W48.md"))
    assert "&lt;b&gt;Ada&lt;/b&gt; &amp; co" in now and "<b>" not in now
    assert 'href="../challenge.html#2026-w48"' in now and 'href="../weeks/2027-W02.html" rel="next"' in now
    assert '<span class="hs-pill">not yet</span>' in str(renderer.week_note_header("weeks/2027-W02.md"))


def test_built_week_note_page_has_its_header(tmp_path: Path) -> None:
    write_journal(tmp_path, {"ada.yml": "name: Ada\nasks: [{date: 2026-11-24}]\n"},
                  docs={"weeks/2026-W48.md": "# A good week\n\nAsked Ada.\n"})
    assert build(tmp_path).returncode == 0
    html = page(tmp_path, "weeks/2026-W48/")
    assert 'A good week</h1><div class="hs-weekhead">' in html and "Reached <a" in html


# -- the person's story -----------------------------------------------------------------------------------

STORY = {
    "ada.yml": """\
        name: Ada
        found: {date: 2026-05-28, where: "<i>Mastodon</i>", note: "Her *thread* on <script>x</script> small teams."}
        keep_in_touch: 2w
        asks: [{date: 2026-06-02, via: DM, answer: accepted}]
        meetings:
          - {date: 2026-06-09, kind: coffee, follow_up: [{do: Send the chapter, done: 2026-06-11}]}
          - {date: 2026-07-14, kind: walk, follow_up: "Intro to <b>Hana</b>"}
          - {date: 2026-09-08, kind: video, notes: "She did leave."}
          - {date: 2026-10-01, kind: meal}
        """,
    "bob.yml": "name: Bob\nkeep_in_touch: 2w\nmeetings: [{date: 2026-11-11, kind: call}]\n",
    "cal.yml": "name: Cal\nintroduced_by: ada\nasks: [{date: 2026-11-01, answer: accepted}]\n"
               "meetings: [{date: 2026-12-02, kind: tea, where: Park}, {date: 2027-01-10, kind: walk}]\n",
    "dan.yml": "name: Dan\nfound: {where: a talk, note: Asked the best question.}\n",
    "eve.yml": "name: Eve\nasks: [{date: 2026-11-02, via: email}]\n",
}


def _events(html: str) -> list[str]:
    """The classes of the timeline's events, in page order."""
    timeline = html[html.index('<ol class="hs-timeline">'):html.index("</ol>", html.index('<ol class="hs-timeline">'))]
    return re.findall(r'<li(?: id="next")? class="hs-event ([^"]*)"', timeline)


def test_person_page_tells_the_story_from_found_to_the_next_step(tmp_path: Path) -> None:
    write_journal(tmp_path, STORY)
    assert build(tmp_path).returncode == 0
    ada = page(tmp_path, "people/ada/")
    events = _events(ada)
    assert events[0] == "hs-event-found" and events[-1].startswith("hs-event-next")
    kinds = [e.split()[0] for e in events]
    assert kinds == ["hs-event-found", "hs-ask", "hs-meeting", "hs-meeting", "hs-meeting", "hs-event-strong",
                     "hs-meeting", "hs-event-next"]                        # strong after the third meeting
    found = ada[ada.index("hs-event-found"):ada.index("hs-ask")]
    assert "&lt;i&gt;Mastodon&lt;/i&gt;" in found and "<em>thread</em>" in found and "<script>" not in found
    assert 'hs-answer-pill-accepted">accepted</span>' in ada
    kept = '<span class="hs-promise-text">Send the chapter</span> · <span class="hs-promise-state hs-promise-kept">'
    assert 'class="hs-follow-up hs-promise-done">' in ada and kept in ada     # struck through, with its pill
    # overdue: a red pill with the words, in the header and in the next step (every 2 weeks since 1 Oct)
    next_step = ada[ada.index('id="next"'):]
    assert '<span class="hs-due hs-due-overdue">overdue by 41 days</span>' in next_step
    assert "hs-event-due" in events[-1]
    header = ada[:ada.index('<dl class="hs-facts">')]
    assert "overdue by 41 days" in header and "(due)" not in ada
    # the promise list keeps only what is open; the kept one stays on the timeline alone
    promised = ada[ada.index('id="follow-ups"'):ada.index('id="timeline"')]
    assert "Intro to &lt;b&gt;Hana&lt;/b&gt;" in promised and "Send the chapter" not in promised
    assert ada.count("Send the chapter") == 1

    bob = page(tmp_path, "people/bob/")                                   # due today is due, not "0 days ago"
    assert '<span class="hs-due hs-due-today">due today</span>' in bob[bob.index('id="next"'):]
    dash = page(tmp_path, "")
    reconnect = dash[dash.index('id="reconnect"'):dash.index('id="upcoming"')]
    assert "overdue by 41 days</span>" in reconnect
    assert '<span class="hs-due hs-due-today">due today</span>' in reconnect
    assert "days ago" not in reconnect
    first = dash[:dash.index('id="whom-to-ask"')]                         # the first screen: the one person now
    assert 'Ask <a class="hs-next-person" href="people/dan/">Dan</a> to meet' in first
    assert '<code class="hs-cmdline" tabindex="0">handshake ask dan --via DM</code>' in first

    cal = page(tmp_path, "people/cal/")                                   # a planned meeting is the next step
    events = _events(cal)
    assert events[0] == "hs-event-found"                                 # no found: the introduction starts it
    assert '<strong>Introduced</strong> by <a href="../../people/ada/">Ada</a>' in cal
    assert events[-1] == "hs-meeting hs-upcoming hs-event-next" and "next step · in 7 days" in cal
    assert "Also planned: Sun 10 Jan 2027" in cal

    dan = page(tmp_path, "people/dan/")                                   # radar: ask them, with the command
    assert _events(dan) == ["hs-event-found", "hs-event-next"]               # found with no date: no date line
    assert '<li class="hs-event hs-event-found">\n    <p><strong>Found</strong>: a talk</p>' in dan
    assert "Asked the best question." in dan and "handshake ask dan --via DM" in re.sub(r"<[^>]+>", "", dan)
    eve = re.sub(r"<[^>]+>", "", page(tmp_path, "people/eve/"))          # asked, no answer: one follow-up
    assert "Asked 23 days ago via email, no answer yet — one friendly follow-up?" in eve
    assert "handshake ask eve --via email" in eve


def test_commands_stay_on_one_line_with_a_copy_button(tmp_path: Path) -> None:
    write_journal(tmp_path, STORY)
    assert build(tmp_path).returncode == 0
    dan = page(tmp_path, "people/dan/")
    assert ('<span class="hs-cmdbox"><code class="hs-cmdline" tabindex="0">handshake ask dan --via DM</code>'
            '<button type="button" class="hs-copy" data-clipboard-text="handshake ask dan --via DM" '
            'title="Copy the command" aria-label="Copy the command: handshake ask dan --via DM">') in dan
    assert "<strong>Ask Dan to meet.</strong>" in dan           # by name, whatever the note says ("Ask him…")
    challenge = page(tmp_path, "challenge/")
    assert challenge.count('data-clipboard-text="handshake review --week') == 1   # the week-note hint once
    assert 'data-clipboard-text="handshake review --week 2026-W48 --write"' in challenge


# -- in the browser -----------------------------------------------------------------------------------

PAGE_KINDS = {"dashboard": "", "challenge": "challenge/", "people": "people/", "person-rich": "people/ada-okafor/",
              "person-sparse": "people/uma-singh/", "introductions": "introductions/", "week-note": "weeks/2026-W44/",
              "all-open-items": "actions/"}
WIDTHS = (390, 1280)
SCHEMES = ("light", "dark")
# Material's search box is a role="dialog" without a name (its markup, not ours): left out of the audit.
AXE_CONTEXT = {"exclude": [[".md-search"]]}
AXE_OPTIONS = {"resultTypes": ["violations"],
               "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}}

MEASURE = """() => {
  const out = {wide: document.scrollingElement.scrollWidth - innerWidth, texts: [], cells: [], hidden: []};
  for (const t of document.querySelectorAll('article svg text')) {
    const ctm = t.getScreenCTM(), r = t.getBoundingClientRect();
    if (!ctm || r.width === 0) continue;
    out.texts.push([t.textContent, parseFloat(getComputedStyle(t).fontSize) * Math.hypot(ctm.a, ctm.b)]);
  }
  for (const c of document.querySelectorAll('article .hs-heatmap .hs-cell')) {
    const r = c.getBoundingClientRect();
    out.cells.push(Math.min(r.width, r.height));
  }
  for (const el of document.querySelectorAll('article *')) {
    const style = getComputedStyle(el);
    if (el.scrollWidth > el.clientWidth + 1 && ['auto', 'scroll', 'hidden'].includes(style.overflowX)
        && el.clientWidth > 1 && !el.classList.contains('hs-scroll') && el.tagName !== 'TH'
        && !el.classList.contains('hs-cmdline'))  // a command scrolls in its own focusable box, never wraps
      out.hidden.push(el.tagName + '.' + el.className);
  }
  return out;
}"""


def test_every_page_kind_passes_axe_fits_a_phone_and_keeps_charts_legible(sample_site: Path) -> None:
    axe = Axe()
    failures: list[str] = []
    with static_server(sample_site) as base, chromium() as browser:
        for width in WIDTHS:
            for scheme in SCHEMES:
                context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
                # Material remembers the chosen palette (0: light, 1: dark) under this key.
                palette = json.dumps({"index": SCHEMES.index(scheme)})
                context.add_init_script(f"localStorage.setItem('/.__palette', {json.dumps(palette)})")
                pg = context.new_page()
                for kind, url in PAGE_KINDS.items():
                    where = f"{kind} at {width}px, {scheme}"
                    pg.goto(base + url, wait_until="load")
                    assert pg.evaluate("document.body.dataset.mdColorScheme") == (
                        "slate" if scheme == "dark" else "default"), where
                    results = axe.run(pg, context=AXE_CONTEXT, options=AXE_OPTIONS).response
                    for v in results["violations"]:
                        if v["impact"] in ("serious", "critical"):
                            failures.append(f"{where}: axe {v['id']} on {[n['target'] for n in v['nodes'][:4]]}")
                    m = pg.evaluate(MEASURE)
                    if m["wide"] > 0:
                        failures.append(f"{where}: the page scrolls sideways by {m['wide']}px")
                    small = [f"{t!r} {size:.1f}px" for t, size in m["texts"] if size < 10]
                    if small:
                        failures.append(f"{where}: {len(small)} chart texts under 10px: {', '.join(small[:3])}")
                    if m["cells"] and min(m["cells"]) < 12:
                        failures.append(f"{where}: heatmap cells down to {min(m['cells']):.1f}px")
                    failures += [f"{where}: {el} is cut off without a visible scroller" for el in m["hidden"]]
                    if kind in ("dashboard", "challenge"):
                        assert m["cells"], where
                    if kind == "introductions":
                        assert m["texts"], where
                context.close()
    assert failures == [], "\n".join(failures)


def test_people_are_two_lines_on_a_phone_and_one_row_on_a_desk_and_the_tree_fits_a_desk(sample_site: Path) -> None:
    with static_server(sample_site) as base, chromium() as browser:
        phone = browser.new_page(viewport={"width": 390, "height": 900})
        phone.goto(base + "people/", wait_until="networkidle")
        row = phone.locator(".hs-people-table tr", has_text="Tomas Berg")
        assert row.evaluate("tr => getComputedStyle(tr).display") == "flex"
        assert "a blog post on local-first software · 20 Nov 2026" in row.inner_text()
        assert phone.locator(".hs-people-table thead").first.is_hidden()
        heights = phone.evaluate("[...document.querySelectorAll('.hs-people-table tbody tr')]"
                                 ".map(tr => tr.getBoundingClientRect().height)")
        assert len(heights) == 22 and max(heights) <= 60, heights                 # a line or two, never a card
        # a tag leads to its group, which opens and names the people who carry it
        phone.locator("td a.hs-tag", has_text="python").first.click()
        phone.wait_for_timeout(300)
        group = phone.locator("#tag-python")
        assert group.is_visible() and "Priya Raman" in group.inner_text()
        desk = browser.new_page(viewport={"width": 1280, "height": 900})
        desk.goto(base + "people/", wait_until="networkidle")
        rows = desk.evaluate("[...document.querySelectorAll('.hs-people-table tbody tr')]"
                             ".map(tr => tr.getBoundingClientRect().height)")
        assert max(rows) <= 45, rows
        desk.goto(base + "introductions/", wait_until="networkidle")
        box = desk.locator(".hs-scroll")
        assert box.evaluate("b => b.scrollWidth <= b.clientWidth")             # the tree fits a desk's column
        node = desk.locator("svg.hs-graph a.hs-node", has_text="Hana Kim").first
        node.click()
        desk.wait_for_load_state("networkidle")
        assert desk.locator("h1").inner_text() == "Hana Kim"                    # a box is a link to the page
        intro = browser.new_page(viewport={"width": 390, "height": 900})
        intro.goto(base + "introductions/", wait_until="networkidle")
        box = intro.locator(".hs-scroll")
        assert box.get_attribute("tabindex") == "0"                              # the keyboard can scroll it
        assert intro.evaluate("document.scrollingElement.scrollWidth - innerWidth") <= 0


W, X, T, V, M, K = "W" * 300, "x" * 200, "t" * 150, "v" * 200, "w" * 250, "K" * 120
HOSTILE = {
    "long.yml": f"""\
        name: "{W}"
        found: {{date: 2026-11-01, where: "<img src=x onerror=alert(1)>{X}"}}
        tags: ["{T}", "<b>tag</b>"]
        asks: [{{date: 2026-11-02, via: "{V}", answer: declined}}]
        meetings: [{{date: 2026-11-03, kind: coffee, where: "{M}"}}]
        """,
    "intro.yml": "name: Introducer\nmeetings: [{date: 2026-10-01, kind: call}]\n",
    "kid.yml": f'name: "{K}"\nintroduced_by: intro\nasks: [{{date: 2026-10-05}}]\n',
    f"{'k' * 64}.yml": "name: Long Id\nfound: {date: 2026-11-20, where: HN}\n",   # its commands hold the long id
    "radar.yml": f'name: Radar\nfound: {{date: 2026-11-01, where: "<img src=x onerror=alert(1)>{X}"}}\ntags: ["{T}"]\n',
}


def test_hostile_values_stay_escaped_and_inside_a_phone_screen(tmp_path: Path) -> None:
    write_journal(tmp_path, HOSTILE, docs={"weeks/2026-W45.md": "# Long\n\n" + "z" * 300 + "\n"})
    assert build(tmp_path).returncode == 0
    people = page(tmp_path, "people/")
    assert "&lt;img src=x onerror=alert(1)&gt;" in people and "<img src=x" not in people
    assert "&lt;b&gt;tag&lt;/b&gt;" in people
    with static_server(tmp_path / "site") as base, chromium() as browser:
        pg = browser.new_page(viewport={"width": 390, "height": 900})
        for url in ("", "challenge/", "people/", "people/long/", "introductions/", f"people/{'k' * 64}/",
                    "people/intro/"):
            pg.goto(base + url, wait_until="load")
            assert pg.evaluate("document.scrollingElement.scrollWidth - innerWidth") <= 0, url
