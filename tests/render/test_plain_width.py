"""Plain (piped) tables: one very long value does not pad every row to its width."""

from __future__ import annotations

from tests.conftest import Cli


def test_a_ten_thousand_character_name_does_not_pad_other_rows(sample: Cli) -> None:
    long_name = "L" * 10_000
    sample("add", "--company", long_name, "--stance", "closed", "--source", "x", "--date", "2025-01-01")
    lines = sample("companies").stdout.splitlines()
    long_lines = [line for line in lines if long_name in line]
    assert len(long_lines) == 1  # written whole: plain output keeps whole values
    assert max(len(line) for line in lines if long_name not in line) < 300
    exported = sample.json("export")
    assert any(claim["company"] == long_name for claim in exported)
