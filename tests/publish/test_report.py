"""The company report as HTML, Markdown and SVG: linked sources, full quotes, as-of everywhere, inert text."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import pytest

from openwatch.publish.report import company_report_text
from openwatch.render.markdown import md_text
from tests.publish.fake import FakeSource
from tests.publish.htmlcheck import assert_inert, parse
from tests.render.claims import HOSTILE_QUOTE, HOSTILE_URL, claim

AS_OF = date(2026, 1, 31)
LONG_QUOTE = "We are committed to open source. " * 40


def source() -> FakeSource:
    return FakeSource(
        [
            claim("s1", "2024-07-23", "open-source", kind="stated", source="Acme CEO letter", quote=LONG_QUOTE),
            claim("o1", "2024-07-23", "weights-restricted", model="Rocket", source="Acme blog"),
            claim(
                "h1",
                "2025-03-01",
                "api",
                model="Rocket",
                kind="reported",
                source=HOSTILE_QUOTE,
                url=HOSTILE_URL,
                quote=HOSTILE_QUOTE,
            ),
            claim(
                "n1",
                "2025-07-14",
                "closed",
                model="Rocket 2",
                kind="reported",
                planned=True,
                source="The Times",
                url="https://example.org/times?a=1&b=(2)",
            ),
            claim("later", "2026-06-01", "open-weights", model="Future", source="Too late"),
        ]
    )


def test_html_report_is_a_real_page_with_links_anchors_and_full_quotes() -> None:
    html = company_report_text(source(), "Acme", AS_OF, ".html")
    page = parse(html)
    assert page.errors == []
    assert "title" in page.tags and "main" in page.tags and "table" in page.tags and "svg" in page.tags
    assert {"claim-s1", "claim-o1", "claim-h1", "claim-n1"} <= page.ids
    assert "https://example.org/acme" in page.hrefs
    assert "https://example.org/times?a=1&b=(2)" in page.hrefs
    for href in page.hrefs:
        if href.startswith("#"):
            assert href[1:] in page.ids, href
    text = "".join(page.text)
    assert LONG_QUOTE.strip() in text  # never cut with an ellipsis
    assert "Said versus shipped" in text and "Rocket" in text
    assert not any("stylesheet" in a[2] for a in page.attrs)  # one inline stylesheet, nothing fetched
    assert "http" not in "".join(h for h in page.hrefs if not h.startswith(("https://example.org", "#")))


def test_as_of_applies_to_every_section() -> None:
    html = company_report_text(source(), "Acme", AS_OF, ".html")
    assert "Too late" not in html and "Future" not in html and "claim-later" not in html
    markdown = company_report_text(source(), "Acme", AS_OF, ".md")
    assert "Too late" not in markdown and "Future" not in markdown
    svg = company_report_text(source(), "Acme", AS_OF, ".svg")
    assert "Future" not in svg
    later = company_report_text(source(), "Acme", date(2026, 12, 31), ".svg")
    assert "Future" in later


def test_hostile_quote_and_javascript_url_are_inert_in_html() -> None:
    html = company_report_text(source(), "Acme", AS_OF, ".html")
    page = parse(html)
    assert_inert(page)
    assert "javascript:" not in page.hrefs and not any("javascript" in h for h in page.hrefs)
    assert "<img" not in html and "</script><img" not in html
    assert HOSTILE_QUOTE in "".join(page.text)  # shown as text, in full
    assert HOSTILE_URL in "".join(page.text)  # the address is shown, not linked


def test_hostile_quote_and_javascript_url_are_inert_in_markdown() -> None:
    markdown = company_report_text(source(), "Acme", AS_OF, ".md")
    assert "<img" not in markdown and "</script" not in markdown
    assert "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in markdown
    assert "](javascript" not in markdown and "javascript:" not in markdown and "![" not in markdown
    assert "[Acme blog](https://example.org/acme)" in markdown
    assert "(https://example.org/times?a=1&b=%282%29)" in markdown
    assert LONG_QUOTE.strip()[:60] in markdown.replace("\\", "")


def test_hostile_text_is_inert_in_svg() -> None:
    svg = company_report_text(source(), "Acme", AS_OF, ".svg")
    root = ET.fromstring(svg)
    assert not [e for e in root.iter() if e.tag.endswith(("}a", "}img", "}script", "}foreignObject"))]
    assert "javascript:" not in svg and "<img" not in svg


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("[click](javascript:alert(1))", "\\[click\\](javascript\\:alert(1))"),
        ("![x](http://e/x.png)", "!\\[x\\](http\\://e/x.png)"),
        ("see https://evil.example and www.evil.example", "see https\\://evil.example and www\\.evil.example"),
        ("a <b> & c", "a &lt;b&gt; &amp; c"),
        ("*bold* _em_ `code` | pipe", "\\*bold\\* \\_em\\_ \\`code\\` \\| pipe"),
        ("line\nbreak\x1b", "line break\\\\x1b"),
        ("GPT-2 1.5B", "GPT-2 1.5B"),
    ],
)
def test_markdown_text_never_becomes_markup(typed: str, shown: str) -> None:
    assert md_text(typed) == shown


@pytest.mark.parametrize(
    ("typed", "shown"),
    [("# not a heading", "\\# not a heading"), ("- not a list", "\\- not a list"), ("1. nor this", "1\\. nor this")],
)
def test_markdown_text_that_opens_a_line_cannot_start_a_block(typed: str, shown: str) -> None:
    assert md_text(typed, line_start=True) == shown


def test_due_date_and_recorder_are_shown() -> None:
    from dataclasses import replace

    from openwatch.core.dates import parse_iso_date

    promise = replace(
        claim("p1", "2025-08-23", "open-weights", model="Grok 3", kind="stated", planned=True),
        due=parse_iso_date("2026-02"),
        recorded_by="<b>ana</b>",
    )
    source = FakeSource([promise])
    html = company_report_text(source, "Acme", AS_OF, ".html")
    text = "".join(parse(html).text)
    assert "Due2026-02" in text.replace("\n", "") and "by <b>ana</b>" in text and "<b>ana" not in html
    markdown = company_report_text(source, "Acme", AS_OF, ".md")
    assert "- Due: 2026-02" in markdown and "by &lt;b&gt;ana&lt;/b&gt;" in markdown
