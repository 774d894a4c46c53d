"""Files built to break the reader: each is one clear refusal naming the record, never a traceback."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openwatch.core.errors import OpenwatchError
from openwatch.core.merge import Problem
from openwatch.exchange.readers import read_records
from openwatch.exchange.reading import MAX_RECORD_CHARS, read_bounded_text
from openwatch.exchange.writers import neutralise, restore, write_csv
from tests.conftest import Cli

DRIVERS = Path(__file__).resolve().parent.parent / "store" / "drivers"
GOOD = '{"date": "2025-07-14", "company": "Meta", "stance": "closed", "source": "NYT"}'


def _rows(text: str, fmt: str) -> list[tuple[str, Any]]:
    return list(read_records(io.StringIO(text), fmt, "in"))


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("NaN", "NaN"),
        ("Infinity", "Infinity"),
        ("-Infinity", "-Infinity"),
        ("1e400", "too large"),
        ("9" * 5000, "5,000 digits"),
    ],
)
@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_numbers_json_cannot_mean_are_refused_naming_the_record(value: str, reason: str, fmt: str) -> None:
    bad = GOOD[:-1] + f', "note": {value}}}'
    text = f"[{GOOD},\n{bad}]" if fmt == "json" else f"{GOOD}\n{bad}\n"
    rows = _rows(text, fmt)
    assert isinstance(rows[0][1], dict)
    problem = rows[1][1]
    assert isinstance(problem, Problem)
    assert problem.location == ("in, record 2" if fmt == "json" else "in, line 2")
    assert problem.field == "note"
    assert reason in problem.message


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_a_key_given_twice_is_refused(fmt: str) -> None:
    bad = GOOD[:-1] + ', "stance": "open-weights"}'
    text = f"[{bad}]" if fmt == "json" else bad + "\n"
    ((_where, problem),) = _rows(text, fmt)
    assert isinstance(problem, Problem)
    assert problem.field == "stance"
    assert "more than once" in problem.message


def test_deep_nesting_in_json_is_one_error() -> None:
    with pytest.raises(OpenwatchError, match="record 1 nests too deeply"):
        _rows("[" + "[" * 100_000 + "]" * 100_000 + "]", "json")


def test_deep_nesting_in_jsonl_is_a_bad_line() -> None:
    ((_where, problem),) = _rows("[" * 100_000 + "]" * 100_000 + "\n", "jsonl")
    assert isinstance(problem, Problem) and "nests too deeply" in problem.message


def test_the_json_list_is_read_one_record_at_a_time() -> None:
    text = "[" + ",".join([GOOD] * 5000) + "]"
    rows = _rows(text, "json")
    assert len(rows) == 5000 and rows[-1][0] == "in, record 5000"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "ends too early"),
        ("[" + GOOD, "ends too early"),
        ("[" + GOOD + ",]", "Expecting value"),
        ("[" + GOOD + "] x", "Extra data"),
        ("{" + GOOD[1:], "holds a JSON object"),
        ("[" + GOOD + "\n" + GOOD + "]", "line 2"),
    ],
)
def test_broken_json_lists_say_where(text: str, message: str) -> None:
    with pytest.raises(OpenwatchError, match=message):
        _rows(text, "json")


def test_a_record_longer_than_the_limit_is_refused_as_soon_as_it_is() -> None:
    huge = '[{"quote": "' + "x" * (MAX_RECORD_CHARS + 10)
    with pytest.raises(OpenwatchError, match="record 1 is longer than the limit"):
        _rows(huge, "json")


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_a_line_longer_than_the_limit_is_refused(fmt: str) -> None:
    header = "date,company,stance,source\n" if fmt == "csv" else ""
    with pytest.raises(OpenwatchError, match=r"line .*longer than the limit"):
        _rows(header + "x" * (MAX_RECORD_CHARS + 10), fmt)


def test_a_hundred_thousand_unknown_columns_make_a_short_error() -> None:
    header = ",".join(["date", "company", "stance", "source"] + [f"extra{n}" for n in range(100_000)])
    with pytest.raises(OpenwatchError) as caught:
        _rows(header + "\n", "csv")
    message = caught.value.message
    assert len(message) < 600, len(message)
    assert "'extra0'" in message and "100,000 in all" in message


def test_read_bounded_text_refuses_a_file_without_end(tmp_path: Path) -> None:
    from openwatch.core.errors import InvalidValue

    with pytest.raises(InvalidValue, match="longer than the limit of 1,000"):
        read_bounded_text("/dev/zero", "quote", limit=1_000)
    path = tmp_path / "quote.txt"
    path.write_text("\ufeffQuoted words\n", encoding="utf-8")
    assert read_bounded_text(path, "quote") == "Quoted words\n"
    path.write_bytes(b"\xff\xfe")
    with pytest.raises(InvalidValue, match="not UTF-8"):
        read_bounded_text(path, "quote")


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["csv", "jsonl", "json"])
def test_importing_dev_zero_is_refused_with_little_memory(python: str, db_path: Path, fmt: str) -> None:
    done = subprocess.run(
        [python, str(DRIVERS / "peak_memory.py"), "import", "/dev/zero", "--format", fmt, "--db", str(db_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "longer than the limit" in done.stderr
    peak_kb = int(done.stderr.rsplit("peak-rss-kb ", 1)[1])
    assert peak_kb < 100 * 1024, f"peak memory {peak_kb // 1024} MB"


@pytest.mark.parametrize(
    "cell",
    [" =1+1", "\u00a0=1+1", "\u3000=1+1", "\u200b=1+1", "\ufeff=1+1", "＝1+1", "﹦1+1", " \u200b +1", "\t=1"],
)
def test_formulas_behind_spaces_and_look_alikes_are_neutralised(cell: str) -> None:
    assert neutralise(cell).startswith("'")
    assert restore(neutralise(cell)) == cell


@pytest.mark.parametrize("cell", ["a = b", "Meta", " hello", "", "'quoted"])
def test_neutralise_is_reversible(cell: str) -> None:
    assert restore(neutralise(cell)) == cell


@pytest.mark.parametrize("field", ["updated_at", "recorded_at", "retracted_at"])
def test_an_imported_time_in_the_future_is_refused_naming_the_row(sample: Cli, tmp_path: Path, field: str) -> None:
    record = json.loads(GOOD)
    record[field] = "9999-12-31T00:00:00.000000Z"
    if field == "retracted_at":
        record["retraction_reason"] = "x"
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(json.loads(GOOD)) + "\n" + json.dumps(record) + "\n")
    before = sample.json("export")
    result = sample("import", str(path), code=1)
    assert "line 2" in result.stderr and field in result.stderr and "future" in result.stderr
    assert sample.json("export") == before


def test_a_future_updated_at_cannot_revert_local_edits(sample: Cli, tmp_path: Path) -> None:
    claim = sample.json("export")[0]
    exported = dict(claim, updated_at="9999-12-31T00:00:00.000000Z", note="from the file")
    path = tmp_path / "in.json"
    path.write_text(json.dumps([exported]))
    sample("import", str(path), code=1)
    assert sample.json("export")[0]["note"] == claim["note"]


def test_a_time_within_a_day_of_now_is_accepted() -> None:
    from datetime import UTC, datetime, timedelta

    from openwatch.core.dates import format_timestamp
    from openwatch.core.fast_records import FastRecords
    from openwatch.core.records import record_to_claim

    now = datetime(2026, 11, 26, 12, tzinfo=UTC)
    record = dict(json.loads(GOOD), recorded_at=format_timestamp(now + timedelta(hours=20)))
    assert record_to_claim(record, now=now, today=now.date()).recorded_at == now + timedelta(hours=20)
    assert FastRecords(now=now, today=now.date()).values(record) is not None
    record["recorded_at"] = format_timestamp(now + timedelta(days=2))
    assert FastRecords(now=now, today=now.date()).values(record) is None  # the general path refuses it


HIDERS = " \u00a0\u3000\u200b\ufeff\u2060\u200e\t\r\n"
FORMULA = "=+-@＝﹦＋－＠"
CELLS = st.text(st.sampled_from(list(HIDERS + FORMULA + "'aZ1(\"")), max_size=8)


@settings(derandomize=True, max_examples=400, deadline=None)
@given(cells=st.lists(CELLS, min_size=1, max_size=5))
def test_no_formula_hides_behind_spaces_or_look_alikes_in_a_written_csv(cells: list[str]) -> None:
    out = io.StringIO()
    write_csv(["c"], [{"c": cell} for cell in cells], out)
    rows = list(csv.reader(io.StringIO(out.getvalue(), newline="")))[1:]
    for cell, (written,) in zip(cells, rows, strict=True):
        assert restore(written) == cell
        if not written.startswith("'"):
            assert not written.lstrip(HIDERS).startswith(tuple(FORMULA)), repr(written)
