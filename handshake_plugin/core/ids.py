"""Person ids made from names in any script, for `handshake new` and the imports.

Transliteration is python-slugify's, on text-unidecode's tables: 李小龙 → li-xiao-long,
Дмитрий Шостакович → dmitrii-shostakovich, Zoë → zoe. (anyascii writes "dmitriy" and runs
Chinese syllables together; Unidecode has the same tables but is GPL.)
"""

from __future__ import annotations

import unicodedata
from collections.abc import Container

from .problems import InputError

ID_MAX = 64

RESERVED_IDS = frozenset({"index", "con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)),
                          *(f"lpt{n}" for n in range(1, 10))})
"""Ids no file may have: `index` is the People page's own, the others are names Windows keeps for devices
(a checkout there cannot hold `con.yml`)."""


class NoIdError(InputError):
    """A name with nothing to transliterate (emoji, punctuation): the user must choose the id."""


def slug(text: str, max_length: int = ID_MAX) -> str:
    """`text` as an id (lower-case ASCII letters, digits and dashes), or "" when nothing in it transliterates."""
    from slugify import slugify  # here: reading a journal needs ID_MAX, not the transliteration tables

    return slugify(text, max_length=max_length, word_boundary=True, save_order=True)


def id_for(name: str, taken: Container[str] = ()) -> str:
    """A new id for `name` that is not in `taken`: its slug, else the slug with -2, -3…; raises NoIdError."""
    base = slug(name)
    if not base:
        raise NoIdError(f"'{name}' has no letters or digits to make an id from: choose one with --id, "
                        "e.g. --id ada-lovelace")
    if base not in taken and base not in RESERVED_IDS:
        return base
    n = 2
    while True:
        suffix = f"-{n}"
        candidate = slug(name, ID_MAX - len(suffix)) + suffix
        if candidate not in taken and candidate not in RESERVED_IDS:
            return candidate
        n += 1


def id_key(stem: str) -> str:
    """What two file names share when a checkout on a case-insensitive disk, or Unicode forms, make them one."""
    return unicodedata.normalize("NFC", stem).casefold()
