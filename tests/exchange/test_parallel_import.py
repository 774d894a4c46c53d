"""A large file is read and checked in a second process (exchange/parallel.py).

The import must be the same either way: the same claims, versions, counts,
problems and messages. The tests force the second process for small files
(``PARALLEL_MIN_BYTES = 0``) and compare it with reading in this process;
the last ones start a real ``openwatch import`` of a large file and stop it.
"""

from __future__ import annotations

import csv
import json
import os
import pickle
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest

from openwatch.exchange import parallel
from openwatch.exchange.readers import open_text, read_records

pytestmark = [
    pytest.mark.skipif(sys.platform != "linux", reason="the second process is used on Linux only"),
    pytest.mark.slow,
]

COLUMNS = [
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
    "recorded_at",
    "updated_at",
    "retracted_at",
    "retraction_reason",
]
T1 = "2026-01-05T10:00:00.000000Z"
T2 = "2026-02-05T10:00:00.000000Z"


def row(**cells: str) -> dict[str, str]:
    base = {
        "id": "",
        "date": "2025-07-14",
        "company": "Meta",
        "model": "Llama 4",
        "stance": "open-weights",
        "kind": "stated",
        "planned": "false",
        "source": "Meta blog",
        "url": "",
        "quote": "",
        "license": "",
        "note": "",
        "recorded_at": T1,
        "updated_at": T1,
        "retracted_at": "",
        "retraction_reason": "",
    }
    return {**base, **cells}


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def first_file(path: Path) -> Path:
    """Rows for the fast path and for the general one, repeats, problems and formula cells."""
    rows = [
        row(
            id=f"p{n}",
            source=f"source {n}",
            company=["Meta", "meta ", "Mistral AI"][n % 3],
            quote=f"« citation » {n} 开源",
        )
        for n in range(40)
    ]
    rows += [
        row(id="retracted", retracted_at=T2, updated_at=T2, retraction_reason="wrong date"),  # general path
        row(id="offset", recorded_at="2026-01-05T12:00:00+02:00", updated_at="2026-01-05T12:00:00+02:00"),
        row(id="formula", quote="'=SUM(A1)", note="''already quoted"),
        row(source="source 3", quote="« citation » 3 开源"),  # no id: the same content as p3, so it is p3
        row(id="p5", source="source 5", updated_at=T2, note="a later version in the same file"),
        row(id="bad-date", date="14/07/2025"),
        row(id="bad-stance", stance="ajar"),
    ]
    return write_csv(path, rows)


def second_file(path: Path) -> Path:
    """Updates (later times), an unchanged row, a conflict (same time, other content)."""
    return write_csv(
        path,
        [
            row(id="p1", source="source 1", updated_at=T2, stance="closed"),
            row(id="p2", source="source 2", company="Mistral AI", quote="« citation » 2 开源"),  # as it is
            row(id="p4", source="source 4", company="Meta", note="same time, other content"),
            row(id="p7", source="source 7", company="Meta", stance="api", recorded_at="", updated_at=""),  # "now"
        ],
    )


