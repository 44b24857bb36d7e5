"""The pieces of HTML the templates share (`render.pieces`): what they write, and that they escape what they get."""

from __future__ import annotations

import datetime as dt
import html.parser
from types import SimpleNamespace

import pytest
from markupsafe import Markup, escape

from handshake_plugin.core.wording import day
from handshake_plugin.render.pieces import (
    PIECES,
    answer_pill,
    command_code,
    copy_button,
    due_pill,
    kind_line,
    promise_state,
    stage_pill,
    status_pill,
    strength_words,
    table_cell,
)

HOSTILE = ["", "plain", '<script>alert("x")</script>', "a & b ' \" <", "\u202eevil\x1b[2J", "名前 🤝", "x" * 500]


class _Tags(html.parser.HTMLParser):
    """The tags and attribute values of a piece of HTML, as a browser reads them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.attrs: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [v or "" for _, v in attrs]

    def handle_data(self, data):
        self.text.append(data)


def _read(markup: Markup) -> _Tags:
    parser = _Tags()
    parser.feed(str(markup))
    parser.close()
    return parser


@pytest.mark.parametrize("text", HOSTILE)
def test_every_piece_shows_hostile_text_as_text(text):
    pieces = [stage_pill(text), status_pill(text), answer_pill(text), command_code(text), copy_button(text, text, text),
              table_cell(text, text, "hs-num")]
    for piece in pieces:
        read = _read(piece)
        assert "script" not in read.tags
        if text:
            assert text in "".join(read.text) or text in read.attrs, piece


def test_pills_and_cells_are_what_the_stylesheet_styles():
    assert stage_pill("met") == Markup('<span class="hs-stage hs-stage-met">met</span>')
    assert status_pill("done") == Markup('<span class="hs-status hs-status-done">done</span>')
    assert answer_pill("pending") == Markup('<span class="hs-answer-pill hs-answer-pill-pending">pending</span>')
    assert table_cell("Last met", "3 Nov 2026") == Markup('<td data-label="Last met">3 Nov 2026</td>')
    assert table_cell("Meetings", 0, "hs-num") == Markup('<td data-label="Meetings" class="hs-num">0</td>')
    empty = table_cell("Next", "", "hs-cell-tags")
    assert 'class="hs-empty hs-cell-tags"' in empty and "none" in empty and "data-label" not in empty


def test_a_command_is_one_unbroken_line_with_a_copy_button_that_copies_it():
    piece = command_code("handshake done ada 'Send the slides.'")
    read = _read(piece)
    assert read.tags[:2] == ["span", "code"] and "button" in read.tags
    assert "handshake done ada 'Send the slides.'" in read.attrs  # data-clipboard-text, as Material copies it
    assert "".join(read.text) == "handshake done ada 'Send the slides.'"


@pytest.mark.parametrize("where", [None, *HOSTILE])
@pytest.mark.parametrize("time", [None, "18:30", dt.time(7, 5), "<b>"])
def test_a_meeting_line_says_kind_people_place_and_time(where, time):
    def people_links(ids, skip=None):
        return Markup(", ").join(Markup(f"<a>{escape(i)}</a>") for i in ids if i != skip)

    ref = SimpleNamespace(meeting=SimpleNamespace(kind="<tea & cake>", where=where, time=time), people=("ann", "<bob>"))
    line = kind_line(ref, people_links, "ann")
    read = _read(line)
    assert read.tags == ["span", "a"]  # the kind, then the one other person: nothing of the values became a tag
    shown = "".join(read.text)
    assert shown.startswith("<tea & cake> with <bob>")
    assert shown.count(" · ") == bool(where) + bool(time)  # an empty place or time adds nothing
    assert shown.endswith(" · " + str(time) if time else " · " + where if where else "<bob>")


def test_dates_that_must_be_met_and_promises_say_where_they_stand():
    today = dt.date(2026, 11, 25)
    assert "overdue by 3 days" in due_pill(dt.date(2026, 11, 22), today)
    assert "due today" in due_pill(today, today)
    assert "in 1 day" in due_pill(dt.date(2026, 11, 26), today)

    def follow_up(done=None, dropped=None, on=dt.date(2026, 11, 20)):
        return SimpleNamespace(promise=SimpleNamespace(done=done, dropped=dropped), day=on)

    assert "kept 24 Nov 2026" in promise_state(follow_up(done=dt.date(2026, 11, 24)), today)
    assert "let go 24 Nov 2026" in promise_state(follow_up(dropped=dt.date(2026, 11, 24)), today)
    assert "for an upcoming meeting" in promise_state(follow_up(on=dt.date(2026, 12, 1)), today)
    assert "open · 5 days" in promise_state(follow_up(), today)


@pytest.mark.parametrize(("strength", "words"), [(0, "not started yet"), (1, "a habit just starting"),
                                                 (25, "a habit taking shape"), (50, "a steady habit"),
                                                 (80, "a strong habit"), (100, "a strong habit")])
def test_strength_in_words(strength, words):
    assert strength_words(strength) == words


def test_templates_find_every_piece_by_its_name():
    from handshake_plugin.render.pages import environment

    env = environment(None)
    assert all(env.globals[name] is piece for name, piece in PIECES.items())


def test_day_is_memoised_and_unchanged():
    assert day(dt.date(2026, 1, 14)) == "14 Jan 2026" and day(dt.date(2026, 1, 14), True) == "Wed 14 Jan 2026"
    assert day(None) == ""
