"""How names of companies and models are cleaned, keyed and compared.

Two spellings are one name when their keys are equal (``name_key``): case is
ignored, spaces, hyphens and underscores are alike ("DeepSeek R1",
"DeepSeek-R1" and "deepseek_r1" are one model), characters no one can see
(zero-width spaces, a BOM, soft hyphens, joiners) are dropped, and
compatibility forms (fullwidth ``Ｍｅｔａ``) fold to their plain letters.

A name that differs only by a look-alike letter (Cyrillic ``Меta``) is not
the same name -- it may be a real one -- but it is *confusable* with a
tracked one (``confusable_with``), and a name close in spelling is a *near
miss* (``near_miss``): the faces ask about those, never guess.

Pure: no I/O beyond the Unicode confusables table a package ships.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

from openwatch.core.errors import InvalidValue

_INVISIBLE = (
    "\u00ad"  # soft hyphen
    "\u034f"  # combining grapheme joiner
    "\u061c"  # Arabic letter mark
    "\u115f\u1160\u3164\uffa0"  # Hangul fillers
    "\u17b4\u17b5"  # Khmer inherent vowels
    "\u180b-\u180f"  # Mongolian variation selectors, vowel separator
    "\u200b-\u200f"  # zero-width space, (non-)joiner, LRM, RLM
    "\u202a-\u202e"  # bidirectional embeddings and overrides
    "\u2060-\u206f"  # word joiner, invisible operators, bidi isolates
    "\ufe00-\ufe0f"  # variation selectors
    "\ufeff"  # BOM, zero-width no-break space
    "\U0001bca0-\U0001bca3"  # shorthand format controls
    "\U000e0000-\U000e0fff"  # tags, variation selectors supplement
)
INVISIBLE = re.compile(f"[{_INVISIBLE}]")
"""Characters that change a name without changing how it looks (Unicode's default-ignorable code points)."""

_FULLWIDTH = re.compile("[\uff01-\uff5e\u3000]")
_SEPARATORS = re.compile(r"[\s\-_\u2010-\u2015\u2212\ufe58\ufe63]+")
"""Spaces, hyphens, underscores and the dashes that pass for hyphens: one separator in a key."""


def _halfwidth(match: re.Match[str]) -> str:
    char = match.group()
    return " " if char == "\u3000" else chr(ord(char) - 0xFEE0)


def clean_name(name: str) -> str:
    """A name as it should be stored and shown: NFC, no invisible characters,
    fullwidth letters and digits folded, runs of white space as one space."""
    if name.isascii():
        return " ".join(name.split())
    text = INVISIBLE.sub("", unicodedata.normalize("NFC", name))
    text = _FULLWIDTH.sub(_halfwidth, text)
    return " ".join(text.split())


def name_key(name: str) -> str:
    """How names are matched: ``clean_name``, then compatibility forms folded
    (NFKC), case ignored, and spaces, hyphens and underscores alike.

    ``name_key("DeepSeek-R1") == name_key("deepseek_r1") == "deepseek r1"``.
    """
    if name.isascii():  # the common case, for every row of an import
        return " ".join(name.casefold().replace("-", " ").replace("_", " ").split())
    text = INVISIBLE.sub("", name)
    text = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    return _SEPARATORS.sub(" ", text).strip()


@functools.lru_cache(maxsize=1)
def _homoglyphs() -> dict[str, str]:
    """Each non-ASCII character Unicode lists as confusable with ASCII text, and that text."""
    # Imported and read here, only when a new name is checked: the table is
    # about 900 kB of JSON, shipped by the maintained confusable-homoglyphs package.
    import json
    from importlib import resources

    table = json.loads(resources.files("confusable_homoglyphs").joinpath("confusables.json").read_text("utf-8"))
    mapping: dict[str, str] = {}
    for char, entries in table.items():
        if char.isascii() or len(char) != 1:
            continue
        for entry in entries:
            glyph = INVISIBLE.sub("", entry["c"])
            if glyph and glyph.isascii() and glyph.isprintable():
                mapping[char] = glyph
                break
    return mapping


def skeleton(name: str) -> str:
    """The key of a name with every look-alike letter replaced by the ASCII one it imitates.

    ``skeleton("Меta") == skeleton("Meta")`` (the first two letters of the
    first are Cyrillic). In the spirit of Unicode TS #39's skeleton.
    """
    if name.isascii():
        return name_key(name)
    # Mapped before case is folded: Cyrillic "М" imitates "M", but its
    # lower case "м" imitates no Latin letter.
    text = unicodedata.normalize("NFKC", INVISIBLE.sub("", name))
    homoglyphs = _homoglyphs()
    return name_key("".join(homoglyphs.get(char, char) for char in text))


def confusable_with(name: str, known: Iterable[str]) -> str | None:
    """The tracked name that ``name`` looks like without being it, if any.

    Names with the same key are the same name, not confusable.
    """
    key = name_key(name)
    ascii_name = name.isascii()
    shape: str | None = None
    for other in known:
        if ascii_name and other.isascii():
            continue  # only a non-ASCII letter imitates another; ASCII slips are near misses
        if name_key(other) == key:
            continue
        if shape is None:
            shape = skeleton(name)
        if skeleton(other) == shape:
            return other
    return None


_NUMBERS = re.compile(r"[0-9]+")
_SHORT = 5
"""In a name this short a changed letter makes another name; only a letter added, dropped or swapped is a slip."""


def _allowed_edits(a: str, b: str) -> int:
    """How many typing slips two keys may differ by and still be a near miss."""
    longest = max(len(a), len(b))
    if longest <= 3:
        return 0  # "Ai2" and "xAI" are two companies, not a slip
    if longest <= 8:
        return 1
    return 2


def near_miss(name: str, known: Iterable[str], limit: int = 3) -> list[str]:
    """Tracked names that ``name`` is probably a slip for, best first.

    A near miss is confusable (a look-alike letter) or close in spelling: at
    most one slip (a letter added, dropped, changed or two swapped) in a name
    of up to 8 characters, two in a longer one, none in a name of three; in
    a name of up to five, a changed letter is not a slip (Grok and Groq,
    Meta and Zeta are different names).
    Names whose numbers differ are different versions, never slips
    ("Llama 4" is not a misspelt "Llama 3"). A name with the same key as a
    tracked one is that name, not a near miss.
    """
    from rapidfuzz.distance import OSA

    key = name_key(name)
    if not key:
        return []
    names = list(known)
    scored: list[tuple[int, str]] = []
    confusable = confusable_with(name, names)
    if confusable is not None:
        scored.append((-1, confusable))
    numbers = _NUMBERS.findall(key)
    shape = skeleton(name)
    for other in names:
        other_key = name_key(other)
        if other_key == key or other == confusable:
            continue
        allowed = _allowed_edits(key, other_key)
        if not allowed or abs(len(key) - len(other_key)) > allowed:
            continue
        if _NUMBERS.findall(other_key) != numbers:
            continue
        distance = min(
            OSA.distance(key, other_key, score_cutoff=allowed),
            OSA.distance(shape, skeleton(other), score_cutoff=allowed),
        )
        if distance > allowed:
            continue
        if max(len(key), len(other_key)) <= _SHORT and len(key) == len(other_key) and sorted(key) != sorted(other_key):
            continue  # one letter changed in a short name is another name (Grok, Groq; Meta, Zeta)
        scored.append((distance, other))
    scored.sort(key=lambda pair: pair[0])
    return [other for _, other in scored[:limit]]


def nearest_names(name: str, known: Iterable[str], limit: int = 3) -> list[str]:
    """Tracked names a new organisation's name may stand for, to suggest (never to merge by guess).

    A near miss (``near_miss``) first; else names whose words are the start
    of the other's ("Google AI" and Google, "Mistral" and "Mistral AI"), or
    the initials of its words ("Technology Innovation Institute" and TII).
    Nothing for a name that only shares letters ("Ai2" is not xAI).
    """
    choices = list(known)
    close = near_miss(name, choices, limit)
    if close:
        return close
    words = name_key(name).split()
    initials = "".join(word[0] for word in words if word)
    found = []
    for other in choices:
        theirs = name_key(other).split()
        shorter, longer = sorted((words, theirs), key=len)
        if (shorter and longer[: len(shorter)] == shorter) or (len(words) > 2 and theirs == [initials]):
            found.append(other)
    return found[:limit]


class NearMissName(InvalidValue):
    """A new name that is probably a slip for a tracked one: a usage error (exit 2) off a terminal."""

    def __init__(self, field: str, name: str, tracked: list[str]) -> None:
        shown = " or ".join(f"'{other}'" for other in tracked)
        why = "looks like" if confusable_with(name, tracked[:1]) is not None else "is close to"
        super().__init__(
            field,
            f"'{name}' is not tracked, and {why} the tracked {shown}: use that name, "
            f"or pass --new-name if '{name}' is a new {field}",
        )
        self.name = name
        self.tracked = tracked


def check_new_name(name: str, known: Iterable[str], *, field: str = "company") -> None:
    """Refuse a new ``name`` that is a near miss of a ``known`` one (``NearMissName``).

    The faces call this only for a name that is not tracked, and not when
    the person said the name is meant (``--new-name``) or answered the
    question a terminal asks.
    """
    tracked = near_miss(name, known)
    if tracked:
        raise NearMissName(field, name, tracked)
