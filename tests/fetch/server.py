"""A fixture web server on 127.0.0.1: the pages verify must cope with, and a fake archive.

Started and stopped by the tests (``serve()``); it keeps a log of every
request (path, User-Agent, whether a Cookie came back) so tests can check
the client's manners without timing anything.
"""

from __future__ import annotations

import json
import ssl
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, urlsplit

QUOTE = "We train a mix of open and closed models, and our position on open source is unchanged."

PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>Meta's position</title>
<meta property="article:published_time" content="2025-07-14T18:30:00+00:00"></head>
<body><nav>Home | World | Technology | Subscribe</nav>
<article><h1>Meta answers the report</h1>
<p>A spokesperson answered on Monday.</p>
<p>{body}</p>
<p>The company did not say when its next model would be released, nor under which licence.</p>
</article><footer>© Example News</footer></body></html>
"""

TYPOGRAPHIC = (
    "“We train a mix of open and closed models,\u00a0and our position on open\n   source is "
    "UNCHANGED.” — said Meta’s spokesperson"
)
EDITED = "We train a mix of models, and our position is being reviewed."
FRENCH_QUOTE = "« un mélange de modèles ouverts et fermés »"
FRENCH_PAGE_TEXT = "Meta entraîne «\u202fun mélange de modèles ouverts et fermés\u202f», a dit sa porte-parole."

JS_PAGE = """<!doctype html><html><head><title>App</title></head>
<body><div id="root"></div><noscript>You need to enable JavaScript to run this app.</noscript>
<script src="/static/app.js"></script></body></html>"""

ROBOTS = "User-agent: *\nDisallow: /private/\n"


def make_pdf(text: str, *, modified: str = "D:20250801120000Z") -> bytes:
    """A one-page PDF whose text layer says ``text`` (built by hand: no PDF writer needed)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /ModDate (" + modified.encode() + b") >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


@dataclass
class Site:
    """What the server serves and what it saw; tests change ``pages`` between runs."""

    pages: dict[str, tuple[int, dict[str, str], bytes]] = field(default_factory=dict)
    hits: Counter[str] = field(default_factory=Counter)
    user_agents: set[str] = field(default_factory=set)
    cookies_sent_back: int = 0
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    archived: set[str] = field(default_factory=set)
    saves: list[str] = field(default_factory=list)
    base: str = ""
    robots: str = ROBOTS
    arrivals: list[tuple[str, float]] = field(default_factory=list)
    """(path, time.monotonic()) of every request, in the order they came."""

    def html(self, path: str, html: str, *, status: int = 200, content_type: str = "text/html; charset=utf-8") -> None:
        self.pages[path] = (status, {"Content-Type": content_type}, html.encode("utf-8"))

    def raw(self, path: str, body: bytes, *, status: int = 200, headers: dict[str, str] | None = None) -> None:
        self.pages[path] = (status, headers or {}, body)


