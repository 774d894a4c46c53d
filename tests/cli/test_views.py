"""History views through the real CLI, on the bundled sample: the Meta/Behemoth story and the rest."""

from __future__ import annotations

import csv
import io
import json
import random
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli

# The kind and the planned mark of the claim behind each stance (issue 16, item 8 and 10).
STATUS_KEYS = ["company", "model", "stance", "kind", "planned", "date", "claim_id", "conflict"]
DIFF_KEYS = [
    "company",
    "model",
    "from_stance",
    "from_kind",
    "from_planned",
    "to_stance",
    "to_kind",
    "to_planned",
    "direction",
    "claims",
]
CHANGE_KEYS = [
    "date",
    "company",
    "model",
    "from_stance",
    "to_stance",
    "direction",
    "kind",
    "planned",
    "claim_id",
    "source",
]


def by_model(rows: list[dict[str, Any]]) -> dict[str | None, dict[str, Any]]:
    return {row["model"]: row for row in rows}


# -- the Meta/Behemoth story --------------------------------------------------------


def test_status_of_behemoth_differs_before_and_after_the_times_report(sample: Cli) -> None:
    june = sample.json("status", "Meta", "--as-of", "2025-06-30")
    august = sample.json("status", "Meta", "--as-of", "2025-08-01")
    assert all(list(row) == STATUS_KEYS for row in june + august)
    before, after = by_model(june)["Llama 4 Behemoth"], by_model(august)["Llama 4 Behemoth"]
    assert (before["stance"], before["planned"], before["claim_id"]) == ("weights-restricted", True, "sample-e47")
    assert (after["stance"], after["planned"], after["claim_id"], after["date"]) == (
        "closed",
        True,
        "sample-e53",
        "2025-07-14",
    )
    assert by_model(june)[None]["stance"] == "open-source" and by_model(june)[None]["claim_id"] == "sample-e31b"
    assert by_model(august)[None]["stance"] == "mixed"
    assert {row["company"] for row in june} == {"Meta"} and before["conflict"] is False


def test_diff_from_may_shows_behemoth_closed_and_the_company_wide_stance_changed(sample: Cli) -> None:
    rows = sample.json("diff", "Meta", "--from", "2025-05-01")
    assert all(list(row) == DIFF_KEYS for row in rows)
    found = by_model(rows)
    behemoth = found["Llama 4 Behemoth"]
    assert (behemoth["from_stance"], behemoth["to_stance"], behemoth["direction"]) == (
        "weights-restricted",
        "closed",
        "closed",
    )
    assert behemoth["claims"] == ["sample-e47", "sample-e53"]
    company = found[None]
    assert (company["from_stance"], company["direction"]) == ("open-source", "changed")
    assert company["to_stance"] == "mixed" and "sample-e54" in company["claims"]
    assert found["Llama 4 Scout"]["direction"] == "unchanged" and found["Llama 4 Scout"]["claims"] == []
    assert found["Muse Spark"]["direction"] == "new" and found["Muse Spark"]["from_stance"] is None


def test_changes_toward_closed_list_the_behemoth_move(sample: Cli) -> None:
    rows = sample.json("changes", "--direction", "closed")
    assert all(list(row) == CHANGE_KEYS for row in rows)
    assert {
        "date": "2025-07-14",
        "company": "Meta",
        "model": "Llama 4 Behemoth",
        "from_stance": "weights-restricted",
        "to_stance": "closed",
        "direction": "closed",
        "kind": "reported",
        "planned": True,
        "claim_id": "sample-e53",
        "source": "The New York Times",
    } in rows
    assert all(row["direction"] == "closed" for row in rows)


