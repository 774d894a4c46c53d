"""Where openwatch meets its surroundings: closed and full standard output, ASCII locales,
terminals, Ctrl-C after a commit. Real processes where the process matters."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from openwatch.cli.output import run_guarded
from tests.cli.test_hostile_input import HOSTILE_QUOTE, RAW_CONTROL, run_on_terminal
from tests.conftest import Cli

ADD = ["add", "--company", "Meta", "--stance", "closed", "--source", "x", "--date", "2025-01-01"]


def _openwatch(
    *args: str,
    db: Path,
    stdout: int | None = subprocess.PIPE,
    env: dict[str, str] | None = None,
    close_stdout: bool = False,
) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "openwatch", *args]
    if close_stdout:  # the shell's >&-
        command = ["sh", "-c", 'exec "$@" >&-', "sh", *command]
    return subprocess.run(
        command,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
        env={**os.environ, "OPENWATCH_DB": str(db), **(env or {})},
    )


def _count(db: Path) -> int:
    return len(json.loads(_openwatch("export", "--format", "json", db=db).stdout))


@pytest.fixture
def tracker(tmp_path: Path) -> Path:
    db = tmp_path / "t.db"
    assert _openwatch("init", "--sample", db=db).returncode == 0
    return db


@pytest.mark.slow
def test_a_committed_add_with_stdout_closed_exits_0_and_says_so(tracker: Path) -> None:
    before = _count(tracker)
    done = _openwatch(*ADD, db=tracker, close_stdout=True)
    assert done.returncode == 0, done.stderr  # a script that retries on failure would add it twice
    assert "Traceback" not in done.stderr
    assert "saved" in done.stderr and "standard output is closed" in done.stderr
    assert _count(tracker) == before + 1
    assert _openwatch("db", "check", db=tracker).returncode == 0  # nothing was printed into the database


@pytest.mark.slow
@pytest.mark.parametrize("args", [["status"], ["companies"], ["export", "--format", "json"], ["timeline", "Meta"]])
def test_a_read_with_stdout_closed_exits_quietly(tracker: Path, args: list[str]) -> None:
    done = _openwatch(*args, db=tracker, close_stdout=True)
    assert (done.returncode, done.stderr) == (0, "")


@pytest.mark.slow
def test_stdout_on_a_full_disk(tracker: Path) -> None:
    with open("/dev/full", "w") as full:  # only ever a redirect target: never written over
        read = _openwatch("export", db=tracker, stdout=full.fileno())
        assert read.returncode == 1 and "Traceback" not in read.stderr
        assert "cannot write the output: No space left on device" in read.stderr
        before = _count(tracker)
        write = _openwatch(*ADD, "--model", "Llama 9", db=tracker, stdout=full.fileno())
    assert write.returncode == 0 and "saved" in write.stderr and "Traceback" not in write.stderr
    assert _count(tracker) == before + 1


@pytest.mark.slow
@pytest.mark.parametrize(
    "env", [{"PYTHONIOENCODING": "ascii"}, {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": ""}]
)
def test_an_ascii_locale_gives_escapes_in_tables_and_utf8_in_data(tracker: Path, env: dict[str, str]) -> None:
    assert _openwatch(*ADD[:2], "Société Générale", *ADD[3:], db=tracker).returncode == 0
    for args in (["companies"], ["timeline", "Société Générale"], ["search", "x"]):
        done = _openwatch(*args, db=tracker, env=env)
        assert done.returncode == 0, (args, done.stderr)
        assert "Soci\\xe9t\\xe9" in done.stdout
    claims = json.loads(_openwatch("export", "--format", "json", db=tracker).stdout)
    claim_id = next(claim["id"] for claim in claims if claim["company"] == "Société Générale")
    assert "Soci\\xe9t\\xe9" in _openwatch("show", claim_id, db=tracker, env=env).stdout
    for args in (["export", "--format", "json"], ["export", "--format", "csv"], ["companies", "--format", "json"]):
        data = subprocess.run(
            [sys.executable, "-m", "openwatch", *args],
            capture_output=True,
            check=False,
            env={**os.environ, "OPENWATCH_DB": str(tracker), **env},
        )
        assert data.returncode == 0, data.stderr
        assert "Société Générale" in data.stdout.decode("utf-8")  # UTF-8 always, é as itself


@pytest.mark.slow
def test_csv_and_json_on_a_terminal_show_controls_escaped(cli: Cli, db_path: Path) -> None:
    cli("add", "-c", "Meta", "-s", "open-weights", "-d", "2025-04-05", "--source", "x", "--quote", HOSTILE_QUOTE)
    for fmt in ("csv", "json"):
        drawn = run_on_terminal(["export", "--format", fmt], {"TERM": "xterm-256color"})
        assert "\\x1b[2J" in drawn or "\\u001b[2J" in drawn, fmt
        assert RAW_CONTROL.search(drawn.replace("\r\n", "\n")) is None, fmt
    piped = subprocess.run(
        [sys.executable, "-m", "openwatch", "export", "--format", "csv"], capture_output=True, text=True, check=True
    )
    assert "\x1b[2J" in piped.stdout  # to a pipe: the data as stored


def test_ctrl_c_after_a_commit_is_not_reported_as_interrupted(
    sample: Cli, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from openwatch.api import files
    from openwatch.core.dates import utc_now
    from openwatch.core.validate import ClaimFields

    def add_then_interrupt() -> None:
        files.add(
            db_path,
            ClaimFields(date="2025-01-01", company="Meta", stance="closed", source="x"),
            now=utc_now(),
            today=utc_now().date(),
        )
        raise KeyboardInterrupt

    assert run_guarded(add_then_interrupt, {}) == 0
    assert "saved" in capsys.readouterr().err

    def interrupt() -> None:
        raise KeyboardInterrupt

    assert run_guarded(interrupt, {}) == 130


DRIVERS = Path(__file__).resolve().parent.parent / "store" / "drivers"


@pytest.mark.slow
@pytest.mark.parametrize("args", [["import", "{file}"], ADD])
def test_sigint_at_commit_reports_what_was_committed(tracker: Path, tmp_path: Path, args: list[str]) -> None:
    source = tmp_path / "new.jsonl"
    rows = [
        {"date": "2025-02-0" + str(n), "company": "Meta", "stance": "closed", "source": f"s{n}"} for n in range(1, 6)
    ]
    source.write_text("".join(json.dumps(row) + "\n" for row in rows))
    before = _count(tracker)
    done = subprocess.run(
        [sys.executable, str(DRIVERS / "interrupt_at_commit.py"), *[a.format(file=source) for a in args]],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "OPENWATCH_DB": str(tracker)},
    )
    assert "Interrupted." not in done.stderr
    assert done.returncode == 0, done.stderr
    assert _count(tracker) == before + (5 if args[0] == "import" else 1)
