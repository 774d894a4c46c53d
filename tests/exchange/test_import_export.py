"""Import and export: round trips, idempotence, merging, bad files, safe CSV."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

BASE: dict[str, Any] = {
    "id": "c1",
    "date": "2025-07-14",
    "company": "Meta",
    "model": "Llama 4 Behemoth",
    "stance": "closed",
    "kind": "reported",
    "planned": True,
    "due": None,
    "source": "Le Monde",
    "url": "https://example.org/a",
    "quote": "un « mélange » de modèles ouverts et fermés — 开源",
    "license": None,
    "note": None,
    "recorded_at": "2025-07-15T08:00:00.000000Z",
    "recorded_by": "Ada",
    "updated_at": "2025-07-15T08:00:00.000000Z",
    "retracted_at": None,
    "retraction_reason": None,
}


def claim(**changes: Any) -> dict[str, Any]:
    return {**BASE, **changes}


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def exported(cli: Any, *args: str) -> bytes:
    return bytes(cli("export", *args).stdout_bytes)


def count(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM claims").fetchone()[0])


# --- round trips -----------------------------------------------------------------


def test_jsonl_round_trip_is_byte_identical_with_aliases_and_retractions(sample: Any, tmp_path: Path) -> None:
    sample("alias", "add", "Facebook", "Meta")
    sample("alias", "add", "L4B", "Llama 4 Behemoth", "--company", "Meta")
    sample(
        "import",
        str(
            write_jsonl(
                tmp_path / "extra.jsonl",
                [
                    claim(
                        id="zz-retracted",
                        retracted_at="2025-08-01T00:00:00.000000Z",
                        retraction_reason="wrong date",
                        updated_at="2025-08-01T00:00:00.000000Z",
                    ),
                ],
            )
        ),
    )
    first = exported(sample, "--format", "jsonl", "--include-retracted")
    lines = first.decode().splitlines()
    assert json.loads(lines[-2]) == {"alias": "Facebook", "company": "Meta", "model": None}
    assert json.loads(lines[-1]) == {"alias": "L4B", "company": "Meta", "model": "Llama 4 Behemoth"}
    claims = [json.loads(line) for line in lines[:-2]]
    assert [(c["date"], c["id"]) for c in claims] == sorted((c["date"], c["id"]) for c in claims)
    assert list(claims[0]) == list(BASE)

    (tmp_path / "claims.jsonl").write_bytes(first)
    other = tmp_path / "other.db"
    result = sample("import", str(tmp_path / "claims.jsonl"), "--db", str(other))
    assert "62 added, 0 updated, 0 unchanged, 2 aliases added" in result.stderr
    assert exported(sample, "--format", "jsonl", "--include-retracted", "--db", str(other)) == first
    names = sample.json("alias", "list", "--db", str(other))
    assert {a["alias"] for a in names} == {"Facebook", "L4B"}


@pytest.mark.parametrize("suffix", ["jsonl", "csv"])
def test_due_and_recorded_by_travel_through_export_and_import(cli: Any, tmp_path: Path, suffix: str) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", [claim(due="2026-02", recorded_by="Ada Lovelace")])
    cli("import", str(source))
    out = tmp_path / f"out.{suffix}"
    cli("export", "-o", str(out))
    other = tmp_path / "other.db"
    cli("import", str(out), "--db", str(other))
    [record] = cli.json("export", "--db", str(other))
    assert (record["due"], record["recorded_by"]) == ("2026-02", "Ada Lovelace")


def test_a_bad_due_date_is_a_bad_row(cli: Any, tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", [claim(due="soon")])
    result = cli("import", str(source), code=1)
    assert "due" in result.stderr


def test_csv_raw_round_trip_is_byte_identical(sample: Any, tmp_path: Path) -> None:
    sample(
        "import",
        str(
            write_jsonl(
                tmp_path / "odd.jsonl",
                [
                    claim(id="odd", quote='=SUM(A1)\r\nline two, "quoted"', note="'apostrophe", license="-x"),
                ],
            )
        ),
    )
    first = exported(sample, "--raw")
    assert not first.startswith("\ufeff".encode())
    (tmp_path / "claims.csv").write_bytes(first)
    other = tmp_path / "other.db"
    sample("import", str(tmp_path / "claims.csv"), "--raw", "--db", str(other))
    assert exported(sample, "--raw", "--db", str(other)) == first


def test_export_orders_by_date_then_id_not_by_kind(cli: Any, tmp_path: Path) -> None:
    cli(
        "import",
        str(
            write_jsonl(
                tmp_path / "a.jsonl",
                [
                    claim(id="b", kind="reported"),
                    claim(id="a", kind="observed", url="https://example.org/b"),
                    claim(id="c", date="2025-07"),
                    claim(id="d", date="2025"),
                ],
            )
        ),
    )
    rows = [json.loads(line) for line in exported(cli, "--format", "jsonl").decode().splitlines()]
    assert [r["id"] for r in rows] == ["d", "c", "a", "b"]


# --- idempotence and merging --------------------------------------------------------


def test_a_spreadsheet_with_only_the_required_columns_imports_once(cli: Any, tmp_path: Path, db_path: Path) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        "Date,COMPANY,Stance, source \n"
        "2025-07-14,Meta,closed,NYT\n"
        "2025-07-14,meta,mixed,TechCrunch\n"
        "2025-07-14,META,closed,NYT\n",  # repeats the first row: counts once
        encoding="utf-8",
    )
    first = cli("import", str(sheet))
    assert "2 added, 0 updated, 0 unchanged" in first.stderr
    second = cli("import", str(sheet))
    assert "0 added, 0 updated, 2 unchanged" in second.stderr
    assert count(db_path) == 2
    claims = cli.json("timeline", "Meta")
    assert {c["company"] for c in claims} == {"Meta"}


def test_rows_without_ids_match_through_aliases(sample: Any, tmp_path: Path) -> None:
    before = sample.json("show", "sample-e53")[0]
    sample("alias", "add", "Facebook", before["company"])
    sheet = tmp_path / "sheet.csv"
    fields = ["date", "company", "model", "stance", "kind", "source", "url", "quote"]
    with sheet.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(fields)
        writer.writerow([before[f] if f != "company" else "facebook" for f in fields])
    result = sample("import", str(sheet))
    assert "0 added, 0 updated, 1 unchanged" in result.stderr


def test_the_later_version_wins_and_history_is_kept(cli: Any, tmp_path: Path) -> None:
    cli("import", str(write_jsonl(tmp_path / "v1.jsonl", [claim()])))
    newer = claim(stance="mixed", updated_at="2025-09-01T00:00:00.000000Z")
    result = cli("import", str(write_jsonl(tmp_path / "v2.jsonl", [newer])))
    assert "0 added, 1 updated, 0 unchanged" in result.stderr
    assert cli.json("show", "c1")[0]["stance"] == "mixed"
    # An older version is left alone, an equal one too.
    result = cli("import", str(tmp_path / "v1.jsonl"))
    assert "0 added, 0 updated, 1 unchanged" in result.stderr
    assert cli.json("show", "c1")[0]["stance"] == "mixed"
    with sqlite3.connect(tmp_path / "data" / "openwatch.db") as conn:
        stances = [
            json.loads(d)["stance"]
            for (d,) in conn.execute("SELECT data FROM claim_versions WHERE claim_id = 'c1' ORDER BY id")
        ]
    assert stances == ["closed", "mixed"]


def test_same_time_different_content_is_reported_not_chosen(cli: Any, tmp_path: Path) -> None:
    cli("import", str(write_jsonl(tmp_path / "mine.jsonl", [claim()])))
    theirs = write_jsonl(tmp_path / "theirs.jsonl", [claim(stance="open-weights")])
    result = cli("import", str(theirs), code=1)
    assert "theirs.jsonl, line 1, updated_at: claim c1 has another version with the same updated_at" in result.stderr
    assert cli.json("show", "c1")[0]["stance"] == "closed"


def test_a_repeated_claim_in_one_file_counts_once_and_the_later_wins(cli: Any, tmp_path: Path) -> None:
    later = claim(stance="mixed", updated_at="2025-09-01T00:00:00.000000Z")
    result = cli("import", str(write_jsonl(tmp_path / "a.jsonl", [claim(), claim(), later])))
    assert "1 added, 0 updated, 0 unchanged" in result.stderr
    assert cli.json("show", "c1")[0]["stance"] == "mixed"


# --- all or nothing ---------------------------------------------------------------


def test_every_bad_row_is_reported_and_nothing_is_written(cli: Any, tmp_path: Path, db_path: Path) -> None:
    sheet = tmp_path / "bad.csv"
    sheet.write_text(
        "date,company,stance,source,url\n"
        "2025-07-14,Meta,closed,NYT,\n"
        "14/07/2025,Meta,closed,NYT,\n"
        "2025-07-14,Meta,shut,NYT,\n"
        "2025-07-14,Meta,closed,NYT,ftp://x\n"
        "99999-01-01,Meta,closed,NYT,\n"
        "2025-07-14,Meta,closed\n",
        encoding="utf-8",
    )
    result = cli("import", str(sheet), code=1)
    err = result.stderr
    assert "bad.csv, line 3, date:" in err
    assert "bad.csv, line 4, stance: unknown stance 'shut'" in err
    assert "bad.csv, line 5, url:" in err
    assert "bad.csv, line 6, date: '99999-01-01' is not a date" in err
    assert "bad.csv, line 7: has 3 cells, the header has 5" in err
    assert "Error: 5 invalid rows in" in err and "nothing was imported" in err
    assert not db_path.exists()  # nothing written, not even a new, empty database


def test_the_list_of_bad_rows_stops_at_twenty(cli: Any, tmp_path: Path) -> None:
    sheet = tmp_path / "bad.csv"
    sheet.write_text("date,company,stance,source\n" + "2025-07-14,Meta,shut,NYT\n" * 25, encoding="utf-8")
    err = cli("import", str(sheet), code=1).stderr
    assert err.count("stance: unknown stance") == 20
    assert "... and 5 more" in err


def test_skip_invalid_imports_the_good_rows(cli: Any, tmp_path: Path, db_path: Path) -> None:
    sheet = tmp_path / "mixed.csv"
    sheet.write_text(
        "date,company,stance,source\n2025-07-14,Meta,closed,NYT\n2025-07-14,Meta,shut,NYT\n", encoding="utf-8"
    )
    result = cli("import", str(sheet), "--skip-invalid")
    assert "line 3, stance" in result.stderr
    assert "1 added, 0 updated, 0 unchanged; 1 invalid row skipped" in result.stderr
    assert count(db_path) == 1


def test_dry_run_writes_nothing(cli: Any, tmp_path: Path, db_path: Path) -> None:
    data = write_jsonl(tmp_path / "a.jsonl", [claim(), claim(id="c2", url="https://example.org/c2")])
    result = cli("import", str(data), "--dry-run")
    assert "Dry run: 2 added, 0 updated, 0 unchanged (nothing written)" in result.stderr
    assert not db_path.exists()
    cli("import", str(data))
    newer = write_jsonl(tmp_path / "b.jsonl", [claim(stance="api", updated_at="2026-01-01T00:00:00Z")])
    result = cli("import", str(newer), "--dry-run")
    assert "Dry run: 0 added, 1 updated, 0 unchanged" in result.stderr
    assert cli.json("show", "c1")[0]["stance"] == "closed"


# --- bad files --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "latin1.csv",
            "date,company,stance,source\n2025-07-14,Soci\xe9t\xe9,closed,NYT\n".encode("latin-1"),
            "is not UTF-8 text",
        ),
        (
            "cut.csv",
            b'date,company,stance,source,quote\n2025-07-14,Meta,closed,NYT,"never closed\n',
            "cannot read the CSV",
        ),
        ("missing.csv", b"date,company,source\n2025-07-14,Meta,NYT\n", "missing required column(s) stance"),
        ("unknown.csv", b"date,company,stance,source,Colour,size\n", "unknown column(s) 'Colour', 'size'"),
        ("cut.json", b'[{"date": "2025-07-14", "company": "Meta"', "is not valid JSON"),
        ("object.json", b'{"date": "2025-07-14"}', "not a list of claim objects"),
        ("empty.csv", b"", "is empty"),
    ],
)
def test_bad_files_get_one_clear_message(
    cli: Any, tmp_path: Path, db_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = cli("import", str(path), code=1)
    assert message in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert not db_path.exists() or count(db_path) == 0


def test_a_truncated_jsonl_line_is_reported_with_its_number(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "cut.jsonl"
    path.write_text(json.dumps(claim()) + "\n" + json.dumps(claim(id="c2"))[:40], encoding="utf-8")
    err = cli("import", str(path), code=1).stderr
    assert "cut.jsonl, line 2: is not valid JSON" in err


def test_unknown_json_fields_are_named(cli: Any, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [{**claim(), "move": "opened"}])
    assert "a.jsonl, line 1, move: unknown field(s) move" in cli("import", str(path), code=1).stderr


def test_json_and_stdin(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps([claim()]), encoding="utf-8")
    assert "1 added" in cli("import", str(path)).stderr
    piped = json.dumps(claim(id="c2", url="https://example.org/2")) + "\n"
    assert "1 added" in cli("import", "-", input=piped).stderr
    assert (
        "1 added"
        in cli(
            "import",
            "-",
            "--format",
            "csv",
            input="date,company,stance,source\n2025-01-01,Mistral AI,open-weights,blog\n",
        ).stderr
    )


# --- safe CSV, unicode, large fields ----------------------------------------------------


def test_formula_cells_are_neutralised_and_restored_exactly(cli: Any, tmp_path: Path) -> None:
    tricky = ["=1+2", "+33 1 23", "-5", "@SUM(A1)", "\tindented", "'quoted", "''two", "plain « texte » 中文"]
    cli(
        "import",
        str(
            write_jsonl(
                tmp_path / "a.jsonl",
                [
                    claim(id=f"t{n}", url=f"https://example.org/{n}", quote=text, note=text)
                    for n, text in enumerate(tricky)
                ],
            )
        ),
    )
    cli("export", "-o", str(tmp_path / "sheet.csv"))
    data = (tmp_path / "sheet.csv").read_bytes()
    assert data.startswith("\ufeff".encode())
    assert not exported(cli).startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    shown = {r["id"]: r["quote"] for r in rows}
    assert shown["t0"] == "'=1+2" and shown["t5"] == "''quoted" and shown["t7"] == "plain « texte » 中文"
    other = tmp_path / "other.db"
    cli("import", str(tmp_path / "sheet.csv"), "--db", str(other))
    back = {c["id"]: c for c in json.loads(cli("export", "--format", "json", "--db", str(other)).stdout)}
    assert [back[f"t{n}"]["quote"] for n in range(len(tricky))] == tricky
    assert [back[f"t{n}"]["note"] for n in range(len(tricky))] == tricky


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "json"])
def test_a_one_megabyte_quote_survives(cli: Any, tmp_path: Path, fmt: str) -> None:
    big = ("Ελληνικά « é » 开源 " * 60_000)[:1_000_000]
    cli("import", str(write_jsonl(tmp_path / "a.jsonl", [claim(quote=big)])))
    path = tmp_path / f"out.{fmt}"
    cli("export", "-o", str(path))
    other = tmp_path / "other.db"
    cli("import", str(path), "--db", str(other))
    assert cli.json("show", "c1", "--db", str(other))[0]["quote"] == big


def test_a_field_over_the_limit_is_refused(cli: Any, tmp_path: Path) -> None:
    from openwatch.core.validate import MAX_FIELD_CHARS

    huge = "x" * (MAX_FIELD_CHARS + 1)
    err = cli("import", str(write_jsonl(tmp_path / "a.jsonl", [claim(quote=huge)])), code=1).stderr
    assert "quote is 10,000,001 characters long; the limit is 10,000,000" in err
    sheet = tmp_path / "a.csv"
    sheet.write_text(f"date,company,stance,source,quote\n2025-01-01,Meta,closed,NYT,{huge}\n", encoding="utf-8")
    assert "a.csv, line 2, quote: quote is 10,000,001 characters long" in cli("import", str(sheet), code=1).stderr
    sheet.write_text(f"date,company,stance,source,quote\n2025-01-01,Meta,closed,NYT,{huge}xx\n", encoding="utf-8")
    assert "longer than the limit of 10,000,000 characters" in cli("import", str(sheet), code=1).stderr


# --- the property: any text survives every format ---------------------------------------

TEXT = st.text(st.characters(codec="utf-8"), min_size=1, max_size=40)


@settings(max_examples=25, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@pytest.mark.slow
@given(quote=TEXT, note=TEXT, source=TEXT, model=TEXT)
def test_any_text_round_trips_exactly(cli: Any, tmp_path: Path, quote: str, note: str, source: str, model: str) -> None:
    from hypothesis import assume

    assume(source.strip() and model.strip())
    folder = Path(__import__("tempfile").mkdtemp(dir=tmp_path))
    record = claim(quote=quote, note=note, source=source.strip(), model=model)
    start = folder / "start.db"
    cli("import", str(write_jsonl(folder / "in.jsonl", [record])), "--db", str(start))
    for fmt, extra in (("jsonl", ()), ("csv", ("--raw",)), ("csv", ())):
        first = exported(cli, "--format", fmt, *extra, "--db", str(start))
        (folder / f"x.{fmt}").write_bytes(first)
        other = folder / f"{fmt}{len(extra)}.db"
        cli("import", str(folder / f"x.{fmt}"), *extra, "--db", str(other))
        assert exported(cli, "--format", fmt, *extra, "--db", str(other)) == first


def test_a_malformed_url_is_a_bad_row_not_a_crash(cli: Any, tmp_path: Path) -> None:
    sheet = tmp_path / "a.csv"
    sheet.write_text("date,company,stance,source,url\n2025-01-01,Meta,closed,NYT,http://[::1\n", encoding="utf-8")
    err = cli("import", str(sheet), code=1).stderr
    assert "a.csv, line 2, url: url must be an http:// or https:// address" in err


def test_repeats_across_batches_are_matched(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, db_path: Path
) -> None:
    monkeypatch.setattr("openwatch.store.bulk.BATCH", 2)
    later = claim(stance="mixed", updated_at="2025-09-01T00:00:00.000000Z")
    others = [claim(id=f"o{n}", url=f"https://example.org/o{n}") for n in range(5)]
    rows = [claim(), *others[:3], claim(), later, *others[3:], later]
    result = cli("import", str(write_jsonl(tmp_path / "a.jsonl", rows)))
    assert "6 added, 0 updated, 0 unchanged" in result.stderr
    assert cli.json("show", "c1")[0]["stance"] == "mixed"
    assert count(db_path) == 6
    sheet = tmp_path / "s.csv"
    sheet.write_text(
        "date,company,stance,source\n" + "2025-01-01,Meta,api,X\n2025-01-02,Meta,api,X\n" * 3, encoding="utf-8"
    )
    assert "2 added, 0 updated, 0 unchanged" in cli("import", str(sheet)).stderr
    assert "0 added, 0 updated, 2 unchanged" in cli("import", str(sheet)).stderr
    hits = cli.json("timeline", "Meta")
    assert len(hits) == 8


def test_an_imported_database_passes_db_check(sample: Any, tmp_path: Path) -> None:
    data = tmp_path / "all.jsonl"
    sample("export", "--format", "jsonl", "-o", str(data))
    other = tmp_path / "other.db"
    sample("import", str(data), "--db", str(other))
    newer = write_jsonl(tmp_path / "newer.jsonl", [claim(id="sample-e53", updated_at="2026-11-20T00:00:00Z")])
    assert "1 updated" in sample("import", str(newer), "--db", str(other)).stderr
    sample("db", "check", "--db", str(other))
    history = sample.json("history", "sample-e53", "--db", str(other))
    assert len(history) == 2


def _schema(db: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT type, name, coalesce(sql, '') FROM sqlite_master ORDER BY name").fetchall()


@pytest.mark.parametrize("good", [True, False])
def test_an_import_into_an_empty_database_leaves_its_schema_as_it_was(
    cli: Any, tmp_path: Path, db_path: Path, good: bool
) -> None:
    """Into an empty database the claims indexes are dropped and built again at the end (faster
    than growing them row by row): after an import, or one refused for a bad row, they are as they were."""
    cli("init")
    before = _schema(db_path)
    sheet = tmp_path / "sheet.csv"
    rows = "".join(f"2025-01-{day:02d},Meta,api,X{day}\n" for day in range(1, 29))
    sheet.write_text(
        "date,company,stance,source\n" + rows + ("" if good else "2025-02-30,Meta,api,X\n"), encoding="utf-8"
    )
    cli("import", str(sheet), code=0 if good else 1)
    assert _schema(db_path) == before
    assert "all 6 checks passed" in cli("db", "check").stderr
    with sqlite3.connect(db_path) as conn:
        plan = " ".join(
            str(row)
            for row in conn.execute("EXPLAIN QUERY PLAN SELECT id FROM claims WHERE date_start >= '2025-01-20'")
        )
    assert "claims_date" in plan
    if good:
        assert len(cli.json("timeline", "Meta")) == 28
    else:
        assert cli.json("companies") == []