def test_gap_shows_the_open_source_statement_against_the_osi_and_llama_31(sample: Cli) -> None:
    rows = sample.json("gap", "Meta")
    pairs = {(r["stated_claim_id"], r["evidence_claim_id"], r["model"]) for r in rows}
    assert ("sample-e31b", "sample-e12", "Llama 2") in pairs
    assert ("sample-e31b", "sample-e31a", "Llama 3.1") in pairs
    osi = next(r for r in rows if r["evidence_claim_id"] == "sample-e12")
    assert osi["stated_stance"] == "open-source" and osi["evidence_stance"] == "weights-restricted"
    assert osi["evidence_kind"] == "assessed" and osi["date"] == "2024-07-23" and osi["company"] == "Meta"
    # Statements of a mix (unordered) and planned ones are never flagged.
    assert not {"sample-e54", "sample-e55", "sample-e25", "sample-e45"} & {r["stated_claim_id"] for r in rows}


def test_the_gap_still_shows_after_the_later_mix_statement(sample: Cli) -> None:
    sample("add", "--company", "Meta", "--stance", "mixed", "--date", "2025-09-01", "--source", "Later")
    assert ("sample-e31b", "sample-e12") in {(r["stated_claim_id"], r["evidence_claim_id"]) for r in sample.json("gap")}


# -- status ---------------------------------------------------------------------------


def test_status_of_all_companies_in_name_order_and_of_several(sample: Cli) -> None:
    rows = sample.json("status", "--as-of", "2025-08-01")
    companies = [r["company"] for r in rows]
    assert companies == sorted(companies, key=str.casefold)
    assert {"Meta", "OpenAI", "Mistral AI"} <= set(companies)
    two = sample.json("status", "meta", "XAI", "--as-of", "2025-08-01")
    assert {r["company"] for r in two} == {"Meta", "xAI"}


def test_status_filters_kind_and_planned(sample: Cli) -> None:
    observed = by_model(sample.json("status", "Meta", "--as-of", "2025-08-01", "--kind", "observed"))
    assert "Llama 4 Behemoth" not in observed and None not in observed
    assert observed["Llama 2"]["claim_id"] == "sample-e11"
    judged = sample.json("status", "Meta", "--kind", "observed", "-k", "assessed", "--as-of", "2025-08-01")
    assert by_model(judged)["Llama 2"]["claim_id"] == "sample-e12"
    no_plans = by_model(sample.json("status", "Meta", "--as-of", "2025-08-01", "--no-planned"))
    assert "Llama 4 Behemoth" not in no_plans and "Llama 4 Scout" in no_plans


def test_status_as_of_a_partial_date_means_its_end(sample: Cli) -> None:
    rows = by_model(sample.json("status", "Meta", "--as-of", "2025-07"))
    assert rows["Llama 4 Behemoth"]["stance"] == "closed"
    assert rows[None]["claim_id"] == "sample-e55"


def test_empty_results_are_empty(sample: Cli) -> None:
    assert sample.json("status", "--as-of", "1990") == []
    assert sample.json("changes", "--since", "2026-06-01") == []
    assert sample.json("conflicts", "Meta") == []
    # The sample's one conflict is deliberate: Musk's "is now open source" beside Grok 2.5's licence.
    assert [(c["company"], c["model"]) for c in sample.json("conflicts")] == [("xAI", "Grok 2.5")]
    assert sample.json("diff", "Meta", "--from", "1990", "--to", "1991") == []
    empty = sample("status", "--as-of", "1990")
    assert empty.stdout == "" and "No series" in empty.stderr
    table = sample("changes", "--since", "2026-06-01", "--format", "csv")
    assert list(csv.reader(io.StringIO(table.stdout))) == [CHANGE_KEYS]


