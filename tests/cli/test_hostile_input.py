"""Hostile and odd input: property tests over every field of add, and over
what every output path makes of stored text.

Deterministic (derandomize=True), a few hundred examples per property; each
property shares one database across its examples to stay fast.
"""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import re
import select
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main
import typer.testing
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from openwatch.core.claim import name_key
from openwatch.core.licences import normalise_licence_name
from openwatch.exchange.writers import restore, write_csv, write_json
from openwatch.render.details import write_details
from openwatch.render.listing import Column, Listing
from openwatch.render.plain import MAX_PAD_WIDTH, write_plain
from openwatch.render.safe import cell_width, visible
from openwatch.render.tables import write_rich
from openwatch.store.claims import get_claim
from openwatch.store.db import open_database
from tests.conftest import Cli

pytestmark = pytest.mark.slow  # real subprocesses, or hypothesis over every field

PROPERTY = settings(
    derandomize=True,
    max_examples=250,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# What must never reach a terminal raw: C0 (but line feed), DEL, C1, bidirectional controls.
RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f" + BIDI + "]")
SGR = re.compile("\x1b\\[[0-9;]*m")

NASTY = [
    "'; DROP TABLE claims; --",
    "Robert'); DROP TABLE claims;--",
    "1 OR 1=1",
    "%",
    "_",
    "\\",
    '"',
    "''",
    "[red]alert[/red]",
    "[link=https://evil.example]click[/link]",
    "[bold",
    "[/]",
    ":smile:",
    "\x1b[31mred\x1b[0m",
    "\x1b]8;;https://evil.example\x07link\x1b]8;;\x07",
    "\x1b[2J\x1b[H",
    "\x9b31m",
    "abc\u202edcba",
    "\u2066isolate\u2069",
    "\x00nul",
    "\r\roverwrite",
    "tab\there",
    "line\nbreak",
    '=HYPERLINK("http://evil")',
    "+1",
    "-1",
    "@SUM(A1)",
    "混合模型开放",
    "e\u0301\u0301\u0301",
    "🦙🦙",
    "a" * 300,
    "  padded  ",
    "\u00a0",
    "\ufeffbom",
    "\udcff",
]

any_text = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=40)
hostile = st.one_of(st.sampled_from(NASTY), any_text, st.lists(st.sampled_from(NASTY), max_size=4).map("".join))


def no_raw_controls(text: str) -> bool:
    return RAW_CONTROL.search(text) is None


# --- add, through the real CLI -----------------------------------------------------------------


