"""Reading Epoch AI's models CSV into assessed claim fields (fixture subset of the 2024-10 snapshot)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from openwatch.core.errors import InvalidValue, OpenwatchError
from openwatch.core.indexes import FRONTIER_MARK, is_frontier
from openwatch.exchange.epoch import read_epoch
from tests.conftest import FIXTURES

SUBSET = FIXTURES / "epoch" / "epoch-subset.csv"


def claims(path: Path = SUBSET) -> dict[str, dict[str, Any]]:
    found = {}
    for location, fields in read_epoch(path):
        assert not isinstance(fields, InvalidValue), (location, fields)
        if fields is not None:
            found[fields["model"]] = fields
    return found


def test_every_assessed_row_is_a_claim_and_an_empty_category_is_none() -> None:
    read = list(read_epoch(SUBSET))
    assert len(read) == 13
    found = claims()
    assert len(found) == 12
    assert "PaLM-SayCan" not in found  # empty Model accessibility: not assessed, not closed


@pytest.mark.parametrize(
    ("model", "stance"),
    [
        ("GPT-4", "api"),
        ("Inflection-2", "hosted"),
        ("MegaScale (Production)", "closed"),
        ("Mistral Large 2", "weights-noncommercial"),
        ("Llama 2-70B", "weights-restricted"),
        ("Grok-1", "open-weights"),
    ],
)
def test_accessibility_maps_onto_the_scale(model: str, stance: str) -> None:
    assert claims()[model]["stance"] == stance


def test_a_claim_is_dated_by_last_modified_never_by_publication() -> None:
    grok = claims()["Grok-1"]
    assert grok["date"] == "2024-09-05"  # Last modified 2024-09-05 14:50
    assert "Published: 2023-11-04." in grok["note"]  # the announcement, not when weights came out
    assert grok["source"] == "Epoch AI" and grok["kind"] == "assessed" and grok["planned"] is False
    assert 'Epoch AI, "Data on AI Models"' in grok["note"] and "CC BY 4.0" in grok["note"]


def test_the_frontier_flag_is_kept_in_the_note() -> None:
    found = claims()
    assert is_frontier(found["Grok-1"]["note"]) and FRONTIER_MARK in found["GPT-4"]["note"]
    assert not is_frontier(found["Llama 2-70B"]["note"])


def test_organisations_licence_and_url() -> None:
    found = claims()
    mega = found["MegaScale (Production)"]
    assert mega["company"] == "ByteDance" and "Organisations: ByteDance, Peking University." in mega["note"]
    assert found["Llama 2-70B"]["company"] == "Meta AI"  # the curated alias list is applied by the import
    assert found["Grok-1"]["license"] == "Apache-2.0"
    assert found["GPT-2 (1.5B)"]["license"] == "Modified MIT (GPT-2)"
    assert found["Llama 2-70B"]["license"] == "Llama 2 Community License"
    assert found["Grok-1"]["url"] == "https://x.ai/model-card/"


def test_ids_are_stable_and_change_with_the_verdict(tmp_path: Path) -> None:
    first = claims()
    assert claims() == first
    rows = list(csv.DictReader(SUBSET.open(encoding="utf-8-sig", newline="")))
    for row in rows:
        if row["System"] == "Grok-1":
            row["Model accessibility"] = "API access"
    changed = tmp_path / "changed.csv"
    with changed.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    again = claims(changed)
    assert again["Grok-1"]["id"] != first["Grok-1"]["id"]
    assert again["GPT-4"]["id"] == first["GPT-4"]["id"]


def _write(tmp_path: Path, rows: list[dict[str, str]]) -> Path:
    path = tmp_path / "bad.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=["System", "Organization", "Model accessibility", "Last modified"])
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_bad_rows_are_named_not_raised(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        [
            {"System": "A", "Organization": "X", "Model accessibility": "Sort of open", "Last modified": "2024-01-01"},
            {"System": "SSD", "Organization": "", "Model accessibility": "API access", "Last modified": "2024-01-01"},
            {"System": "B", "Organization": "X", "Model accessibility": "API access", "Last modified": ""},
            {
                "System": "C",
                "Organization": "X",
                "Model accessibility": "API access",
                "Last modified": "2024-02-03 10:00",
            },
        ],
    )
    read = list(read_epoch(path))
    errors = [r.message for _, r in read if isinstance(r, InvalidValue)]
    assert len(errors) == 3
    assert "bad.csv:2" in errors[0] and "'Sort of open'" in errors[0]
    assert "no organisation" in errors[1] and "Last modified" in errors[2]
    # With a snapshot date, a row without its own day takes it.
    days = [r["date"] for _, r in read_epoch(path, snapshot="2024-10-16") if isinstance(r, dict)]
    assert days == ["2024-10-16", "2024-02-03"]


def test_a_file_that_is_not_epochs_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.csv"
    other.write_text("id,date\n1,2024-01-01\n", encoding="utf-8")
    with pytest.raises(OpenwatchError, match="not Epoch AI's models data"):
        list(read_epoch(other))
    with pytest.raises(OpenwatchError, match="not a file"):
        list(read_epoch(tmp_path))
