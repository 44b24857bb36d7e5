"""Notes: Markdown as the site renders it, sanitized; the fast paths give the same HTML as Markdown."""

from __future__ import annotations

import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from handshake_plugin.render.kept import Kept
from handshake_plugin.render.notes import NoteRenderer, RenderedNotes, shared_note_renderer

EXTENSIONS = ["toc", "tables", "fenced_code", "admonition", "attr_list"]


def slow(text: str) -> str:
    renderer = NoteRenderer(EXTENSIONS)
    renderer._fast = False
    return str(renderer(text))


def visible(markup: str) -> str:
    """HTML as a browser shows it: entities decoded, whitespace runs collapsed, none around tags."""
    text = re.sub(r"\s+", " ", html.unescape(markup))
    return re.sub(r"\s*(<[^>]+>)\s*", r"\1", text).strip()


def same(a: str, b: str) -> bool:
    return visible(a) == visible(b)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abcXYZ éü,.;:!?'\"()/%+=-0123456789*_[]<>#&|\n  \t")), max_size=80))
def test_plain_fast_path_renders_as_markdown_does(text: str) -> None:
    assert same(str(NoteRenderer(EXTENSIONS)(text)), slow(text))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["Plain words.", "Some *emphasis* here", "- a\n- b", "1. one\n2. two",
                                 "```\ncode\n```", "> quote", "x <b>bold</b> <script>x</script>", "# Heading",
                                 "    indented", "| a | b |\n| - | - |\n| 1 | 2 |", "!!! note\n    inside"]),
                min_size=2, max_size=6, unique=True))
def test_one_pass_for_many_notes_gives_each_note_its_own_html(texts: list[str]) -> None:
    renderer = NoteRenderer(EXTENSIONS)
    renderer.prepare(texts)
    for text in texts:
        assert same(str(renderer(text)), slow(text)), text


def test_scripts_and_handlers_are_removed() -> None:
    out = str(NoteRenderer()('<script>x()</script><a href="javascript:x()" onclick="y()">l</a> {{ 7*7 }}'))
    assert "<script" not in out and "javascript:" not in out and "onclick" not in out
    assert "{{ 7*7 }}" in out


_PIECES = ["word", "Ünï", "42", " ", " ", "\n", "\n\n", "- ", "\n- ", "*", "**", "_", ".", ",", "(", ")", ":", "!",
           "*em*", "**strong words**", "[a link](https://example.org/a-b/c)", "[x](http://h.io)", "[", "]", "#",
           "\"q\"", "it's", "  ", "\t", "    ", "1. ", "* ", ">", "&", "<b>", "`"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=25).map("".join))
def test_inline_fast_path_renders_as_markdown_does(text: str) -> None:
    assert same(str(NoteRenderer(EXTENSIONS)(text)), slow(text)), text


def test_inline_fast_path_takes_the_common_forms() -> None:
    renderer = NoteRenderer(EXTENSIONS)
    text = "Met *Ada* at **the meetup**, see [her essay](https://example.org/essay).\n\n- send book\n- intro to Bo"
    assert renderer._plain(text) is not None
    assert same(str(renderer(text)), slow(text))


_TOKENS = ["word", "Ünï", "a", "42", "*em*", "**strong words**", "*x y*", "[a link](https://example.org/a-b/c)",
           "(see", "it)", "end.", "so,", "(*em*)", "*em*.", "**s**!", "x*y*", "*a*b", "_u_", "***t***", "- x"]
_SENTENCE = st.lists(st.sampled_from(_TOKENS), min_size=1, max_size=8).map(" ".join)
_BLOCK = st.one_of(_SENTENCE, st.lists(_SENTENCE, min_size=1, max_size=3).map(lambda s: "\n".join(s)),
                   st.lists(_SENTENCE.map(lambda s: "- " + s), min_size=1, max_size=3).map("\n".join))


@settings(max_examples=400, deadline=None)
@given(st.lists(_BLOCK, min_size=1, max_size=4), st.sampled_from(["\n\n", "\n \n", "\n"]))
def test_notes_of_sentences_lists_and_inline_markup_render_as_markdown_does(blocks: list[str], sep: str) -> None:
    text = sep.join(blocks)
    assert same(str(NoteRenderer(EXTENSIONS)(text)), slow(text)), text


def test_rendered_notes_are_kept_by_text_least_recently_used_first_out() -> None:
    cache = RenderedNotes(budget=100)
    for i in range(10):
        cache.put(f"note {i} " + "x" * 10, Markup("<p>" + "y" * 10 + "</p>"))
    assert cache.size <= 100 and len(cache) < 10                 # bounded by characters kept
    assert cache.get("note 0 " + "x" * 10) is None                # the oldest went first
    newest = "note 9 " + "x" * 10
    assert cache.get(newest) is not None
    cache.put("huge", Markup("z" * 1000))                          # larger than the budget: not kept
    assert cache.get("huge") is None and cache.get(newest) is not None


def test_a_note_is_rendered_once_across_pages_and_rebuilds() -> None:
    kept = Kept().notes                                           # what `mkdocs serve` keeps between builds
    first = shared_note_renderer(EXTENSIONS, {}, kept)
    assert shared_note_renderer(list(EXTENSIONS), {}, kept) is first   # the next build of `mkdocs serve` gets it back
    text = "Some *emphasis* and a ```fence``` here\n\n> quoted"
    first.prepare([text, "> other"])
    html = first(text)
    first.prepare(["Plain words."])                               # the next page
    assert first.cache.get(text) == html
    other = shared_note_renderer(["tables"], {}, kept)
    assert other is not first and other.cache is not first.cache   # other extensions, other HTML
