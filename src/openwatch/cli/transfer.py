"""Moving claims in and out: export and import (files, and other indexes' records)."""

from __future__ import annotations

import contextlib
import enum
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TextIO

import typer

from openwatch.cli.common import DbOption, guarded, say, today
from openwatch.cli.complete import complete_company
from openwatch.core.errors import OpenwatchError

if TYPE_CHECKING:  # only for annotations: a command imports what it uses when it runs
    import sqlite3

    from openwatch.store.bulk import ImportOptions, ImportReport, ProgressCallback


class ExportFormat(enum.StrEnum):
    csv = "csv"
    json = "json"
    jsonl = "jsonl"


class ImportSource(enum.StrEnum):
    eosai = "eosai"


def register(app: typer.Typer) -> None:
    app.command("export")(guarded(export))
    app.command("import")(guarded(import_))


RawOption = Annotated[
    bool,
    typer.Option(
        "--raw",
        help="CSV cells exactly as stored: no formula neutralising (and, on export, no BOM).",
    ),
]


def export(
    fmt: Annotated[
        ExportFormat | None,
        typer.Option("--format", "-f", help="csv, json or jsonl. Default: from -o's extension, else csv."),
    ] = None,
    company: Annotated[
        list[str] | None,
        typer.Option(
            "--company", "-c",
            metavar="COMPANY",
            help="Only this company; repeat for more.",
            autocompletion=complete_company,
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option(
            "--output", "-o", metavar="FILE", help="Write to this file instead of stdout.", dir_okay=False,
        )
    ] = None,
    include_retracted: Annotated[
        bool, typer.Option("--include-retracted", help="Also export retracted claims.")
    ] = False,
    raw: RawOption = False,
    db: DbOption = None,
) -> None:
    """Export claims, ordered by date then id, to stdout or a file.

    Every claim carries its id, recorded_at, updated_at and retraction state,
    so 'openwatch import' reads it back exactly. JSONL writes one claim per
    line, then one line per alias ({"alias": ..., "company": ..., "model": ...}).
    CSV is UTF-8 (a file written with -o starts with a byte-order mark, so
    spreadsheets read it as UTF-8), and cells a spreadsheet would run as a
    formula (=, +, -, @, tab, CR) or that begin with an apostrophe get an
    apostrophe in front, which import takes off again; --raw writes cells as
    stored, without the mark.

    Example: openwatch export --format jsonl --include-retracted -o claims.jsonl

    Example: openwatch export --company Meta -o meta.csv
    """
    from openwatch.core.records import claim_to_record
    from openwatch.store.claims import iter_claims
    from openwatch.store.db import open_database
    from openwatch.store.names import list_aliases, require_company

    chosen = fmt or _format_from(output)
    with open_database(db) as database:
        owners = [require_company(database.conn, c) for c in company] if company else None
        records: Iterable[dict[str, Any]] = (
            claim_to_record(claim)
            for claim in iter_claims(
                database.conn,
                company_ids=[o.id for o in owners] if owners is not None else None,
                include_retracted=include_retracted,
                order="export",
            )
        )
        if chosen is ExportFormat.jsonl:
            conn = database.conn

            def alias_records() -> Iterator[dict[str, Any]]:
                for owner in owners if owners is not None else [None]:
                    for alias in list_aliases(conn, owner):
                        yield {"alias": alias.alias, "company": alias.company, "model": alias.model}

            records = _chain(records, alias_records())
        if output is None:
            count = _write(chosen, records, sys.stdout, raw=raw, bom=False)
        else:
            count = _write_file(output, chosen, records, raw=raw)
            say(f"Exported {count} records to {output}")


def _chain(*parts: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for part in parts:
        yield from part


def _format_from(output: Path | None) -> ExportFormat:
    suffix = output.suffix.lower().lstrip(".") if output else ""
    return ExportFormat(suffix) if suffix in ExportFormat.__members__ else ExportFormat.csv


def _write(fmt: ExportFormat, records: Iterable[dict[str, Any]], out: TextIO, *, raw: bool, bom: bool) -> int:
    from openwatch.core.records import ALL_FIELDS
    from openwatch.exchange.writers import write_csv, write_json, write_jsonl

    if fmt is ExportFormat.json:
        return write_json(records, out)
    if fmt is ExportFormat.jsonl:
        return write_jsonl(records, out)
    return write_csv(ALL_FIELDS, records, out, raw=raw, bom=bom)


def _write_file(path: Path, fmt: ExportFormat, records: Iterable[dict[str, Any]], *, raw: bool) -> int:
    from openwatch.cli.output import replacing_file

    with replacing_file(path) as out:
        # A CSV file is for a spreadsheet: the BOM makes Excel read it as UTF-8.
        # Standard output goes to programs, which a BOM would trip up.
        return _write(fmt, records, out, raw=raw, bom=not raw)


def import_(
    file: Annotated[
        str,
        typer.Argument(
            metavar="FILE",
            help="A CSV, JSON or JSONL file; - for standard input. With --from eosai: a record or a folder.",
        ),
    ],
    fmt: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="csv, json or jsonl. Default: from the file's extension (standard input: from its first character).",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check everything and say what would change; write nothing.")
    ] = False,
    raw: Annotated[
        bool,
        typer.Option("--raw", help="Read CSV cells as they are (do not take off export's leading apostrophe)."),
    ] = False,
    skip_invalid: Annotated[
        bool, typer.Option("--skip-invalid", help="Import the good rows and report the bad ones.")
    ] = False,
    source: Annotated[
        ImportSource | None,
        typer.Option("--from", help="Read another index's records: eosai (European Open Source AI Index)."),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", metavar="DATE", help="With --from: when the snapshot was taken (default today)."),
    ] = None,
    db: DbOption = None,
) -> None:
    """Import claims (and aliases) from a CSV, JSON or JSONL file.

    Importing the same file twice adds nothing: a row with an id matches that
    claim, a row without one matches a claim with the same date, company,
    model, stance, kind, source and url. The later updated_at wins; two
    versions with the same updated_at and different content are reported.
    By default one bad row aborts the import and nothing is written; every
    bad row is listed. A CSV needs at least the columns date, company,
    stance and source.

    With --from eosai, FILE is a European Open Source AI Index record
    (.yaml) or a folder of them, imported as assessed claims through the
    crosswalk in the README (CC-BY 4.0, https://osai-index.eu/); a record
    whose grades changed since the last snapshot adds a new claim dated
    --as-of.

    Example: openwatch import claims.jsonl

    Example: openwatch import sheet.csv --dry-run

    Example: openwatch import --from eosai main-database/ --as-of 2026-06-12 --dry-run
    """
    from openwatch.core.errors import InvalidValue

    if source is ImportSource.eosai:
        if fmt is not None or raw:
            raise InvalidValue("from", "--format and --raw are for files of claims, not with --from eosai")
        _import_index(Path(file), as_of=as_of, dry_run=dry_run, skip_invalid=skip_invalid, db=db)
        return
    if as_of is not None:
        raise InvalidValue("as-of", "--as-of dates another index's snapshot: use it with --from eosai")
    from openwatch.core.dates import utc_now
    from openwatch.core.merge import describe_problems
    from openwatch.exchange.parallel import read_checked, worth_reading_apart
    from openwatch.exchange.readers import open_text, read_records, sniff_format
    from openwatch.render.progress import RowProgress
    from openwatch.store.bulk import ImportOptions, RowChecker

    name = "<stdin>" if file == "-" else file
    with contextlib.ExitStack() as stack:
        stream = stack.enter_context(open_text(file))
        suffix = Path(file).suffix.lower().lstrip(".")
        chosen = fmt.value if fmt else suffix if suffix in ExportFormat.__members__ else sniff_format(stream)
        # open_text decodes strictly, and only JSON escapes can spell a lone surrogate.
        options = ImportOptions(
            now=utc_now(), today=today(), skip_invalid=skip_invalid, dry_run=dry_run, valid_utf8=chosen == "csv"
        )
        if file != "-" and worth_reading_apart(file):
            # A large file: read and checked in a second process while this one writes.
            checker = RowChecker(options)
            rows: Iterator[tuple[str, Any]] = stack.enter_context(read_checked(file, chosen, name, checker, raw=raw))
        else:
            rows = read_records(stream, chosen, name, raw=raw)
        progress = RowProgress(f"Importing {Path(name).name}")
        try:
            report = _import_into(db, rows, options, progress.update)
        finally:
            progress.close()
    for line in describe_problems(report.problems, report.problem_count):
        say(line)
    bad = report.problem_count
    if bad and not skip_invalid:
        raise OpenwatchError(
            f"{bad:,} invalid row{'s' if bad != 1 else ''} in {name}; nothing was imported. "
            "Fix them and import again, or import the good rows with --skip-invalid"
        )
    summary = report.tally.summary()
    if bad:
        summary += f"; {bad:,} invalid row{'s' if bad != 1 else ''} skipped"
    say(f"Dry run: {summary} (nothing written)" if dry_run else summary)


def _import_index(path: Path, *, as_of: str | None, dry_run: bool, skip_invalid: bool, db: Path | None) -> None:
    from openwatch.cli.eosai import import_eosai, report
    from openwatch.core.dates import PartialDate, parse_claim_date

    now = today()
    snapshot = parse_claim_date(as_of, now) if as_of else PartialDate.of(now)
    result = import_eosai(path, as_of=snapshot, today=now, dry_run=dry_run, skip_invalid=skip_invalid, db=db)
    report(result, as_of=snapshot, dry_run=dry_run)


class _TemporaryDatabase:
    """A dry run against a database that does not exist yet: a throwaway one."""

    def __init__(self) -> None:
        self.folder = tempfile.TemporaryDirectory(prefix="openwatch-dry-run-")

    def __enter__(self) -> Any:
        from openwatch.store.db import open_database

        self.database = open_database(Path(self.folder.name) / "dry-run.db", create=True)
        return self.database

    def __exit__(self, *exc: object) -> None:
        self.database.close()
        self.folder.cleanup()


def _import_into(
    db: Path | None, rows: Iterator[tuple[str, Any]], options: ImportOptions, progress: ProgressCallback
) -> ImportReport:
    """Import into the database, or into a new one that exists only if the import succeeds.

    A database that is not there yet is made under another name and put in
    place when the import has committed, so that a failed import (a bad row,
    a file that is not UTF-8, an unknown column) leaves no empty database
    behind to be mistaken for a real one.
    """
    from openwatch.store.bulk import import_records
    from openwatch.store.db import StagedDatabase, open_database, resolve_path

    path = resolve_path(db)
    if path.exists():
        with open_database(path, create=True) as database:
            return import_records(database.conn, rows, options, progress)
    if options.dry_run:
        with _TemporaryDatabase() as database:
            return import_records(database.conn, rows, options, progress)
    with StagedDatabase(path) as staged:
        report = import_records(staged.conn, rows, options, progress)
        wrote_something = report.tally.added or report.tally.aliases_added  # (every row refused: no file)
        if not report.written or not wrote_something or staged.publish():
            return report
        # Another process made the database while this import ran: copy what
        # was imported into it, exactly as an export and import would.
        with open_database(staged.path) as source, open_database(path, create=True) as database:
            return import_records(database.conn, _everything_in(source.conn), options)


def _everything_in(conn: sqlite3.Connection) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every claim (retracted too) and alias of a database, as import records."""
    from openwatch.core.records import claim_to_record
    from openwatch.store.claims import iter_claims
    from openwatch.store.names import list_aliases

    for claim in iter_claims(conn, include_retracted=True, order="export"):
        yield claim.id, claim_to_record(claim)
    for alias in list_aliases(conn, None):
        yield alias.alias, {"alias": alias.alias, "company": alias.company, "model": alias.model}