@pytest.mark.parametrize(
    "args",
    [
        ["status", "Meat"],
        ["diff", "Meat", "--from", "2025"],
        ["changes", "--company", "Meat"],
        ["conflicts", "Meat"],
        ["gap", "Meat"],
        ["timeline", "Meat", "--chart"],
        ["report", "Meat", "-o", "x.md"],
    ],
)
def test_an_untracked_company_is_an_error_naming_the_nearest(sample: Cli, args: list[str]) -> None:
    result = sample(*args, code=1)
    assert "company 'Meat' is not tracked" in result.stderr and "'Meta'" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    "args",
    [
        ["status", "--kind", "rumour"],
        ["changes", "--direction", "sideways"],
        ["changes", "--recorded-since", "07/08/2025"],
        ["diff", "Meta", "--from", "2025-08-01", "--to", "2025-05-01"],
        ["timeline", "Meta", "--chart", "--format", "json"],
        ["report", "Meta", "-o", "meta.pdf"],
    ],
)
def test_bad_values_are_usage_errors(sample: Cli, args: list[str]) -> None:
    result = sample(*args, code=2)
    assert result.stderr.startswith("Error: ") and "Traceback" not in result.stderr


# -- diff ---------------------------------------------------------------------------


def test_diff_between_a_date_and_itself_is_unchanged(sample: Cli) -> None:
    rows = sample.json("diff", "Meta", "--from", "2025-07-14", "--to", "2025-07-14")
    assert rows and {r["direction"] for r in rows} == {"unchanged"}


def test_diff_kind_filter_and_csv(sample: Cli) -> None:
    rows = sample.json("diff", "Meta", "--from", "2025-05-01", "--to", "2025-08-01", "--kind", "observed")
    assert "Llama 4 Behemoth" not in by_model(rows)
    out = sample("diff", "Meta", "--from", "2025-05-01", "--to", "2025-08-01", "--format", "csv").stdout
    table = list(csv.DictReader(io.StringIO(out)))
    assert list(table[0]) == DIFF_KEYS
    behemoth = next(r for r in table if r["model"] == "Llama 4 Behemoth")
    assert behemoth["claims"] == "sample-e47 sample-e53"


# -- changes --------------------------------------------------------------------------


def test_changes_are_newest_first_and_include_first_claims(sample: Cli) -> None:
    rows = sample.json("changes")
    dates = [r["date"] for r in rows]
    assert dates == sorted(dates, reverse=True)
    new = [r for r in rows if r["direction"] == "new"]
    assert all(r["from_stance"] is None for r in new)
    assert any(r["claim_id"] == "sample-e59" and r["to_stance"] == "hosted" for r in new)


@pytest.mark.parametrize("since", ["2023-07-19", "2024-07-23", "2025-04-05", "2025-07-14", "2025-07-15", "2025"])
def test_a_date_window_gives_the_moves_of_the_whole_history_inside_it(sample: Cli, since: str) -> None:
    everything = sample.json("changes")
    start = since if len(since) == 10 else f"{since}-01-01"
    until = "2025-12-31"
    expected = [r for r in everything if start <= r["date"] <= until]
    assert sample.json("changes", "--since", since, "--until", until) == expected


def test_a_window_move_starts_from_the_stance_held_before_it(sample: Cli) -> None:
    rows = sample.json("changes", "--since", "2025-07-01", "--until", "2025-07-31", "--company", "Meta")
    # Newest first; on one date the stronger evidence (stated over reported) is the later.
    assert [(r["claim_id"], r["from_stance"], r["direction"]) for r in rows] == [
        ("sample-e54", "open-source", "changed"),
        ("sample-e53", "weights-restricted", "closed"),
    ]


def test_changes_for_several_companies_with_kind_and_no_planned(sample: Cli) -> None:
    rows = sample.json("changes", "-c", "Meta", "--company", "xAI")
    assert {r["company"] for r in rows} == {"Meta", "xAI"}
    observed = sample.json("changes", "-c", "Meta", "--kind", "observed", "--no-planned")
    assert observed and "sample-e53" not in {r["claim_id"] for r in observed}


def test_fail_on_change_exits_3_only_when_something_matched(sample: Cli) -> None:
    found = sample("changes", "--direction", "closed", "--fail-on-change", "--format", "json", code=3)
    assert any(r["claim_id"] == "sample-e53" for r in json.loads(found.stdout))
    quiet = sample("changes", "--since", "2026-06-01", "--fail-on-change", "--format", "json")
    assert json.loads(quiet.stdout) == []


