"""One claim at a time: add, show, edit, retract, restore and history."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from openwatch.cli import entry
from openwatch.cli.common import DbOption, FormatOption, OutputFormat, emit_rows, guarded, say, today
from openwatch.cli.complete import complete_company, complete_kind, complete_model, complete_stance

if TYPE_CHECKING:
    from openwatch.core.claim import Claim


def register(app: typer.Typer) -> None:
    app.command("add")(guarded(add))
    app.command("show")(guarded(show))
    app.command("edit")(guarded(edit))
    app.command("retract")(guarded(retract))
    app.command("restore")(guarded(restore))
    app.command("history")(guarded(history))


def add(
    company: Annotated[
        str | None,
        typer.Option("--company", "-c", metavar="COMPANY", help="Vendor, e.g. Meta.", autocompletion=complete_company),
    ] = None,
    stance: Annotated[
        str | None,
        typer.Option(
            "--stance",
            "-s",
            metavar="STANCE",
            help="closed, limited, hosted, api, weights-noncommercial, weights-restricted,"
            " open-weights, open-source, mixed or unknown.",
            autocompletion=complete_stance,
        ),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option("--date", "-d", metavar="DATE", help="YYYY-MM-DD, YYYY-MM, YYYY, today, '14 July 2025'."),
    ] = None,
    source: Annotated[str | None, typer.Option("--source", metavar="SOURCE", help="Who published it.")] = None,
    model: Annotated[
        str | None,
        typer.Option(
            "--model",
            "-m",
            metavar="MODEL",
            help="Model or family; leave out for company-wide.",
            autocompletion=complete_model,
        ),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            "-k",
            metavar="KIND",
            help="reported, stated, observed or assessed (asked on a terminal; stated elsewhere).",
            autocompletion=complete_kind,
        ),
    ] = None,
    planned: Annotated[bool, typer.Option("--planned", help="The claim is about intent, not the present.")] = False,
    url: Annotated[
        str | None,
        typer.Option(
            "--url",
            metavar="URL",
            help="Where it was published (http/https).",
        ),
    ] = None,
    quote: Annotated[
        str | None, typer.Option("--quote", "-q", metavar="TEXT", help="Verbatim excerpt; '-' reads standard input.")
    ] = None,
    quote_file: Annotated[
        Path | None,
        typer.Option(
            "--quote-file",
            metavar="FILE",
            help="Read the quote from a UTF-8 file.",
            dir_okay=False,
        ),
    ] = None,
    license: Annotated[str | None, typer.Option("--license", metavar="LICENCE", help="Licence name.")] = None,
    note: Annotated[str | None, typer.Option("--note", metavar="TEXT", help="Free text.")] = None,
    due: Annotated[
        str | None,
        typer.Option("--due", metavar="DATE", help="For a promise (--planned): the date it named, e.g. 2026-02."),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option("--by", metavar="NAME", help="Who records it (default: $OPENWATCH_USER, git's user.name, login)."),
    ] = None,
    again: Annotated[
        bool, typer.Option("--again", help="Record it even when a claim with the same content is stored.")
    ] = False,
    new_name: Annotated[
        bool, typer.Option("--new-name", help="A new company or model close to a tracked name is meant as new.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Record a claim and print its id.

    On a terminal, missing required fields and the kind are asked for;
    elsewhere a missing field is a usage error and the kind is stated. The
    stances and kinds are explained by 'openwatch stances'. A claim with the
    same content as a stored one (date, company, model, stance, kind, source,
    url) is not stored twice: its id is printed (--again stores it anyway).
    A new name close to a tracked one is asked about on a terminal, and
    refused elsewhere unless --new-name is given.

    Example: openwatch add --company Meta --model "Llama 4 Behemoth" --stance closed
    --kind reported --planned --date 2025-07-14 --source "New York Times"
    """
    from openwatch.api import files
    from openwatch.core.dates import utc_now
    from openwatch.core.licences import normalise_licence_name
    from openwatch.core.validate import ClaimFields

    required = entry.prompt_missing({"company": company, "stance": stance, "date": date, "source": source})
    if kind is None:
        kind = entry.ask_kind() if entry.interactive() else "stated"
    # Licence names are recorded as the licence table names them ("apache 2.0" -> Apache-2.0).
    named = normalise_licence_name(license, model)
    fields = ClaimFields(
        date=required["date"],
        company=required["company"],
        model=model,
        stance=required["stance"],
        kind=kind,
        planned=planned,
        source=required["source"],
        url=url,
        quote=entry.read_text_option(quote, quote_file, "quote"),
        license=named.name,
        note=note,
        due=due,
        recorded_by=entry.recorder(by),
    )
    added = files.add_checked(
        db,
        fields,
        now=utc_now(),
        today=today(),
        again=again,
        new_name=new_name,
        choose=entry.choose_name if entry.interactive() else None,
    )
    if added.claim is None:
        typer.echo(added.already)
        say(f"Already recorded as {added.already}: nothing added (--again records it anyway)")
        return
    stored = added.claim
    typer.echo(stored.id)
    if named.message:
        say(named.message[0].upper() + named.message[1:])
    say(f"Recorded {stored.stance.value} for {_where(stored)} on {stored.date}")