class FastCli:
    """The real CLI in-process, with the Typer app built once (building it is most of a run's cost)."""

    def __init__(self, db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        from openwatch.cli.app import build_app

        app = build_app([])  # every command
        command = typer.main.get_command(app)
        original = getattr(typer.testing, "_get_command")  # noqa: B009 - private, and mypy knows it
        monkeypatch.setattr(typer.testing, "_get_command", lambda a: command if a is app else original(a))
        self.app, self.db, self.runner = app, db, typer.testing.CliRunner()

    def __call__(self, *args: str, input: str | None = None) -> Any:
        argv = [args[0], "--db", str(self.db), *args[1:]]  # before any "--"
        return self.runner.invoke(self.app, argv, input=input, catch_exceptions=False)


@pytest.fixture
def fast(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FastCli:
    return FastCli(tmp_path / "hostile.db", monkeypatch)


FIELDS = ("company", "model", "source", "quote", "note", "license", "url", "stance", "kind", "date")


@PROPERTY
@given(values=st.fixed_dictionaries({name: hostile for name in FIELDS}), planned=st.booleans())
def test_any_value_of_any_add_field_is_stored_literally_or_refused_cleanly(
    fast: FastCli, values: dict[str, str], planned: bool
) -> None:
    # Mostly valid stances, kinds and dates, so most examples reach the store.
    values = {
        **values,
        "stance": values["stance"] if values["stance"] in NASTY[:3] else "open-weights",
        "kind": "reported" if len(values["kind"]) % 3 else values["kind"],
        "date": "2025-07-14" if len(values["date"]) % 4 else values["date"],
    }
    if len(values["url"]) % 2:
        values["url"] = "https://example.com/" + values["url"]
    # --new-name: any name is meant as typed, even one close to a name added before; --again: the
    # database outlives one example, and an example may repeat an earlier one's content.
    args = ["add", "--new-name", "--again"] + [a for name in FIELDS for a in (f"--{name}", values[name])]
    result = fast(*args, *(["--planned"] if planned else []))
    assert result.exit_code in (0, 2), (result.exit_code, result.stderr)  # never a traceback (would raise)
    if result.exit_code == 2:
        assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
        assert no_raw_controls(result.stderr)
        return
    claim_id = result.stdout.strip()
    with open_database(fast.db) as database:
        claim = get_claim(database.conn, claim_id)
    assert name_key(claim.company) == name_key(values["company"])
    assert claim.source == values["source"].strip()
    assert (claim.quote or "") == (values["quote"] if values["quote"].strip() else "")
    assert (claim.note or "") == (values["note"] if values["note"].strip() else "")
    # A licence the table knows is recorded under the table's name; any other exactly as given.
    assert (claim.license or "") == (normalise_licence_name(values["license"], claim.model).name or "")
    assert claim.planned is planned
    assert no_raw_controls(result.stderr)


def strings_in(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


@settings(PROPERTY, max_examples=100)
@given(text=hostile)
def test_stored_text_never_reaches_any_output_raw(fast: FastCli, text: str) -> None:
    """Add a claim whose every text field is ``text``; read it back in every format."""
    surrogate = any("\ud800" <= char <= "\udfff" for char in text)
    if not text.strip() or surrogate or "\x00" in text:  # refused, or not a possible argv
        return
    added = fast(
        "add",
        "--new-name",
        "--company",
        text,
        "--model",
        text,
        "--stance",
        "api",
        "--date",
        "2025",
        "--source",
        text,
        "--quote",
        text,
        "--note",
        text,
        "--license",
        text,
    )
    assert added.exit_code == 0, added.stderr
    claim_id = added.stdout.strip()
    for args in (
        ["show", claim_id],
        ["show", claim_id, "--format", "json"],
        ["history", claim_id],
        ["history", claim_id, "--format", "json"],
        ["timeline", "--", text],
        ["timeline", "-f", "json", "--", text],
        ["models"],
    ):
        result = fast(*args)
        assert result.exit_code == 0, (args, result.stderr)
        assert no_raw_controls(result.stdout), args
        assert "\x1b" not in result.stdout  # not a terminal: no escape codes at all
        if "json" in args:
            values = set(strings_in(json.loads(result.stdout)))
            assert text in values or text.strip() in values  # JSON carries the text exactly


# --- the renderers on their own ------------------------------------------------------------------


class Terminal(io.StringIO):
    """A StringIO that says it is a terminal, so rich draws in colour."""

    def isatty(self) -> bool:
        return True


def listing_of(texts: list[str]) -> Listing:
    rows = [{"text": t, "stance": "closed", "id": f"ID{n:03}"} for n, t in enumerate(texts)]
    return Listing([Column("Text", "text"), Column("Stance", "stance", "stance"), Column("Id", "id", "id")], rows)


@PROPERTY
@given(texts=st.lists(hostile, min_size=1, max_size=4))
def test_rich_tables_show_text_literally_and_escape_controls(texts: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "2000")
    out = Terminal()
    write_rich(listing_of(texts), out)
    drawn = out.getvalue()
    assert SGR.search(drawn), "a terminal gets colour: the test must see rich at work"
    assert no_raw_controls(SGR.sub("", drawn))
    for text in texts:
        if "[" in text and RAW_CONTROL.search(text) is None and "\n" not in text and len(text) < 200:
            assert text.strip() in SGR.sub("", drawn)  # markup is shown, not obeyed


def test_rich_shows_markup_literally() -> None:
    out = Terminal()
    write_rich(listing_of(["[red]alert[/red] [link=https://evil.example]click[/link]"]), out)
    assert "[red]alert[/red] [link=https://evil.example]click[/link]" in SGR.sub("", out.getvalue())
    assert "\x1b]8;" not in out.getvalue()  # no hyperlink was made


@PROPERTY
@given(texts=st.lists(hostile, min_size=1, max_size=5))
def test_plain_tables_have_no_escape_codes_and_stay_aligned(texts: list[str]) -> None:
    out = io.StringIO()
    write_plain(listing_of(texts), out)
    lines = out.getvalue().splitlines()
    assert no_raw_controls(out.getvalue()) and "\x1b" not in out.getvalue()
    assert len(lines) == len(texts) + 1  # one line per row: breaks never split a row
    # The Id column is last. No column is padded past MAX_PAD_WIDTH (a 10,000-character
    # name must not push every row right): rows within it align, a longer one starts later.
    narrow = [cell_width(visible(text)) <= MAX_PAD_WIDTH for text in texts]
    starts = [cell_width(line[: line.rindex("ID")]) for line in lines]
    aligned = {start for start, fits in zip(starts, [True, *narrow], strict=True) if fits}
    assert len(aligned) == 1
    assert all(start >= min(aligned) for start in starts)


@settings(PROPERTY, max_examples=300)
@given(
    texts=st.lists(
        st.text(alphabet=st.sampled_from("ab 混合模型開放한국어\u0301\u0308\u20dd"), max_size=12),
        min_size=2,
        max_size=6,
    )
)
def test_wide_and_combining_characters_keep_columns_aligned(texts: list[str]) -> None:
    """Terminal columns, counted the way a terminal counts them (wide = 2, combining = 0)."""

    def columns(text: str) -> int:
        return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) == "W" else 1 for c in text)

    out = io.StringIO()
    write_plain(listing_of(texts), out)
    lines = out.getvalue().splitlines()
    assert len({columns(line[: line.rindex("ID")]) for line in lines}) == 1
    assert len({columns(line[: line.index("closed" if n else "STANCE")]) for n, line in enumerate(lines)}) == 1


@PROPERTY
@given(record=st.fixed_dictionaries({"quote": hostile, "note": hostile, "source": hostile}))
def test_show_details_escape_controls(record: dict[str, str]) -> None:
    out = io.StringIO()
    write_details(
        {"id": "x", **record, "retracted_at": "2025-01-01T00:00:00Z", "retraction_reason": record["note"]}, out
    )
    assert no_raw_controls(out.getvalue())


@PROPERTY
@given(records=st.lists(st.fixed_dictionaries({"quote": hostile, "planned": st.booleans()}), max_size=4))
def test_json_output_round_trips_and_carries_no_raw_controls(records: list[dict[str, Any]]) -> None:
    out = io.StringIO()
    write_json(records, out)
    assert no_raw_controls(out.getvalue().replace("\n", ""))
    assert json.loads(out.getvalue()) == records


@PROPERTY
@given(cells=st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=20)), min_size=1, max_size=6))
def test_csv_cells_that_could_be_formulas_are_neutralised_reversibly(cells: list[str]) -> None:
    out = io.StringIO()
    write_csv(["c"], [{"c": cell} for cell in cells], out)
    rows = list(csv.reader(io.StringIO(out.getvalue(), newline="")))[1:]
    for cell, (written,) in zip(cells, rows, strict=True):
        assert not written.startswith(("=", "+", "-", "@", "\t", "\r"))
        assert restore(written) == cell.replace("\r\n", "\n") or restore(written) == cell