def test_recorded_since_catches_a_backdated_claim(sample: Cli) -> None:
    # The sample was entered on 2026-11-01; a backdated claim entered now still alerts.
    assert sample.json("changes", "--recorded-since", "2999-01-01") == []
    sample(
        "add",
        "--company",
        "Meta",
        "--model",
        "Llama 2",
        "--stance",
        "closed",
        "--kind",
        "observed",
        "--date",
        "2024-01-10",
        "--source",
        "Backdated",
    )
    rows = sample.json("changes", "--recorded-since", "2026-11-02", "--direction", "closed")
    assert [(r["model"], r["from_stance"], r["date"]) for r in rows] == [
        ("Llama 2", "weights-restricted", "2024-01-10")
    ]
    alert = sample(
        "changes", "--recorded-since", "2026-11-02T00:00:00Z", "--direction", "closed", "--fail-on-change", code=3
    )
    assert "Llama 2" in alert.stdout
    # Every sample claim was entered at 2026-11-01T00:00:00Z: a date means its start.
    assert sample.json("changes", "--recorded-since", "2026-11-01") == sample.json("changes")


# -- conflicts --------------------------------------------------------------------------


def add_conflict(cli: Cli) -> None:
    for stance, kind in (("open-weights", "stated"), ("closed", "reported")):
        cli(
            "add",
            "--company",
            "Meta",
            "--model",
            "Llama 4 Behemoth",
            "--stance",
            stance,
            "--kind",
            kind,
            "--date",
            "2025-08-02",
            "--source",
            f"Source {kind}",
        )


def test_conflicts_are_listed_and_marked(sample: Cli) -> None:
    add_conflict(sample)
    rows = sample.json("conflicts", "Meta")
    assert len(rows) == 1
    assert rows[0]["model"] == "Llama 4 Behemoth" and rows[0]["date"] == "2025-08-02"
    assert rows[0]["stances"] == ["closed", "open-weights"] and len(rows[0]["claims"]) == 2
    status = by_model(sample.json("status", "Meta", "--as-of", "2025-08-02"))["Llama 4 Behemoth"]
    assert status["conflict"] is True and status["stance"] == "open-weights"
    timeline = [r for r in sample.json("timeline", "Meta") if r["date"] == "2025-08-02"]
    assert [r["conflict"] for r in timeline] == [True, True]
    table = sample("diff", "Meta", "--from", "2025-05-01", "--to", "2025-08-31").stdout
    assert "conflict" in table
    assert sample.json("conflicts", "Mistral AI") == []


# -- timeline --kind and --chart -----------------------------------------------------------


def test_timeline_kind_and_no_planned(sample: Cli) -> None:
    rows = sample.json("timeline", "Meta", "--kind", "observed", "--no-planned")
    assert rows and {r["kind"] for r in rows} == {"observed"} and not any(r["planned"] for r in rows)


def test_the_chart_on_a_pipe_is_plain_ascii_one_lane_per_series(sample: Cli) -> None:
    out = sample("timeline", "Meta", "--chart", "--model", "Llama 4 Behemoth").stdout
    assert "\x1b" not in out and out.isascii()
    lines = out.splitlines()
    assert lines[0] == "Meta: stance over time"
    lane = next(line for line in lines if line.startswith("Llama 4 Behemoth |"))
    # Planned claims: the level alternates with dots; weights-restricted (5), then closed (0).
    cells = lane.split("|", 1)[1]
    assert cells.startswith("5.5.") and "0.0." in cells and cells.index("0") > cells.rindex("5")
    assert any("2025-" in line and "2026-" in line for line in lines[:3])
    assert max(len(line) for line in lines) <= 80


