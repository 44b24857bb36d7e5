"""Layer 4: the pieces of the People index (people.html): tags as links to their group, where a radar person was found.

Tags link to a group at the foot of the page (`#tag-…`), whose anchor follows from the tag's text alone: a row
of the index is kept between `mkdocs serve` rebuilds while the person's facts are the same (`render.fragments`),
so its links must not depend on which other tags exist.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from markupsafe import Markup, escape

from ..core.model import Found
from ..core.wording import day

STAGE_TITLES = {"radar": "On the radar", "asked": "Asked", "met": "Met", "strong": "Strong ties"}
"""The People index's headings, in funnel order (`STAGES`)."""
STAGE_EMPTY = {
    "radar": "No one on the radar: add someone you would like to meet, and write in found: why.",
    "asked": "No open asks.",
    "met": "No one met yet.",
    "strong": "No strong ties yet: they come with meetings.",
}
"""What an empty stage says."""


def tag_anchor(tag: str) -> str:
    """The anchor of a tag's group: `tag-` and its letters and digits; a tag that loses anything on the way
    (capitals, spaces, other scripts) gets a short digest of its text too, so two tags never share one."""
    slug = re.sub(r"[^a-z0-9]+", "-", tag.lower()).strip("-")
    if slug == tag:
        return f"tag-{slug}"
    digest = hashlib.blake2b(tag.encode("utf-8", "surrogatepass"), digest_size=3).hexdigest()
    return f"tag-{slug}-{digest}" if slug else f"tag-{digest}"


def tag_links(tags: Iterable[str]) -> Markup:
    """A person's tags as pills that link to their group on the same page (each tag once)."""
    return Markup(" ").join(Markup(f'<a class="hs-tag" href="#{tag_anchor(t)}">{escape(t)}</a>')
                            for t in dict.fromkeys(tags))


def found_words(found: Found | None) -> str:
    """Where and when a person was found, short: "Mastodon · 3 Nov 2026" (empty when not written)."""
    if found is None:
        return ""
    return " · ".join(part for part in (found.where or "", day(found.date) if found.date else "") if part)
