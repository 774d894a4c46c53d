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
"""

from __future__ import annotations

import codecs
import hashlib
import io
import json
import logging
import re
from dataclasses import dataclass
from datetime import date, datetime
from html.parser import HTMLParser
from typing import Any

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
    visible, page_date = _visible_text_and_date(decoded)
    main, extractor_note = _main_text(decoded)
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


# --- charsets ---------------------------------------------------------------------------------------------

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


# --- HTML ---------------------------------------------------------------------------------------------------

_SKIPPED = {"script", "style", "noscript", "template", "head", "svg", "iframe", "object"}
_BLOCKS = {
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "td",
    "th",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "aside",
    "blockquote",
    "pre",
    "hr",
    "figure",
    "figcaption",
    "dd",
    "dt",
    "dl",
    "main",
    "title",
}
_DATE_META = {
    # Most specific first: when the page was changed, then when it was published.
    "article:modified_time": 0,
    "og:updated_time": 1,
    "dateModified": 2,
    "last-modified": 3,
    "article:published_time": 4,
    "datePublished": 5,
    "date": 6,
    "dc.date": 7,
    "dcterms.date": 8,
    "dc.date.issued": 9,
    "citation_date": 10,
    "citation_publication_date": 11,
    "pubdate": 12,
    "publish-date": 13,
    "sailthru.date": 14,
}


class _Visible(HTMLParser):
    """Every visible word of a page, blocks on their own lines, and the dates it gives itself."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.dates: list[tuple[int, str]] = []
        self.json_ld: list[str] = []
        self._in_json_ld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): (value or "") for name, value in attrs}
        if tag == "meta":
            key = values.get("property") or values.get("name") or values.get("itemprop") or ""
            for name, rank in _DATE_META.items():
                if key.lower() == name.lower() and values.get("content"):
                    self.dates.append((rank, values["content"]))
        elif tag == "time" and values.get("datetime"):
            self.dates.append((50, values["datetime"]))
        if tag == "script" and values.get("type", "").lower() == "application/ld+json":
            self._in_json_ld = True
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED and self.skipping:
            self.skipping -= 1
        if tag == "script":
            self._in_json_ld = False
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_json_ld:
            self.json_ld.append(data)
        elif not self.skipping:
            self.parts.append(data)

    def text(self) -> str:
        lines = (" ".join(line.split()) for line in "".join(self.parts).splitlines())
        return "\n".join(line for line in lines if line)


def _visible_text_and_date(html: str) -> tuple[str, str | None]:
    parser = _Visible()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # html.parser is lenient; this is a last guard, the words read so far are kept
        pass
    for block in parser.json_ld:
        for rank, value in _json_ld_dates(block):
            parser.dates.append((rank, value))
    page_date: str | None = None
    for _, value in sorted(parser.dates, key=lambda item: item[0]):
        page_date = iso_date(value)
        if page_date:
            break
    return parser.text(), page_date


def _json_ld_dates(block: str) -> list[tuple[int, str]]:
    try:
        data: Any = json.loads(block)
    except ValueError:
        return []
    found: list[tuple[int, str]] = []
    stack = [data]
    while stack and len(found) < 10:
        item = stack.pop()
        if isinstance(item, dict):
            for key in ("dateModified", "datePublished"):
                if isinstance(item.get(key), str):
                    found.append((_DATE_META[key], item[key]))
            stack.extend(value for value in item.values() if isinstance(value, dict | list))
        elif isinstance(item, list):
            stack.extend(item)
    return found


_ISO_START = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})")
_PDF_DATE = re.compile(r"\s*D:(\d{4})(\d{2})(\d{2})")


def iso_date(value: str) -> str | None:
    """``YYYY-MM-DD`` from the start of an ISO date or time (or a PDF date), else None.

    Only machine-readable dates are read: a date in prose is not guessed at.
    """
    match = _ISO_START.match(value) or _PDF_DATE.match(value)
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3])).isoformat()
    except ValueError:
        return None


_TRAFILATURA: Any = None
_TRAFILATURA_MISSING = False


def _main_text(html: str) -> tuple[str | None, str | None]:
    """trafilatura's main text, or (None, why) when it cannot give one."""
    global _TRAFILATURA, _TRAFILATURA_MISSING
    if _TRAFILATURA_MISSING:
        return None, "trafilatura unavailable: the whole visible text was used"
    if _TRAFILATURA is None:
        try:
            import trafilatura

            # It logs every page it finds too short or unparsable; verify reports for itself.
            logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
            logging.getLogger("htmldate").setLevel(logging.CRITICAL)
            _TRAFILATURA = trafilatura
        except Exception:  # an ImportError, or a broken install of one of its dependencies (lxml)
            _TRAFILATURA_MISSING = True
            return None, "trafilatura unavailable: the whole visible text was used"
    try:
        # fast: no second opinion from the fallback extractors (readability, jusText), which
        # costs a quarter of the time; the quote is also looked for in the whole visible text.
        text = _TRAFILATURA.extract(
            html, include_comments=False, include_tables=True, favor_recall=True, deduplicate=False, fast=True
        )
    except Exception as error:  # a page that trips the extractor is still read by the plain one
        return None, f"main-text extraction failed ({type(error).__name__}): the whole visible text was used"
    return (text if isinstance(text, str) else None), None


# --- PDF ----------------------------------------------------------------------------------------------------


def _read_pdf(body: bytes) -> PageText:
    """A PDF's text through pypdf when it can be read; otherwise recorded as a PDF, quote not checked."""
    try:
        from pypdf import PdfReader
    except Exception:
        return PageText(
            "pdf",
            None,
            None,
            _sha256(body),
            None,
            nearly_empty=False,
            notes=("PDF: pypdf is not installed, quote not checked",),
        )
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
        return PageText(
            "pdf",
            None,
            None,
            _sha256(body),
            None,
            nearly_empty=False,
            notes=(f"PDF whose text could not be read ({type(error).__name__}): quote not checked",),
        )
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
