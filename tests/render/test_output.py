"""Tables for people, plain text for pipes, JSON and CSV for machines."""

from __future__ import annotations

import csv
import io
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from openwatch.render.listing import Column, Listing
from openwatch.render.tables import build_table
from tests.conftest import Cli

LISTINGS = [
    ["timeline", "Meta"],
    ["companies"],
    ["models"],
    ["models", "Meta"],
    ["alias", "list"],
    ["search", "open"],
]


def run_on_terminal(args: list[str], env: dict[str, str]) -> bytes:
    """Run openwatch with its stdout on a pseudo-terminal; return what it drew."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "openwatch", *args],
        stdout=terminal,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "COLUMNS": "120", **env},
    )
    os.close(terminal)
    chunks = []
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    assert process.wait() == 0
    os.close(controller)
    return b"".join(chunks)


def test_a_terminal_gets_colour(sample: Cli) -> None:
    drawn = run_on_terminal(["timeline", "Meta"], {"TERM": "xterm-256color"})
    assert b"\x1b[" in drawn
    assert b"Llama 2" in drawn


@pytest.mark.parametrize("env", [{"NO_COLOR": "1", "TERM": "xterm-256color"}, {"TERM": "dumb"}], ids=str)
def test_no_color_and_dumb_terminals_get_no_escape_codes(sample: Cli, env: dict[str, str]) -> None:
    drawn = run_on_terminal(["timeline", "Meta"], env)
    assert b"\x1b" not in drawn
    assert b"Llama 2" in drawn


@pytest.mark.parametrize("args", LISTINGS, ids=" ".join)
def test_a_pipe_gets_plain_text(sample: Cli, args: list[str]) -> None:
    sample("alias", "add", "Facebook", "Meta")
    result = subprocess.run(
        [sys.executable, "-m", "openwatch", *args],
        capture_output=True,
        env={**os.environ, "TERM": "xterm-256color"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()
    assert b"\x1b" not in result.stdout + result.stderr


@pytest.mark.parametrize("args", LISTINGS, ids=" ".join)
def test_every_listing_speaks_json_and_csv(sample: Cli, args: list[str]) -> None:
    sample("alias", "add", "Facebook", "Meta")
    records = sample.json(*args)
    assert isinstance(records, list) and records
    table = list(csv.DictReader(io.StringIO(sample(*args, "--format", "csv").stdout)))
    assert len(table) == len(records)
    assert list(table[0]) == list(records[0])


@pytest.mark.parametrize(
    "args", [["timeline", "Meta", "--since", "2099"], ["search", "zzzzqx"], ["alias", "list"]], ids=" ".join
)
def test_an_empty_result_is_empty_output(sample: Cli, args: list[str]) -> None:
    assert sample.json(*args) == []
    assert sample(*args).stdout == ""


def _timeline_listing(sample: Cli) -> Listing:
    from openwatch.render import listings

    return listings.timeline("Meta: timeline", sample.json("timeline", "Meta"))


@pytest.mark.parametrize("width", [80, 100, 140])
def test_a_timeline_keeps_every_column_at_any_width(sample: Cli, width: int) -> None:
    listing = _timeline_listing(sample)
    console = Console(width=width, record=True, file=io.StringIO(), color_system=None)
    console.print(build_table(listing, width))
    lines = console.export_text().splitlines()
    rule = next(n for n, line in enumerate(lines) if line.startswith("─"))
    header = " ".join(lines[1:rule])  # one or two lines of headers under the title
    # The columns DESIGN.md names, and the id that show, edit and retract need.
    for name in ("Date", "Model", "Stance", "Move", "Kind", "Source", "Quote", "Id"):
        assert name in header.split(), f"{name} missing at {width} columns: {header!r}"
    assert max(len(line) for line in lines) <= width
    rows = [line for line in lines if line[:4].isdigit()]
    assert len(rows) == len(listing.rows)
    # Dates and ids are never cut; the quote is what gives way.
    assert all(row.split()[0] == record["date"] for row, record in zip(rows, listing.rows, strict=True))
    assert all(str(record["id"]) in row for row, record in zip(rows, listing.rows, strict=True))
    if width == 80:
        assert any("…" in line for line in lines)


def test_the_quote_gives_way_first() -> None:
    listing = Listing(
        [Column("Date", "date", "date"), Column("Source", "source"), Column("Quote", "quote", shorten=True)],
        [{"date": "2025-07-14", "source": "The New York Times", "quote": "word " * 40}],
    )
    console = Console(width=72, record=True, file=io.StringIO(), color_system=None)
    console.print(build_table(listing, 72))
    row = console.export_text().splitlines()[-1]
    assert "2025-07-14" in row and "The New York Times" in row and row.rstrip().endswith("…")


def test_markup_in_a_quote_is_shown_literally(sample: Cli, tmp_path: Path) -> None:
    sample(
        "add",
        "--company",
        "Meta",
        "--stance",
        "closed",
        "--date",
        "2025-01-01",
        "--source",
        "[red]x[/red]",
        "--quote",
        "[link=http://evil]click[/link] \x1b[31m",
    )
    listing = _timeline_listing(sample)
    console = Console(width=200, record=True, file=io.StringIO(), color_system=None)
    console.print(build_table(listing, 200))
    text = console.export_text()
    assert "[red]x[/red]" in text and "\\x1b" in text and "\x1b" not in text


@pytest.mark.parametrize(
    "args",
    [
        ["export", "--format", "jsonl"],
        ["diff", "Meta", "--from", "2024", "--format", "json"],
        ["timeline", "Meta"],
        ["status"],
    ],
    ids=" ".join,
)
def test_a_reader_that_goes_away_is_not_an_error(sample: Cli, args: list[str]) -> None:
    # ``openwatch export | head -1``: the reading end is closed before openwatch writes.
    reader, writer = os.pipe()
    os.close(reader)
    try:
        process = subprocess.run(
            [sys.executable, "-m", "openwatch", *args],
            stdout=writer,
            stderr=subprocess.PIPE,
            check=False,
        )
    finally:
        os.close(writer)
    assert process.returncode == 0, process.stderr
    assert process.stderr == b""
