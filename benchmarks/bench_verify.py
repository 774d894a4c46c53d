"""verify's speed goal: 1,000 claims' links across 20 hosts, each answering after 50 ms.

A server process listens on 127.0.0.1 to 127.0.0.20 (20 hosts to the
per-host limit) and answers every request after a server-side delay of
50 ms with a page of a few kilobytes holding the claim's quote. The
checker runs with its default limits (2 per host, 16 in all, robots.txt
read per host) and archive look-ups off (they would go to the archive's
host, not these); the goal is under 10 s and a peak resident size under
150 MB. The baseline, measured in the same run, is a plain sequential loop
of the same requests (httpx, one after another, the same page reading and
quote search), so the ratio says what the concurrency buys on this machine.

Usage: python benchmarks/bench_verify.py [CLAIMS] [HOSTS] [DELAY_MS] [--no-baseline]
"""

from __future__ import annotations

import asyncio
import os
import resource
import signal
import subprocess
import sys
import time

QUOTE = "We train a mix of open and closed models, and our position on open source is unchanged."
PARAGRAPH = "<p>Paragraph {n} of the story about {path}: vendors, licences, weights and what was said.</p>"


def page(path: str) -> bytes:
    body = "".join(PARAGRAPH.format(n=n, path=path) for n in range(30))
    html = (
        "<!doctype html><html><head><meta charset='utf-8'><title>Story</title>"
        "<meta property='article:published_time' content='2025-07-14'></head>"
        f"<body><nav>Home | News</nav><article><h1>{path}</h1>{body}<p>{QUOTE}</p></article></body></html>"
    )
    return html.encode()


async def serve(hosts: int, port: int, delay: float) -> None:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                path = head.split(b" ", 2)[1].decode()
                await asyncio.sleep(delay)
                if path == "/robots.txt":
                    status, body = b"404 Not Found", b"none"
                else:
                    status, body = b"200 OK", page(path)
                writer.write(
                    b"HTTP/1.1 " + status + b"\r\nContent-Type: text/html; charset=utf-8\r\n"
                    b"Content-Length: %d\r\n\r\n" % len(body) + body
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    servers = [await asyncio.start_server(handle, f"127.0.0.{n}", port) for n in range(1, hosts + 1)]
    print("ready", flush=True)
    await asyncio.gather(*(server.serve_forever() for server in servers))


def urls(claims: int, hosts: int, port: int) -> list[str]:
    return [f"http://127.0.0.{n % hosts + 1}:{port}/story/{n}" for n in range(claims)]


def run_verify(links: list[str]) -> tuple[float, float, int, int]:
    from openwatch.core.evidence import LinkCheck, LinkStatus, QuoteState
    from openwatch.fetch import ArchiveMode, CheckTarget, FetchSettings, check_links

    ok = found = 0

    def count(check: LinkCheck) -> None:
        nonlocal ok, found
        ok += check.status is LinkStatus.OK
        found += check.quote is QuoteState.FOUND

    targets = [CheckTarget(f"c{n}", url, QUOTE) for n, url in enumerate(links)]
    start, cpu = time.perf_counter(), time.process_time()
    check_links(targets, count, FetchSettings(archive=ArchiveMode.SKIP))
    return time.perf_counter() - start, time.process_time() - cpu, ok, found


def run_sequential(links: list[str]) -> tuple[float, int]:
    import httpx

    from openwatch.core.quotes import quote_found
    from openwatch.fetch.page import read_page

    found = 0
    start = time.perf_counter()
    with httpx.Client(timeout=20.0) as client:
        for url in links:
            response = client.get(url)
            text = read_page(response.content, response.headers.get("content-type")).searchable or ""
            found += quote_found(QUOTE, text)
    return time.perf_counter() - start, found


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def main() -> None:
    if sys.argv[1:2] == ["--serve"]:
        asyncio.run(serve(int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])))
        return
    numbers = [arg for arg in sys.argv[1:] if not arg.startswith("--")]
    claims = int(numbers[0]) if numbers else 1000
    hosts = int(numbers[1]) if len(numbers) > 1 else 20
    delay_ms = float(numbers[2]) if len(numbers) > 2 else 50.0
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, __file__, "--serve", str(hosts), str(port), str(delay_ms / 1000)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert server.stdout is not None and server.stdout.readline().strip() == "ready"
        links = urls(claims, hosts, port)
        seconds, cpu, ok, found = run_verify(links)
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"verify: {claims} claims, {hosts} hosts, {delay_ms:g} ms a page, default limits (16 in all, 2 a host)")
        print(f"  {seconds:.2f} s ({claims / seconds:.0f} links/s; {cpu:.2f} s of CPU in this process), {ok} ok, "
              f"{found} quotes found; peak resident size {peak_mb:.0f} MB (goal: under 10 s and 150 MB)")
        load = os.getloadavg()[0]
        print(f"  load average {load:.1f} on {os.cpu_count()} cores while it ran (other work slows it)")
        if "--no-baseline" in sys.argv:
            return
        baseline, baseline_found = run_sequential(links)
        print(f"  sequential loop of the same requests: {baseline:.2f} s, {baseline_found} quotes found")
        print(f"  verify is {baseline / seconds:.1f}x the sequential loop")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(10)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
