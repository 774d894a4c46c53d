"""The bundled sample is what tools/build_sample.py makes of the events table, audit applied."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from typing import Any

import pytest

from openwatch.core import history
from openwatch.core.dates import utc_now
from openwatch.exchange.sample import load_sample
from tests.conftest import ROOT


def sample_records() -> dict[str, dict[str, Any]]:
    lines = (ROOT / "src" / "openwatch" / "data" / "sample.jsonl").read_text(encoding="utf-8").splitlines()
    return {r["id"]: r for r in map(json.loads, lines)}


@pytest.mark.slow
def test_the_committed_sample_is_what_the_tool_builds() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_sample.py"), "--check"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def test_the_tool_renders_the_committed_sample_in_process() -> None:
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import build_sample  # type: ignore[import-not-found]  # a script of tools/, not a package
    finally:
        sys.path.remove(str(ROOT / "tools"))
    committed = (ROOT / "src" / "openwatch" / "data" / "sample.jsonl").read_text(encoding="utf-8")
    assert build_sample.render() == committed


@pytest.mark.parametrize(
    ("claim_id", "expected"),
    [
        ("sample-e02", {"model": "GPT-2", "stance": "limited", "kind": "observed"}),
        ("sample-e03", {"model": "GPT-2", "stance": "open-weights"}),
        ("sample-e06", {"stance": "limited", "kind": "observed"}),
        ("sample-e07", {"stance": "limited", "kind": "reported"}),
        ("sample-e16", {"stance": "hosted", "date": "2023-12-06"}),
        ("sample-e16b", {"stance": "api", "date": "2023-12-13", "kind": "observed"}),
        ("sample-e31a", {"quote": None, "kind": "observed"}),
        ("sample-e31b", {"quote": "first frontier-level open source AI model", "model": None, "kind": "stated"}),
        ("sample-e37c", {"model": None, "kind": "stated", "company": "DeepSeek"}),
        ("sample-e40", {"stance": "open-source", "planned": True}),
        ("sample-e57a", {"stance": "weights-restricted", "kind": "observed", "quote": None}),
        ("sample-e57b", {"model": "Grok 3", "stance": "open-source", "planned": True}),
        ("sample-e57c", {"model": "Grok 2.5", "stance": "open-source", "kind": "stated", "planned": False}),
    ],
)
def test_the_second_audit_is_applied(claim_id: str, expected: dict[str, Any]) -> None:
    record = sample_records()[claim_id]
    assert {k: record[k] for k in expected} == expected


def test_context_rows_and_replaced_claims_are_gone_and_ids_stay() -> None:
    records = sample_records()
    assert "sample-e37b" not in records and "sample-e39" not in records
    assert not any(
        r["id"].startswith(("sample-e20", "sample-e34", "sample-e48", "sample-e50")) for r in records.values()
    )
    assert records["sample-e57b"]["due"] == "2026-02"
    assert all(r["due"] is None for r in records.values() if r["id"] != "sample-e57b")
    assert {"sample-e01", "sample-e12", "sample-e31a", "sample-e53", "sample-e59"} <= set(records)


def test_the_sample_gap_holds_meta_and_xai_words_against_what_shipped() -> None:
    claims = load_sample(now=utc_now(), today=date(2026, 11, 29))
    found = {(g.stated.id, g.evidence.id if g.evidence else None, g.finding.value) for g in history.gaps(claims)}
    assert ("sample-e31b", "sample-e12", "more open than judged") in found
    assert ("sample-e31b", "sample-e31a", "more open than shipped") in found
    assert ("sample-e57c", "sample-e57a", "more open than shipped") in found
    # DeepSeek's company-wide "weights now use MIT" holds up against R1's MIT release; against V3, whose
    # weights stayed under the DeepSeek License until V3-0324 (sample-e42), it claims more than shipped.
    deepseek = {(evidence, finding) for stated, evidence, finding in found if stated == "sample-e37c"}
    assert deepseek == {("sample-e35", "more open than shipped")}
