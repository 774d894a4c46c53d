"""Stored text made safe to show: no control characters reach a terminal raw.

ESC, the other C0 and C1 controls, DEL and the bidirectional controls
(U+202E and friends, which can make text read backwards) are shown as visible
escapes such as ``\\x1b`` or ``\\u202e``. Line breaks and tabs become spaces
in a table cell. Markup is not a concern here: rich only ever receives
``Text`` objects, never markup strings.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_INVISIBLE = "\u00ad\u034f\u115f\u1160\u180e\u200b\u2060-\u2064\u206a-\u206f\u3164\ufeff\uffa0\U000e0000-\U000e007f"
"""Characters that show as nothing (zero-width space, soft hyphen, BOM, word joiner, tags):
left in text, they make two different strings look alike."""
_JOINERS = "\u200c\u200d"
"""Zero-width (non-)joiners are part of Persian, Indic and emoji text; beside
ASCII they are only ever a disguise, so they are escaped there."""
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f" + _BIDI + _INVISIBLE + "]"
    f"|(?<=[\x00-\x7f])[{_JOINERS}]|[{_JOINERS}](?=[\x00-\x7f])|^[{_JOINERS}]|[{_JOINERS}]$"
)
_BREAKS = re.compile("[\t\n\r\u2028\u2029]+")
"""Line and paragraph separators (U+2028, U+2029) break lines too, for Python and some terminals."""


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def visible(text: str) -> str:
    """One line of text with every control character made visible."""
    return _UNSAFE.sub(_escape, _BREAKS.sub(" ", text))


def visible_block(text: str) -> str:
    """Like ``visible`` but keeps line breaks (for ``show``)."""
    lines = text.replace("\r\n", "\n").replace("\u2028", "\n").replace("\u2029", "\n").split("\n")
    return "\n".join(_UNSAFE.sub(_escape, line.replace("\t", "    ").replace("\r", " ")) for line in lines)


def cell_width(text: str) -> int:
    """Columns a string takes in a terminal: wide (CJK) characters 2, combining marks 0."""
    if text.isascii():  # the common case, and a per-character loop costs ms per table
        return len(text)
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def shorten(text: str, limit: int) -> str:
    """Cut to at most ``limit`` terminal columns, marking the cut with an ellipsis."""
    if cell_width(text) <= limit:
        return text
    if text.isascii():
        return text[: limit - 1].rstrip() + "…"
    kept: list[str] = []
    width = 0
    for char in text:
        extra = 0 if unicodedata.combining(char) else (2 if unicodedata.east_asian_width(char) in ("W", "F") else 1)
        if width + extra > limit - 1:
            break
        kept.append(char)
        width += extra
    return "".join(kept).rstrip() + "…"


_HTTP_LINK = re.compile(r"https?://[^\s\x00-\x1f\x7f<>\"'`\\]+", re.IGNORECASE)


def http_url(url: str | None) -> str | None:
    """The URL if it may become a link: http or https only, no spaces, quotes or controls; else None.

    A ``javascript:``, ``data:`` or ``file:`` address stays text wherever it is shown.
    """
    if not url:
        return None
    return url if _HTTP_LINK.fullmatch(url) else None


def shorten_middle(text: str, limit: int, char_width: Callable[[str], int] | None = None) -> str:
    """Cut to at most ``limit`` terminal columns from the middle: "Llama 4 Behemoth" -> "Llama…emoth".

    ``char_width`` measures a character (rich's, when rich draws the table: terminals
    and unicodedata disagree on a few marks, and the table must fit what is drawn).
    """
    measure = char_width or _char_width
    if sum(measure(char) for char in text) <= limit:
        return text
    if limit <= 1:
        return "…"[:limit]
    keep = limit - 1
    head_size, tail_size = (keep + 1) // 2, keep // 2
    head: list[str] = []
    width = 0
    for char in text:
        extra = measure(char)
        if width + extra > head_size:
            break
        head.append(char)
        width += extra
    tail: list[str] = []
    width = 0
    for char in reversed(text):
        extra = measure(char)
        if width + extra > tail_size:
            break
        tail.append(char)
        width += extra
    return "".join(head).rstrip() + "…" + "".join(reversed(tail)).lstrip()


def _char_width(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