def show(
    claim_id: Annotated[str, typer.Argument(metavar="ID", help="A claim id, or any unique prefix of one.")],
    fmt: FormatOption = OutputFormat.table,
    db: DbOption = None,
) -> None:
    """Show one claim in full, retracted or not.

    Example: openwatch show sample-e53
    """
    from openwatch.api import Tracker
    from openwatch.core.records import claim_to_record

    with Tracker.open(db) as tracker:
        claim = tracker.show(claim_id)
        record = claim_to_record(claim)
        evidence = tracker.evidence([claim.id])[claim.id] if claim.url and fmt is OutputFormat.table else None
    if fmt is not OutputFormat.table:
        from openwatch.core.records import ALL_FIELDS
        from openwatch.exchange.writers import write_csv, write_json
        from openwatch.render.output import data_output

        with data_output() as out:  # UTF-8 always; controls escaped on a terminal
            if fmt is OutputFormat.json:
                write_json([record], out)
            else:
                write_csv(ALL_FIELDS, [record], out)
    else:
        from openwatch.render.checks import evidence_lines
        from openwatch.render.details import write_details

        # What verify found of the link, beside the link (the archived copy too).
        shown: dict[str, object] = {}
        for key, value in record.items():
            shown[key] = value
            if key == "url":
                shown.update(evidence_lines(evidence))
        write_details(shown, sys.stdout)


IdArgument = Annotated[str, typer.Argument(metavar="ID", help="A claim id, or any unique prefix of one.")]
ReasonOption = Annotated[
    str | None,
    typer.Option(
        "--reason",
        "-r",
        metavar="TEXT",
        help="Why; kept in the claim's history.",
    ),
]


def _where(claim: Claim) -> str:
    return f"{claim.company} / {claim.model}" if claim.model else f"{claim.company} (company-wide)"


