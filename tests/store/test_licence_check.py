"""`db check` reports observed claims whose own licence contradicts their stance, and changes nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import cast

from tests.conftest import Cli


def report(cli: Cli, db: Path, code: int) -> dict[str, dict[str, object]]:
    result = cli("db", "check", "--db", str(db), "--format", "json", code=code)
    return {item["check"]: item for item in json.loads(result.stdout)}


def add(cli: Cli, stance: str, licence: str, *, kind: str = "observed", model: str = "Llama 9") -> str:
    result = cli(
        "add",
        "--company",
        "Meta",
        "--model",
        model,
        "--stance",
        stance,
        "--kind",
        kind,
        "--date",
        "2025-01-01",
        "--source",
        "test",
        "--license",
        licence,
    )
    return str(result.stdout).strip()


def test_the_sample_has_no_contradiction(sample: Cli, db_path: Path) -> None:
    assert report(sample, db_path, 0)["licences"]["ok"]


def test_an_open_weights_claim_under_a_community_licence_is_reported_not_changed(sample: Cli, db_path: Path) -> None:
    claim_id = add(sample, "open-weights", "Llama 2 Community License Agreement")
    add(sample, "open-weights", "Modified MIT", model="Unknown MIT variant")  # unknown licence: never flagged
    add(sample, "open-source", "Llama 2 Community License", kind="stated", model="Words")  # words: the gap's job
    found = report(sample, db_path, 1)["licences"]
    message = sample("db", "check", code=1).stderr
    assert "contradict their own licence" in message and "backup" not in message
    problems = [str(p) for p in cast(list[str], found["problems"])]
    assert len(problems) == 1
    assert (
        claim_id in problems[0] and "Llama 2 Community License" in problems[0] and "weights-restricted" in problems[0]
    )
    [shown] = sample.json("show", claim_id)
    assert shown["stance"] == "open-weights"  # reported, never silently changed
