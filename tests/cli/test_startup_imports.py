"""What the read path imports (not timed: the speed goals live in benchmarks/bench_startup.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Cli

pytestmark = pytest.mark.slow  # real subprocesses, or hypothesis over every field

HEAVY = ("sqlite_utils", "dateutil", "rich", "pydantic")


def imported_modules(args: list[str], env: dict[str, str] | None = None) -> set[str]:
    """Every module a fresh openwatch process has imported when it exits (``sys.modules``)."""
    import json
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        dump = Path(folder) / "modules.json"
        code = (
            "import atexit, json, sys\n"
            f"atexit.register(lambda: open({str(dump)!r}, 'w').write(json.dumps(sorted(sys.modules))))\n"
            f"sys.argv = ['openwatch', *{args!r}]\n"
            "from openwatch.cli import main\n"
            "main()\n"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, **(env or {})}
        )
        assert result.returncode == 0, result.stderr[-2000:]
        assert result.stdout or result.stderr, "the command said nothing"
        return set(json.loads(dump.read_text()))


def top_level(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


@pytest.mark.parametrize(
    "args",
    [
        ["timeline", "Meta", "--format", "json"],
        ["timeline", "Meta", "--format", "csv", "--since", "2024"],
        ["timeline", "Meta"],  # a table on a pipe is plain text: no rich
        ["companies", "--format", "json"],
        ["models", "Meta"],
        ["search", "open", "--format", "json"],
    ],
    ids=" ".join,
)
def test_reading_commands_import_nothing_heavy(sample: Cli, args: list[str]) -> None:
    found = top_level(imported_modules(args))
    assert "openwatch" in found
    assert not found & {*HEAVY, "typer", "click"}, sorted(found & {*HEAVY, "typer", "click"})


def test_the_overview_help_imports_no_command_module(sample: Cli) -> None:
    modules = imported_modules(["--help"])
    assert not {m for m in modules if m.startswith("openwatch.cli.") and m != "openwatch.cli.app"} - {
        "openwatch.cli.fastpath",
        "openwatch.cli.options",
        "openwatch.cli.streams",
    }
    assert not top_level(modules) & set(HEAVY)


def test_completion_imports_only_the_command_it_completes(sample: Cli) -> None:
    completing = {"_OPENWATCH_COMPLETE": "complete_bash", "COMP_WORDS": "openwatch timeline M", "COMP_CWORD": "2"}
    # A company name is answered before Typer loads (cli/complete_fast.py)...
    fast = imported_modules([], env=completing)
    assert "openwatch.cli.complete_fast" in fast
    assert not {"typer", "rich"} & top_level(fast)
    assert not {"openwatch.cli.views", "openwatch.cli.admin", "openwatch.cli.claims"} & fast
    # ...and what it leaves to Typer builds only the command being completed.
    modules = imported_modules([], env={**completing, "OPENWATCH_NO_FAST_PATH": "1"})
    assert "openwatch.cli.views" in modules
    assert not {"openwatch.cli.admin", "openwatch.cli.claims", "openwatch.cli.transfer"} & modules
    assert not top_level(modules) & set(HEAVY)


def test_a_migration_brings_sqlite_utils_in(tmp_path: Path) -> None:
    """The other side of the coin: the cheap open is cheap because migrating is lazy."""
    modules = imported_modules(["init"], env={"OPENWATCH_DB": str(tmp_path / "new.db")})
    assert "sqlite_utils" in top_level(modules)
