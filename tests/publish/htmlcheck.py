"""Parse a page with the standard library and say what is wrong with it."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Elements whose end tag HTML lets a page leave out; we never do, but the parser must not insist.
SVG_SELF_CLOSING = {"rect", "circle", "path", "line", "polyline", "pattern", "stop"}


@dataclass
class Page:
    tags: list[str] = field(default_factory=list)
    attrs: list[tuple[str, str, str]] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    hrefs: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.stack: list[str] = []

    def _start(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.page.tags.append(tag)
        for name, value in attrs:
            self.page.attrs.append((tag, name, value or ""))
            if name == "id":
                if value in self.page.ids:
                    self.page.errors.append(f"duplicate id {value!r}")
                self.page.ids.add(value or "")
            if name == "href" and tag in ("a", "link"):
                self.page.hrefs.append(value or "")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.page.errors.append(f"</{tag}> closes {self.stack[-1] if self.stack else 'nothing'}")
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.page.text.append(data)


def parse(html: str) -> Page:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    if parser.stack:
        parser.page.errors.append(f"unclosed: {parser.stack}")
    if not html.startswith("<!doctype html>"):
        parser.page.errors.append("no doctype")
    return parser.page


def assert_inert(page: Page) -> None:
    """No script, no image, no event handler, no link that is not http(s) or relative."""
    assert "script" not in page.tags and "img" not in page.tags and "iframe" not in page.tags
    assert not [a for a in page.attrs if a[1].startswith("on")]
    for href in page.hrefs:
        assert not href.lower().lstrip().startswith(("javascript:", "data:", "vbscript:")), href