# --- through real processes: pipes, NO_COLOR, terminals, big quotes -------------------------------


HOSTILE_QUOTE = "[red]x[/red] \u202egnp.exe \x1b[2J\x1b]8;;https://evil.example\x07link \x9b31m 混合"


@pytest.fixture
def hostile_db(cli: Cli, db_path: Path) -> Path:
    cli(
        "add",
        "-c",
        "Meta",
        "-m",
        "Llama 混合",
        "-s",
        "open-weights",
        "-d",
        "2025-04-05",
        "--source",
        "[bold]Meta[/bold]",
        "--quote",
        HOSTILE_QUOTE,
    )
    return db_path


def run_on_terminal(args: list[str], env: dict[str, str]) -> str:
    """Run openwatch with stdout on a pseudo-terminal and return what it drew."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "openwatch", *args],
        stdout=follower,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **env, "COLUMNS": "200"},
    )
    os.close(follower)
    chunks = []
    while True:
        ready, _, _ = select.select([leader], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed when the process ended
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=30)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


def test_on_a_pipe_output_has_no_escape_codes_at_all(hostile_db: Path) -> None:
    claim = json.loads(
        subprocess.run(
            [sys.executable, "-m", "openwatch", "export", "-f", "json"], capture_output=True, text=True, check=True
        ).stdout
    )[0]
    assert claim["quote"] == HOSTILE_QUOTE
    for args in (["timeline", "Meta"], ["show", claim["id"]], ["history", claim["id"]], ["companies"]):
        done = subprocess.run([sys.executable, "-m", "openwatch", *args], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert "\x1b" not in done.stdout and no_raw_controls(done.stdout)
        if args[0] in ("timeline", "show"):
            assert "[red]x[/red] \\u202egnp.exe \\x1b[2J" in done.stdout  # markup literal, controls visible


def test_no_color_and_dumb_terminals_get_no_escape_codes(hostile_db: Path) -> None:
    coloured = run_on_terminal(["timeline", "Meta"], {"TERM": "xterm-256color", "NO_COLOR": ""})
    assert SGR.search(coloured), "on a colour terminal rich draws in colour (so the test can fail)"
    assert no_raw_controls(SGR.sub("", coloured).replace("\r", ""))
    assert "[red]x[/red]" in coloured and "\\x1b[2J" in coloured and "\\u202e" in coloured
    for env in ({"NO_COLOR": "1", "TERM": "xterm-256color"}, {"TERM": "dumb"}):
        drawn = run_on_terminal(["timeline", "Meta"], env)
        assert "Meta" in drawn or "META" in drawn.upper()
        assert "\x1b" not in drawn, env
        assert "[red]x[/red]" in drawn and "\\u202e" in drawn


def test_a_one_megabyte_quote_from_a_file_or_stdin(cli: Cli, tmp_path: Path) -> None:
    quote = ("Open models are the path forward; 開放模型是未來。 " * 30_000)[:1_000_000]
    quote_file = tmp_path / "quote.txt"
    quote_file.write_text(quote, encoding="utf-8")
    from_file = cli(
        "add",
        "-c",
        "Meta",
        "-s",
        "open-source",
        "-d",
        "2024-07-23",
        "--source",
        "Meta",
        "--quote-file",
        str(quote_file),
    ).stdout.strip()
    from_stdin = cli(
        "add",
        "-c",
        "Meta",
        "-s",
        "open-source",
        "-d",
        "2024-07-23",
        "--source",
        "Meta",
        "--quote",
        "-",
        "--again",
        input=quote,
    ).stdout.strip()  # the same content: --again
    for claim_id in (from_file, from_stdin):
        assert cli.json("show", claim_id)[0]["quote"] == quote
    lines = cli("timeline", "Meta").stdout.splitlines()
    assert max(cell_width(line) for line in lines) < 300  # the quote is shortened in a table
    cli("db", "check")


def test_a_percent_or_underscore_id_prefix_matches_literally(cli: Cli) -> None:
    cli("add", "-c", "Meta", "-s", "api", "-d", "2025", "--source", "s")
    assert "no claim" in cli("show", "%", code=1).stderr
    assert "no claim" in cli("show", "_", code=1).stderr


def test_sql_looking_text_leaves_the_schema_alone(cli: Cli) -> None:
    for text in NASTY[:4]:
        claim_id = cli(
            "add", "-c", text, "-s", "api", "-d", "2025", "--source", text, "--note", text, "--new-name"
        ).stdout.strip()
        shown = cli.json("show", claim_id)[0]
        assert shown["source"] == text.strip() and shown["note"] == text
    assert len(cli.json("export")) == 4
    cli("db", "check")


# --- import: every field of every row, CSV and JSONL ----------------------------------------------

IMPORT_FIELDS = (
    "id",
    "date",
    "company",
    "model",
    "stance",
    "kind",
    "planned",
    "source",
    "url",
    "quote",
    "license",
    "note",
)
TEXT_FIELDS = ("quote", "note")  # kept exactly; names, source and license are trimmed
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
json_value = st.one_of(
    hostile, hostile, hostile, st.none(), st.booleans(), st.integers(), st.lists(hostile, max_size=2)
)


VALID = {
    "id": None,
    "date": "2025-07-14",
    "stance": "open-weights",
    "kind": "reported",
    "planned": "false",
    "url": "https://example.com/claim",
}
SPOIL = st.sampled_from([None] * 3 * len(IMPORT_FIELDS) + list(IMPORT_FIELDS))
"""The field of a row left as hypothesis made it (a quarter of rows): the rest are made valid."""


def mostly_valid(row: dict[str, Any], number: int, spoil: str | None) -> dict[str, Any]:
    """Keep most rows importable, so most examples reach the store and the exports.

    Names, source, quote, license and note stay hostile text in every row;
    one field at most (``spoil``) keeps whatever hypothesis made.
    """
    fixed = dict(row)
    for name, value in row.items():
        if name == spoil:
            continue
        if name in VALID:
            fixed[name] = VALID[name] or f"row-{number}"
        elif not isinstance(value, str):
            fixed[name] = json.dumps(value)
        elif name in ("company", "source") and not value.strip():
            fixed[name] = "x" + value
    return fixed


class ImportRun:
    """One example: a fresh database, the file imported, and what every output made of it."""

    counter = 0

    def __init__(self, fast: FastCli, folder: Path) -> None:
        ImportRun.counter += 1
        self.fast = fast
        fast.db = folder / f"import-{ImportRun.counter}.db"
        self.folder = folder

    def check(self, file: Path, rows: list[dict[str, Any]], skip: bool, *, csv_file: bool) -> None:
        fast = self.fast
        result = fast("import", str(file), *(["--skip-invalid"] if skip else []))
        # Never a traceback (catch_exceptions=False would raise it here); an error is one line.
        assert result.exit_code in (0, 1, 2), (result.exit_code, result.stderr)
        assert no_raw_controls(result.stderr.replace("\n", ""))
        event(f"import exit {result.exit_code}")
        if result.exit_code:
            assert result.stderr.count("Error: ") == 1 and result.stderr.splitlines()[-1].startswith("Error: ")
            return
        if not fast.db.exists():  # every row was refused, with --skip-invalid: no database is made
            assert skip
            return
        exported = json.loads(fast("export", "-f", "json", "--include-retracted").stdout)
        by_id = {claim["id"]: claim for claim in exported}
        event("claims imported, shown and exported")
        ids = [str(row.get("id")).strip() for row in rows]
        if not skip:
            assert len(by_id) == len(set(ids)), "an import that succeeded without --skip-invalid took every row"
        for row, claim_id in zip(rows, ids, strict=True):
            if claim_id not in by_id or ids.count(claim_id) > 1:
                continue
            claim = by_id[claim_id]
            for name in TEXT_FIELDS:
                value = row.get(name)
                if isinstance(value, str) and value.strip():
                    wanted = value.replace("\r\n", "\n") if csv_file else value
                    assert claim[name] in (value, wanted), name  # stored literally, exported exactly
            assert name_key(claim["company"]) == name_key(row["company"])  # names are matched by their key
            if isinstance(row.get("source"), str):
                assert claim["source"] in (row["source"].strip(), row["source"].replace("\r\n", "\n").strip())
        # Tables (plain on a pipe) never carry a raw control character or an escape code.
        first = next(iter(by_id.values()))
        for args in (
            ["companies"],
            ["models"],
            ["show", first["id"]],
            ["history", first["id"]],
            ["timeline", "--", first["company"]],
        ):
            shown = fast(*args)
            assert shown.exit_code == 0, (args, shown.stderr)
            assert no_raw_controls(shown.stdout) and "\x1b" not in shown.stdout, args
        # CSV export: no cell a spreadsheet would run; reading it back (and JSONL) changes nothing.
        sheet = self.folder / f"export-{ImportRun.counter}.csv"
        fast("export", "-o", str(sheet), "--include-retracted")
        with sheet.open(encoding="utf-8-sig", newline="") as handle:
            for cells in csv.reader(handle):
                assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)], cells
        lines = self.folder / f"export-{ImportRun.counter}.jsonl"
        fast("export", "-o", str(lines), "--include-retracted")
        for again in (sheet, lines):
            reread = fast("import", str(again))
            assert reread.exit_code == 0, reread.stderr
            assert reread.stderr.startswith("0 added, 0 updated"), (again.suffix, reread.stderr)


row_strategy = st.fixed_dictionaries({name: hostile for name in IMPORT_FIELDS})


@settings(PROPERTY, max_examples=120)
@given(rows=st.lists(st.tuples(row_strategy, SPOIL), min_size=1, max_size=6), skip=st.booleans())
def test_any_csv_row_is_imported_literally_or_refused_cleanly(
    fast: FastCli, tmp_path: Path, rows: list[tuple[dict[str, str], str | None]], skip: bool
) -> None:
    records = [mostly_valid(row, number, spoil) for number, (row, spoil) in enumerate(rows)]
    sheet = tmp_path / "hostile.csv"
    # Written as export writes (formula cells neutralised); lone surrogates become bytes that are not UTF-8.
    with sheet.open("w", encoding="utf-8", errors="surrogateescape", newline="") as out:
        try:
            write_csv(list(IMPORT_FIELDS), records, out)
        except UnicodeEncodeError:  # a surrogate outside U+DC80..U+DCFF: no bytes to write it as
            return
    ImportRun(fast, tmp_path).check(sheet, records, skip, csv_file=True)


@settings(PROPERTY, max_examples=120)
@given(
    rows=st.lists(
        st.tuples(
            st.fixed_dictionaries({name: json_value for name in IMPORT_FIELDS}),
            st.dictionaries(hostile, json_value, max_size=1),
            SPOIL,
        ),
        min_size=1,
        max_size=6,
    ),
    skip=st.booleans(),
)
def test_any_jsonl_record_is_imported_literally_or_refused_cleanly(
    fast: FastCli, tmp_path: Path, rows: list[tuple[dict[str, Any], dict[str, Any], str | None]], skip: bool
) -> None:
    # A key of any name (an unknown field, or an alias record's) now and then, beside the claim's own.
    records = [
        {**(extra if spoil else {}), **mostly_valid(row, number, spoil)}
        for number, (row, extra, spoil) in enumerate(rows)
    ]
    lines = tmp_path / "hostile.jsonl"
    lines.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    ImportRun(fast, tmp_path).check(lines, records, skip, csv_file=False)
