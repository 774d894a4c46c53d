"""Issue 16 through the real CLI: promises, stances, search, columns, and add's checks."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.conftest import Cli

NYT = (
    "--company",
    "Meta",
    "--model",
    "Llama 4 Behemoth",
    "--stance",
    "closed",
    "--kind",
    "reported",
    "--planned",
    "--date",
    "2025-07-14",
    "--source",
    "The New York Times",
    "--url",
    "https://www.nytimes.com/2025/07/14/technology/meta-superintelligence-lab-ai.html",
)


def by_model(rows: list[dict[str, object]]) -> dict[object, list[dict[str, object]]]:
    found: dict[object, list[dict[str, object]]] = {}
    for row in rows:
        found.setdefault(row["model"], []).append(row)
    return found


# -- promises ----------------------------------------------------------------------


def test_promises_on_the_sample(sample: Cli) -> None:
    rows = by_model(sample.json("promises"))
    first = rows["gpt-oss"][0]
    assert (first["status"], first["date"], first["settled_date"], first["days"]) == (
        "kept",
        "2025-03-31",
        "2025-08-05",
        127,
    )
    assert [r["status"] for r in rows["Llama 4 Behemoth"]] == ["in-doubt"]
    assert rows["Llama 4 Behemoth"][0]["doubts"] == ["sample-e53"]
    assert [(r["status"], r["due"]) for r in rows["Grok 3"]] == [("overdue", "2026-02")]
    assert {r["status"] for r in sample.json("promises")} <= {"kept", "broken", "in-doubt", "pending", "overdue"}


def test_promises_filters_and_formats(sample: Cli) -> None:
    assert {r["company"] for r in sample.json("promises", "OpenAI")} == {"OpenAI"}
    kept = sample.json("promises", "--status", "kept")
    assert kept and all(r["status"] == "kept" for r in kept)
    both = sample.json("promises", "--status", "in doubt", "--status", "overdue")
    assert {r["status"] for r in both} == {"in-doubt", "overdue"}
    table = list(csv.DictReader(io.StringIO(sample("promises", "--format", "csv").stdout)))
    assert table and "status" in table[0] and "doubts" not in table[0]
    assert "Behemoth" in sample("promises").stdout
    refused = sample("promises", "--status", "kpet", code=2)
    assert "Did you mean 'kept'" in refused.stderr and refused.stdout == ""
    sample("promises", "Nobody", code=1)


def test_a_promise_with_a_due_date(cli: Cli) -> None:
    cli(
        "add",
        "-c",
        "Acme",
        "-m",
        "A1",
        "-s",
        "open-weights",
        "--planned",
        "--due",
        "2025-02",
        "-d",
        "2025-01-10",
        "--source",
        "Acme blog",
    )
    [row] = cli.json("promises")
    assert (row["status"], row["due"], row["past_due"]) == ("overdue", "2025-02", True)
    cli(
        "add",
        "-c",
        "Acme",
        "-m",
        "A1",
        "-s",
        "open-weights",
        "-k",
        "observed",
        "-d",
        "2025-03-01",
        "--source",
        "Hugging Face",
    )
    [row] = cli.json("promises")
    assert (row["status"], row["days"], row["past_due"]) == ("kept", 50, True)
    moves = cli.json("changes", "--direction", "delivered")
    assert [(m["model"], m["direction"], m["kind"], m["planned"]) for m in moves] == [
        ("A1", "delivered", "observed", False)
    ]


# -- stances -----------------------------------------------------------------------


def test_stances(cli: Cli) -> None:
    reference = json.loads(cli("stances", "--format", "json").stdout)
    assert [s["name"] for s in reference["stances"]][:2] == ["closed", "limited"]
    assert {k["name"] for k in reference["kinds"]} == {"reported", "stated", "observed", "assessed"}
    table = cli("stances").stdout
    assert "weights-noncommercial" in table and "reported" in table
    rows = list(csv.DictReader(io.StringIO(cli("stances", "--format", "csv").stdout)))
    assert len(rows) == 14 and rows[0]["group"] == "stance"
    assert "openwatch stances" in cli("add", "--help").stdout


# -- search, columns, evidence --------------------------------------------------------


def test_search_marks_the_words_and_takes_fts_on_request(sample: Cli) -> None:
    [hit, *_] = sample.json("search", "Behemoth", "--company", "Meta")
    assert "**Behemoth**" in hit["snippet"] and hit["match_field"] in ("quote", "note", "model")
    sample("search", "l'ouverture")  # words, never a syntax error (exit 0)
    assert sample("search", '"unbalanced', "--fts", code=2).stderr.startswith("Error: ")
    assert sample.json("search", "Behemoth OR Maverick", "--fts")


def test_columns_choose_in_every_format(sample: Cli) -> None:
    rows = sample.json("status", "Meta", "--columns", "model,stance,kind")
    assert rows and all(list(row) == ["model", "stance", "kind"] for row in rows)
    header = next(csv.reader(io.StringIO(sample("changes", "--columns", "date,direction", "--format", "csv").stdout)))
    assert header == ["date", "direction"]
    table = sample("timeline", "Meta", "--columns", "date,stance,id").stdout.splitlines()
    assert table[1].split() == ["DATE", "STANCE", "ID"]
    assert "Columns:" in sample("status", "--columns", "nope", code=2).stderr
    assert sample("timeline", "Meta", "--wide").stdout


def test_status_says_what_the_stance_rests_on(sample: Cli) -> None:
    behemoth = next(r for r in sample.json("status", "Meta") if r["model"] == "Llama 4 Behemoth")
    assert (behemoth["stance"], behemoth["kind"], behemoth["planned"]) == ("closed", "reported", True)
    [row] = [r for r in sample.json("diff", "Meta", "--from", "2025-05-01") if r["model"] == "Llama 4 Behemoth"]
    # At FROM the vendor's own preview (stated, planned); at TO the press report (reported, planned).
    assert (row["from_kind"], row["from_planned"], row["to_kind"], row["to_planned"]) == (
        "stated",
        True,
        "reported",
        True,
    )


# -- add ---------------------------------------------------------------------------------


def test_a_copy_of_a_stored_claim_is_not_added(sample: Cli) -> None:
    before = len(sample.json("export"))
    result = sample("add", *NYT)
    assert result.stdout.strip() == "sample-e53" and "already recorded as sample-e53" in result.stderr.lower()
    assert len(sample.json("export")) == before
    again = sample("add", *NYT, "--again").stdout.strip()
    assert again != "sample-e53" and len(sample.json("export")) == before + 1


@pytest.mark.parametrize(
    ("args", "near"),
    [(("-c", "Metaa"), "'Meta'"), (("-c", "Meta", "-m", "Llama 4 Behemot"), "'Llama 4 Behemoth'")],
)
def test_a_near_miss_name_is_refused_off_a_terminal(sample: Cli, args: tuple[str, ...], near: str) -> None:
    base = ("-s", "closed", "-d", "2025-07-14", "--source", "X")
    refused = sample("add", *args, *base, code=2)
    assert near in refused.stderr and "--new-name" in refused.stderr and refused.stdout == ""
    added = sample("add", *args, *base, "--new-name").stdout.strip()
    assert sample.json("show", added)[0]["company"] in ("Metaa", "Meta")
    # A name close to nothing is simply new.
    sample("add", "-c", "Zyxwv Labs", *base)


def test_on_a_terminal_a_near_miss_is_asked_about(sample: Cli, stdin_is_terminal: None) -> None:
    base = ("-c", "Metaa", "-s", "closed", "-d", "2025-07-14", "--source", "X", "-k", "reported")
    # (The test runner echoes what was typed to stdout; the id is the last line.)
    used = sample("add", *base, input="1\n").stdout.split()[-1]
    assert sample.json("show", used)[0]["company"] == "Meta"
    kept = sample("add", *base, "--note", "second", input="2\n").stdout.split()[-1]
    assert sample.json("show", kept)[0]["company"] == "Metaa"


def test_the_kind_is_asked_on_a_terminal_and_stated_elsewhere(cli: Cli, stdin_is_terminal: None) -> None:
    base = ("-c", "Acme", "-s", "closed", "-d", "2025-07-14", "--source", "X")
    asked = cli("add", *base, input="reported\n")
    assert "How do we know?" in asked.stderr and "assessed" in asked.stderr
    assert cli.json("show", asked.stdout.split()[-1])[0]["kind"] == "reported"


def test_the_kind_defaults_to_stated_off_a_terminal(cli: Cli) -> None:
    added = cli("add", "-c", "Acme", "-s", "closed", "-d", "2025-07-14", "--source", "X").stdout.strip()
    assert cli.json("show", added)[0]["kind"] == "stated"


def test_who_recorded_it(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    base = ("-c", "Acme", "-s", "closed", "-d", "2025-07-14")
    by = cli("add", *base, "--source", "one", "--by", "Ana").stdout.strip()
    monkeypatch.setenv("OPENWATCH_USER", "Bo")
    env = cli("add", *base, "--source", "two").stdout.strip()
    assert cli.json("show", by)[0]["recorded_by"] == "Ana"
    assert cli.json("show", env)[0]["recorded_by"] == "Bo"
    assert {r["recorded_by"] for r in cli.json("export")} == {"Ana", "Bo"}


def test_a_quote_file_loses_one_final_newline(cli: Cli, tmp_path: Path) -> None:
    quote = tmp_path / "q.txt"
    quote.write_text("line one\nline two\n\n", encoding="utf-8")
    added = cli(
        "add", "-c", "Acme", "-s", "closed", "-d", "2025-07-14", "--source", "X", "--quote-file", str(quote)
    ).stdout.strip()
    assert cli.json("show", added)[0]["quote"] == "line one\nline two\n"


# -- reading: company-wide, evidence, prune ------------------------------------------------


def test_timeline_company_wide_and_an_empty_model(sample: Cli) -> None:
    rows = sample.json("timeline", "Meta", "--company-wide")
    assert rows and all(row["model"] is None for row in rows)
    refused = sample("timeline", "Meta", "--model", "", code=2)
    assert "--company-wide" in refused.stderr and refused.stdout == ""


def test_status_evidence(sample: Cli) -> None:
    rows = {row["model"]: row for row in sample.json("status", "Meta", "--evidence")}
    behemoth = rows["Llama 4 Behemoth"]
    assert [(e["claim_id"], e["kind"], e["source"]) for e in behemoth["evidence"]] == [
        ("sample-e53", "reported", "The New York Times")
    ]
    assert behemoth["evidence"][0]["url"].startswith("https://www.nytimes.com/")
    assert all(row["claim_id"] == row["evidence_ids"][-1] for row in rows.values())
    table = list(csv.DictReader(io.StringIO(sample("status", "Meta", "--evidence", "--format", "csv").stdout)))
    assert "evidence_ids" in table[0] and "evidence" not in table[0]
    assert "sample-e53 (reported, planned, The New York Times)" in sample("status", "Meta", "--evidence").stdout


def test_companies_prune(cli: Cli) -> None:
    base = ("-s", "closed", "-d", "2025-07-14", "--source", "X")
    cli("add", "-c", "Meta", *base)
    typo = cli("add", "-c", "Zzyzx", "-m", "Q1", *base).stdout.strip()
    cli("edit", typo, "--company", "Meta", "--model", "")
    assert {r["company"] for r in cli.json("companies")} == {"Meta", "Zzyzx"}
    pruned = cli("companies", "--prune", "--format", "json")
    assert "Removed Zzyzx" in pruned.stderr
    assert [r["company"] for r in json.loads(pruned.stdout)] == ["Meta"]
    # The claim's history still names the company it had.
    assert "Zzyzx" in cli("history", typo, "--format", "json").stdout
    assert "No company without claims" in cli("companies", "--prune").stderr


def test_an_import_reports_near_miss_names_without_refusing_them(sample: Cli, tmp_path: Path) -> None:
    rows = tmp_path / "rows.csv"
    rows.write_text(
        "date,company,model,stance,kind,source\n"
        "2025-01-01,Metaa,,closed,reported,X\n"
        "2025-01-01,Meta,Llama 4 Behemot,closed,reported,X\n"
        "2025-01-01,Zyxwv Labs,,closed,reported,X\n",
        encoding="utf-8",
    )
    result = sample("import", str(rows))
    assert "3 added" in result.stderr
    assert "new company 'Metaa' is close to tracked 'Meta'" in result.stderr
    assert "new model 'Llama 4 Behemot' of Meta is close to tracked 'Llama 4 Behemoth'" in result.stderr
    assert "Zyxwv" not in result.stderr
