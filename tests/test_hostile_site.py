"""Hostile input, round three (issue 24): data `check` accepts never makes the build slow, crash or leak,
hand-written pages are never replaced silently, and config mistakes are located errors."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from conftest import build, page, run, write_journal

from handshake_plugin.render.notes import NoteRenderer, escaped_paragraphs, too_costly

# -- notes that would make Markdown super-linear or recurse past the stack -------------------------------

COSTLY_NOTES = {
    "brackets": "[" * 15_000,
    "images": "![" * 7_500,
    "emphasis": "*_" * 7_500,
    "angles": "<a " * 5_000,
    "links-unclosed": "[](" * 5_000,
    "references": "[x][" * 3_750,
    "lines-of-brackets": "[\n" * 7_500,
    "nested-lists": "\n".join("\t" * i + "- x" for i in range(600)),
    "nested-quotes": ">" * 15_000,
    "definitions": "a\n: b\n" * 2_000,
    "abbreviations": "*[a]: b\n" * 1_500,
}
LINEAR = {"emphasis"}  # Markdown's work on these grows with their length only: rendered as Markdown
NORMAL = ("## Lunch\n\nWe talked about [her essay](https://example.org/essay) and `graphs`, *twice*.\n\n"
          "- one\n- two\n\n> a quote\n\n| a | b |\n| - | - |\n| 1 | 2 |\n")


@pytest.mark.parametrize("name", COSTLY_NOTES)
def test_costly_notes_are_recognised_and_shown_as_text_quickly(name: str) -> None:
    text = COSTLY_NOTES[name] + "\n\n<script>x</script> & more"
    assert too_costly(text) or name in LINEAR
    renderer = NoteRenderer()
    start = time.perf_counter()
    html = renderer(text)
    assert time.perf_counter() - start < 1
    assert "<script" not in html and "&amp; more" in html


def test_real_notes_keep_their_markdown() -> None:
    long_paragraph = " ".join(f"Sentence {i} with [a link](https://example.org/{i}) (an aside)." for i in range(300))
    long_list = "\n".join(f"- [Name {i}](https://example.org/{i}) some *text*" for i in range(2_000))
    nested = "\n".join("    " * i + "- level" for i in range(6))
    for text in (NORMAL, long_paragraph, long_list, nested, "> > > three deep"):
        assert not too_costly(text), text[:40]
    html = NoteRenderer(["extra", "sane_lists"])(NORMAL)
    assert '<a href="https://example.org/essay"' in html and "<code>graphs</code>" in html
    assert "<table>" in html and "<blockquote>" in html and "<li>two</li>" in html


def test_escaped_paragraphs_keep_lines_and_blank_line_breaks() -> None:
    html = escaped_paragraphs("a <b>\nc\n\n\n d & e\n")
    assert html == "<p>a &lt;b&gt;<br>\nc</p>\n<p> d &amp; e</p>"


def _block(text: str, indent: str = "  ") -> str:
    """A YAML literal block scalar holding `text` (kept as written: tabs, quotes and all)."""
    return "|-\n" + "".join(indent + line + "\n" for line in text.split("\n"))


def test_a_journal_of_costly_notes_builds_in_seconds(tmp_path: Path) -> None:
    people = {f"p{i}.yml": f"name: Person {i}\nnotes: {_block(text)}"
              for i, text in enumerate(COSTLY_NOTES.values())}
    people["ada.yml"] = f"name: Ada\nnotes: {json.dumps(NORMAL)}\nmeetings:\n  - date: 2026-01-14\n" \
                        f"    notes: {json.dumps(COSTLY_NOTES['brackets'])}\n"
    root = write_journal(tmp_path, people)
    start = time.perf_counter()
    result = build(root)
    took = time.perf_counter() - start
    assert result.returncode == 0, result.stderr[-3000:]
    assert took < 15, f"the build took {took:.1f} s"  # a regression guard: it took minutes, or crashed
    ada = page(root, "people/ada/")
    assert '<a href="https://example.org/essay"' in ada and "[[[[[[" in ada
    assert "&lt;a &lt;a" in page(root, "people/p3/")


# -- deep introduction chains -----------------------------------------------------------------------------


def test_a_chain_of_3000_introductions_builds_and_every_command_reads_it(tmp_path: Path) -> None:
    people = {f"p{i}.yml": f"name: Person {i}\n" + (f"introduced_by: p{i - 1}\n" if i else "")
              + "asks:\n  - date: 2026-01-05\n" for i in range(3_000)}
    # And a cycle hanging off the chain's end: two people who introduced each other.
    people["c1.yml"] = "name: Cy One\nintroduced_by: c2\n"
    people["c2.yml"] = "name: Cy Two\nintroduced_by: c1\n"
    root = write_journal(tmp_path, people)
    result = build(root)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "RecursionError" not in result.stderr
    drawing = page(root, "introductions/")
    assert "Person 2999" in drawing and "Cy Two" in drawing
    assert "Person 2998" in page(root, "people/p2999/")
    for command in (["handshake", "check"], ["handshake", "status"], ["handshake", "status", "--json"]):
        done = run(command, root)
        assert done.returncode == 0, (command, done.stderr[-2000:])
        assert "Traceback" not in done.stderr


# -- hand-written pages at a path the site generates ------------------------------------------------------

ADA = "name: Ada\nasks:\n  - date: 2026-11-02\n"


@pytest.mark.parametrize("path", ["people.md", "challenge.md", "introductions.md", "people/ada.md",
                                  "handshake.ics", "assets/handshake.css"])
def test_a_hand_written_page_the_site_generates_is_named_and_fails_strict(tmp_path: Path, path: str) -> None:
    target = tmp_path / "docs" / path
    target.parent.mkdir(parents=True)
    target.write_text("# Mine\n\nMy own page.\n", encoding="utf-8")
    root = write_journal(tmp_path, {"ada.yml": ADA})
    result = build(root)
    assert result.returncode == 1
    assert f"docs/{path}:1:1: warning: the journal generates this page and would replace your file" in result.stderr
    assert "rename it (for example to " in result.stderr
    relaxed = build(root, strict=False)  # without --strict the build goes on and still says so
    assert relaxed.returncode == 0 and f"docs/{path}:1:1: warning:" in relaxed.stderr


def test_dashboard_md_clashes_only_beside_a_hand_written_index(tmp_path: Path) -> None:
    root = write_journal(tmp_path, {"ada.yml": ADA}, docs={"dashboard.md": "# My dashboard\n"})
    assert build(root).returncode == 0  # the dashboard is at the root: dashboard.md is the user's
    (root / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    result = build(root)
    assert result.returncode == 1 and "docs/dashboard.md:1:1: warning: the journal generates" in result.stderr


def test_index_and_robots_are_the_users_to_take(tmp_path: Path) -> None:
    root = write_journal(tmp_path, {"ada.yml": ADA}, docs={"index.md": "# Home\n", "robots.txt": "User-agent: *\n"})
    result = build(root)
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr.lower()
    assert (root / "site" / "robots.txt").read_text() == "User-agent: *\n"


def test_clashes_are_named_while_the_journal_has_errors_too(tmp_path: Path) -> None:
    root = write_journal(tmp_path, {"ada.yml": "name: Ada\nintroduced_by: nobody\n"}, docs={"people.md": "# Mine\n"})
    result = build(root, strict=False)
    assert "docs/people.md:1:1: warning: the journal generates" in result.stderr


# -- notes never read files, whatever markdown_extensions the journal configures ---------------------------

SNIPPETS = "markdown_extensions:\n  - pymdownx.snippets:\n      base_path: ['.', 'people']\n  - pymdownx.b64\n"


def test_notes_do_not_include_files_under_snippets(tmp_path: Path) -> None:
    root = write_journal(tmp_path, {
        "ada.yml": "name: Ada\ncontact:\n  email: ada-secret@example.org\n  phone: '+44 1234 999999'\n",
        "bob.yml": 'name: Bob\nnotes: |\n  Imported:\n\n  --8<-- "people/ada.yml"\n\n  --8<-- "ada.yml"\n\n'
                   '  --8<--\n  people/ada.yml\n  --8<--\n\n  ;--8<-- "people/ada.yml"\n'
                   'meetings:\n  - date: 2026-01-14\n    notes: \'--8<-- "people/ada.yml"\'\n',
    }, docs={"about.md": "# About\n\n--8<-- \"docs/part.md\"\n", "part.md": "Included on purpose.\n"})
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write(SNIPPETS)
    result = build(root)
    assert result.returncode == 0, result.stderr[-3000:]
    for path in (root / "site").rglob("*"):
        if path.is_file():
            text = path.read_bytes()
            assert b"ada-secret" not in text and b"999999" not in text, path
    bob = page(root, "people/bob/")
    assert "--8&lt;-- &#34;people/ada.yml&#34;" in bob or '--8&lt;-- "people/ada.yml"' in bob
    # The journal's own pages keep the extension: only data from person files is rendered without it.
    assert "Included on purpose." in page(root, "about/")


def test_extensions_that_read_files_are_recognised() -> None:
    from pymdownx.snippets import SnippetExtension

    from handshake_plugin.render.notes import reads_files
    for name in ("pymdownx.snippets", "pymdownx.snippets:SnippetExtension", "pymdownx.b64",
                 "markdown_include.include", "mdx_include", SnippetExtension()):
        assert reads_files(name), name
    for name in ("pymdownx.superfences", "toc", "attr_list", "pymdownx.emoji", "md_in_html", "tables"):
        assert not reads_files(name), name
    renderer = NoteRenderer(["pymdownx.snippets"], {"pymdownx.snippets": {"base_path": ["."]}})
    assert "--8&lt;--" in renderer('--8<-- "pyproject.toml"') and "handshake" not in renderer('--8<-- "pyproject.toml"')


# -- config mistakes are located errors, for every command and the build ------------------------------------

CONFIG = "site_name: t\ntheme:\n  name: material\n  font: false\nplugins:\n  - search\n  - handshake:\n{}\n"


def _config_journal(root: Path, options: str) -> Path:
    (root / "people").mkdir(exist_ok=True)
    (root / "docs").mkdir(exist_ok=True)
    (root / "people" / "ada.yml").write_text("name: Ada\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(CONFIG.format(options), encoding="utf-8")
    return root


@pytest.mark.parametrize(("options", "where", "says"), [
    ("      today: 2026-02-30", "mkdocs.yml:8:14:", "2026-02-30 is not a real date"),
    ("      today: 2026-13-01", "mkdocs.yml:8:14:", "2026-13-01 is not a real date"),
    ("      challenge:\n        pauses: [2026-W31, 2026-02-29]", "mkdocs.yml:9:28:", "2026-02-29 is not a real date"),
    ("      people_dir: ''", "mkdocs.yml:8:19:", "is the journal's own folder"),
    ("      people_dir: .", "mkdocs.yml:8:19:", "is the journal's own folder"),
    ("      people_dir: people/..", "mkdocs.yml:8:19:", "is the journal's own folder"),
    ("      people_dir: ../elsewhere", "mkdocs.yml:8:19:", "leads outside the journal"),
    ("      people_dir: /tmp", "mkdocs.yml:8:19:", "leads outside the journal"),
    ("      today: [2026-01-01]", "mkdocs.yml:8:14:", "write one value here"),
    ("      strong_after: 0", "mkdocs.yml:8:21:", "a whole number of 1 or more"),
    ("      challenge:\n        start: 2026-W60", "mkdocs.yml:9:16:", "2026 has weeks W01 to W53"),
])
def test_config_mistakes_are_located_for_every_command(tmp_path: Path, options: str, where: str, says: str) -> None:
    root = _config_journal(tmp_path, options)
    for command in (["handshake", "check"], ["handshake", "status"], ["handshake", "new", "Zed Quill"]):
        result = run(command, root)
        assert result.returncode != 0, command
        assert "Traceback" not in result.stderr, (command, result.stderr[-2000:])
        assert where in result.stderr and says in result.stderr, (command, result.stderr)
    assert not (root / "people" / "zed-quill.yml").exists() and not (root / "zed-quill.yml").exists()
    if "real date" not in says:  # MkDocs reads mkdocs.yml before any plugin: it alone words a YAML date
        built = build(root)
        assert built.returncode != 0 and "Traceback" not in built.stderr and says in built.stderr
        assert where in built.stderr  # MkDocs names the option, the plugin where it is written


def test_a_people_dir_linked_to_the_journal_itself_is_refused(tmp_path: Path) -> None:
    root = _config_journal(tmp_path, "      people_dir: folks")
    (root / "folks").symlink_to(root)
    for command in (["handshake", "check"], ["handshake", "status"]):
        result = run(command, root)
        says = "people_dir 'folks' is a link to the journal's own folder, not a folder inside the journal"
        assert result.returncode != 0 and says in result.stderr, result.stderr
    built = build(root)
    assert built.returncode != 0 and "not a folder inside the journal" in built.stderr


# -- check, status and the build take one journal root: the folder of the config file ------------------------


def test_check_status_and_build_judge_linked_person_files_alike(tmp_path: Path) -> None:
    root = _config_journal(tmp_path, "      people_dir: data/people\n      today: 2026-11-25")
    (root / "people" / "ada.yml").unlink()
    people = root / "data" / "people"
    people.mkdir(parents=True)
    (people / "ada.yml").write_text("name: Ada\nasks:\n  - date: 2026-11-02\n", encoding="utf-8")
    (root / "shared").mkdir()
    (root / "shared" / "bo.yml").write_text("name: Bo\n", encoding="utf-8")
    (people / "bo.yml").symlink_to(Path("..") / ".." / "shared" / "bo.yml")  # inside the journal, outside data/
    for command in (["handshake", "check"], ["handshake", "status"]):
        result = run(command, root)
        assert result.returncode == 0, (command, result.stderr)
    assert build(root).returncode == 0
    assert "Bo" in page(root, "people/bo/")
    outside = tmp_path.parent / f"{tmp_path.name}-outside.yml"
    outside.write_text("name: Cy\n", encoding="utf-8")
    (people / "cy.yml").symlink_to(outside)
    for result in (run(["handshake", "check"], root), run(["handshake", "status"], root), build(root)):
        assert result.returncode == 1 and "cy.yml' is a link to" in result.stderr + result.stdout
        assert "outside the journal" in result.stderr + result.stdout


# -- messages people need: merge conflicts, every problem at once, over-indented keys ------------------------

CONFLICTS = {
    "top level": ("name: Ada\n<<<<<<< HEAD\ntags: [math]\n=======\ntags: [maths]\n>>>>>>> theirs\n", 2, 1),
    "in a list": ("name: Ada\nasks:\n<<<<<<< HEAD\n  - date: 2026-01-05\n=======\n  - date: 2026-01-06\n"
                  ">>>>>>> theirs\n", 3, 1),
    "indented in notes": ("name: Ada\nnotes: |\n  Met her.\n  <<<<<<< HEAD\n  Liked it.\n  =======\n  Loved it.\n"
                          "  >>>>>>> 1a2b3c4\n", 4, 3),
    "crlf": ("name: Ada\r\n<<<<<<< ours\r\nrapport: 2026-01-01\r\n=======\r\n>>>>>>> theirs\r\n", 2, 1),
    "diff3": ("name: Ada\nnotes: >\n    <<<<<<< ours\n    a\n    ||||||| base\n    b\n    =======\n    c\n"
              "    >>>>>>> theirs\n", 3, 5),
    "start gone": ("name: Ada\nnotes: |\n  a\n  =======\n  b\n  >>>>>>> theirs\n", 4, 3),
}


@pytest.mark.parametrize("name", CONFLICTS)
def test_merge_conflicts_are_named_at_their_start(tmp_path: Path, name: str) -> None:
    text, line, column = CONFLICTS[name]
    root = write_journal(tmp_path, {})
    (root / "people" / "ada.yml").write_bytes(text.encode())
    result = run(["handshake", "check"], root)
    assert result.returncode == 1
    assert f"people/ada.yml:{line}:{column}: unresolved merge conflict:" in result.stdout, result.stdout
    assert "delete the marker lines" in result.stdout and "quotes" not in result.stdout
    built = build(root)
    assert built.returncode == 1 and f"people/ada.yml:{line}:{column}: unresolved merge conflict" in built.stderr


def test_a_setext_heading_in_notes_is_no_conflict(tmp_path: Path) -> None:
    root = write_journal(tmp_path, {"ada.yml": "name: Ada\nnotes: |\n  Essay\n  =======\n\n  Text >>>>>>> more\n"})
    assert run(["handshake", "check"], root).returncode == 0


def test_check_reports_every_problem_of_a_file_in_one_pass(tmp_path: Path) -> None:
    root = write_journal(tmp_path, {"ada.yml": """\
        nam: Ada
        introduced_by: ada
        tags: math
        asks:
          - date: 2026-13-01
            answer: yes
        meetings:
          - date: yesterday
            kind: brunch
            with: [ada]
          - date: 2026-01-05
            with: ada
          - date: 2026-01-06
            with: [ghost]
        """})
    out = run(["handshake", "check"], root).stdout
    for expected in ("1:1: 'name' is required", "1:1: warning: unknown key 'nam'", "2:16: a person cannot be "
                     "introduced by themself", "3:7: tags: write a list", "5:11: asks[0].date: '2026-13-01' is not a "
                     "real date", "6:13: asks[0].answer: YAML reads yes as true", "8:11: meetings[0].date: 'yesterday'",
                     "9:11: warning: unknown meeting kind 'brunch'", "10:11: `with` names this file's own person",
                     "12:11: `with` names this file's own person", "14:12: no person file for 'ghost'"):
        assert f"people/ada.yml:{expected}" in out, (expected, out)


@pytest.mark.parametrize(("text", "line", "hint"), [
    ("name: Ada\nasks:\n  - date: 2026-01-05\n     via: DM\n", 4, "`via:` is indented further than `date:` above it "
     "(5 spaces, not 4): line it up with `date:`"),
    ("name: Ada\n     tags: [x]\n", 2, "`tags:` is indented further than `name:` above it (5 spaces, not 0)"),
    ("name: Ada\nmeetings:\n  - date: 2026-01-05\n    kind: coffee\n      where: Blue Bottle\n", 5,
     "`where:` is indented further than `kind:` above it (6 spaces, not 4)"),
])
def test_an_over_indented_key_gets_an_indentation_hint(tmp_path: Path, text: str, line: int, hint: str) -> None:
    root = write_journal(tmp_path, {"ada.yml": text})
    out = run(["handshake", "check"], root).stdout
    assert f"people/ada.yml:{line}:" in out and hint in out, out
    assert 'must be in quotes, e.g. notes: "Topic: COBOL"' not in out


def test_a_colon_in_a_value_still_gets_the_quoting_hint(tmp_path: Path) -> None:
    root = write_journal(tmp_path, {"ada.yml": "name: Ada\nnotes: Topic: COBOL\n"})
    assert 'must be in quotes, e.g. notes: "Topic: COBOL"' in run(["handshake", "check"], root).stdout


# -- the same person twice ---------------------------------------------------------------------------------


def test_two_files_of_one_person_are_a_warning_naming_both(tmp_path: Path) -> None:
    root = write_journal(tmp_path, {
        "zoe-angstrom.yml": "name: Zoë Ångström\ncontact:\n  email: Zoe@Example.org\nlinks: [https://Zoe.example/]\n",
        "zoe-a.yml": 'name: "zoë  ångström"\n',  # `new "Zoë Ångström" --id zoe-a`: the same name
        "copy.yml": "name: Zed\ncontact:\n  work: zoe@example.org\n",  # a copied file: the same email
        "site.yml": "name: Sam\nlinks: [https://zoe.example, 'mailto:ZOE@example.org?subject=hi']\n",
        "ada.yml": "name: Ada\nlinks: [https://example.org/ada]\n", "bo.yml": "name: Bo\nlinks: [https://example.org/bo]\n",
    })
    out = run(["handshake", "check"], root).stdout
    assert ("people/zoe-angstrom.yml:1:7: warning: the same name as people/zoe-a.yml ('Zoë Ångström'): if this is "
            "one person twice, merge the two files into one; if not, tell them apart in the name") in out, out
    namesakes = write_journal(tmp_path / "namesakes", {"a.yml": "name: Alan Turing\nlinks: [https://a.example]\n",
                                                     "b.yml": "name: Alan Turing\nlinks: [https://b.example]\n"})
    assert run(["handshake", "check"], namesakes).stdout == ""  # each their own link: two people
    assert "people/zoe-angstrom.yml:3:10: warning: the same email as people/copy.yml" in out
    assert "people/zoe-angstrom.yml:4:9: warning: the same link as people/site.yml" in out
    assert "people/site.yml:2:30: warning: the same email as people/copy.yml" in out
    assert "ada.yml" not in out and "bo.yml" not in out
    assert "0 error(s), 4 warning(s)" in run(["handshake", "check"], root).stderr
    built = build(root)
    assert built.returncode == 1 and "the same name as people/zoe-a.yml" in built.stderr  # --strict fails
    assert build(root, strict=False).returncode == 0


# -- an ask followed by a later one --------------------------------------------------------------------------


def test_an_ask_followed_by_a_later_one_shows_as_followed_up(tmp_path: Path) -> None:
    root = write_journal(tmp_path, {"ada.yml": """\
        name: Ada
        asks:
          - date: 2026-10-01
            answer: declined
          - date: 2026-10-20
          - date: 2026-11-02
            via: email
          - date: 2026-11-10
        """, "bo.yml": "name: Bo\nasks:\n  - date: 2026-11-02\n"})
    assert build(root).returncode == 0
    pills = re.findall(r'hs-answer-pill hs-answer-pill-([\w-]+)">([\w ]+)<', page(root, "people/ada/"))
    assert pills == [("declined", "declined"), ("followed-up", "followed up"), ("followed-up", "followed up"),
                     ("pending", "pending")]
    assert re.findall(r'hs-answer-pill-([\w-]+)"', page(root, "people/bo/")) == ["pending"]


def test_a_config_nested_thousands_deep_is_a_message_for_every_command(tmp_path: Path) -> None:
    root = _config_journal(tmp_path, "      today: " + "[" * 3_000 + "]" * 3_000)
    for command in (["handshake", "check"], ["handshake", "status"], ["handshake", "new", "Zed Quill"]):
        result = run(command, root)
        assert result.returncode != 0 and "Traceback" not in result.stderr, result.stderr[-1500:]
        assert "mkdocs.yml: nesting is too deep to read" in result.stderr