def edit(
    claim_id: IdArgument,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            "-d",
            metavar="DATE",
            help="New date (YYYY-MM-DD, YYYY-MM, YYYY...).",
        ),
    ] = None,
    company: Annotated[str | None, typer.Option("--company", "-c", metavar="COMPANY", help="New company.")] = None,
    model: Annotated[
        str | None,
        typer.Option(
            "--model",
            "-m",
            metavar="MODEL",
            help="New model; an empty value makes the claim company-wide.",
        ),
    ] = None,
    stance: Annotated[str | None, typer.Option("--stance", "-s", metavar="STANCE", help="New stance.")] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            "-k",
            metavar="KIND",
            help="reported, stated, observed or assessed.",
        ),
    ] = None,
    planned: Annotated[
        bool | None,
        typer.Option(
            "--planned/--not-planned", help="The claim is about intent / about the present.", show_default=False
        ),
    ] = None,
    source: Annotated[str | None, typer.Option("--source", metavar="SOURCE", help="New source.")] = None,
    url: Annotated[
        str | None,
        typer.Option(
            "--url",
            metavar="URL",
            help="New address (http/https); empty to remove it.",
        ),
    ] = None,
    quote: Annotated[
        str | None,
        typer.Option(
            "--quote",
            "-q",
            metavar="TEXT",
            help="New quote; '-' reads standard input; empty to remove it.",
        ),
    ] = None,
    quote_file: Annotated[
        Path | None,
        typer.Option(
            "--quote-file",
            metavar="FILE",
            help="Read the new quote from a UTF-8 file.",
            dir_okay=False,
        ),
    ] = None,
    license: Annotated[
        str | None,
        typer.Option(
            "--license",
            metavar="LICENCE",
            help="New licence name; empty to remove it.",
        ),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", metavar="TEXT", help="New note; empty to remove it.")] = None,
    reason: ReasonOption = None,
    db: DbOption = None,
) -> None:
    """Change fields of a claim, keeping the earlier version in its history.

    Only the fields given change; each is checked as 'add' checks it. An
    empty --model, --url, --quote, --license or --note removes that field.
    A retracted claim can be edited and stays retracted.

    Example: openwatch edit 3f2a --stance weights-restricted --reason "licence has use restrictions"
    """
    from openwatch.api import Tracker
    from openwatch.core.dates import utc_now
    from openwatch.core.revisions import describe
    from openwatch.core.validate import ClaimFields

    given = ClaimFields(
        date=date,
        company=company,
        model=model,
        stance=stance,
        kind=kind,
        planned=planned,
        source=source,
        url=url,
        quote=entry.read_text_option(quote, quote_file, "quote"),
        license=license,
        note=note,
    )
    with Tracker.open(db) as tracker:
        edited = tracker.edit(claim_id, given, reason=reason, now=utc_now(), today=today())
    if not edited.changes:
        say(f"Nothing changed: claim {edited.claim.id} already holds those values")
    else:
        say(f"Edited claim {edited.claim.id}: {describe(edited.changes)}")


def retract(
    claim_id: IdArgument,
    reason: Annotated[
        str,
        typer.Option(
            "--reason",
            "-r",
            metavar="TEXT",
            help="Why the claim is withdrawn (required).",
        ),
    ],
    db: DbOption = None,
) -> None:
    """Withdraw a claim from timelines, status and diffs, keeping it and why.

    The claim stays in the database: 'show' and 'history' still find it,
    'export --include-retracted' writes it, and 'restore' brings it back.

    Example: openwatch retract 3f2a --reason "the report was denied and corrected"
    """
    from openwatch.api import Tracker
    from openwatch.core.dates import utc_now

    with Tracker.open(db) as tracker:
        stored = tracker.retract(claim_id, reason=reason, now=utc_now())
    say(f"Retracted claim {stored.id} ({stored.stance.value} for {_where(stored)} on {stored.date})")


def restore(claim_id: IdArgument, reason: ReasonOption = None, db: DbOption = None) -> None:
    """Undo a retraction; the retraction and the restore stay in the history.

    Example: openwatch restore 3f2a --reason "retracted by mistake"
    """
    from openwatch.api import Tracker
    from openwatch.core.dates import utc_now

    with Tracker.open(db) as tracker:
        stored = tracker.restore(claim_id, reason=reason, now=utc_now())
    say(f"Restored claim {stored.id} ({stored.stance.value} for {_where(stored)} on {stored.date})")


def history(claim_id: IdArgument, fmt: FormatOption = OutputFormat.table, db: DbOption = None) -> None:
    """Show every version of a claim: when it changed, how, why and what.

    Example: openwatch history 3f2a --format json
    """
    from openwatch.api import Tracker
    from openwatch.render import listings
    from openwatch.render.records import history_spec

    with Tracker.open(db) as tracker:
        found = tracker.history(claim_id)
    claim = found.claim.id
    emit_rows(fmt, history_spec(claim), found.versions, lambda records: listings.history(claim, records))