def default_pages(site: Site) -> None:
    site.html("/quote", PAGE.format(body=QUOTE))
    site.html("/typographic", PAGE.format(body=TYPOGRAPHIC))
    site.html("/edited", PAGE.format(body=EDITED))
    site.html("/french", PAGE.format(body=FRENCH_PAGE_TEXT))
    site.html("/js", JS_PAGE)
    site.html("/private/page", PAGE.format(body=QUOTE))
    site.raw("/doc.pdf", make_pdf(QUOTE), headers={"Content-Type": "application/pdf"})
    latin1 = PAGE.replace('<meta charset="utf-8">', "").format(body=FRENCH_PAGE_TEXT.replace("\u202f", " "))
    site.raw("/latin1", latin1.encode("latin-1"), headers={"Content-Type": "text/html"})
    site.raw("/wrong-charset", latin1.encode("latin-1"), headers={"Content-Type": "text/html; charset=utf-8"})
    site.raw("/image.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, headers={"Content-Type": "image/png"})
    site.raw("/big", b"x" * 2_000_000, headers={"Content-Type": "text/plain"})


class Handler(BaseHTTPRequestHandler):
    site: Site
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.send_response(status)
        headers = {"Content-Length": str(len(body)), **headers}
        # Every answer tries to set a cookie; a polite checker never sends it back.
        headers.setdefault("Set-Cookie", "session=abc; Path=/")
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        site = self.site
        parts = urlsplit(self.path)
        path = parts.path
        with site.lock:
            site.hits[path] += 1
            count = site.hits[path]
            site.arrivals.append((path, time.monotonic()))
            site.user_agents.add(self.headers.get("User-Agent", ""))
            if self.headers.get("Cookie"):
                site.cookies_sent_back += 1
        if path == "/robots.txt":
            return self._send(200, {"Content-Type": "text/plain"}, site.robots.encode())
        if path in site.pages:
            status, headers, body = site.pages[path]
            return self._send(status, headers, body)
        if path == "/flaky":  # 503 on the first request, then the page
            if count == 1:
                return self._send(503, {"Content-Type": "text/plain"}, b"busy")
            return self._send(200, {"Content-Type": "text/html"}, PAGE.format(body=QUOTE).encode())
        if path == "/busy":  # 429 with Retry-After on the first request, then the page
            if count == 1:
                return self._send(429, {"Retry-After": "1", "Content-Type": "text/plain"}, b"slow down")
            return self._send(200, {"Content-Type": "text/html"}, PAGE.format(body=QUOTE).encode())
        if path == "/always-503":
            return self._send(503, {"Retry-After": "0"}, b"down")
        if path == "/missing":
            return self._send(404, {"Content-Type": "text/html"}, b"<h1>Not found</h1>")
        if path == "/r1":
            return self._send(301, {"Location": "/r2"}, b"")
        if path == "/r2":
            return self._send(302, {"Location": f"{site.base}/quote"}, b"")
        if path == "/loop-a":
            return self._send(302, {"Location": "/loop-b"}, b"")
        if path == "/loop-b":
            return self._send(302, {"Location": "/loop-a"}, b"")
        if path == "/to-ftp":
            return self._send(302, {"Location": "ftp://127.0.0.1/file"}, b"")
        if path == "/slow":
            site.stop.wait(30)  # answers only when the test ends, long after any timeout
            return None
        if path == "/endless":
            return self._endless()
        if path == "/wayback/available":
            url = parse_qs(parts.query).get("url", [""])[0]
            snapshot = (
                {
                    "closest": {
                        "available": True,
                        "status": "200",
                        "timestamp": "20250715000000",
                        "url": f"http://web.archive.org/web/20250715000000/{url}",
                    }
                }
                if url in site.archived
                else {}
            )
            body = json.dumps({"url": url, "archived_snapshots": snapshot}).encode()
            return self._send(200, {"Content-Type": "application/json"}, body)
        if path.startswith("/save/"):
            url = self.path[len("/save/") :]
            site.saves.append(url)
            return self._send(302, {"Location": f"/web/20261126120000/{quote(url, safe=':/')}"}, b"")
        if path.startswith("/web/"):
            return self._send(200, {"Content-Type": "text/html"}, b"<p>archived copy</p>")
        return self._send(404, {"Content-Type": "text/plain"}, b"no such fixture")

    def _endless(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        chunk = b"all work and no play " * 3000
        sent = 0
        try:
            while not self.site.stop.is_set() and sent < 500_000_000:  # bounded, and stopped with the test
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass


@contextmanager
def serve(site: Site | None = None, *, tls: ssl.SSLContext | None = None) -> Iterator[Site]:
    """Serve ``site`` on 127.0.0.1 (a free port) for the duration of the block; over TLS with ``tls``."""
    site = site or Site()
    handler = type("SiteHandler", (Handler,), {"site": site})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    site.base = f"{'https' if tls else 'http'}://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        site.stop.set()
        server.shutdown()
        server.server_close()
        thread.join(5)
