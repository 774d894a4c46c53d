"""An HTML page's words and date: every visible word, trafilatura's main text, the dates it gives itself.

The plain extractor (``visible_text_and_date``, the standard library's
parser) keeps every visible word and drops scripts, styles and the head;
trafilatura (imported when first needed) finds the main text. ``iso_date``
reads the machine-readable dates a page (or a PDF) gives itself.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import date
from html.parser import HTMLParser
from typing import Any

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


def visible_text_and_date(html: str) -> tuple[str, str | None]:
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


def main_text(html: str) -> tuple[str | None, str | None]:
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
