"""The words of the data format and the command line, in a module light enough for shell completion."""

from __future__ import annotations

ANSWERS = ("accepted", "declined", "pending", "no-reply")
KINDS = ("coffee", "tea", "drinks", "meal", "walk", "video", "call", "event", "other")
SOURCES = ("linkedin", "mastodon", "csv")
STAGES = ("radar", "asked", "met", "strong")
"""A person's stages, in the order of the funnel."""
COUNTS = ("asks", "meetings")
"""What makes a handshake (the `challenge.counts` option)."""

# Words people write for a kind that no spelling distance leads to ("lunch" is nothing like "meal").
KIND_SYNONYMS = {
    "breakfast": "meal", "brunch": "meal", "lunch": "meal", "dinner": "meal", "supper": "meal",
    "food": "meal", "beer": "drinks", "wine": "drinks", "bar": "drinks", "pub": "drinks", "drink": "drinks",
    "zoom": "video", "meet": "video", "teams": "video", "videocall": "video", "phone": "call",
    "conference": "event", "meetup": "event", "party": "event", "hike": "walk", "stroll": "walk",
    "espresso": "coffee", "cafe": "coffee", "café": "coffee",
}


def closest_kind(word: str) -> str | None:
    """The kind meant by `word`: a known synonym, else the closest spelling, else None."""
    from .hints import closest

    return KIND_SYNONYMS.get(word.strip().lower()) or closest(word, KINDS, prefix=True)
