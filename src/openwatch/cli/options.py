"""The options of the commands the fast path serves, described once for both paths.

The Typer commands (cli/views.py, cli/admin.py, cli/search.py) build their
parameters from these descriptions (``cli.common.option`` / ``argument``), and
the fast path (cli/fastpath.py) parses argv with the very same ones, so a
default, a minimum or a choice cannot differ between the two.
tests/cli/test_fastpath.py compares every parameter of both.

Typer-free: the fast path imports this without importing Typer.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

if TYPE_CHECKING:
    from openwatch.core.claim import Direction

    Kind = Literal["argument", "arguments", "text", "multi", "flag", "count", "format", "path"]

FORMATS = ("table", "json", "csv")


class Param(NamedTuple):
    name: str
    """The keyword of the function it is passed to."""
    kind: Kind
    flags: tuple[str, ...] = ()
    """Option names (``--model``, ``-m``); none for an argument."""
    help: str = ""
    metavar: str | None = None
    default: Any = None
    required: bool = False
    min: int | None = None
    choices: tuple[str, ...] | None = None


class FastCommand(NamedTuple):
    function: str
    """A function of openwatch.cli.reading taking the params as keywords."""
    params: tuple[Param, ...]

    def param(self, name: str) -> Param:
        return next(param for param in self.params if param.name == name)


FORMAT = Param(
    "fmt", "format", ("--format", "-f"), "Output format: table, json or csv.", default="table", choices=FORMATS
)
DB = Param(
    "db",
    "path",
    ("--db",),
    "Database file. Default: $OPENWATCH_DB, else openwatch.db in the user data folder.",
    metavar="FILE",
)
KIND = Param(
    "kind",
    "multi",
    ("--kind", "-k"),
    "Only claims of this kind (reported, stated, observed, assessed); repeat for more.",
    metavar="KIND",
)
NO_PLANNED = Param("no_planned", "flag", ("--no-planned",), "Leave out claims about intent (planned).", default=False)
SINCE = Param("since", "text", ("--since",), "From this date (YYYY-MM-DD, 2025-07, 6m, 1y...).", metavar="DATE")
UNTIL = Param("until", "text", ("--until",), "Up to this date, inclusive.", metavar="DATE")
COLUMNS = Param(
    "columns",
    "text",
    ("--columns",),
    "Only these columns, in this order, comma-separated (e.g. date,stance,id); in JSON and CSV the fields.",
    metavar="A,B,C",
)
WIDE = Param("wide", "flag", ("--wide",), "Never cut a value in a table, however wide the lines.", default=False)
COMPANY_ARGUMENT = Param(
    "company", "argument", help="A tracked company (or one of its aliases).", metavar="COMPANY", required=True
)

TIMELINE = FastCommand(
    "timeline_view",
    (
        COMPANY_ARGUMENT,
        Param("model", "text", ("--model", "-m"), "Only this model's series.", metavar="MODEL"),
        Param("company_wide", "flag", ("--company-wide",), "Only the company-wide claims (no model).", default=False),
        SINCE,
        UNTIL,
        KIND,
        NO_PLANNED,
        Param(
            "chart",
            "flag",
            ("--chart",),
            "Draw each series as a lane of its stance over time instead of a table.",
            default=False,
        ),
        COLUMNS,
        WIDE,
        FORMAT,
        DB,
    ),
)
STATUS = FastCommand(
    "status_view",
    (
        Param("company", "arguments", help="Tracked companies (default: all).", metavar="[COMPANY]..."),
        Param("as_of", "text", ("--as-of",), "The stance at the end of this date (default: today).", metavar="DATE"),
        Param(
            "evidence",
            "flag",
            ("--evidence",),
            "List every claim each stance rests on, with its kind, source and link.",
            default=False,
        ),
        KIND,
        NO_PLANNED,
        COLUMNS,
        WIDE,
        FORMAT,
        DB,
    ),
)
COMPANIES = FastCommand(
    "companies_view",
    (
        Param(
            "prune",
            "flag",
            ("--prune",),
            "First remove the companies left without any claim (with their models and aliases).",
            default=False,
        ),
        FORMAT,
        DB,
    ),
)
MODELS = FastCommand(
    "models_view",
    (Param("company", "argument", help="Only this company's models.", metavar="COMPANY"), FORMAT, DB),
)
SEARCH = FastCommand(
    "search_view",
    (
        Param(
            "text",
            "argument",
            help="Words to find, in any inflection (English, French); with --fts, an FTS5 query.",
            metavar="TEXT",
            required=True,
        ),
        Param("company", "text", ("--company", "-c"), "Only this company's claims.", metavar="COMPANY"),
        Param("limit", "count", ("--limit", "-n"), "At most this many results.", metavar="N", default=50, min=1),
        Param(
            "fts",
            "flag",
            ("--fts",),
            'TEXT is an SQLite FTS5 query: "a phrase", AND, OR, NOT, prefix*, column:word.',
            default=False,
        ),
        COLUMNS,
        WIDE,
        FORMAT,
        DB,
    ),
)

FAST_COMMANDS: dict[str, FastCommand] = {
    "timeline": TIMELINE,
    "status": STATUS,
    "companies": COMPANIES,
    "models": MODELS,
    "search": SEARCH,
}


# -- values of changes' options, parsed (the Typer command is in cli/views.py) ------------


def parse_recorded_since(text: str, now: date) -> datetime:
    """An ISO time, or a date (its start, UTC) such as 2025-07-14, yesterday or 7d."""
    from datetime import UTC, time

    from openwatch.core.dates import parse_since, parse_timestamp

    cleaned = text.strip()
    if "T" in cleaned or ":" in cleaned:
        return parse_timestamp(cleaned)
    return datetime.combine(parse_since(cleaned, now), time.min, tzinfo=UTC)


def parse_directions(values: list[str] | None) -> set[Direction] | None:
    from openwatch.core.claim import Direction, did_you_mean
    from openwatch.core.errors import InvalidValue

    if not values:
        return None
    names = [d.value for d in Direction if d is not Direction.UNCHANGED]
    chosen = set()
    for value in values:
        cleaned = value.strip().casefold()
        if cleaned not in names:
            raise InvalidValue(
                "direction",
                f"unknown direction '{value}'.{did_you_mean(cleaned, names)} Valid: " + ", ".join(names),
            )
        chosen.add(Direction(cleaned))
    return chosen
