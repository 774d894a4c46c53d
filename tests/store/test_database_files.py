"""db check, db backup, and files that are not openwatch databases."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import cast

import pytest

from tests.conftest import ROOT, Cli


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def raw(db: Path) -> closing[sqlite3.Connection]:
    return closing(sqlite3.connect(db, isolation_level=None))


def check_report(cli: Cli, db: Path, code: int) -> dict[str, dict[str, object]]:
    result = cli("db", "check", "--db", str(db), "--format", "json", code=code)
    return {item["check"]: item for item in json.loads(result.stdout)}


def test_db_check_passes_on_a_sound_database(sample: Cli, db_path: Path) -> None:
    report = check_report(sample, db_path, 0)
    assert set(report) == {"integrity", "foreign-keys", "schema", "versions", "search-index", "licences"}
    assert all(item["ok"] for item in report.values())
    table = sample("db", "check").stdout
    assert "integrity" in table and "FAILED" not in table


def test_db_check_reports_damaged_pages(sample: Cli, db_path: Path) -> None:
    with raw(db_path) as conn:
        root, page_size = conn.execute(
            "SELECT rootpage, (SELECT page_size FROM pragma_page_size) FROM sqlite_master WHERE name = 'claims'"
        ).fetchone()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with db_path.open("r+b") as handle:  # scribble over the claims table's root page
        handle.seek((root - 1) * page_size + 8)
        handle.write(os.urandom(page_size - 8))
    result = sample("db", "check", code=1)
    assert "FAILED" in result.stdout and "integrity" in result.stdout
    assert result.stderr.startswith("Error: ") and "failed" in result.stderr and "backup" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_db_check_on_a_truncated_file_fails_clearly(sample: Cli, db_path: Path) -> None:
    size = db_path.stat().st_size
    with db_path.open("r+b") as handle:
        handle.truncate(size // 3)
    result = sample("db", "check", code=1)
    assert result.stderr.startswith("Error: ") and "Traceback" not in result.stderr


def test_db_check_finds_what_sqlite_cannot(sample: Cli, db_path: Path) -> None:
    with raw(db_path) as conn:
        # A change made behind openwatch's back: no version, stale search index.
        conn.execute("UPDATE claims SET quote = 'words nobody indexed' WHERE id = 'sample-e53'")
        # A version of a claim that does not exist, and a claim with no history.
        conn.execute("INSERT INTO claim_versions (claim_id, changed_at, change, data) VALUES ('ghost', 'x', 'y', '{}')")
        conn.execute("DELETE FROM claim_versions WHERE claim_id = 'sample-e01'")
    report = check_report(sample, db_path, 1)
    assert report["integrity"]["ok"] and report["schema"]["ok"]
    assert "claim_versions" in str(report["foreign-keys"]["problems"])
    problems = " ".join(map(str, cast(list[str], report["versions"]["problems"])))
    assert "sample-e53 differs from its latest version in: quote" in problems
    assert "sample-e01 has no 'created' version" in problems
    assert "stale" in str(report["search-index"]["problems"])


def test_db_check_reports_an_unknown_migration(sample: Cli, db_path: Path) -> None:
    with raw(db_path) as conn:
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm002_search'")
    assert "m002_search is not recorded" in str(check_report(sample, db_path, 1)["schema"]["problems"])


def test_backup_makes_a_checked_copy_and_never_overwrites_without_force(
    sample: Cli, db_path: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "copies" / "openwatch-backup.db"
    copy.parent.mkdir()
    result = sample("db", "backup", str(copy))
    assert "61 claims" in result.stderr
    check_report(sample, copy, 0)
    assert sample.json("show", "sample-e53", "--db", str(copy)) == sample.json("show", "sample-e53")
    with raw(copy) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"

    sample("add", "-c", "Meta", "-s", "api", "-d", "2025", "--source", "later")
    before = digest(copy)
    assert "already exists" in sample("db", "backup", str(copy), code=1).stderr
    assert digest(copy) == before
    sample("db", "backup", str(copy), "--force")
    assert "62 claims" in sample("db", "backup", str(copy), "--force").stderr
    assert sorted(p.name for p in copy.parent.iterdir()) == ["openwatch-backup.db"]  # no temporary left over

    assert "the database itself" in sample("db", "backup", str(db_path), "--force", code=1).stderr
    assert "does not exist" in sample("db", "backup", str(tmp_path / "nowhere" / "x.db"), code=1).stderr


def test_backup_of_a_missing_database_creates_nothing(cli: Cli, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    assert "no openwatch database" in cli("db", "backup", str(copy), code=1).stderr
    assert not copy.exists()


# --- files that are not openwatch databases -------------------------------------------------


def make_text(path: Path) -> None:
    path.write_text("id,company\n1,Meta\nnot a database at all\n")


def make_other_app(path: Path) -> None:
    with raw(path) as conn:
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        conn.execute("INSERT INTO notes (body) VALUES ('an unrelated app''s data')")


def make_other_app_wal(path: Path) -> None:
    with raw(path) as conn:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
        conn.execute("INSERT INTO photos (name) VALUES ('cat.jpg')")


def make_other_app_marked(path: Path) -> None:
    """An empty SQLite file that another application has already claimed as its own."""
    with raw(path) as conn:
        conn.execute("PRAGMA application_id = 1234")


def make_binary(path: Path) -> None:
    path.write_bytes(bytes(range(256)) * 64)


FOREIGN = {
    "text": make_text,
    "other-app": make_other_app,
    "other-app-wal": make_other_app_wal,
    "other-app-marked": make_other_app_marked,
    "binary": make_binary,
}

# Every command that opens the database, with arguments that would otherwise work.
COMMAND_ARGS: dict[str, list[str]] = {
    "init": ["init", "--sample"],
    "add": ["add", "-c", "Meta", "-s", "api", "-d", "2025", "--source", "s"],
    "show": ["show", "sample-e53"],
    "edit": ["edit", "sample-e53", "--stance", "api"],
    "retract": ["retract", "sample-e53", "--reason", "r"],
    "restore": ["restore", "sample-e53"],
    "history": ["history", "sample-e53"],
    "timeline": ["timeline", "Meta"],
    "status": ["status", "Meta"],
    "diff": ["diff", "Meta", "--from", "2024-01-01", "--to", "2025-08-01"],
    "changes": ["changes"],
    "conflicts": ["conflicts"],
    "gap": ["gap"],
    "verdicts": ["verdicts", "Meta"],
    "promises": ["promises"],
    "report": ["report", "Meta", "-o", "{tmp}/report.md"],
    "trajectory": ["trajectory"],
    "site": ["site", "{tmp}/site"],
    "search": ["search", "open"],
    "companies": ["companies"],
    "models": ["models"],
    "alias": ["alias", "add", "Facebook", "Meta"],
    "alias list": ["alias", "list"],
    "alias remove": ["alias", "remove", "Facebook"],
    "export": ["export", "--format", "json"],
    "import": ["import", str(ROOT / "src/openwatch/data/sample.jsonl")],
    "db check": ["db", "check"],
    "db backup": ["db", "backup", "{tmp}/backup.db"],
    "verify": ["verify", "--report"],
}
# Commands that never open the database.
NOT_OPENING = {"db path", "licences", "stances"}


def all_commands() -> set[str]:
    """Every command the app has, with sub-commands as 'group name'."""
    import typer.main

    from openwatch.cli.app import build_app

    group = typer.main.get_command(build_app([]))
    names: set[str] = set()
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        sub = getattr(command, "commands", None)
        names.update(f"{name} {child}" for child in sub) if sub else names.add(name)
    return names


def test_every_command_is_covered_by_the_foreign_file_test() -> None:
    covered = {name for name in COMMAND_ARGS} | {"alias add"} | NOT_OPENING
    assert all_commands() <= covered, "add the new command to COMMAND_ARGS"


@pytest.mark.parametrize("kind", sorted(FOREIGN))
def test_a_file_that_is_not_an_openwatch_database_is_refused_and_untouched(cli: Cli, tmp_path: Path, kind: str) -> None:
    target = tmp_path / "someone-elses.db"
    FOREIGN[kind](target)
    before = digest(target)
    for name, args in COMMAND_ARGS.items():
        argv = [a.replace("{tmp}", str(tmp_path)) for a in args]
        result = cli(*argv, "--db", str(target), code=1)
        assert "not an openwatch database" in result.stderr or "another application" in result.stderr, name
        assert "left untouched" in result.stderr, name
        assert result.stderr.count("\n") == 1, name  # one line, no traceback
        assert digest(target) == before, f"{name} changed the file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["someone-elses.db"]  # no -wal, -shm or backup left


# --- an import into a database that is not there yet -------------------------------------------

GOOD_ROW = '{"date": "2025-07-14", "company": "Meta", "stance": "open-weights", "source": "blog"}\n'
FAILING_IMPORTS = {
    "unknown column": ("sheet.csv", b"date,company,stance,source,colour\n2025,Meta,api,blog,red\n"),
    "no required column": ("sheet.csv", b"date,company\n2025,Meta\n"),
    "empty CSV": ("sheet.csv", b""),
    "not UTF-8 at once": ("claims.jsonl", b"\xff\xfe" + GOOD_ROW.encode()),
    "not UTF-8 late": ("claims.jsonl", GOOD_ROW.encode() * 3000 + b"\xe9t\xe9\n"),
    "JSON not a list": ("claims.json", b'{"date": "2025"}'),
    "a bad row": ("claims.jsonl", GOOD_ROW.encode() * 10 + b'{"date": "soon", "company": "Meta"}\n'),
}


@pytest.mark.parametrize("case", FAILING_IMPORTS)
def test_a_failed_import_into_a_new_database_leaves_no_file(cli: Cli, tmp_path: Path, case: str) -> None:
    name, content = FAILING_IMPORTS[case]
    source = tmp_path / name
    source.write_bytes(content)
    target = tmp_path / "new" / "deeper" / "openwatch.db"
    result = cli("import", str(source), "--db", str(target), code=1)
    assert result.stderr.splitlines()[-1].startswith("Error: ")
    assert not (tmp_path / "new").exists()  # no database, no journal, no staged file, no folder


def test_a_failed_import_leaves_an_existing_folder_as_it_was(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("mine")
    source = tmp_path / "sheet.csv"
    source.write_bytes(b"date,company,stance,source,colour\n2025,Meta,api,blog,red\n")
    cli("import", str(source), "--db", str(tmp_path / "mine" / "openwatch.db"), code=1)
    assert sorted(os.listdir(tmp_path / "mine")) == ["notes.txt"]


def test_a_good_import_into_a_new_database_leaves_only_the_database(cli: Cli, tmp_path: Path) -> None:
    source = tmp_path / "claims.jsonl"
    source.write_text(GOOD_ROW * 3 + GOOD_ROW.replace("blog", "post"), encoding="utf-8")
    target = tmp_path / "new" / "openwatch.db"
    assert "2 added" in cli("import", str(source), "--db", str(target)).stderr
    assert os.listdir(target.parent) == ["openwatch.db"]  # the staged name is gone, the WAL folded in
    with closing(sqlite3.connect(target)) as conn:
        # Filled without a WAL (nothing else could see it), then put in WAL mode like any database.
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    cli("db", "check", "--db", str(target))
    assert len(cli.json("export", "--db", str(target))) == 2
    assert oct(target.stat().st_mode & 0o777) == oct(0o666 & ~current_umask())  # as SQLite makes any file


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_a_new_database_made_meanwhile_by_another_process_gets_the_import(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The import never replaces a database that appeared while it ran: it adds to it."""
    from openwatch.store.staged import StagedDatabase

    source = tmp_path / "claims.jsonl"
    source.write_text(GOOD_ROW, encoding="utf-8")
    target = tmp_path / "openwatch.db"
    publish = StagedDatabase.publish

    def another_process_first(staged: StagedDatabase) -> bool:
        cli("add", "-c", "Mistral", "-s", "api", "-d", "2024", "--source", "meanwhile", "--db", str(target))
        return publish(staged)

    monkeypatch.setattr(StagedDatabase, "publish", another_process_first)
    assert "1 added" in cli("import", str(source), "--db", str(target)).stderr
    assert sorted(c["source"] for c in cli.json("export", "--db", str(target))) == ["blog", "meanwhile"]
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".importing")]
    cli("db", "check", "--db", str(target))
