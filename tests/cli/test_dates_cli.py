"""Bad dates through the real CLI: one line, a usage error, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Cli


@pytest.mark.parametrize("as_of", ["2025-00", "2025-00-15", "0001"])
def test_status_as_of_month_zero_is_a_usage_error(sample: Cli, as_of: str) -> None:
    result = sample("status", "--as-of", as_of, code=2)
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize("day", ["2025-00", "2025-00-15", "1 Jan 0001", "２０２５-07-14"])
def test_add_refuses_the_date(sample: Cli, day: str) -> None:
    sample("add", "--company", "Meta", "--stance", "closed", "--source", "x", "--date", day, code=2)


@pytest.mark.parametrize("day", ["2025-00", "2025-00-15", "٢٠٢٥-٠٧-١٤", "२०२५-०७-१४"])
def test_import_refuses_the_date_naming_the_row(sample: Cli, tmp_path: Path, day: str) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"date": day, "company": "Meta", "stance": "closed", "source": "x"}) + "\n")
    before = len(sample.json("export"))
    result = sample("import", str(path), code=1)
    assert "line 1" in result.stderr
    assert len(sample.json("export")) == before


def test_add_reads_a_french_date(sample: Cli) -> None:
    sample("add", "--company", "Meta", "--stance", "closed", "--source", "Le Monde", "--date", "1er août 2025")
    dates = [claim["date"] for claim in sample.json("export") if claim["source"] == "Le Monde"]
    assert dates == ["2025-08-01"]
