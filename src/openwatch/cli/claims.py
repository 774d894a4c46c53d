"""One claim at a time: add and show."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from openwatch.cli.common import DbOption, FormatOption, OutputFormat, guarded, say, today
from openwatch.core.errors import InvalidValue


def register(app: typer.Typer) -> None:
    app.command("add")(guarded(add))
    app.command("show")(guarded(show))


def _interactive() -> bool:
    return sys.stdin.isatty() and sys.stderr.isatty()


def _prompt_missing(values: dict[str, str | None]) -> dict[str, str | None]:
    """Ask for required fields left out, on a terminal; refuse them elsewhere.

    A prompted value is checked as it is typed and asked again when wrong,
    with the same message an option would get.
    """
    from openwatch.core.claim import Stance, parse_stance
    from openwatch.core.dates import parse_claim_date
    from openwatch.core.validate import required_text

    missing = [name for name, value in values.items() if value is None]
    if not missing:
        return values
    if not _interactive():
        raise InvalidValue(
            missing[0],
            "missing " + ", ".join(f"--{name}" for name in missing) + " (required when not at a terminal)",
        )
    hints = {
        "company": "Company",
        "stance": "Stance (" + ", ".join(s.value for s in Stance) + ")",
        "date": "Date (YYYY-MM-DD, YYYY-MM, YYYY, today)",
        "source": "Source (who published it)",
    }
    def check(name: str, text: str) -> None:
        if name == "stance":
            parse_stance(text)
        elif name == "date":
            parse_claim_date(text, today())
        else:
            required_text(name, text)

    filled = dict(values)
    for name in missing:
        while True:
            answer = typer.prompt(hints[name], default="today" if name == "date" else None, err=True)
            try:
                check(name, answer)
            except InvalidValue as error:
                typer.echo(f"Error: {error.message}", err=True)
                continue
            filled[name] = answer
            break
    return filled


def _read_text_option(value: str | None, from_file: Path | None, name: str) -> str | None:
    if from_file is None:
        if value == "-":
            return sys.stdin.read()
        return value
    if value is not None:
        raise InvalidValue(name, f"give --{name} or --{name}-file, not both")
    try:
        return from_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidValue(name, f"cannot read {from_file}: {error}") from None


def add(
    company: Annotated[str | None, typer.Option("--company", "-c", help="Vendor, e.g. Meta.")] = None,
    stance: Annotated[
        str | None,
        typer.Option(
            "--stance",
            "-s",
            help="closed, limited, hosted, api, weights-noncommercial, weights-restricted,"
            " open-weights, open-source, mixed or unknown.",
        ),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option("--date", "-d", help="YYYY-MM-DD, YYYY-MM, YYYY, today, '14 July 2025'."),
    ] = None,
    source: Annotated[str | None, typer.Option("--source", help="Who published it.")] = None,
    model: Annotated[
        str | None, typer.Option("--model", "-m", help="Model or family; leave out for company-wide.")
    ] = None,
    kind: Annotated[
        str,
        typer.Option("--kind", "-k", help="reported, stated, observed or assessed."),
    ] = "stated",
    planned: Annotated[
        bool, typer.Option("--planned", help="The claim is about intent, not the present.")
    ] = False,
    url: Annotated[str | None, typer.Option("--url", help="Where it was published (http/https).")] = None,
    quote: Annotated[
        str | None, typer.Option("--quote", "-q", help="Verbatim excerpt; '-' reads standard input.")
    ] = None,
    quote_file: Annotated[
        Path | None, typer.Option("--quote-file", help="Read the quote from a UTF-8 file.", dir_okay=False)
    ] = None,
    license: Annotated[str | None, typer.Option("--license", help="Licence name.")] = None,
    note: Annotated[str | None, typer.Option("--note", help="Free text.")] = None,
    db: DbOption = None,
) -> None:
    """Record a claim and print its id.

    On a terminal, missing required fields are asked for; elsewhere they are
    a usage error.

    Example: openwatch add --company Meta --model "Llama 4 Behemoth" --stance closed
    --kind reported --planned --date 2025-07-14 --source "New York Times"
    """
    from openwatch.core.dates import utc_now
    from openwatch.core.validate import ClaimFields, build_claim, new_claim_id
    from openwatch.store.claims import insert_claim
    from openwatch.store.db import open_database, write_transaction

    required = _prompt_missing({"company": company, "stance": stance, "date": date, "source": source})
    fields = ClaimFields(
        date=required["date"],
        company=required["company"],
        model=model,
        stance=required["stance"],
        kind=kind,
        planned=planned,
        source=required["source"],
        url=url,
        quote=_read_text_option(quote, quote_file, "quote"),
        license=license,
        note=note,
    )
    claim = build_claim(fields, claim_id=new_claim_id(), recorded_at=utc_now(), today=today())
    with open_database(db, create=True) as database, write_transaction(database.conn) as conn:
        stored = insert_claim(conn, claim)
    typer.echo(stored.id)
    where = f"{stored.company} / {stored.model}" if stored.model else f"{stored.company} (company-wide)"
    say(f"Recorded {stored.stance.value} for {where} on {stored.date}")


def show(
    claim_id: Annotated[str, typer.Argument(metavar="ID", help="A claim id, or any unique prefix of one.")],
    fmt: FormatOption = OutputFormat.table,
    db: DbOption = None,
) -> None:
    """Show one claim in full, retracted or not.

    Example: openwatch show sample-e53
    """
    from openwatch.core.records import claim_to_record
    from openwatch.store.claims import get_claim
    from openwatch.store.db import open_database

    with open_database(db) as database:
        claim = get_claim(database.conn, claim_id)
    record = claim_to_record(claim)
    if fmt is OutputFormat.json:
        from openwatch.exchange.writers import write_json

        write_json([record], sys.stdout)
    elif fmt is OutputFormat.csv:
        from openwatch.core.records import ALL_FIELDS
        from openwatch.exchange.writers import write_csv

        write_csv(ALL_FIELDS, [record], sys.stdout)
    else:
        from openwatch.render.details import write_details

        write_details(record, sys.stdout)
