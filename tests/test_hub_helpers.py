"""The Python helpers the hub and person pages call per row write exactly what the macros of _macros.html write."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from markupsafe import Markup, escape

from handshake_plugin.render.pages import answer_pill, command_code, day, environment, kind_line, stage_pill, table_cell

HOSTILE = ["", "plain", '<script>alert("x")</script>', "a & b ' \" <", "\u202eevil\x1b[2J", "名前 🤝", "x" * 500]


@pytest.fixture(scope="module")
def macros():
    return environment(None).get_template("_macros.html").module


@pytest.mark.parametrize("value", [*HOSTILE, 0, 3, None, Markup("<i>kept</i>")])
@pytest.mark.parametrize("class_", ["", "hs-num", '"><b>'])
def test_table_cell_is_the_cell_macro(macros, value, class_):
    for label in ["Last met", '<"label">']:
        assert str(table_cell(label, value, class_)) == str(macros.cell(label, value, class_))


@pytest.mark.parametrize("text", HOSTILE)
def test_pills_are_the_stage_and_answer_macros(macros, text):
    assert str(stage_pill(text)) == str(macros.stage(text))
    assert str(answer_pill(text)) == str(macros.answer(text))


@pytest.mark.parametrize("text", [*HOSTILE, "handshake done ada 'Send the slides.'", "a  b ", " "])
def test_command_code_is_the_cmd_macro(macros, text):
    assert str(command_code(text)) == str(macros.cmd(text))


@pytest.mark.parametrize("where", [None, *HOSTILE])
@pytest.mark.parametrize("time", [None, "18:30", dt.time(7, 5), "<b>"])
def test_kind_line_is_the_meeting_line_macro(macros, where, time):
    def people_links(ids, skip=None):
        return Markup(", ").join(Markup(f"<a>{escape(i)}</a>") for i in ids if i != skip)

    for kind in ["coffee", "<tea & cake>"]:
        ref = SimpleNamespace(meeting=SimpleNamespace(kind=kind, where=where, time=time), people=("ann", "<bob>"))
        for skip in [None, "ann"]:
            assert str(kind_line(ref, people_links, skip)) == str(macros.meeting_line(ref, people_links, skip))


def test_day_is_memoised_and_unchanged():
    assert day(dt.date(2026, 1, 14)) == "14 Jan 2026" and day(dt.date(2026, 1, 14), True) == "Wed 14 Jan 2026"
    assert day(None) == ""
    assert day(dt.date(2026, 1, 14)) is day(dt.date(2026, 1, 14))  # one string kept, not made again
