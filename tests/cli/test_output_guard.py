"""export -o, report -o: never the database, by any name."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import Cli


def _targets(db: Path, tmp_path: Path) -> list[Path]:
    link = tmp_path / "link.csv"
    link.symlink_to(db)
    hard = tmp_path / "hard.csv"
    os.link(db, hard)
    return [db, Path(f"{db}-wal"), Path(f"{db}-shm"), link, hard]


@pytest.mark.parametrize("which", range(5))
def test_export_refuses_to_write_over_the_database(sample: Cli, db_path: Path, tmp_path: Path, which: int) -> None:
    target = _targets(db_path, tmp_path)[which]
    before = db_path.read_bytes()
    claims = len(sample.json("export"))
    result = sample("export", "-o", str(target), "--format", "csv", code=1)
    assert "is the openwatch database" in result.stderr
    assert db_path.read_bytes()[:16] == b"SQLite format 3\x00"
    assert len(sample.json("export")) == claims
    assert len(db_path.read_bytes()) >= len(before) // 2


def test_report_refuses_to_write_over_the_database(cli: Cli, tmp_path: Path) -> None:
    db = tmp_path / "tracker.md"
    cli("init", "--sample", "--db", str(db))
    result = cli("report", "Meta", "--db", str(db), "-o", str(db), code=1)
    assert "is the openwatch database" in result.stderr
    assert db.read_bytes()[:16] == b"SQLite format 3\x00"


def test_export_to_another_file_still_works(sample: Cli, tmp_path: Path) -> None:
    sample("export", "-o", str(tmp_path / "out.csv"))
    assert (tmp_path / "out.csv").read_text(encoding="utf-8-sig").startswith("id,date")


@pytest.mark.parametrize("where", ["claims.csv", "index.html", "companies/meta.html", "companies/old.db"])
def test_site_refuses_a_folder_where_it_would_write_or_remove_the_database(
    cli: Cli, tmp_path: Path, where: str
) -> None:
    site = tmp_path / "site"
    db = site / where
    db.parent.mkdir(parents=True)
    cli("init", "--sample", "--db", str(db))
    claims = len(cli.json("export", "--db", str(db)))
    result = cli("site", str(site), "--db", str(db), code=1)
    assert "is the openwatch database" in result.stderr
    assert db.read_bytes()[:16] == b"SQLite format 3\x00"
    assert len(cli.json("export", "--db", str(db))) == claims


def test_site_refuses_a_link_to_the_database_inside_it(sample: Cli, db_path: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "about.html").symlink_to(db_path)
    claims = len(sample.json("export"))
    result = sample("site", str(site), code=1)
    assert "is the openwatch database" in result.stderr
    assert len(sample.json("export")) == claims
