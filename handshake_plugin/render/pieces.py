"""Layer 4: the small pieces of HTML the page templates share (pills, table cells, meeting lines, commands).

They are Python functions rather than Jinja2 macros: the hub and person pages call them once per person or
meeting, where a function costs a tenth of a macro call, and one home means one wording. Each escapes what
it is given and returns `Markup`; templates (and a user's overrides) call them by name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from markupsafe import Markup, escape

from ..core.analysis import FollowUp
from ..core.model import Ask
from ..core.wording import count, day


def stage_pill(stage: str) -> Markup:
    """A person's stage as a pill."""
    return Markup(f'<span class="hs-stage hs-stage-{escape(stage)}">{escape(stage)}</span>')


def status_pill(status: str) -> Markup:
    """A challenge week's status as a pill."""
    return Markup(f'<span class="hs-status hs-status-{escape(status)}">{escape(status)}</span>')


def answer_pill(answer: str) -> Markup:
    """The answer to an ask as a pill: accepted, declined, pending or no-reply."""
    return Markup(f'<span class="hs-answer-pill hs-answer-pill-{escape(answer)}">{escape(answer)}</span>')


def ask_pill(ask: Ask, followed: frozenset[int]) -> Markup:
    """An ask's answer as a pill; a pending ask that a later one followed up says so, rather than
    staying a yellow "pending" for good (the later ask carries the wait). `followed`: `followed_up`."""
    if id(ask) in followed:
        return Markup('<span class="hs-answer-pill hs-answer-pill-followed-up">followed up</span>')
    return answer_pill(ask.answer)


def table_cell(label: str, value: Any, class_: str = "") -> Markup:
    """A table cell that becomes a labelled line of a card on a phone; an empty one shows a dash, and no line."""
    if value or value == 0:
        attr = f' class="{escape(class_)}"' if class_ else ""
        return Markup(f'<td data-label="{escape(label)}"{attr}>{escape(value)}</td>')
    extra = f" {escape(class_)}" if class_ else ""
    return Markup(f'<td class="hs-empty{extra}"><span aria-hidden="true">–</span>'
                  '<span class="hs-sr-only">none</span></td>')


def kind_line(ref: Any, people_links: Callable[..., Markup], skip: str | None = None) -> Markup:
    """A meeting's kind, people (but `skip`), place and time on one line."""
    meeting = ref.meeting
    line = f'<span class="hs-kind">{escape(meeting.kind)}</span> with {people_links(ref.people, skip)}'
    if meeting.where:
        line += f" · {escape(meeting.where)}"
    if meeting.time:
        line += f" · {escape(meeting.time)}"
    return Markup(line)


def days(n: int) -> str:
    """`n` days in words: "1 day", "3 days"."""
    return count(n, "day")


def due_pill(due: dt.date, today: dt.date) -> Markup:
    """How a date that must be met stands today: a red "overdue by N days", an amber "due today" (not late yet),
    or a quiet "in N days"."""
    n = (today - due).days
    if n > 0:
        return Markup(f'<span class="hs-due hs-due-overdue">overdue by {days(n)}</span>')
    if n == 0:
        return Markup('<span class="hs-due hs-due-today">due today</span>')
    return Markup(f'<span class="hs-pill">in {days(-n)}</span>')


def promise_state(f: FollowUp, today: dt.date) -> Markup:
    """Where a promise stands: kept (and when), let go, for an upcoming meeting, or open for N days."""
    promise = f.promise
    if promise.done:
        return Markup(f'<span class="hs-promise-state hs-promise-kept">kept {day(promise.done)}</span>')
    if promise.dropped:
        return Markup(f'<small class="hs-promise-state hs-promise-dropped">let go {day(promise.dropped)}</small>')
    if f.day > today:
        return Markup('<span class="hs-promise-state">for an upcoming meeting</span>')
    return Markup(f'<span class="hs-promise-state hs-promise-open">open · {days((today - f.day).days)}</span>')


def strength_words(strength: int) -> str:
    """The habit's strength (0-100) in words."""
    if strength >= 80:
        return "a strong habit"
    if strength >= 50:
        return "a steady habit"
    if strength >= 25:
        return "a habit taking shape"
    return "a habit just starting" if strength > 0 else "not started yet"


_COPY_ICON = ('<path d="M19 21H8V7h11m0-2H8a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h11a2 2 0 0 0 2-2V7a2 2 0 0 0-2-2m-3-4H4'
              'a2 2 0 0 0-2 2v14h2V3h12V1Z"/></svg>')


def command_code(text: str, label: str = "Copy the command") -> Markup:
    """A command to paste, on one line that never breaks inside (it scrolls sideways when longer than the
    screen), with a copy button that Material's own clipboard integration serves (data-clipboard-text; no
    script of ours)."""
    t, lab = escape(text), escape(label)
    return Markup(f'<span class="hs-cmdbox"><code class="hs-cmdline" tabindex="0">{t}</code><button type="button" '
                  f'class="hs-copy" data-clipboard-text="{t}" title="{lab}" aria-label="{lab}: {t}">'
                  f'<svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">{_COPY_ICON}'
                  '</button></span>')


def copy_button(text: str, label: str = "Copy the command", word: str = "") -> Markup:
    """A small copy button alone, for a line whose command a page spells out elsewhere; `word` is shown on it."""
    t, lab = escape(text), escape(label)
    shown = f'<span class="hs-copy-word" aria-hidden="true">{escape(word)}</span>' if word else ""
    return Markup(f'<button type="button" class="hs-copy hs-copy-small" data-clipboard-text="{t}" '
                  f'title="{lab}: {t}" aria-label="{lab}: {t}">{shown}'
                  f'<svg viewBox="0 0 24 24" width="14" height="14" aria-hidden="true" focusable="false">{_COPY_ICON}'
                  '</button>')


def heatmap_rows() -> Markup:
    """How a heatmap's blocks sit, as the page shows them: one quarter a row in a narrow column, two where there
    is room (handshake.css, .hs-heatmap-box)."""
    return Markup('<span class="hs-when-narrow">a quarter (13 weeks) a row</span>'
                  '<span class="hs-when-wide">half a year (26 weeks) a row</span>')


PIECES: dict[str, Callable[..., Any]] = {
    f.__name__: f for f in (stage_pill, status_pill, answer_pill, ask_pill, table_cell, kind_line, days, due_pill,
                            promise_state, strength_words, command_code, copy_button, heatmap_rows)
}
"""Every piece, by the name templates call it."""
