"""Words for search: how text splits into words, their stems, and snippets.

Search matches words across inflections in English and French ("fermé"
finds "fermées", "opening" finds "opened") by indexing, beside each word,
its English and French stems (Snowball, through ``snowballstemmer``), and by
looking a typed word up by its stems too. Both sides use the functions
here, so what is indexed and what is searched for always agree.

Words are what SQLite's ``unicode61`` tokenizer sees as words: runs of
letters and digits; everything else (apostrophes, hyphens, quotes,
operators) separates them. "l'ouverture" is the words "l" and "ouverture".
Accents are kept for stemming (French needs them); the index folds them.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openwatch.core.claim import Claim

_WORD = re.compile(r"[^\W_]+")
LANGUAGES = ("english", "french")


def words(text: str) -> list[str]:
    """The words of ``text``, lower-cased, in order."""
    return [match.group().casefold() for match in _WORD.finditer(text)]


@functools.cache
def _stemmers() -> tuple[Any, ...]:
    # Imported here: only indexing and searching need it, never start-up.
    import snowballstemmer

    return tuple(snowballstemmer.stemmer(language) for language in LANGUAGES)


def fold(word: str) -> str:
    """A word as the index holds it: lower case, without diacritics (``unicode61``)."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@functools.lru_cache(maxsize=65536)
def stems(word: str) -> tuple[str, ...]:
    """The word's distinct stems other than the word itself, folded (maybe none).

    Cached: a corpus repeats a few thousand words again and again.
    """
    lowered = word.casefold()
    own = fold(lowered)
    found: list[str] = []
    for stemmer in _stemmers():
        stem = fold(stemmer.stemWord(lowered))
        if stem and stem != own and stem not in found:
            found.append(stem)
    return tuple(found)


def forms(word: str) -> tuple[str, ...]:
    """What a typed word may match in the index: itself and its stems."""
    return (fold(word), *stems(word))


def with_stems(text: str | None) -> str | None:
    """``text`` followed by the stems of its words, as one column of the index holds it."""
    if not text:
        return text
    extra: list[str] = []
    for word in words(text):
        extra.extend(stems(word))
    return text if not extra else text + "\n" + " ".join(extra)


@dataclass(frozen=True, slots=True)
class Snippet:
    """An excerpt of a field with the matching words' positions in it."""

    field: str
    text: str
    marks: tuple[tuple[int, int], ...]
    """(start, end) offsets in ``text`` of each matching word."""

    def marked(self, before: str = "[", after: str = "]") -> str:
        """The excerpt with each match between ``before`` and ``after``."""
        pieces: list[str] = []
        position = 0
        for start, end in self.marks:
            pieces += [self.text[position:start], before, self.text[start:end], after]
            position = end
        pieces.append(self.text[position:])
        return "".join(pieces)


def _matches(word: str, wanted: frozenset[str]) -> bool:
    return any(form in wanted for form in forms(word))


def snippet(fields: Sequence[tuple[str, str | None]], typed: Iterable[str], *, width: int = 80) -> Snippet | None:
    """The first field (in the order given) holding a word of ``typed``, cut to about ``width`` characters.

    ``typed``: the words searched for; a word matches when it shares a form
    (itself or a stem) with one of them. None when no field holds any.
    """
    wanted = frozenset(form for word in typed for form in forms(word))
    if not wanted:
        return None
    for name, text in fields:
        if not text:
            continue
        spans = [m.span() for m in _WORD.finditer(text) if _matches(m.group(), wanted)]
        if not spans:
            continue
        first_start = spans[0][0]
        begin = 0 if len(text) <= width or first_start < width // 3 else first_start - width // 3
        # Start on a word boundary when cutting into the text.
        if begin:
            space = text.rfind(" ", 0, begin + 1)
            begin = space + 1 if space >= 0 else begin
        end = min(len(text), begin + width)
        if end < len(text):
            space = text.rfind(" ", begin, end)
            end = space if space > spans[0][1] else end
        excerpt = text[begin:end]
        shift = 0
        if begin:
            excerpt, shift = "…" + excerpt, 1
        if end < len(text):
            excerpt += "…"
        marks = tuple((s - begin + shift, e - begin + shift) for s, e in spans if s >= begin and e <= end)
        return Snippet(name, excerpt, marks)
    return None


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A claim found, with an excerpt showing where the words are (None when no word can be placed)."""

    claim: Claim
    snippet: Snippet | None
