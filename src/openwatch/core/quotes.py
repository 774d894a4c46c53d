"""Is a claim's quote still on the page? Normalised comparison of a quote with a page's text.

A quote is typed by a person from what they read; the page may be set with
typographic quotes, non-breaking spaces, French spacing around « » and
before ``: ; ! ?``, soft hyphens, or a different case. Normalising both
sides the same way makes those differences vanish while the words, and
their accents, still have to match: "modèle" is not "modele".
"""

from __future__ import annotations

import re
import unicodedata

# Every mark that a keyboard types as " or ', and the typographic ones a page may use instead.
_DOUBLE_QUOTES = '"“”„‟«»〝〞〟＂″‶'
_SINGLE_QUOTES = "'‘’‚‛‹›′‵`´ʼ＇"
_DASHES = "‐‑‒–—―−"
# Invisible characters a page may put inside a word (hyphenation points, joiners, the BOM).
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"

_TRANSLATE = str.maketrans(
    {
        **dict.fromkeys(_DOUBLE_QUOTES, '"'),
        **dict.fromkeys(_SINGLE_QUOTES, "'"),
        **dict.fromkeys(_DASHES, "-"),
        **dict.fromkeys(_INVISIBLE, None),
        "…": "...",
    }
)
# French typography puts a (thin, non-breaking) space inside « » and before : ; ! ?;
# English does not. Both sides lose that space, so either way of writing matches.
_SPACE_AFTER_OPENING = re.compile(r"«\s+")
_SPACE_BEFORE_CLOSING = re.compile(r"\s+([»:;!?])")
_WHITESPACE = re.compile(r"\s+")
# An elided part of a quote: "we train [...] a mix", "we train … a mix", "(...)".
_ELLIPSIS = re.compile(r"\s*(?:\[\s*(?:(?:\.\s*){3}|…)\s*\]|\(\s*(?:(?:\.\s*){3}|…)\s*\)|(?:\.\s*){3}|…)\s*")
_QUOTE_MARKS = _DOUBLE_QUOTES + _SINGLE_QUOTES


def normalise(text: str) -> str:
    """The form in which a quote and a page are compared.

    Case folded, Unicode composed (NFC, so "é" typed either way is one
    letter; accents are kept), typographic quotes, apostrophes and dashes
    made plain, invisible characters dropped, the spacing of « » and of
    French punctuation removed, and every run of whitespace (non-breaking
    and thin spaces included) made one space.
    """
    # Folded before the marks are made plain: folding can make an apostrophe ("ŉ" is "ʼn").
    text = unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).casefold())
    text = _SPACE_AFTER_OPENING.sub("«", text)
    text = _SPACE_BEFORE_CLOSING.sub(r"\1", text)
    text = text.translate(_TRANSLATE)
    text = _WHITESPACE.sub(" ", text)
    return text.strip()


def quote_parts(quote: str) -> list[str]:
    """The normalised pieces of a quote that must appear on the page, in order.

    The quote marks around a whole quote are not part of it, and an elision
    ("[...]", "…") splits it into pieces that may have anything between them.
    """
    stripped = unicodedata.normalize("NFC", quote).strip().strip(_QUOTE_MARKS + " \t\r\n\u00a0\u202f")
    pieces = (normalise(piece) for piece in _ELLIPSIS.split(stripped))
    return [piece for piece in pieces if piece]


def quote_found(quote: str, text: str) -> bool:
    """True when every piece of ``quote`` appears in ``text``, in order, after normalising both.

    A quote with no words in it (empty, or only marks) is never found: there
    is nothing to check.
    """
    parts = quote_parts(quote)
    if not parts:
        return False
    page = normalise(text)
    start = 0
    for part in parts:
        at = page.find(part, start)
        if at < 0:
            return False
        start = at + len(part)
    return True
