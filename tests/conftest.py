"""Shared fixtures: every test gets its own database, never the user's."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


@pytest.fixture(autouse=True)
def isolated_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point OPENWATCH_DB and XDG_DATA_HOME at a temporary folder."""
    db_path = tmp_path / "data" / "openwatch.db"
    monkeypatch.setenv("OPENWATCH_DB", str(db_path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("NO_COLOR", raising=False)
    return db_path


@pytest.fixture
def db_path(isolated_data: Path) -> Path:
    return isolated_data


class Cli:
    """Runs the real openwatch CLI in-process, stdout and stderr kept apart."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, code: int = 0) -> Any:
        from openwatch.cli.app import build_app

        argv = [str(a) for a in args]
        result = self.runner.invoke(build_app(argv), argv, input=input, catch_exceptions=False)
        assert result.exit_code == code, (
            f"exit {result.exit_code} (wanted {code}) for {argv}\nstdout: {result.stdout}\nstderr: {result.stderr}"
        )
        return result

    def json(self, *args: str) -> Any:
        return json.loads(self(*args, "--format", "json").stdout)


@pytest.fixture
def cli() -> Cli:
    return Cli()


@pytest.fixture
def sample(cli: Cli) -> Cli:
    """A database holding the bundled sample."""
    cli("init", "--sample")
    return cli


@pytest.fixture
def python() -> str:
    return sys.executable


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


TODAY = date(2026, 11, 26)


@pytest.fixture
def stdin_is_terminal(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr("openwatch.cli.entry.interactive", lambda: True)
    yield
