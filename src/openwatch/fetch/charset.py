"""A downloaded body as text: which charset to read it in, and a note when that had to be guessed."""

from __future__ import annotations

import codecs
import re

_CHARSET_PARAM = re.compile(r"""charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
# Browsers read these labels as windows-1252 (the WHATWG Encoding Standard); so does openwatch.
_LATIN1_LABELS = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "us-ascii", "ascii", "cp819", "iso_8859-1"}
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _codec(label: str) -> str | None:
    label = label.strip().lower()
    if label in _LATIN1_LABELS:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode(body: bytes, content_type: str | None) -> tuple[str, str | None]:
    """The body as text, and a note when its charset had to be guessed.

    In order: a byte-order mark; the charset the server declared; the one
    the page declares in a ``<meta>``; UTF-8; and, when none of those fits
    the bytes, windows-1252 (which reads Latin-1 too). A declared charset
    that does not fit the bytes is said in the note, not trusted.
    """
    for bom, bom_codec in _BOMS:
        if body.startswith(bom):
            return body.decode(bom_codec, errors="replace"), None
    tried: list[str] = []
    declared = _CHARSET_PARAM.search(content_type or "")
    meta = _META_CHARSET.search(body[:4096])
    labels: list[tuple[str, str | None]] = [
        ("the server", declared.group(1) if declared else None),
        ("the page", meta.group(1).decode("ascii", "replace") if meta else None),
    ]
    for source, label in labels:
        if not label:
            continue
        codec = _codec(label)
        if codec is None:
            tried.append(f"{source} declared an unknown charset {label!r}")
            continue
        try:
            text = body.decode(codec)
        except UnicodeDecodeError:
            tried.append(f"{source} declared {label}, which does not fit the bytes")
            continue
        return text, ("; ".join(tried) or None)
    try:
        return body.decode("utf-8"), ("; ".join(tried) or None)
    except UnicodeDecodeError:
        pass
    said = "; ".join(tried) if tried else "no charset declared"
    return body.decode("cp1252", errors="replace"), f"{said}; read as windows-1252 (Latin-1)"
