"""Nothing is ever deleted: edit, retract, restore and history."""

from __future__ import annotations

import csv
import io

import pytest

from tests.conftest import Cli

E53 = "sample-e53"  # NYT, 2025-07-14: Meta discussed abandoning Behemoth (reported, planned, closed)


def timeline_ids(cli: Cli, company: str = "Meta") -> set[str]:
    return {row["id"] for row in cli.json("timeline", company)}


def test_edit_changes_only_the_fields_given_and_keeps_the_earlier_version(sample: Cli) -> None:
    before = sample.json("show", E53)[0]
    result = sample("edit", "sample-e5" + "3", "--stance", "api", "--note", "corrected", "--reason", "typo")
    assert "stance: closed -> api" in result.stderr
    after = sample.json("show", E53)[0]
    assert after["stance"] == "api" and after["note"] == "corrected"
    for field in ("date", "company", "model", "kind", "planned", "source", "url", "quote", "recorded_at"):
        assert after[field] == before[field], field
    assert after["updated_at"] > before["updated_at"]

    versions = sample.json("history", E53)
    assert [v["change"] for v in versions] == ["created", "edited"]
    assert versions[0]["claim"]["stance"] == "closed"  # the earlier version, whole
    assert versions[0]["claim"]["note"] == before["note"]
    assert versions[1]["reason"] == "typo"
    assert versions[1]["changes"] == {
        "stance": {"from": "closed", "to": "api"},
        "note": {"from": before["note"], "to": "corrected"},
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--stance", "opne"], "unknown stance"),
        (["--date", "07/08/2025"], "YYYY-MM-DD"),
        (["--date", "2999-01-01"], "in the future"),
        (["--url", "javascript:alert(1)"], "http"),
        (["--kind", "rumour"], "unknown kind"),
        (["--company", "  "], "company must not be empty"),
        (["--source", ""], "source must not be empty"),
        ([], "at least one field"),
    ],
)
def test_edited_fields_are_checked_as_add_checks_them(sample: Cli, args: list[str], message: str) -> None:
    result = sample("edit", E53, *args, code=2)
    assert message in result.stderr
    assert [v["change"] for v in sample.json("history", E53)] == ["created"]


def test_edit_can_move_a_claim_and_clear_optional_fields(sample: Cli) -> None:
    sample("edit", E53, "--company", "meta platforms inc", "--model", "", "--url", "", "--not-planned")
    claim = sample.json("show", E53)[0]
    assert claim["company"] == "meta platforms inc" and claim["model"] is None
    assert claim["url"] is None and claim["planned"] is False
    assert E53 not in timeline_ids(sample) and E53 in timeline_ids(sample, "Meta Platforms Inc")
    sample("db", "check")


def test_an_edit_that_changes_nothing_records_nothing(sample: Cli) -> None:
    result = sample("edit", E53, "--stance", "closed", "--company", "META")
    assert "Nothing changed" in result.stderr
    assert len(sample.json("history", E53)) == 1


def test_retract_hides_a_claim_from_views_but_keeps_it(sample: Cli) -> None:
    claims_before = {c["company"]: c["claims"] for c in sample.json("companies")}
    assert E53 in timeline_ids(sample)
    sample("retract", E53, "--reason", "Meta denied the report")
    assert E53 not in timeline_ids(sample)
    assert {c["company"]: c["claims"] for c in sample.json("companies")}["Meta"] == claims_before["Meta"] - 1
    assert E53 not in {r["id"] for r in sample.json("export")}
    assert E53 in {r["id"] for r in sample.json("export", "--include-retracted")}

    shown = sample("show", E53).stdout
    assert shown.startswith("RETRACTED on ") and "Meta denied the report" in shown
    record = sample.json("show", E53)[0]
    assert record["retraction_reason"] == "Meta denied the report" and record["retracted_at"].endswith("Z")
    assert record["stance"] == "closed"  # the claim itself is untouched


def test_retract_needs_a_reason_and_only_once(sample: Cli) -> None:
    assert "reason" in sample("retract", E53, code=2).stderr
    assert "reason must not be empty" in sample("retract", E53, "--reason", "  ", code=2).stderr
    sample("retract", E53, "--reason", "wrong")
    assert "already retracted" in sample("retract", E53, "--reason", "again", code=1).stderr


def test_restore_undoes_a_retraction_and_both_stay_in_history(sample: Cli) -> None:
    assert "not retracted" in sample("restore", E53, code=1).stderr
    sample("retract", E53, "--reason", "denied")
    sample("restore", E53, "--reason", "confirmed after all")
    assert E53 in timeline_ids(sample)
    record = sample.json("show", E53)[0]
    assert record["retracted_at"] is None and record["retraction_reason"] is None
    versions = sample.json("history", E53)
    assert [(v["change"], v["reason"]) for v in versions] == [
        ("created", None),
        ("retracted", "denied"),
        ("restored", "confirmed after all"),
    ]
    assert versions[1]["claim"]["retraction_reason"] == "denied"
    assert versions[2]["changes"]["retracted_at"]["to"] is None
    sample("db", "check")


def test_a_retracted_claim_can_be_edited_and_stays_retracted(sample: Cli) -> None:
    sample("retract", E53, "--reason", "denied")
    sample("edit", E53, "--note", "still wrong")
    record = sample.json("show", E53)[0]
    assert record["retraction_reason"] == "denied" and record["note"] == "still wrong"
    assert E53 not in timeline_ids(sample)


def test_history_formats(sample: Cli) -> None:
    sample("edit", E53, "--stance", "mixed")
    sample("retract", E53, "--reason", "bad")
    table = sample("history", E53).stdout
    assert "created" in table and "stance: closed -> mixed" in table and "retracted: bad" in table
    rows = list(csv.DictReader(io.StringIO(sample("history", E53, "--format", "csv").stdout)))
    assert [r["change"] for r in rows] == ["created", "edited", "retracted"]
    assert [r["version"] for r in rows] == ["1", "2", "3"]
    assert all(r["changed_at"].endswith("Z") for r in rows)


def test_commands_take_any_unique_prefix_and_refuse_unknown_ids(sample: Cli) -> None:
    claim_id = sample("add", "-c", "Zeta", "-s", "api", "-d", "2025", "--source", "s", "--new-name").stdout.strip()
    sample("edit", claim_id[:6], "--stance", "closed")
    sample("retract", claim_id[:6], "--reason", "r")
    sample("restore", claim_id[:6])
    assert len(sample.json("history", claim_id[:6])) == 4
    for command in (
        ["edit", "nope", "--stance", "api"],
        ["retract", "nope", "-r", "x"],
        ["restore", "nope"],
        ["history", "nope"],
    ):
        assert "no claim with id 'nope'" in sample(*command, code=1).stderr
    assert "more than one claim" in sample("history", "sample-e", code=1).stderr
