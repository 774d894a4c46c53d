"""Moving claims in and out: export."""

from __future__ import annotations

import enum
import os
import sys
import tempfile
from pathlib import Path
from typing import Annotated, TextIO

import typer

from openwatch.cli.common import DbOption, guarded, say
from openwatch.cli.complete import complete_company


class ExportFormat(enum.StrEnum):
    csv = "csv"
    json = "json"
    jsonl = "jsonl"


def register(app: typer.Typer) -> None:
    app.command("export")(guarded(export))


def export(
    fmt: Annotated[
        ExportFormat | None,
        typer.Option("--format", "-f", help="csv, json or jsonl. Default: from -o's extension, else csv."),
    ] = None,
    company: Annotated[
        list[str] | None,
        typer.Option(
            "--company", "-c", help="Only this company; repeat for more.", autocompletion=complete_company
        ),
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
