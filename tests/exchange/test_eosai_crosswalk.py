"""The README's crosswalk examples, each read from its record in fixtures/ and checked."""

from __future__ import annotations

import re

import pytest

from openwatch.exchange.eosai import IndexRecord, read_records
from tests.conftest import FIXTURES, ROOT

RECORDS = FIXTURES / "eosai-crosswalk"


def readme_examples() -> list[tuple[str, str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### The crosswalk", 1)[1].split("\n### ", 1)[0]
    examples = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and (cells[0].endswith(".yaml") or ".yaml (" in cells[0]):
            examples.append((cells[0].split(" (")[0], cells[3].strip("`")))
    return examples


EXAMPLES = readme_examples()


def test_the_readme_has_the_issue_examples() -> None:
    names = {name for name, _ in EXAMPLES}
    assert {"GPT-OSS.yaml", "deepseek-R1.yaml", "mistral-nemo.yaml", "llama-3.1.yaml", "OLMo.yaml"} <= names
    assert len(EXAMPLES) >= 15


@pytest.mark.parametrize(("name", "stance"), EXAMPLES)
def test_each_readme_example_reads_as_the_table_says(name: str, stance: str) -> None:
    [(_, record)] = list(read_records(RECORDS / name, snapshot="2026-06-12"))
    assert isinstance(record, IndexRecord), record
    assert record.fields["stance"] == stance, record.fields["note"]
    assert record.fields["date"] == "2026-06-12"


def test_the_notes_weights_statement_wins_and_the_disagreement_is_noted() -> None:
    [(_, record)] = list(read_records(RECORDS / "deepseek-R1.yaml", snapshot="2026-06-12"))
    assert isinstance(record, IndexRecord)
    assert record.fields["license"] == "MIT"
    note = record.fields["note"]
    assert "disagrees with itself" in note and "DeepSeek License Agreement" in note
    assert re.search(r"Model released: 2025-01\.", note)


def test_an_unplaceable_record_says_why() -> None:
    [(_, record)] = list(read_records(RECORDS / "KimiK2.5.yaml", snapshot="2026-06-12"))
    assert isinstance(record, IndexRecord)
    assert record.fields["stance"] == "unknown"
    assert "Modified MIT" in record.fields["note"] and "names several licences" in record.fields["note"]