def test_the_chart_draws_every_series(sample: Cli) -> None:
    out = sample("timeline", "Meta", "--chart").stdout
    lanes = [line for line in out.splitlines() if " |" in line]
    assert lanes[0].strip().startswith("(company-wide) |") and "m" in lanes[0].split("|", 1)[1]
    assert len(lanes) == 11 and any("Llama 3.1 |" in line for line in lanes)
    assert sample("timeline", "Meta", "--chart", "--since", "2030", code=0).stdout == ""


# -- report ---------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".md", ".html", ".svg"])
def test_report_writes_by_extension(sample: Cli, tmp_path: Path, suffix: str) -> None:
    target = tmp_path / f"meta{suffix}"
    result = sample("report", "Meta", "-o", str(target), "--as-of", "2025-08-01")
    assert result.stdout == "" and str(target) in result.stderr
    text = target.read_text(encoding="utf-8")
    if suffix == ".svg":  # the chart alone
        assert text.startswith("<svg") and "Meta: stance over time" in text and "Status as of" not in text
        return
    for heading in ("Status as of 2025-08-01", "Said versus shipped", "Stance over time", "Timeline"):
        assert heading in text, heading
    if suffix == ".md":
        assert text.startswith("# Meta: openness over time")
        assert (
            "| Llama 4 Behemoth | closed (planned) | reported | 2025-07-14 | [The New York Times](https://www.nytimes.com/"
            in text
        )
        assert "| [sample-e53](#claim-sample-e53) |" in text
        assert "```text" in text
    else:
        assert "<html" in text.lower() and 'id="claim-sample-e53"' in text


def test_report_text_from_claims_is_never_markup(sample: Cli, tmp_path: Path) -> None:
    sample(
        "add",
        "--company",
        "Meta",
        "--model",
        "<script>x|y ````",
        "--stance",
        "api",
        "--date",
        "2025-01-01",
        "--source",
        "[red]src",
        "--quote",
        "```` *bold* `code`\x1b[31m",
    )
    md = tmp_path / "r.md"
    sample("report", "Meta", "-o", str(md))
    text = md.read_text(encoding="utf-8")
    assert "\x1b" not in text
    # The chart is a fenced block (shown literally) that outgrows any backticks inside.
    before, fence, rest = text.partition("`````text\n")
    chart, _, after = rest.partition("`````\n")
    assert fence and "<script>x|y ````" in chart
    outside = before + after
    assert "<script>" not in outside and "&lt;script&gt;x\\|y \\`\\`\\`\\`" in outside and "\\[red\\]src" in outside
    html = tmp_path / "r.html"
    sample("report", "Meta", "-o", str(html))
    assert "<script>" not in html.read_text(encoding="utf-8")


# -- order of insertion --------------------------------------------------------------


def results(cli: Cli) -> list[Any]:
    return [
        cli.json("status", "--as-of", "2025-08-01"),
        cli.json("diff", "Meta", "--from", "2024-01-01", "--to", "2025-08-01"),
        cli.json("changes"),
        cli.json("changes", "--since", "2025-01-01"),
        cli.json("gap"),
        cli.json("conflicts"),
        cli.json("timeline", "Meta"),
    ]


def test_inserting_the_sample_in_any_order_changes_no_result(
    sample: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openwatch.core.dates import utc_now
    from openwatch.exchange.sample import load_sample
    from openwatch.store.claims import insert_claim
    from openwatch.store.db import open_database
    from openwatch.store.transactions import write_transaction

    expected = results(sample)
    claims = load_sample(now=utc_now(), today=date(2026, 11, 26))
    for seed in (1, 2):
        shuffled = list(claims)
        random.Random(seed).shuffle(shuffled)
        path = tmp_path / f"shuffled{seed}.db"
        with open_database(path, create=True) as database, write_transaction(database.conn) as conn:
            for claim in shuffled:
                insert_claim(conn, claim)
        monkeypatch.setenv("OPENWATCH_DB", str(path))
        assert results(sample) == expected
