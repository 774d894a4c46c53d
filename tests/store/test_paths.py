"""The guard that keeps an output file from being the database."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from openwatch.core.errors import OpenwatchError
from openwatch.store.paths import is_database_file, refuse_database_path


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "tracker.db"
    path.write_bytes(b"SQLite format 3\x00")
    Path(f"{path}-wal").write_bytes(b"")
    return path


def test_the_database_itself_is_refused(database: Path) -> None:
    with pytest.raises(OpenwatchError, match="is the openwatch database"):
        refuse_database_path(database, database)


@pytest.mark.parametrize("suffix", ["-wal", "-shm", "-journal"])
def test_its_companion_files_are_refused_present_or_not(database: Path, suffix: str) -> None:
    assert is_database_file(Path(f"{database}{suffix}"), database)


def test_a_symbolic_link_to_it_is_refused(database: Path, tmp_path: Path) -> None:
    link = tmp_path / "out.csv"
    link.symlink_to(database)
    assert is_database_file(link, database)
    chain = tmp_path / "chain.csv"
    chain.symlink_to(link)
    assert is_database_file(chain, database)


def test_a_hard_link_to_it_is_refused(database: Path, tmp_path: Path) -> None:
    other = tmp_path / "sub"
    other.mkdir()
    link = other / "export.csv"
    os.link(database, link)
    assert is_database_file(link, database)


def test_a_relative_spelling_is_refused(database: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(database.parent)
    assert is_database_file(Path("./sub/../tracker.db"), database)


def test_other_files_pass(database: Path, tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    for name in ("export.csv", "tracker.db.csv", "tracker.db-walrus", "sub/tracker.db"):
        assert not is_database_file(tmp_path / name, database)
    refuse_database_path(tmp_path / "export.csv", database)
