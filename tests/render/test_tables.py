"""Tables at 80 columns: ids, dates and stances whole, no line too wide, text gives way in order."""

from __future__ import annotations

import io
import json
import os
import pty
import re
import struct
import subprocess
import sys

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rich.console import Console

from openwatch.core.claim import Stance
from openwatch.core.errors import InvalidValue
from openwatch.render.listing import Column, Listing, fit, role_of
from openwatch.render.plain import write_plain
from openwatch.render.safe import shorten_middle
from openwatch.render.tables import build_table
from tests.conftest import Cli

SGR = re.compile(r"\x1b\[[0-9;]*m")


def draw(listing: Listing, width: int, **options: object) -> list[str]:
    console = Console(width=width, record=True, file=io.StringIO(), color_system=None)
    console.print(build_table(listing, width, **options), crop=False, soft_wrap=True)  # type: ignore[arg-type]
    return console.export_text().splitlines()


def moves_listing(rows: int = 3) -> Listing:
    columns = [
        Column("Date", "date", "date"),
        Column("Company", "company"),
        Column("Model", "model_shown"),
        Column("From", "from_shown", "stance"),
        Column("To", "to_stance", "stance"),
        Column("Move", "direction", "move"),
        Column("Source", "source", shorten=True),
        Column("Claim", "claim_id", "id"),
    ]
    data = [
        {
            "date": "2025-07-14",
            "company": "Mistral AI",
            "model_shown": f"Mistral Large Instruct {n}",
            "from_shown": "weights-noncommercial",
            "to_stance": "weights-restricted",
            "direction": "opened",
            "source": "The New York Times, citing people familiar with the matter",
            "claim_id": f"0123456789abcd{n:02d}",
        }
        for n in range(rows)
    ]
    return Listing(columns, data)


def test_roles_are_read_from_the_columns() -> None:
    assert [role_of(c) for c in moves_listing().columns] == [
        "whole",
        "name",
        "name",
        "from",
        "whole",
        "whole",
        "source",
        "whole",
    ]
    assert role_of(Column("Quote", "quote", shorten=True)) == "quote"
    assert role_of(Column("Claims between", "between", "id", shorten=True)) == "text"
    assert role_of(Column("Quote", "x", role="whole")) == "whole"


def test_at_80_columns_whole_values_stay_whole_and_rows_take_two_lines() -> None:
    listing = moves_listing()
    lines = draw(listing, 80)
    assert max(map(len, lines)) <= 80
    text = "\n".join(lines)
    for row in listing.rows:
        for key in ("date", "from_shown", "to_stance", "direction", "claim_id"):
            assert str(row[key]) in text
    assert sum(1 for line in lines if line.startswith("  ")) == 1 + len(listing.rows)  # header and each row


def test_wide_never_cuts() -> None:
    listing = moves_listing()
    lines = draw(listing, 80, wide=True)
    assert max(map(len, lines)) > 80
    assert all(str(row["source"]) in "\n".join(lines) for row in listing.rows)
    assert not any("…" in line for line in lines)


def test_names_are_shortened_from_the_middle() -> None:
    assert shorten_middle("Llama 4 Behemoth", 10) == "Llama…moth"
    assert shorten_middle("Meta", 10) == "Meta"
    assert shorten_middle("模型模型模型", 5) == "模…型"
    listing = Listing(
        [
            Column("Date", "date", "date"),
            Column("Model", "model"),
            Column("Stance", "stance", "stance"),
            Column("Id", "id", "id"),
            Column("Quote", "quote", shorten=True),
        ],
        [
            {
                "date": "2025-07-14",
                "model": "Llama 4 Behemoth Preview Edition",
                "stance": "closed",
                "id": "sample-e53",
                "quote": "q " * 40,
            }
        ],
    )
    row = draw(listing, 60)[-1]
    assert "…" in row.split()[1] and row.split()[1].startswith("Llama")


def test_text_gives_way_in_order_quote_then_source() -> None:
    listing = Listing(
        [Column("Date", "date", "date"), Column("Source", "source"), Column("Quote", "quote", shorten=True)],
        [{"date": "2025-07-14", "source": "The New York Times", "quote": "word " * 40}],
    )
    row = draw(listing, 72)[-1]
    assert "The New York Times" in row and row.rstrip().endswith("…")
    narrow = draw(listing, 50)[-1]
    assert "2025-07-14" in narrow and "The New York Times" in narrow


def test_a_from_column_is_left_out_when_that_alone_fits_one_line_and_the_table_says_so() -> None:
    columns = [
        Column("Date", "date", "date"),
        Column("From", "from_stance", "stance"),
        Column("To", "to_stance", "stance"),
        Column("Claim", "claim_id", "id"),
    ]
    rows = [
        {
            "date": "2025-07-14",
            "from_stance": "weights-noncommercial",
            "to_stance": "weights-restricted",
            "claim_id": "sample-e53",
        }
    ]
    lines = draw(Listing(columns, rows), 55)
    assert "From" not in lines[0] and "weights-noncommercial" not in "\n".join(lines)
    assert lines[-1].startswith("Left out at 55 columns: From")
    assert not any(line.startswith("Left out") for line in draw(Listing(columns, rows), 80))


