"""The core commands through the real CLI: init, add, timeline, export, aliases, db path."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Cli

BEHEMOTH = "Llama 4 Behemoth"


def add(cli: Cli, *args: str, code: int = 0) -> str:
    result = cli("add", *args, code=code)
    return str(result.stdout).strip()


def story(cli: Cli) -> dict[str, str]:
    """The Meta/Behemoth story, typed in as a user would."""
    return {
        "letter": add(
            cli,
            "--company",
            "Meta",
            "--stance",
            "open-source",
            "--date",
            "2024-07-23",
            "--source",
            "Meta newsroom",
            "--quote",
            "Open Source AI Is the Path Forward",
        ),
        "preview": add(
            cli,
            "--company",
            "meta",
            "--model",
            BEHEMOTH,
            "--stance",
            "weights-restricted",
            "--planned",
            "--date",
            "5 April 2025",
            "--source",
            "Meta AI blog",
        ),
        "nyt": add(
            cli,
            "-c",
            "META",
            "-m",
            "llama 4 behemoth",
            "-s",
            "closed",
            "-k",
            "reported",
            "--planned",
            "-d",
            "2025-07-14",
            "--source",
            "The New York Times",
            "--url",
            "https://www.nytimes.com/2025/07/14/technology/meta-superintelligence-lab-ai.html",
        ),
        "mix": add(
            cli,
            "--company",
            "Meta",
            "--stance",
            "mixed",
            "--date",
            "2025-07-14",
            "--source",
            "TechCrunch",
            "--quote",
            "a mix of open and closed models",
        ),
    }


def test_init_creates_the_database_and_its_folder(cli: Cli, db_path: Path) -> None:
    assert not db_path.parent.exists()
    result = cli("init")
    assert db_path.exists()
    assert str(db_path) in result.stderr
    assert cli("db", "path").stdout.strip() == str(db_path)


def test_default_database_lives_in_the_xdg_data_folder(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("OPENWATCH_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert cli("db", "path").stdout.strip() == str(tmp_path / "xdg" / "openwatch" / "openwatch.db")
    explicit = tmp_path / "elsewhere.db"
    assert cli("db", "path", "--db", str(explicit)).stdout.strip() == str(explicit)


def test_a_reading_command_on_a_missing_database_creates_nothing(cli: Cli, db_path: Path) -> None:
    for args in (["timeline", "Meta"], ["companies"], ["export"], ["show", "abc"], ["alias", "list"]):
        result = cli(*args, code=1)
        assert "no openwatch database" in result.stderr and "openwatch init" in result.stderr
        assert result.stdout == ""
    assert not db_path.exists() and not db_path.parent.exists()


def test_init_sample_twice_adds_nothing_the_second_time(cli: Cli) -> None:
    first = cli("init", "--sample")
    assert "61 claims added" in first.stderr
    second = cli("init", "--sample")
    assert "0 claims added, 61 already there" in second.stderr
    claims = json.loads(cli("export", "--format", "json").stdout)
    assert len(claims) == 61 == len({c["id"] for c in claims})


def test_init_sample_never_reverts_a_users_edit(sample: Cli, db_path: Path) -> None:
    from dataclasses import replace

    from openwatch.core.claim import Stance
    from openwatch.store.claims import get_claim, replace_claim
    from openwatch.store.db import open_database
    from openwatch.store.transactions import write_transaction

    with open_database(db_path) as database, write_transaction(database.conn) as conn:
        claim = get_claim(conn, "sample-e53")
        replace_claim(conn, replace(claim, stance=Stance.LIMITED), "edited")
    sample("init", "--sample")
    [shown] = sample.json("show", "sample-e53")
    assert shown["stance"] == "limited"


def test_the_behemoth_story_typed_at_the_terminal_reads_in_meta_timeline(cli: Cli) -> None:
    ids = story(cli)
    entries = cli.json("timeline", "Meta")
    # Same date: the report (weaker evidence) sorts before the statement.
    assert [e["id"] for e in entries] == [ids["letter"], ids["preview"], ids["nyt"], ids["mix"]]
    by_id = {e["id"]: e for e in entries}
    assert by_id[ids["nyt"]]["model"] == BEHEMOTH  # shown as first entered
    assert by_id[ids["nyt"]]["company"] == "Meta"
    assert by_id[ids["nyt"]]["move"] == "closed"
    assert by_id[ids["nyt"]]["planned"] is True and by_id[ids["nyt"]]["kind"] == "reported"
    assert by_id[ids["mix"]]["move"] == "changed" and by_id[ids["mix"]]["model"] is None
    assert by_id[ids["preview"]]["date"] == "2025-04-05"
    assert by_id[ids["letter"]]["move"] == "new"
    table = cli("timeline", "meta").stdout
    assert "Llama 4 Behemoth" in table and "closed (planned)" in table and "(company-wide)" in table


def test_timeline_filters_by_model_dates_and_kind(cli: Cli) -> None:
    ids = story(cli)
    assert [e["id"] for e in cli.json("timeline", "Meta", "--model", "LLAMA 4 BEHEMOTH")] == [
        ids["preview"],
        ids["nyt"],
    ]
    assert [e["id"] for e in cli.json("timeline", "Meta", "--since", "2025-07")] == [ids["nyt"], ids["mix"]]
    assert [e["id"] for e in cli.json("timeline", "Meta", "--until", "2024")] == [ids["letter"]]
    assert [e["id"] for e in cli.json("timeline", "Meta", "--kind", "reported")] == [ids["nyt"]]
    assert [e["id"] for e in cli.json("timeline", "Meta", "--no-planned")] == [ids["letter"], ids["mix"]]
    # Moves are computed on the whole series, then the window is shown.
    [nyt] = cli.json("timeline", "Meta", "--since", "2025-07-14", "--model", BEHEMOTH)
    assert nyt["move"] == "closed"


def test_json_keys_and_nulls_follow_the_claim(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENWATCH_USER", "tester")  # who records, when --by is not given
    ids = story(cli)
    [claim] = [c for c in cli.json("export") if c["id"] == ids["mix"]]
    assert list(claim)[:15] == [
        "id",
        "date",
        "company",
        "model",
        "stance",
        "kind",
        "planned",
        "due",
        "source",
        "url",
        "quote",
        "license",
        "note",
        "recorded_at",
        "recorded_by",
    ]
    assert claim["due"] is None and claim["recorded_by"] == "tester"
    assert claim["model"] is None and claim["url"] is None and claim["planned"] is False
    assert claim["recorded_at"].endswith("Z")


def test_csv_export_has_a_header_and_the_same_columns(cli: Cli) -> None:
    story(cli)
    rows = list(csv.DictReader(io.StringIO(cli("export").stdout)))
    assert len(rows) == 4
    assert set(rows[0]) >= {"id", "date", "company", "model", "stance", "kind", "planned", "source", "url"}
    assert {r["planned"] for r in rows} == {"true", "false"}
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)


def test_export_to_a_file_and_by_company(sample: Cli, tmp_path: Path) -> None:
    target = tmp_path / "meta.json"
    result = sample("export", "--company", "meta", "-o", str(target))
    assert "Exported" in result.stderr and result.stdout == ""
    claims = json.loads(target.read_text(encoding="utf-8"))
    assert claims and {c["company"] for c in claims} == {"Meta"}


def test_companies_are_one_whatever_the_case(cli: Cli) -> None:
    story(cli)
    companies = cli.json("companies")
    assert [c["company"] for c in companies] == ["Meta"]
    assert companies[0]["claims"] == 4 and companies[0]["models"] == 1
    assert [m["model"] for m in cli.json("models", "META")] == [BEHEMOTH]


def test_company_and_model_aliases(cli: Cli) -> None:
    ids = story(cli)
    cli("alias", "add", "Meta Platforms", "Meta")
    cli("alias", "add", "Facebook", "meta")
    cli("alias", "add", "Behemoth", BEHEMOTH, "--company", "Meta")
    assert len(cli.json("timeline", "meta platforms")) == 4
    assert [e["id"] for e in cli.json("timeline", "Facebook", "--model", "behemoth")] == [ids["preview"], ids["nyt"]]
    new = add(
        cli,
        "--company",
        "FACEBOOK",
        "--model",
        "Behemoth",
        "--stance",
        "closed",
        "--date",
        "2025-08-01",
        "--source",
        "x",
    )
    [shown] = cli.json("show", new)
    assert (shown["company"], shown["model"]) == ("Meta", BEHEMOTH)
    aliases = cli.json("alias", "list")
    assert {(a["alias"], a["company"], a["model"]) for a in aliases} == {
        ("Meta Platforms", "Meta", None),
        ("Facebook", "Meta", None),
        ("Behemoth", "Meta", BEHEMOTH),
    }
    cli("alias", "remove", "facebook")
    assert cli("timeline", "Facebook", code=1).stderr.startswith("Error: company 'Facebook' is not tracked")
    cli("alias", "remove", "Behemoth", "--company", "Meta")
    assert len(cli.json("alias", "list")) == 1


def test_an_alias_naming_a_tracked_company_merges_it(cli: Cli) -> None:
    # Issue 7: a tracked company made an alias is merged (tests/test_company_merge.py has the details).
    story(cli)
    add(cli, "--company", "Google", "--stance", "api", "--date", "2024-01-01", "--source", "x")
    result = cli("alias", "add", "Google", "Meta")
    assert "Merged Google into Meta" in result.stderr
    assert [c["company"] for c in cli.json("companies")] == ["Meta"]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--stance", "opne"], "Did you mean 'open-source' or 'open-weights'?"),
        (["--stance", "closd"], "Did you mean 'closed'?"),
        (["--date", "07/08/2025"], "YYYY-MM-DD"),
        (["--date", "14/07/2025"], "YYYY-MM-DD"),
        (["--date", "2025-02-30"], "not a real date"),
        (["--date", "2999-01-01"], "future"),
        (["--url", "ftp://example.com"], "http"),
        (["--company", " "], "company must not be empty"),
        (["--source", ""], "source must not be empty"),
        (["--kind", "rumour"], "unknown kind"),
    ],
)
def test_bad_values_are_usage_errors_with_one_clear_line(
    cli: Cli, db_path: Path, args: list[str], fragment: str
) -> None:
    base = {"--company": "Meta", "--stance": "closed", "--date": "2025-07-14", "--source": "NYT"}
    for flag, value in zip(args[::2], args[1::2], strict=True):
        base[flag] = value
    flat = [part for pair in base.items() for part in pair]
    if "--kind" in args:
        flat += ["--kind", "rumour"]
    result = cli("add", *flat, code=2)
    assert fragment in result.stderr
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.output
    assert not db_path.exists()  # nothing half-written: not even the file


def test_missing_required_fields_off_a_terminal_are_named(cli: Cli) -> None:
    result = cli("add", "--company", "Meta", code=2)
    assert "--stance" in result.stderr and "--date" in result.stderr and "--source" in result.stderr


@pytest.mark.usefixtures("stdin_is_terminal")
def test_on_a_terminal_missing_fields_are_asked_for(cli: Cli) -> None:
    # A bad answer is refused with the same message as the option, and asked again.
    # The last answer takes the kind's default (stated).
    result = cli("add", "--company", "Meta", input="opne\nclosed\n07/08/2025\n2025-07-14\nNYT\n\n")
    assert "Did you mean 'open-source' or 'open-weights'?" in result.stderr
    assert "YYYY-MM-DD" in result.stderr
    claim_id = result.stdout.strip().splitlines()[-1]
    [shown] = cli.json("show", claim_id)
    assert (shown["stance"], shown["date"], shown["source"]) == ("closed", "2025-07-14", "NYT")


def test_an_unknown_company_suggests_near_names(sample: Cli) -> None:
    result = sample("timeline", "Mета", code=1)  # Cyrillic e
    assert "not tracked" in result.stderr
    result = sample("timeline", "Mistral", code=1)
    assert "Did you mean 'Mistral AI'?" in result.stderr


def test_any_unique_id_prefix_works(sample: Cli) -> None:
    assert sample("show", "sample-e5", code=1).stderr.count("more than one claim") == 1
    [shown] = sample.json("show", "sample-e53")
    assert shown["source"] == "The New York Times"
    assert "Llama 4 Behemoth" in sample("show", "sample-e53").stdout


@pytest.mark.parametrize(
    "quote",
    ["[sic] they said", "[red]x[/red]", "[link=https://evil.example]x[/link]", "bold [b]text[/b]"],
)
def test_markup_in_user_text_shows_literally(cli: Cli, quote: str) -> None:
    add(cli, "--company", "Meta", "--stance", "closed", "--date", "2025-07-14", "--source", "NYT", "--quote", quote)
    assert quote in cli("timeline", "Meta").stdout


def test_control_characters_never_reach_the_terminal_raw(cli: Cli) -> None:
    evil = "a\x1b[31mred\x1b[0m \u202eevil\x9b2J end"
    claim_id = add(
        cli, "--company", "Meta", "--stance", "closed", "--date", "2025-07-14", "--source", evil, "--quote", evil
    )
    for args in (
        ["timeline", "Meta"],
        ["show", claim_id],
        ["timeline", "Meta", "--format", "json"],
        ["show", claim_id, "--format", "json"],
    ):
        out = cli(*args).stdout
        assert "\x1b" not in out and "\u202e" not in out and "\x9b" not in out
    table = cli("timeline", "Meta").stdout
    assert "\\x1b[31mred" in table and "\\u202e" in table
    [stored] = cli.json("show", claim_id)
    assert stored["quote"] == evil  # stored as typed


def test_python_dash_m_and_version(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "openwatch", "--version"], capture_output=True, text=True, check=True
    )
    assert result.stdout.startswith("openwatch ") and "SQLite 3." in result.stdout


def test_a_quote_can_come_from_a_file_or_stdin(cli: Cli, tmp_path: Path) -> None:
    long_quote = "« Nous allons » 开源 " * 20_000
    path = tmp_path / "quote.txt"
    path.write_text(long_quote, encoding="utf-8")
    claim_id = add(cli, "-c", "Meta", "-s", "closed", "-d", "2025-07-14", "--source", "x", "--quote-file", str(path))
    assert cli.json("show", claim_id)[0]["quote"] == long_quote
    piped = cli(
        "add", "-c", "Meta", "-s", "closed", "-d", "2025-07-14", "--source", "y", "--quote", "-", input="from stdin"
    ).stdout.strip()
    assert cli.json("show", piped)[0]["quote"] == "from stdin"


@pytest.mark.parametrize("width", [80, 100, 160])
def test_a_terminal_timeline_keeps_its_columns_and_shortens_the_quote(
    sample: Cli, width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Draw the rich table a terminal would get, at a given width.
    monkeypatch.setattr("openwatch.render.output.wants_rich", lambda out: True)
    monkeypatch.setenv("COLUMNS", str(width))
    text = sample("timeline", "Meta").stdout
    lines = text.splitlines()
    rule = next(n for n, line in enumerate(lines) if line.startswith("─"))
    header = " ".join(lines[1:rule])  # a narrow table's rows (and header) take two lines
    for name in ("Date", "Model", "Stance", "Move", "Kind", "Source", "Quote", "Id"):
        assert name in header
    assert max(len(line) for line in lines) <= width
    assert "2025-07-14" in text and "closed" in text
    assert "…" in text  # quotes were cut short, not dropped
    assert "→closed" in text and "planned" in lines[-1]


@pytest.mark.parametrize("args", [["export", "-o"], ["report", "Meta", "-o"]])
def test_a_file_in_a_missing_folder_is_one_clear_error(sample: Cli, tmp_path: Path, args: list[str]) -> None:
    target = tmp_path / "missing" / ("out.csv" if args[0] == "export" else "meta.md")
    result = sample(*args, str(target), code=1)
    assert result.stderr.startswith("Error: cannot write") and result.stderr.count("\n") == 1
    assert not target.parent.exists()
