"""Moving claims in and out: export and import (files, and other indexes' records)."""

from __future__ import annotations

import contextlib
import enum
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TextIO

import typer

from openwatch.cli.common import CompaniesOption, DbOption, guarded, say, today
from openwatch.core.errors import OpenwatchError

if TYPE_CHECKING:  # only for annotations: a command imports what it uses when it runs
    from openwatch.api.indexes import IndexImport


class ExportFormat(enum.StrEnum):
    csv = "csv"
    json = "json"
    jsonl = "jsonl"


class ImportSource(enum.StrEnum):
    eosai = "eosai"
    epoch = "epoch"
    mot = "mot"


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
    company: CompaniesOption = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write to this file instead of stdout.",
            dir_okay=False,
        ),
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
    from openwatch.api import Tracker
    from openwatch.core.records import claim_to_record

    chosen = fmt or _format_from(output)
    with Tracker.open(db) as tracker:
        if output is not None:
            tracker.check_output_path(output)  # export -o db.db once replaced the database with CSV
        records: Iterable[dict[str, Any]] = (
            claim_to_record(claim)
            for claim in tracker.export_claims(companies=company, include_retracted=include_retracted)
        )
        if chosen is ExportFormat.jsonl:
            aliases = tracker.export_aliases(companies=company)
            records = _chain(records, ({"alias": a.alias, "company": a.company, "model": a.model} for a in aliases))
        if output is None:
            from openwatch.render.output import data_output

            with data_output() as out:
                _write(chosen, records, out, raw=raw, bom=False)
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
            help=(
                "A CSV, JSON or JSONL file; - for standard input. With --from eosai: a record or a folder; "
                "epoch: Epoch AI's models CSV; mot: the Model Openness Tool's folder of records."
            ),
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
        typer.Option(
            "--from",
            help="Read another index's records: eosai (European Open Source AI Index), epoch (Epoch AI), "
            "mot (Model Openness Tool).",
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="With --from: when the snapshot was taken (default: the reference snapshot, EOSAI 2026-06-12, "
            "MOT 2026-05-11; Epoch dates each row by its Last modified day).",
        ),
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
    crosswalk in the README (CC-BY 4.0, https://osai-index.eu/); with
    --from epoch, Epoch AI's models CSV (CC BY 4.0); with --from mot, the
    Model Openness Tool's records (MIT). Each verdict is dated when the
    index gave it; a record whose verdict changed adds a new claim, and a
    claim an earlier openwatch backdated is re-dated as an edit.

    Example: openwatch import claims.jsonl

    Example: openwatch import sheet.csv --dry-run

    Example: openwatch import --from eosai main-database/ --as-of 2026-06-12 --dry-run

    Example: openwatch import --from epoch all-ml-systems.csv --skip-invalid
    """
    from openwatch.core.errors import InvalidValue

    if source is not None:
        if fmt is not None or raw:
            raise InvalidValue("from", f"--format and --raw are for files of claims, not with --from {source.value}")
        _import_index(source, Path(file), as_of=as_of, dry_run=dry_run, skip_invalid=skip_invalid, db=db)
        return
    if as_of is not None:
        raise InvalidValue("as-of", "--as-of dates another index's snapshot: use it with --from")
    from openwatch.api.files import import_records, name_snapshot, new_near_misses
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
        before = None if dry_run else name_snapshot(db)
        try:
            report = import_records(db, rows, options, progress.update)
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
    # Reported, not refused: a file's names are what its author wrote ('alias add' joins them).
    for line in new_near_misses(db, before):
        say(f"  Note: {line}; 'openwatch alias add' makes one name of them if they are the same")


def _import_index(
    source: ImportSource, path: Path, *, as_of: str | None, dry_run: bool, skip_invalid: bool, db: Path | None
) -> None:
    from openwatch.api.indexes import IndexSource, import_index
    from openwatch.core.dates import parse_claim_date, utc_now
    from openwatch.render.safe import visible

    now = today()
    snapshot = parse_claim_date(as_of, now) if as_of else None
    result = import_index(
        db,
        IndexSource(source.value),
        path,
        as_of=snapshot,
        now=utc_now(),
        today=now,
        dry_run=dry_run,
        skip_invalid=skip_invalid,
    )
    if result.invalid and not skip_invalid:
        for line in result.invalid[:MAX_ERRORS_SHOWN]:
            sys.stderr.write(visible(line) + "\n")
        more = len(result.invalid) - MAX_ERRORS_SHOWN
        raise OpenwatchError(
            f"{len(result.invalid)} bad record(s) in {path}"
            + (f" ({more} more not shown)" if more > 0 else "")
            + "; nothing was imported (--skip-invalid imports the good ones)"
        )
    _index_summary(result, dry_run=dry_run)


MAX_ERRORS_SHOWN = 50


def _index_summary(result: IndexImport, *, dry_run: bool) -> None:
    """The summary on stderr: counts, names, licences the table does not know, the attribution."""
    from openwatch.api.indexes import attribution

    what = f"{result.source.label} snapshot {result.snapshot}" if result.snapshot else f"{result.source.label} file"
    verb = "would add" if dry_run else "added"
    records = "record" if result.read == 1 else "records"
    line = f"{what}: {result.read} {records} read; {len(result.added)} {verb}, {len(result.reassessed)} re-assessed"
    if result.redated:
        line += f", {len(result.redated)} re-dated to the assessment date"
    if result.reread:
        line += f", {len(result.reread)} re-read through the licence table"
    line += f", {result.unchanged} unchanged"
    if result.not_assessed:
        line += f", {result.not_assessed} not assessed (no claim)"
    if result.invalid:
        line += f", {len(result.invalid)} skipped as invalid"
    say(line + (" (dry run: nothing written)" if dry_run else ""))
    for problem in result.invalid[:MAX_ERRORS_SHOWN]:
        say(f"  skipped {problem}")
    for spelling, vendor in result.aliases_added:
        say(f"  alias {'to add' if dry_run else 'added'}: {spelling} -> {vendor} (openwatch's list of index spellings)")
    for spelling, vendor in result.alias_clashes:
        say(
            f"  {spelling} is tracked as a company of its own; the list of index spellings says it is {vendor}: "
            f'\'openwatch alias add "{spelling}" "{vendor}"\' merges it'
        )
    if result.new_companies:
        say(
            "Organisations openwatch did not track (imported under their own names; "
            "'openwatch alias add NAME COMPANY' merges one into a tracked company):"
        )
        for name, near in sorted(result.new_companies.items(), key=lambda item: item[0].casefold()):
            hint = "nearest: " + ", ".join(near) if near else "no near match"
            say(f"  {name} ({hint})")
    if result.unknown_licences:
        names = ", ".join(f"{name} ({count})" for name, count in sorted(result.unknown_licences.items())[:10])
        more = len(result.unknown_licences) - 10
        say(
            f"Licences the licence table does not know (recorded as written): {names}"
            + (f" and {more} more" if more > 0 else "")
        )
    say(attribution(result.source))