def test_columns_choose_and_order() -> None:
    lines = draw(moves_listing(), 80, columns=["claim", "DATE", "model"])
    assert lines[0].split() == ["Claim", "Date", "Model"]
    with pytest.raises(InvalidValue, match="no column 'quote'"):
        draw(moves_listing(), 80, columns=["quote"])


def test_plain_keeps_whole_values_and_takes_the_same_options() -> None:
    listing = Listing(
        [Column("Id", "id", "id"), Column("Quote", "quote", shorten=True)],
        [{"id": "sample-e53", "quote": "word " * 30}],
    )
    out = io.StringIO()
    write_plain(listing, out)
    assert "…" in out.getvalue()
    wide = io.StringIO()
    write_plain(listing, wide, wide=True)
    assert ("word " * 30).strip() in wide.getvalue()
    chosen = io.StringIO()
    write_plain(listing, chosen, columns=["id"])
    assert chosen.getvalue().split() == ["ID", "sample-e53"]


STANCES = [s.value for s in Stance]
word = st.text(alphabet=st.characters(codec="utf-8", categories=["L", "N"]), min_size=1, max_size=30)


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(
        st.fixed_dictionaries(
            {
                "company": word,
                "model": word,
                "source": st.lists(word, max_size=8).map(" ".join),
                "quote": st.lists(word, max_size=30).map(" ".join),
                "stance": st.sampled_from(STANCES),
            }
        ),
        min_size=1,
        max_size=4,
    ),
    width=st.sampled_from([80, 100, 120]),
)
# Trigram signs (U+2630...) are one column to unicodedata and two to a terminal: the table measures as rich draws.
@example(
    rows=[
        {
            "company": "☰☱☲☳" * 6,
            "model": "䷀䷁䷂" * 10,
            "source": "☴ ☵ ☶ ☷ " * 8,
            "quote": "䷃ " * 30,
            "stance": "closed",
        },
    ],
    width=80,
)
def test_no_line_is_wider_than_the_terminal_and_ids_stay_whole(rows: list[dict[str, str]], width: int) -> None:
    columns = [
        Column("Date", "date", "date"),
        Column("Company", "company"),
        Column("Model", "model"),
        Column("Stance", "stance", "stance"),
        Column("Source", "source", shorten=True),
        Column("Quote", "quote", shorten=True),
        Column("Id", "id", "id"),
    ]
    data = [{**row, "date": "2025-07-14", "id": f"{n:016x}"} for n, row in enumerate(rows)]
    lines = draw(Listing(columns, data), width)
    from rich.cells import cell_len  # the renderer's own measure of a terminal column

    assert max(cell_len(line) for line in lines) <= width
    text = "\n".join(lines)
    for row in data:
        assert row["id"] in text and row["stance"] in text


def test_fit_is_pure_and_keeps_whole_widths() -> None:
    columns = moves_listing().columns
    natural = [10, 10, 24, 21, 18, 6, 58, 16]
    layout = fit(columns, natural, 80)
    placed = dict(pair for line in layout.lines for pair in line)
    for index in (0, 3, 4, 5, 7):
        assert placed[index] == natural[index]
    assert layout.two_lines and layout.left_out == []


def on_terminal(args: list[str], width: int = 80) -> str:
    """openwatch with its output on a pseudo-terminal of ``width`` columns; the text it drew."""
    import fcntl
    import termios

    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 50, width, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color"}
    env.pop("COLUMNS", None)
    env.pop("NO_COLOR", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "openwatch", *args], stdin=terminal, stdout=terminal, stderr=subprocess.DEVNULL, env=env
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
    return SGR.sub("", b"".join(chunks).decode()).replace("\r\n", "\n")


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [
        ["timeline", "Meta"],
        ["changes"],
        ["gap"],
        ["status"],
        ["diff", "Meta", "--from", "2024"],
        ["search", "open"],
        ["companies"],
        ["models"],
    ],
    ids=" ".join,
)
def test_every_table_at_80_columns(sample: Cli, args: list[str]) -> None:
    drawn = on_terminal(args)
    lines = drawn.splitlines()
    assert lines and max(len(line) for line in lines) <= 80, drawn
    records = sample.json(*args)
    if isinstance(records, dict):
        records = [records]
    words = set(drawn.split())
    for record in json.loads(json.dumps(records)):
        for key in ("id", "claim_id", "date", "stance", "to_stance"):
            value = record.get(key)
            if isinstance(value, str) and value:
                assert value in drawn, f"{key} {value!r} cut or missing at 80 columns"
        if isinstance(record.get("stance"), str):
            assert record["stance"] in words or f"→{record['stance']}" in words


@pytest.mark.slow
def test_db_check_keeps_its_words_at_80_columns(sample: Cli) -> None:
    drawn = on_terminal(["db", "check"])
    assert max(len(line) for line in drawn.splitlines()) <= 80
    assert "its latest version matches it" in drawn
