"""Issue 15: the terminal a daily user expects: finding the journal from a sub-folder, list and show, everyday
options, check --strict, completion, a closed pipe, publishing in one step."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import BIN, ROOT, build, page, run, write_journal

PEOPLE = {
    "ada.yml": """\
        name: Ada Lovelace
        found: {date: 2026-01-03, where: Mastodon, note: Her thread on chaos.}
        tags: [math, writing]
        asks:
          - {date: 2026-01-05, via: DM, answer: accepted, note: About her essay.}
        meetings:
          - date: 2026-01-14 10:30
            kind: coffee
            where: Blue Bottle
            notes: Talked about networks.
            follow_up: [Send her the book., {do: Intro to Hana, done: 2026-01-20}]
          - {date: 2026-12-01 09:15, kind: tea, where: The Tea House}
        """,
    "grace-hopper.yml": """\
        name: Grace Hopper
        introduced_by: ada
        tags: [navy]
        meetings:
          - {date: 2026-02-02, kind: walk, with: [ada], notes: "Ada came along."}
        """,
    "hana.yml": "name: \"Hana \\e[31mKim\\u202e\"\ntags: [design]\n",
}


def journal(tmp_path: Path) -> Path:
    return write_journal(tmp_path, PEOPLE)


# -- finding the journal -------------------------------------------------------------------


def test_commands_work_from_a_sub_folder_and_paths_read_from_there(tmp_path: Path) -> None:
    root = journal(tmp_path)
    people = root / "people"
    result = run(["handshake", "check"], people)
    assert result.returncode == 0, result.stderr
    assert "(journal ../mkdocs.yml)" in result.stderr
    result = run(["handshake", "new", "Alan Turing"], people)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "wrote alan-turing.yml\n"
    result = run(["handshake", "ask", "alan-turing", "--via", "email"], people)
    assert result.stdout.startswith("alan-turing.yml: added an ask"), result.stderr
    (people / "alan-turing.yml").write_text("name: Alan\nmeetngs: []\n", encoding="utf-8")
    result = run(["handshake", "check"], people)
    assert result.stdout.startswith("alan-turing.yml:2:1: "), result.stdout


def test_f_accepts_the_journal_folder(tmp_path: Path) -> None:
    root = journal(tmp_path / "j")
    result = run(["handshake", "-f", "j", "list", "--json"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert [r["id"] for r in json.loads(result.stdout)] == ["ada", "grace-hopper", "hana"]
    result = run(["handshake", "list", "-f", str(root / "people")], tmp_path)
    assert result.returncode == 2
    assert "no mkdocs.yml in that folder" in result.stderr


# -- list and show ---------------------------------------------------------------------------


def test_list_json_is_ordered_by_id_with_the_documented_keys(tmp_path: Path) -> None:
    result = run(["handshake", "list", "--json"], journal(tmp_path))
    rows = json.loads(result.stdout)
    assert rows[0] == {"id": "ada", "name": "Ada Lovelace", "stage": "met", "handshake": "2026-01-05",
                       "last_met": "2026-02-02", "next_meeting": "2026-12-01", "tags": ["math", "writing"]}
    assert [r["stage"] for r in rows] == ["met", "met", "radar"]


def test_list_filters_and_escapes_in_its_table(tmp_path: Path) -> None:
    root = journal(tmp_path)
    result = run(["handshake", "list"], root)
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["ID", "NAME", "STAGE", "HANDSHAKE", "LAST", "MET", "NEXT", "TAGS"]
    assert len(lines) == 4
    assert "Hana \\x1b[31mKim\\u202e" in result.stdout and "\x1b" not in result.stdout
    assert run(["handshake", "list", "--stage", "radar"], root).stdout.count("\n") == 2
    tagged = run(["handshake", "list", "--tag", "navy"], root).stdout
    assert "grace-hopper" in tagged and "ada " not in tagged
    assert run(["handshake", "list", "--tag", "none"], root).stdout == "No one matches.\n"


def test_show_tells_the_whole_story(tmp_path: Path) -> None:
    root = journal(tmp_path)
    ada = run(["handshake", "show", "ada"], root).stdout
    assert ada.startswith("Ada Lovelace (ada) · met · handshake 2026-01-05\n")
    assert "Found: 2026-01-03 · Mastodon — Her thread on chaos." in ada
    assert "2026-01-05 via DM · accepted — About her essay." in ada
    assert "2026-01-14 10:30  coffee at Blue Bottle" in ada and "Talked about networks." in ada
    assert "2026-02-02  walk with Grace Hopper [in grace-hopper.yml]" in ada  # joined through `with`
    assert "2026-12-01 09:15  tea at The Tea House (upcoming)" in ada
    assert "Send her the book. · open" in ada and "Intro to Hana · kept 2026-01-20" in ada
    assert "Introduced you to: Grace Hopper (grace-hopper)" in ada
    grace = run(["handshake", "show", "grace-hopper"], root).stdout
    assert "Introduced by: Ada Lovelace (ada)" in grace
    assert "Reconnect by" not in grace                  # met once: no cadence unless you choose one
    root.joinpath("mkdocs.yml").write_text(root.joinpath("mkdocs.yml").read_text().replace(
        "today: 2026-11-25", "today: 2026-11-25\n      keep_in_touch: {met: 12w}"))
    grace = run(["handshake", "show", "grace-hopper"], root).stdout
    assert "Reconnect by 2026-04-27 (212 days ago; every 12 weeks)" in grace
    hana = run(["handshake", "show", "hana"], root).stdout
    assert "\x1b" not in hana and "\u202e" not in hana
    wrong = run(["handshake", "show", "grace"], root)
    assert wrong.returncode == 2 and "did you mean 'grace-hopper'?" in wrong.stderr


# -- everyday options ------------------------------------------------------------------------


def test_version() -> None:
    result = run(["handshake", "--version"], ROOT)
    assert re.fullmatch(r"handshake \d+\.\d+\.\d+.*\n", result.stdout)


def test_new_fills_in_what_it_is_told(tmp_path: Path) -> None:
    root = journal(tmp_path)
    result = run(["handshake", "new", "Alan Turing", "--tags", "math, crypto", "--where", "Bletchley: a talk",
                  "--found", "His paper #on machines", "--introduced-by", "ada"], root)
    assert result.returncode == 0, result.stderr
    data = yaml.safe_load((root / "people" / "alan-turing.yml").read_text(encoding="utf-8"))
    assert data["found"]["where"] == "Bletchley: a talk" and data["found"]["note"] == "His paper #on machines"
    assert data["tags"] == ["math", "crypto"] and data["introduced_by"] == "ada"
    assert run(["handshake", "check", "--strict"], root).returncode == 0
    wrong = run(["handshake", "new", "Bo", "--introduced-by", "gace-hopper"], root)
    assert wrong.returncode == 2 and "did you mean 'grace-hopper'?" in wrong.stderr
    assert not (root / "people" / "bo.yml").exists()


def test_ask_note_and_met_time_follow_ups(tmp_path: Path) -> None:
    root = journal(tmp_path)
    assert run(["handshake", "ask", "hana", "--note", "Asked about her talk."], root).returncode == 0
    result = run(["handshake", "met", "hana", "--kind", "tea", "--date", "2026-11-20", "--time", "9:05",
                  "--follow-up", "Send the slides", "--follow-up", "Intro to Ada"], root)
    assert result.returncode == 0, result.stderr
    assert "with 2 promise(s) to keep" in result.stdout
    data = yaml.safe_load((root / "people" / "hana.yml").read_text(encoding="utf-8"))
    assert data["asks"][0]["note"] == "Asked about her talk."
    assert data["meetings"][0]["date"] == "2026-11-20 09:05"
    assert data["meetings"][0]["follow_up"] == ["Send the slides", "Intro to Ada"]
    bad = run(["handshake", "met", "hana", "--kind", "tea", "--time", "25:00"], root)
    assert bad.returncode == 2 and "HH:MM" in bad.stderr


def test_met_suggests_ids_and_kinds_without_pointing_at_unwritten_lines(tmp_path: Path) -> None:
    root = journal(tmp_path)
    before = (root / "people" / "ada.yml").read_text(encoding="utf-8")
    result = run(["handshake", "met", "ada", "--kind", "coffee", "--with", "grace"], root)
    assert result.returncode == 2
    assert result.stderr == ("handshake: --with grace: no person file for 'grace' in people/. did you mean "
                             "'grace-hopper'? (handshake new \"Their Name\" makes one)\n")
    assert not re.search(r"\.yml:\d+:\d+", result.stderr)
    result = run(["handshake", "met", "ada", "--kind", "lunch"], root)
    assert result.returncode == 2 and "did you mean 'meal'?" in result.stderr
    assert (root / "people" / "ada.yml").read_text(encoding="utf-8") == before


def test_every_positional_argument_is_described_in_help() -> None:
    from handshake_plugin.cli.arguments import parser

    sub = next(a for a in parser()._actions if a.dest == "command")
    for name, command in sub.choices.items():  # type: ignore[union-attr]
        for action in command._actions:
            if not action.option_strings:
                assert action.help, (name, action.dest)


# -- check --strict --------------------------------------------------------------------------


def test_check_strict_fails_on_warnings(tmp_path: Path) -> None:
    root = write_journal(tmp_path, {"ada.yml": "name: Ada\nmeetngs: []\n"})
    assert run(["handshake", "check"], root).returncode == 0
    strict = run(["handshake", "check", "--strict"], root)
    assert strict.returncode == 1 and "--strict: warnings fail" in strict.stderr
    (root / "people" / "ada.yml").write_text("name: Ada\n", encoding="utf-8")
    assert run(["handshake", "check", "--strict"], root).returncode == 0
    hook = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook[0]["entry"] == "handshake check --strict"


# -- completion -------------------------------------------------------------------------------


def test_completion_scripts_for_three_shells() -> None:
    for shell, marker in (("bash", "complete "), ("zsh", "compdef"), ("fish", "complete --command handshake")):
        result = run(["handshake", "completion", shell], ROOT)
        assert result.returncode == 0, result.stderr
        assert "handshake" in result.stdout and marker in result.stdout, shell
    assert run(["handshake", "completion", "tcsh"], ROOT).returncode == 2


def _complete(line: str, cwd: Path, tmp_path: Path) -> list[str]:
    out = tmp_path / "completions"
    env = {**os.environ, "_ARGCOMPLETE": "1", "_ARGCOMPLETE_SHELL": "bash", "COMP_LINE": line,
           "COMP_POINT": str(len(line)), "_ARGCOMPLETE_STDOUT_FILENAME": str(out), "_ARGCOMPLETE_IFS": "\n"}
    subprocess.run([str(BIN / "handshake")], cwd=cwd, env=env, capture_output=True, timeout=30)
    return [w.strip() for w in out.read_text(encoding="utf-8").split("\n")] if out.exists() else []


def test_completion_lists_commands_and_person_ids(tmp_path: Path) -> None:
    root = journal(tmp_path / "j")
    assert "show" in _complete("handshake sh", root, tmp_path)
    for command in ("ask", "met", "answer", "done", "show"):
        assert _complete(f"handshake {command} g", root / "people", tmp_path) == ["grace-hopper"], command
    assert _complete("handshake met ada --with ada,g", root, tmp_path) == ["ada,grace-hopper"]


def test_completing_ids_loads_neither_pydantic_nor_mkdocs(tmp_path: Path) -> None:
    root = journal(tmp_path)
    code = ("import sys; from handshake_plugin.cli.arguments import parser; from handshake_plugin.core.journal import "
            "person_ids; parser(); print(person_ids()); print(sorted(m for m in ('pydantic', 'mkdocs', "
            "'handshake_plugin.core.model') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], cwd=root / "people", capture_output=True, text=True)
    assert result.stdout == "['ada', 'grace-hopper', 'hana']\n[]\n", result.stderr


# -- pipes and terminals ---------------------------------------------------------------------


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    root = journal(tmp_path)
    for args in (["status"], ["list"], ["show", "ada"]):
        with subprocess.Popen([str(BIN / "handshake"), *args], cwd=root, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}) as proc:
            assert proc.stdout is not None and proc.stderr is not None
            proc.stdout.close()  # the reader is gone before the first line is written
            err = proc.stderr.read().decode()
            assert proc.wait(timeout=60) == 0, err
        assert "Traceback" not in err and err == "", err


def test_status_shows_upcoming_details_and_caps_long_lists(tmp_path: Path) -> None:
    people = dict(PEOPLE)
    for n in range(14):
        people[f"radar-{n:02}.yml"] = f"name: Radar {n}\n"
        people[f"soon-{n:02}.yml"] = f"name: Soon {n}\nmeetings: [{{date: 2026-12-{n + 1:02}, kind: call}}]\n"
    root = write_journal(tmp_path, people)
    text = run(["handshake", "status"], root).stdout
    assert "  2026-12-01 09:15  tea at The Tea House · Ada Lovelace (ada)" in text
    assert "… and 10 more (handshake list --stage radar)" in text
    assert "  … and 5 more (handshake list: the NEXT column)" in text


def test_due_today_and_one_day_read_as_words(tmp_path: Path) -> None:
    root = write_journal(tmp_path, {
        "ada.yml": "name: Ada\nkeep_in_touch: 2w\nmeetings: [{date: 2026-11-11, kind: tea}]\n",
        "bo.yml": "name: Bo\nkeep_in_touch: 2w\nmeetings: [{date: 2026-11-10, kind: tea}]\n",
        "cy.yml": "name: Cy\nasks: [{date: 2026-11-24}]\n",
    }, options="today: 2026-11-25\nnudge_after: 1d")
    status = run(["handshake", "status"], root).stdout
    assert "Ada (ada) · due today" in status and "Bo (bo) · due 1 day ago" in status
    assert "asked 1 day ago" in status and "1 days" not in status
    assert build(root).returncode == 0
    dashboard = page(root, "")
    assert "due today" in dashboard and "overdue by 1 day<" in dashboard
    assert "0 days ago" not in dashboard and "1 days" not in dashboard


# -- publishing in one step -------------------------------------------------------------------


def test_publish_setup_writes_a_workflow_that_needs_the_secret(tmp_path: Path) -> None:
    root = journal(tmp_path)
    result = run(["handshake", "publish-setup", "github"], root / "people")
    assert result.returncode == 0, result.stderr
    assert "wrote ../.github/workflows/handshake.yml" in result.stdout
    text = (root / ".github" / "workflows" / "handshake.yml").read_text(encoding="utf-8")
    flow = yaml.safe_load(text)
    assert flow["permissions"] == {"contents": "read"}  # write permissions only in the deploy job
    assert flow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    steps = flow["jobs"]["build"]["steps"] + flow["jobs"]["deploy"]["steps"]
    used = {s["uses"].split("@")[0] for s in steps if "uses" in s}
    assert used == {"actions/checkout", "actions/setup-python", "actions/configure-pages",
                    "actions/upload-pages-artifact", "actions/deploy-pages"}
    guard = steps[0]
    assert "secrets.HANDSHAKE_PASSWORD" in guard["env"]["HANDSHAKE_PASSWORD"] and "exit 1" in guard["run"]
    assert any("mkdocs.encrypted.yml" in s.get("run", "") for s in steps)
    assert (root / "mkdocs.encrypted.yml").is_file()
    assert "write them as a mapping" in result.stderr  # the test journal lists its plugins
    again = run(["handshake", "publish-setup", "github"], root)  # after an upgrade: the wheel only
    assert again.returncode == 0 and "kept .github/workflows/handshake.yml as it is" in again.stdout
    assert (root / ".github" / "workflows" / "handshake.yml").read_text(encoding="utf-8") == text


def test_init_github_writes_the_encrypted_config_and_the_workflow(tmp_path: Path) -> None:
    result = run(["handshake", "init", "journal", "--github"], tmp_path)
    assert result.returncode == 0, result.stderr
    root = tmp_path / "journal"
    assert (root / ".github" / "workflows" / "handshake.yml").is_file()
    assert (root / "mkdocs.encrypted.yml").read_text(encoding="utf-8") == \
        (ROOT / "mkdocs.encrypted.yml").read_text(encoding="utf-8")
    assert "HANDSHAKE_PASSWORD" in result.stdout
    # what the workflow runs, with the README's example passphrase: strict, and no name readable in the site
    built = run(["mkdocs", "build", "--strict", "-f", "mkdocs.encrypted.yml", "-d", str(tmp_path / "site")], root,
                env={"HANDSHAKE_PASSWORD": "Seven quiet otters sail home at dawn"})
    assert built.returncode == 0, built.stderr
    assert "Seven quiet otters sail home at dawn" in (ROOT / "README.md").read_text(encoding="utf-8")
    for path in (tmp_path / "site").rglob("*"):
        if path.is_file():
            assert b"Lovelace" not in path.read_bytes(), path


# -- the README --------------------------------------------------------------------------------


def test_the_readme_command_table_matches_help() -> None:
    from handshake_plugin.cli.arguments import parser

    sub = next(a for a in parser()._actions if a.dest == "command")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `handshake ([a-z-]+)", readme, re.MULTILINE))
    assert documented == set(sub.choices), documented ^ set(sub.choices)  # type: ignore[arg-type]


# -- messages -----------------------------------------------------------------------------------


def _check(tmp_path: Path, people: dict[str, str], options: str = "today: 2026-11-25",
           ) -> subprocess.CompletedProcess[str]:
    return run(["handshake", "check"], write_journal(tmp_path, people, options))


def test_a_key_at_the_level_of_the_dash_says_where_to_indent_it(tmp_path: Path) -> None:
    result = _check(tmp_path, {"a.yml": "name: A\nasks:\n  - date: 2026-01-05\n  via: DM\n"})
    assert result.returncode == 1
    assert "people/a.yml:4:3: " in result.stdout
    assert "`via:` belongs to asks[0] but starts at the level of its `- `: indent it under asks[0], in line " \
           "with `date:` (4 spaces)" in result.stdout


def test_a_key_that_belongs_to_the_item_above_says_so_instead_of_unknown_key(tmp_path: Path) -> None:
    people = {"c.yml": "name: C\nasks:\n- date: 2026-01-05\nvia: DM\nmeetings:\n  - {date: 2026-01-06}\n"
                       "  - {date: 2026-01-07}\nwhere: Cafe\nnotes: hi\n"}
    result = _check(tmp_path, people)
    assert "people/c.yml:4:1: warning: 'via' belongs to asks[0]: indent it under asks[0]" in result.stdout
    assert "people/c.yml:8:1: warning: 'where' belongs to meetings[1]: indent it under meetings[1]" in result.stdout
    assert "unknown key" not in result.stdout


def test_a_tab_before_a_dash_says_to_indent_with_spaces(tmp_path: Path) -> None:
    result = _check(tmp_path, {"b.yml": "name: B\nmeetings:\n\t- date: 2026-01-06\n"})
    assert result.returncode == 1
    assert "people/b.yml:3:1: " in result.stdout and "indent with spaces" in result.stdout


def test_one_file_reports_all_its_problems(tmp_path: Path) -> None:
    people = {"c.yml": "name: C\nasks:\n  - date: 2026-13-05\n    answer: yes\nintroduced_by: Zz\n"
                       "birthday: foo\nname: D\n"}
    lines = _check(tmp_path, people).stdout.splitlines()
    assert [line.split(": ")[0] for line in lines] == [
        "people/c.yml:3:11", "people/c.yml:4:13", "people/c.yml:5:16", "people/c.yml:6:11", "people/c.yml:7:1"]
    assert "not a real date" in lines[0] and "duplicate key 'name'" in lines[4]


def test_config_messages_goal_and_unknown_options(tmp_path: Path) -> None:
    result = _check(tmp_path / "a", {"a.yml": "name: A\n"}, "today: 2026-11-25\nchallenge: {goal: one}")
    assert result.returncode == 2 and "a whole number" in result.stderr
    root = write_journal(tmp_path / "b", {"a.yml": "name: A\n"}, "today: 2026-11-25\nnudge_aftr: 3d")
    result = run(["handshake", "check"], root)
    assert result.returncode == 0
    assert "warning:" in result.stdout and "did you mean 'nudge_after'?" in result.stdout
    assert run(["handshake", "check", "--strict"], root).returncode == 1
    built = build(root, strict=False)
    assert "did you mean 'nudge_after'?" in built.stderr


def test_hostile_values_through_the_new_options(tmp_path: Path) -> None:
    root = journal(tmp_path)
    nasty = "x\x1b[31my\nz\u202e<script>alert(1)</script>{{ 7*7 }}" + "w" * 300
    assert run(["handshake", "new", "Eve", "--where", nasty, "--found", nasty, "--tags", f"a,{nasty}"],
               root).returncode == 0
    assert run(["handshake", "ask", "eve", "--note", nasty, "--via", nasty], root).returncode == 0
    result = run(["handshake", "met", "eve", "--kind", "tea", "--date", "2026-11-20", "--follow-up", nasty,
                  "--follow-up", "- [not, a list]: {x}"], root)
    assert result.returncode == 0, result.stderr
    data = yaml.safe_load((root / "people" / "eve.yml").read_text(encoding="utf-8"))
    assert data["found"]["where"] == nasty and data["tags"] == ["a", nasty] and data["asks"][0]["note"] == nasty
    assert data["meetings"][0]["follow_up"] == [nasty, "- [not, a list]: {x}"]
    assert run(["handshake", "check"], root).returncode == 0
    for args in (["show", "eve"], ["list"], ["status"]):
        out = run(["handshake", *args], root).stdout
        assert "\x1b" not in out and "\u202e" not in out, args
    assert build(root).returncode == 0
    assert "<script>alert" not in page(root, "people/eve/")


def test_a_kind_written_as_people_say_it_gets_the_kind_meant(tmp_path: Path) -> None:
    result = _check(tmp_path, {"a.yml": "name: A\nmeetings: [{date: 2026-01-06, kind: lunch}]\n"})
    assert "warning: unknown meeting kind 'lunch': did you mean 'meal'?" in result.stdout


def test_version_help_and_a_mistyped_command_answer_without_loading_the_commands(tmp_path: Path) -> None:
    """`handshake --version`, `--help` and a typo are answered by the parser alone: no MkDocs, no pydantic."""
    code = ("import sys\nfrom handshake_plugin.cli.arguments import main\ntry:\n    main(sys.argv[1:])\n"
            "except SystemExit:\n    pass\nprint(sorted(m for m in ('pydantic', 'mkdocs', 'handshake_plugin.cli.main') "
            "if m in sys.modules), file=sys.stderr)")
    asked = ((["--version"], "handshake "), (["--help"], "usage: handshake"), (["stauts"], "invalid choice"))
    for args, shown in asked:
        result = subprocess.run([sys.executable, "-c", code, *args], cwd=tmp_path, capture_output=True, text=True)
        assert shown in result.stdout + result.stderr, (args, result.stdout, result.stderr)
        assert result.stderr.rstrip().endswith("[]"), (args, result.stderr)
