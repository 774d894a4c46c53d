"""Moving claims in and out: export, and import (so far of other indexes' records)."""

from __future__ import annotations

import enum
import os
import sys
import tempfile
from pathlib import Path
from typing import Annotated, TextIO

import typer

from openwatch.cli.common import DbOption, guarded, say


class ExportFormat(enum.StrEnum):
    csv = "csv"
    json = "json"
    jsonl = "jsonl"


class ImportSource(enum.StrEnum):
    eosai = "eosai"


def register(app: typer.Typer) -> None:
    app.command("export")(guarded(export))
    app.command("import")(guarded(import_claims))


def import_claims(
    path: Annotated[Path, typer.Argument(metavar="PATH", help="A file, or with --from eosai a record or folder.")],
    source: Annotated[
        ImportSource | None,
        typer.Option("--from", help="Read another index's records: eosai (European Open Source AI Index)."),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", metavar="DATE", help="With --from: when the snapshot was taken (default today)."),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check and report; write nothing.")] = False,
    skip_invalid: Annotated[
        bool, typer.Option("--skip-invalid", help="Import the good records and report the bad ones.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Bring claims in; importing the same records twice adds nothing.

    With --from eosai, PATH is a European Open Source AI Index record (.yaml)
    or a folder of them, imported as assessed claims through the crosswalk
    in the README (CC-BY 4.0, https://osai-index.eu/).

    Example: openwatch import --from eosai main-database/ --as-of 2026-06-12 --dry-run
    """
    from openwatch.cli.common import today
    from openwatch.cli.eosai import import_eosai, report
    from openwatch.core.dates import PartialDate, parse_claim_date
    from openwatch.core.errors import InvalidValue

    if source is None:
        raise InvalidValue(
            "from", "this openwatch imports only other indexes' records so far: use --from eosai PATH"
        )
    now = today()
    snapshot = parse_claim_date(as_of, now) if as_of else PartialDate.of(now)
    result = import_eosai(path, as_of=snapshot, today=now, dry_run=dry_run, skip_invalid=skip_invalid, db=db)
    report(result, as_of=snapshot, dry_run=dry_run)


def export(
    fmt: Annotated[
        ExportFormat | None,
        typer.Option("--format", "-f", help="csv, json or jsonl. Default: from -o's extension, else csv."),
    ] = None,
    company: Annotated[
        list[str] | None, typer.Option("--company", "-c", help="Only this company; repeat for more.")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.", dir_okay=False)
    ] = None,
    include_retracted: Annotated[
        bool, typer.Option("--include-retracted", help="Also export retracted claims.")
    ] = False,
    raw: Annotated[
        bool, typer.Option("--raw", help="CSV cells exactly as stored (no formula neutralising).")
    ] = False,
    db: DbOption = None,
) -> None:
    """Export claims, oldest first, to stdout or a file.

    CSV cells that a spreadsheet would run as a formula (=, +, -, @) get an
    apostrophe in front unless --raw; import takes it off again.

    Example: openwatch export --company Meta -o meta.csv
    """
    from openwatch.core.records import claim_to_record
    from openwatch.store.claims import iter_claims
    from openwatch.store.db import open_database
    from openwatch.store.names import require_company

    chosen = fmt or _format_from(output)
    with open_database(db) as database:
        ids = [require_company(database.conn, c).id for c in company] if company else None
        records = (
            claim_to_record(claim)
            for claim in iter_claims(
                database.conn, company_ids=ids, include_retracted=include_retracted, order="date"
            )
        )
        if output is None:
            count = _write(chosen, records, sys.stdout, raw=raw)
        else:
            count = _write_file(output, chosen, records, raw=raw)
            say(f"Exported {count} claims to {output}")


def _format_from(output: Path | None) -> ExportFormat:
    suffix = output.suffix.lower().lstrip(".") if output else ""
    return ExportFormat(suffix) if suffix in ExportFormat.__members__ else ExportFormat.csv


def _write(fmt: ExportFormat, records: object, out: TextIO, *, raw: bool) -> int:
    from openwatch.core.records import ALL_FIELDS
    from openwatch.exchange.writers import write_csv, write_json, write_jsonl

    if fmt is ExportFormat.json:
        return write_json(records, out)  # type: ignore[arg-type]
    if fmt is ExportFormat.jsonl:
        return write_jsonl(records, out)  # type: ignore[arg-type]
    return write_csv(ALL_FIELDS, records, out, raw=raw)  # type: ignore[arg-type]


def _write_file(path: Path, fmt: ExportFormat, records: object, *, raw: bool) -> int:
    """Write next to the target and rename: a reader never sees half a file."""
    folder = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            count = _write(fmt, records, out, raw=raw)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
    return count