def apart(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Read every file in a second process from now on; the list collects the files so read."""
    monkeypatch.setattr(parallel, "PARALLEL_MIN_BYTES", 0)
    used: list[str] = []
    real = parallel.read_checked

    def spy(path: str, *args: Any, **kwargs: Any) -> Any:
        used.append(Path(path).name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(parallel, "read_checked", spy)
    return used


def run_both(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, steps: Callable[[Callable[..., Any]], list[Any]]
) -> tuple[list[Any], list[Any], list[str]]:
    """The same steps against two databases: files read here, then read apart."""

    def against(db: Path) -> Callable[..., Any]:
        return lambda *args, code=0: cli(*args, "--db", str(db), code=code)

    here = steps(against(tmp_path / "here.db"))
    used = apart(monkeypatch)
    there = steps(against(tmp_path / "apart.db"))
    return here, there, used


def outputs(result: Any) -> tuple[str, str]:
    return result.stdout, result.stderr


def test_an_import_read_apart_is_the_same_import(cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = first_file(tmp_path / "first.csv"), second_file(tmp_path / "second.csv")

    def steps(ow: Callable[..., Any]) -> list[Any]:
        refused = ow("import", str(first), code=1)
        imported = ow("import", str(first), "--skip-invalid")
        again = ow("import", str(first), "--skip-invalid")
        merged = ow("import", str(second), "--skip-invalid")
        history = ow("history", "p1", "--format", "json").stdout
        export = ow("export", "--format", "jsonl", "--include-retracted").stdout
        return [*map(outputs, (refused, imported, again, merged)), history, _without_now(export)]

    here, there, used = run_both(cli, tmp_path, monkeypatch, steps)
    assert used == ["first.csv", "first.csv", "first.csv", "second.csv"]
    assert there == here
    # And it is a real import: the problems, the counts and the merge are there.
    (refused_err, imported_out, _, merged_out) = (here[0][1], here[1][1], here[2][1], here[3][1])
    assert "first.csv, line 47, date" in refused_err and "first.csv, line 48, stance" in refused_err
    assert "43 added, 0 updated, 0 unchanged; 2 invalid rows skipped" in imported_out
    assert "0 added, 0 updated, 43 unchanged; 2 invalid rows skipped" in here[2][1]
    assert "2 updated, 1 unchanged" in merged_out and "same updated_at" in merged_out


def _without_now(export: str) -> list[Any]:
    """p7's row has no times: its updated_at is the moment of the import, different in each run."""
    claims = [json.loads(line) for line in export.splitlines()]
    assert "p7" in [c["id"] for c in claims]
    return [c for c in claims if c["id"] != "p7"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("date,company,stance,source\n2025-07-14,Soci\xe9t\xe9,closed,NYT\n".encode("latin-1"), "is not UTF-8 text"),
        (b'date,company,stance,source,quote\n2025-07-14,Meta,closed,NYT,"never closed\n', "cannot read the CSV"),
        (b"date,company,source\n2025-07-14,Meta,NYT\n", "missing required column(s) stance"),
        (b"date,company,stance,source,Colour\n", "unknown column(s) 'Colour'"),
    ],
)
def test_a_bad_file_read_apart_gets_the_same_one_line_message(
    cli: Any, tmp_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    here = cli("import", str(path), code=1).stderr
    used = apart(monkeypatch)
    there = cli("import", str(path), code=1).stderr
    assert used == ["bad.csv"]
    assert there == here and message in there and there.count("\n") == 1
    assert not db_path.exists()


def test_a_reader_that_dies_stops_the_import_with_one_line(
    cli: Any, tmp_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openwatch.store.bulk import RowChecker

    importer = os.getpid()
    real = RowChecker.__call__

    def dies_in_the_reader(self: RowChecker, record: Mapping[str, Any]) -> Any:
        if os.getpid() != importer:
            os._exit(3)
        return real(self, record)

    monkeypatch.setattr(RowChecker, "__call__", dies_in_the_reader)
    apart(monkeypatch)
    err = cli("import", str(first_file(tmp_path / "first.csv")), code=1).stderr
    assert "first.csv: the process reading it stopped unexpectedly (exit code 3); nothing was imported" in err
    assert err.count("\n") == 1
    assert not db_path.exists()


def test_rows_come_back_checked_in_order_from_another_process(tmp_path: Path) -> None:
    path = first_file(tmp_path / "first.csv")
    with path.open("a", encoding="utf-8") as out:
        out.write("too,few,cells\n")

    def check(record: Mapping[str, Any]) -> Any:
        return None if record["id"] in ("retracted", "offset") else (os.getpid(), record["id"])

    with open_text(str(path)) as stream:
        expected = list(read_records(stream, "csv", "first.csv"))
    with parallel.read_checked(str(path), "csv", "first.csv", check) as rows:
        received = list(rows)
    assert [where for where, _ in received] == [where for where, _ in expected]
    for (_, got), (_, record) in zip(received, expected, strict=True):
        if isinstance(got, tuple):
            pid, claim_id = cast(tuple[int, str], got)
            assert pid != os.getpid() and claim_id == cast(dict[str, Any], record)["id"]  # checked over there
        else:
            assert got == record  # passed on as read: the general path, or a problem
    assert sum(isinstance(got, tuple) for _, got in received) == len(expected) - 3


def test_rows_the_reader_cannot_check_still_come_in_small_batches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = first_file(tmp_path / "first.csv")  # 47 rows
    monkeypatch.setattr(parallel, "_BATCH", 10)
    sizes: list[int] = []

    def loads(message: bytes) -> Any:
        batch = pickle.loads(message)
        sizes.append(-1 if batch is None else len(batch))
        return batch

    monkeypatch.setattr(parallel, "pickle", SimpleNamespace(loads=loads))
    with parallel.read_checked(str(path), "csv", "first.csv", lambda record: None) as rows:
        received = list(rows)
    assert len(received) == 47 and all(isinstance(record, dict) for _, record in received)
    assert sizes == [10, 10, 10, 10, 7, -1]  # then the end


# --- a real import of a large file, stopped -------------------------------------------


def big_csv(path: Path, rows: int = 30_000) -> Path:
    quote = "a long verbatim excerpt of the announcement " * 40
    write_csv(path, [row(id=f"b{n}", source=f"bulk source {n}", quote=quote) for n in range(rows)])
    assert path.stat().st_size > parallel.PARALLEL_MIN_BYTES
    return path


def marked(mark: str) -> list[int]:
    """Processes that carry ``mark`` in their environment: the importer and its reader."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                environ = (entry / "environ").read_bytes()
            except OSError:
                continue
            if f"OPENWATCH_TEST_MARK={mark}".encode() in environ.split(b"\0"):
                found.append(int(entry.name))
    return found


@pytest.fixture
def running_import(tmp_path: Path, db_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    mark = uuid.uuid4().hex
    big = big_csv(tmp_path / "big.csv")
    importer = subprocess.Popen(
        [sys.executable, "-m", "openwatch", "import", str(big), "--db", str(db_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "OPENWATCH_TEST_MARK": mark},
    )
    try:
        deadline = time.monotonic() + 60
        while len(marked(mark)) < 2:  # the reader has started
            assert importer.poll() is None, importer.communicate()
            assert time.monotonic() < deadline, "no second process"
            time.sleep(0.01)
        yield importer, mark
    finally:
        importer.kill()
        importer.communicate()


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGKILL, -signal.SIGKILL), (signal.SIGINT, 130)])
def test_a_stopped_import_leaves_no_reader_behind(
    running_import: tuple[subprocess.Popen[bytes], str], db_path: Path, sig: int, code: int
) -> None:
    importer, mark = running_import
    deadline = time.monotonic() + 60
    while not list(db_path.parent.glob(f".{db_path.name}.*.importing")):  # it is importing
        assert importer.poll() is None, importer.communicate()
        assert time.monotonic() < deadline, "the import never started writing"
        time.sleep(0.01)
    assert importer.poll() is None
    importer.send_signal(sig)  # to the importer alone, not its reader
    _, stderr = importer.communicate(timeout=60)  # returns only once no one holds its output open
    assert importer.returncode == code, stderr
    if sig == signal.SIGINT:
        assert stderr.decode() == "Interrupted.\n"
    deadline = time.monotonic() + 20
    while marked(mark):
        assert time.monotonic() < deadline, f"left behind: {marked(mark)}"
        time.sleep(0.05)
    assert not db_path.exists()
