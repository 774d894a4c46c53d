"""Reading a body: charsets, HTML text and dates, PDF, binary; and the fallback when trafilatura cannot run."""

from __future__ import annotations

import pytest

from openwatch.fetch import html_text
from openwatch.fetch.archive import ArchiveEndpoints, closest_snapshot, saved_copy
from openwatch.fetch.charset import decode
from openwatch.fetch.html_text import iso_date
from openwatch.fetch.page import read_page

from .server import PAGE, QUOTE, make_pdf


@pytest.mark.parametrize(
    ("body", "content_type", "text", "note"),
    [
        ("modèle".encode(), "text/html; charset=utf-8", "modèle", None),
        ("modèle".encode("latin-1"), "text/html", "modèle", "no charset declared; read as windows-1252 (Latin-1)"),
        ("modèle".encode("latin-1"), "text/html; charset=ISO-8859-1", "modèle", None),
        ("“quoted”".encode("cp1252"), "text/html; charset=iso-8859-1", "“quoted”", None),  # read as browsers do
        (
            "modèle".encode("latin-1"),
            "text/html; charset=utf-8",
            "modèle",
            "the server declared utf-8, which does not fit the bytes; read as windows-1252 (Latin-1)",
        ),
        ("modèle".encode(), "text/html; charset=klingon", "modèle", "the server declared an unknown charset 'klingon'"),
        (
            b'<meta charset="windows-1252">' + "modèle".encode("cp1252"),
            "text/html",
            '<meta charset="windows-1252">modèle',
            None,
        ),
        ("\ufeffmodèle".encode(), "text/html; charset=latin-1", "modèle", None),  # a byte-order mark wins
    ],
)
def test_decode(body: bytes, content_type: str, text: str, note: str | None) -> None:
    assert decode(body, content_type) == (text, note)


def test_html_main_text_date_and_search_text() -> None:
    html = PAGE.format(body=QUOTE)
    page = read_page(html.encode(), "text/html")
    assert page.kind == "html" and page.text and QUOTE in page.text
    assert "Subscribe" not in page.text  # the menu is not main text...
    assert page.searchable and "Subscribe" in page.searchable  # ...but a quote there would still be found
    assert page.page_date == "2025-07-14" and not page.nearly_empty


def test_the_fallback_extractor_when_trafilatura_cannot_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html_text, "_TRAFILATURA", None)
    monkeypatch.setattr(html_text, "_TRAFILATURA_MISSING", True)
    page = read_page(PAGE.format(body=QUOTE).encode(), "text/html; charset=utf-8")
    assert page.text and QUOTE in page.text and "Subscribe" in page.text
    assert "trafilatura unavailable" in " ".join(page.notes)


@pytest.mark.parametrize(
    ("head", "date"),
    [
        (
            '<meta property="article:modified_time" content="2025-08-02T10:00:00Z">'
            '<meta property="article:published_time" content="2025-07-14">',
            "2025-08-02",
        ),
        ('<meta name="date" content="2024-03-05">', "2024-03-05"),
        (
            '<script type="application/ld+json">{"@graph": [{"datePublished": "2023-11-30T08:00:00+01:00"}]}</script>',
            "2023-11-30",
        ),
        ('<meta name="date" content="March 5, 2024">', None),  # prose dates are not guessed at
        ('<meta name="date" content="2024-02-30">', None),
        ("", None),
    ],
)
def test_page_dates(head: str, date: str | None) -> None:
    html = f"<html><head>{head}</head><body><p>{QUOTE}</p></body></html>"
    assert read_page(html.encode(), "text/html").page_date == date


def test_time_element_in_the_body() -> None:
    html = f'<html><body><time datetime="2025-07-14T09:00">14 July</time><p>{QUOTE}</p></body></html>'
    assert read_page(html.encode(), "text/html").page_date == "2025-07-14"


def test_iso_date() -> None:
    assert iso_date("D:20250801120000Z") == "2025-08-01"
    assert iso_date(" 2025-07-14T18:30:00+00:00") == "2025-07-14"
    assert iso_date("yesterday") is None


def test_pdf() -> None:
    page = read_page(make_pdf(QUOTE), "application/octet-stream")  # recognised by its bytes
    assert page.kind == "pdf" and page.text and "mix of open and closed" in page.text
    assert page.page_date == "2025-08-01"


def test_broken_pdf_is_recorded_not_checked() -> None:
    page = read_page(b"%PDF-1.4\nthis is not really a pdf", "application/pdf")
    assert page.kind == "pdf" and page.text is None and page.searchable is None
    assert "quote not checked" in page.notes[0]


def test_plain_text_and_unknown_binary() -> None:
    text = read_page(b"line one\r\nline two", "text/plain")
    assert text.kind == "text" and text.text == "line one\nline two"
    binary = read_page(b"\x00\x01\x02", None)
    assert binary.kind == "binary" and binary.text is None and binary.sha256


def test_archive_endpoints(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENWATCH_ARCHIVE_API", raising=False)
    default = ArchiveEndpoints.from_environment()
    assert default.availability_query("https://a.example/x?y=1") == (
        "https://archive.org/wayback/available?url=https%3A%2F%2Fa.example%2Fx%3Fy%3D1"
    )
    assert default.save_request("https://a.example/x") == "https://web.archive.org/save/https://a.example/x"
    monkeypatch.setenv("OPENWATCH_ARCHIVE_API", "http://127.0.0.1:8000/")
    local = ArchiveEndpoints.from_environment()
    assert local.availability == "http://127.0.0.1:8000/wayback/available"
    assert local.save == "http://127.0.0.1:8000/save/"


def test_closest_snapshot() -> None:
    snapshot = {
        "archived_snapshots": {
            "closest": {"available": True, "status": "200", "url": "http://web.archive.org/web/2025/https://a.example/"}
        }
    }
    assert closest_snapshot(snapshot) == "https://web.archive.org/web/2025/https://a.example/"
    assert closest_snapshot({"archived_snapshots": {}}) is None
    error_copy = {"archived_snapshots": {"closest": {"available": True, "status": "404", "url": "http://x/"}}}
    assert closest_snapshot(error_copy) is None
    assert closest_snapshot(["not", "a", "dict"]) is None
    assert closest_snapshot({"archived_snapshots": {"closest": {"url": "javascript:alert(1)"}}}) is None


def test_saved_copy() -> None:
    request = "https://web.archive.org/save/https://a.example/"
    assert (
        saved_copy(request, request, "/web/2026/https://a.example/")
        == "https://web.archive.org/web/2026/https://a.example/"
    )
    assert saved_copy(request, "https://web.archive.org/web/2026/x", None) == "https://web.archive.org/web/2026/x"
    assert saved_copy(request, request, None) is None
