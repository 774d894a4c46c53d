"""From a response's bytes to the page's text and date: charsets, HTML, PDF, binary.

No network here: ``read_page`` takes what the fetcher downloaded. The main
text of an HTML page comes from trafilatura (imported when first needed);
when trafilatura cannot run (not installed, or failing on a page) a plain
extractor from the standard library takes over: it drops scripts, styles
and the head and keeps every visible word, so it finds quotes as well but
records more boilerplate in the text (which makes "text changed" more
likely on pages with rotating menus or adverts). The quote is looked for
in the main text and in the page's whole visible text, so a quote in a
heading or a caption that the main-text extractor left out still counts.
The charset is chosen in fetch/charset.py, an HTML page's words and dates
are read in fetch/html_text.py; PDFs and the choice between kinds are here.
"""

from __future__ import annotations

import hashlib
import io
import logging
from dataclasses import dataclass
from datetime import datetime

from openwatch.fetch.charset import decode
from openwatch.fetch.html_text import iso_date, main_text, visible_text_and_date

NEARLY_EMPTY_CHARS = 200
"""Visible text shorter than this, with the quote missing, suggests a page drawn by JavaScript."""
PDF_MAX_PAGES = 200
"""Pages of a PDF whose text is read; the rest is not searched (and the detail says so)."""


@dataclass(frozen=True, slots=True)
class PageText:
    """What a page gave: its main text, everything visible, its date, and notes on how it was read."""

    kind: str
    """``html``, ``text``, ``pdf`` or ``binary``."""
    text: str | None
    """Recorded with the check, and hashed: the main text (HTML), the whole text (plain, PDF)."""
    searchable: str | None
    """Where the quote is looked for: the main text plus everything visible."""
    sha256: str
    page_date: str | None
    nearly_empty: bool
    notes: tuple[str, ...] = ()


def read_page(body: bytes, content_type: str | None) -> PageText:
    """Read a downloaded body. Never raises: what cannot be read becomes a note."""
    media = (content_type or "").split(";", 1)[0].strip().lower()
    head = body[:1024].lstrip().lower()
    if media == "application/pdf" or body.startswith(b"%PDF-"):
        return _read_pdf(body)
    is_markup = media in ("text/html", "application/xhtml+xml") or (
        media in ("", "application/octet-stream", "text/plain")
        and (head.startswith(b"<!doctype html") or head.startswith(b"<html"))
    )
    is_text = is_markup or media.startswith("text/") or media.endswith(("+xml", "/xml", "/json", "+json"))
    if not is_text:
        if media == "" and _looks_like_text(body):
            is_text = True
        else:
            return PageText(
                "binary",
                None,
                None,
                _sha256(body),
                None,
                nearly_empty=False,
                notes=(f"binary content ({media or 'unknown type'}): quote not checked",),
            )
    decoded, charset_note = decode(body, content_type)
    notes = (charset_note,) if charset_note else ()
    if not is_markup and "xml" not in media:
        text = normalise_newlines(decoded)
        return PageText(
            "text",
            text,
            text,
            _sha256(text.encode()),
            None,
            nearly_empty=len(text.strip()) < NEARLY_EMPTY_CHARS,
            notes=notes,
        )
    visible, page_date = visible_text_and_date(decoded)
    main, extractor_note = main_text(decoded)
    if extractor_note:
        notes = (*notes, extractor_note)
    text = main if main and main.strip() else visible
    return PageText(
        "html",
        text,
        f"{text}\n{visible}" if text is not visible else visible,
        _sha256(text.encode()),
        page_date,
        nearly_empty=len(visible.strip()) < NEARLY_EMPTY_CHARS,
        notes=notes,
    )


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _looks_like_text(body: bytes) -> bool:
    sample = body[:4096]
    return b"\x00" not in sample


# --- PDF ----------------------------------------------------------------------------------------------------


def _pdf_not_checked(body: bytes, note: str) -> PageText:
    """A PDF recorded as such (its size and hash), its text not read."""
    return PageText("pdf", None, None, _sha256(body), None, nearly_empty=False, notes=(note,))


def _read_pdf(body: bytes) -> PageText:
    """A PDF's text through pypdf when it can be read; otherwise recorded as a PDF, quote not checked."""
    try:
        from pypdf import PdfReader
    except Exception:
        return _pdf_not_checked(body, "PDF: pypdf is not installed, quote not checked")
    # pypdf warns through logging about every small defect of a file; they are not ours to report.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    try:
        reader = PdfReader(io.BytesIO(body))
        pages = reader.pages
        texts = [page.extract_text() or "" for page in pages[:PDF_MAX_PAGES]]
        page_date = None
        metadata = reader.metadata
        if metadata is not None:
            for key in ("/ModDate", "/CreationDate"):
                value = metadata.get(key)
                if isinstance(value, str):
                    page_date = iso_date(value)
                elif isinstance(value, datetime):
                    page_date = value.date().isoformat()
                if page_date:
                    break
        notes: tuple[str, ...] = ("PDF",)
        if len(pages) > PDF_MAX_PAGES:
            notes = (f"PDF of {len(pages)} pages: the first {PDF_MAX_PAGES} searched",)
    except Exception as error:
        return _pdf_not_checked(body, f"PDF whose text could not be read ({type(error).__name__}): quote not checked")
    text = "\n".join(texts).strip()
    if not text:
        return PageText(
            "pdf",
            None,
            None,
            _sha256(body),
            page_date,
            nearly_empty=False,
            notes=("PDF with no text layer (scanned?): quote not checked",),
        )
    return PageText("pdf", text, text, _sha256(text.encode()), page_date, nearly_empty=False, notes=notes)
