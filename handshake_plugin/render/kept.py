"""What the renderers keep from one build to the next under `mkdocs serve`: one value, owned by the engine.

A one-off build starts from an empty `Kept` and drops it; `mkdocs serve` keeps one with its FileCache
(`FileCache.render`), so nothing is kept at module level and two journals served in one process never
share pieces.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Kept:
    """The pieces the renderers reuse across rebuilds, each made again when what it shows changed."""

    feed: tuple[Hashable, bytes] | None = None
    """The key of the last calendar feed made (`pipeline.feed_key`) and the feed."""
    events: tuple[str, dict[tuple, str]] = ("", {})
    """The DTSTAMP line of the last feed, and its events' text by what they say (`feed.calendar_feed`)."""
    fragments: dict[str, Any] = field(default_factory=dict)
    """The pieces of each hub template (`fragments.Fragments`), by template name."""
    notes: OrderedDict[str, Any] = field(default_factory=OrderedDict)
    """Note renderers (`notes.NoteRenderer`) by their extensions and configs, the newest last."""
    named: dict[str, Any] = field(default_factory=dict)
    """Person id to (their facts, the other people those facts name): worked out again only for new facts
    (`pages.SiteRenderer.named`)."""
