"""`openwatch verdicts`, `openwatch licences` and `add --license` through the real CLI."""

from __future__ import annotations

import csv
import io
import json

from tests.conftest import FIXTURES, Cli


def test_verdicts_side_by_side_with_ids_kinds_sources_and_dates(sample: Cli) -> None:
    rows = sample.json("verdicts", "Meta", "--model", "Llama 2")
    assert [(r["role"], r["claim_id"]) for r in rows] == [
        ("said", "sample-e55"),
        ("shipped", "sample-e11"),
        ("judged", "sample-e12"),
    ]
    judged = rows[2]
    assert judged["kind"] == "assessed" and judged["source"] == "Open Source Initiative"
    assert judged["date"] == "2023-07-20" and judged["model"] == "Llama 2"
    assert rows[0]["company_wide"] is True and rows[0]["stance"] == "mixed"


def test_verdicts_show_every_index_beside_the_vendors_words(sample: Cli) -> None:
    sample("import", "--from", "eosai", str(FIXTURES / "eosai"))
    sample("import", "--from", "epoch", str(FIXTURES / "epoch" / "epoch-subset.csv"))
    sample("import", "--from", "mot", str(FIXTURES / "mot"), "--skip-invalid")
    result = sample("verdicts", "Meta", "--format", "json")
    rows = json.loads(result.stdout)
    sources = {r["source"] for r in rows if r["role"] == "judged"}
    assert {"Open Source Initiative", "European Open Source AI Index", "Epoch AI", "Model Openness Tool"} <= sources
    assert any(r["role"] == "said" for r in rows)
    # The indexes' attribution follows their verdicts, on stderr.
    assert "osai-index.eu" in result.stderr and "epoch.ai" in result.stderr and "Model Openness Tool" in result.stderr
    llama3 = [r for r in rows if r["model"] == "Llama 3"]
    assert {r["role"] for r in llama3} == {"said", "shipped", "judged"}


def test_verdicts_mark_disagreement_and_csv_has_a_row_per_verdict(sample: Cli) -> None:
    out = sample("verdicts", "xAI", "--model", "Grok 2.5", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["role"], r["stance"]) for r in rows] == [("said", "open-source"), ("shipped", "weights-restricted")]
    assert {r["disagree"] for r in rows} == {"true"}
    table = sample("verdicts", "xAI", "--model", "Grok 2.5").stdout
    assert "disagree" in table and "sample-e57c" in table


def test_verdicts_of_an_unknown_company_or_model_say_so(sample: Cli) -> None:
    assert "not tracked" in sample("verdicts", "Nobody", code=1).stderr
    assert "Llama 2" in sample("verdicts", "Meta", "--model", "Llama 22", code=1).stderr


def test_licences_in_every_format(cli: Cli) -> None:
    rows = cli.json("licences")
    by_name = {r["name"]: r for r in rows}
    assert by_name["Apache-2.0"]["osi_approved"] is True and by_name["Apache-2.0"]["stance"] == "open-weights"
    llama = by_name["Llama 2 Community License"]
    assert (llama["osi_approved"], llama["commercial_use"], llama["use_restrictions"], llama["stance"]) == (
        False,
        True,
        True,
        "weights-restricted",
    )
    assert by_name["CC-BY-NC-4.0"]["stance"] == "weights-noncommercial"
    csv_rows = list(csv.DictReader(io.StringIO(cli("licences", "--format", "csv").stdout)))
    assert len(csv_rows) == len(rows) > 700
    table = cli("licences").stdout
    assert "Gemma Terms of Use" in table and "\x1b" not in table


def test_add_records_the_tables_licence_name_and_says_so(cli: Cli) -> None:
    added = cli(
        "add",
        "-c",
        "Meta",
        "-m",
        "Llama 9",
        "-s",
        "open-weights",
        "-k",
        "observed",
        "-d",
        "2025-01-01",
        "--source",
        "test",
        "--license",
        "apache 2.0",
    )
    assert "recorded as 'Apache-2.0'" in added.stderr
    [shown] = cli.json("show", added.stdout.strip())
    assert shown["license"] == "Apache-2.0"
    unknown = cli("add", "-c", "Meta", "-s", "api", "-d", "2025-01-01", "--source", "t", "--license", "Foo Licence")
    assert "not in the licence table" in unknown.stderr
