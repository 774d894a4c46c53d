"""Publishing: the static site, and each vendor's trajectory across its models."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from openwatch.cli.common import DbOption, FormatOption, OutputFormat, emit_rows, guarded, say, today


def register(app: typer.Typer) -> None:
    app.command("trajectory")(guarded(trajectory))
    app.command("site")(guarded(site))


AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help="Read everything as of this date: current stances, the last 12 months (default: today).",
    ),
]


def trajectory(
    company: Annotated[
        list[str] | None,
        typer.Argument(metavar="[COMPANY]...", help="Tracked companies (default: all).", show_default=False),
    ] = None,
    as_of: AsOfOption = None,
    fmt: FormatOption = OutputFormat.table,
    db: DbOption = None,
) -> None:
    """Show each model's stance at its release, per vendor: who is opening, who is closing.

    A release is a model's first claim that is not planned. The share is of
    the vendor's releases in the 12 months to --as-of at open-weights or
    above (none when it released nothing then).

    Example: openwatch trajectory OpenAI DeepSeek "Moonshot AI"
    """
    from openwatch.api import Tracker
    from openwatch.core.dates import parse_until
    from openwatch.core.trajectory import trajectory_rows
    from openwatch.render import listings
    from openwatch.render.records import TRAJECTORY

    now = today()
    day = parse_until(as_of, now) if as_of else now
    with Tracker.open(db) as tracker:
        found = tracker.trajectory(company, today=day)
    emit_rows(fmt, TRAJECTORY, trajectory_rows(found), lambda records: listings.trajectory(day, records))


def site(
    folder: Annotated[
        Path,
        typer.Argument(metavar="DIR", help="The folder to write the site into (created if missing).", file_okay=False),
    ],
    as_of: AsOfOption = None,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            metavar="URL",
            help="Where the site will be served (https://...), for absolute links in the feeds.",
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Write a static website of the tracker: vendors, charts, timelines, Atom feeds, downloads.

    One page per company with its chart, status, said versus shipped and
    timeline (every source linked, a #claim-ID anchor per claim); an index of
    vendors with the trajectory chart and the latest moves; Atom feeds of all
    moves, of each company's and of moves toward closed; claims.csv and
    claims.jsonl as export writes them. The same database and --as-of give
    the same files, byte for byte.

    Example: openwatch site public --as-of 2026-01-01
    """
    from openwatch.api import Tracker
    from openwatch.core.dates import parse_until
    from openwatch.core.errors import InvalidValue
    from openwatch.publish.site import build_site
    from openwatch.publish.tracker_source import TrackerSource
    from openwatch.render.safe import http_url

    if base_url is not None and http_url(base_url) is None:
        raise InvalidValue("base-url", f"--base-url must be an http:// or https:// address, not '{base_url}'")
    if folder.exists() and not folder.is_dir():
        raise InvalidValue("DIR", f"'{folder}' is a file: name a folder for the site")
    now = today()
    day = parse_until(as_of, now) if as_of else now
    with Tracker.open(db) as tracker:
        summary = build_site(
            TrackerSource(tracker), folder, as_of=day, base_url=base_url, refuse=tracker.check_output_path
        )
    say(f"Wrote {len(summary.files)} files for {summary.companies} companies ({summary.claims} claims) to {folder}")
