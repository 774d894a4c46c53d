"""`openwatch import --from eosai` through the real CLI, on fixture records."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, Cli

EOSAI = FIXTURES / "eosai"
SOURCE = "European Open Source AI Index"


def imported(cli: Cli, path: Path = EOSAI, *args: str, code: int = 0) -> Any:
    return cli("import", "--from", "eosai", str(path), "--as-of", "2026-06-12", *args, code=code)


def index_claims(cli: Cli) -> list[dict[str, object]]:
    return [c for c in cli.json("export") if c["source"] == SOURCE]


def test_import_adds_every_record_as_an_assessed_claim(sample: Cli) -> None:
    result = imported(sample)
    assert "10 records read; 10 added, 0 re-assessed, 0 unchanged" in result.stderr
    assert "osai-index.eu" in result.stderr and "Liesenfeld" in result.stderr
    claims = index_claims(sample)
    assert len(claims) == 10
    assert {c["kind"] for c in claims} == {"assessed"}
    by_model = {c["model"]: c for c in claims}
    # Dated by the snapshot, never by the release month (which is in the note).
    assert by_model["Llama 4"]["company"] == "Meta" and by_model["Llama 4"]["date"] == "2026-06-12"
    assert "Model released: 2025-04." in str(by_model["Llama 4"]["note"])
    assert by_model["OLMo"]["stance"] == "open-source"
    # The sample's DeepSeek (trailing space gone), and its DeepSeek-R1: "DeepSeek R1" is the same name (DESIGN).
    assert by_model["DeepSeek-R1"]["company"] == "DeepSeek"
    assert all("EOSAI snapshot 2026-06-12" in str(c["note"]) for c in claims)


def test_organisations_not_tracked_are_listed_with_the_nearest_companies(sample: Cli) -> None:
    stderr = imported(sample).stderr
    # "Google AI" is in openwatch's curated list of index spellings: an alias of Google, said so.
    assert "alias added: Google AI -> Google" in stderr
    assert "Proton (no near match)" in stderr
    assert "  Meta" not in stderr and "DeepSeek (" not in stderr
    # Anything beyond the list is imported under its own name: nothing merged by guess.
    companies = {c["company"] for c in sample.json("companies")}
    assert "Google AI" not in companies and {"Google", "Ai2", "Proton"} <= companies
    assert {"alias": "Google AI", "company": "Google", "model": None} in sample.json("alias", "list")


def test_reimporting_the_same_snapshot_changes_nothing(sample: Cli, db_path: Path) -> None:
    imported(sample)
    before = sample("export", "--format", "jsonl").stdout
    again = imported(sample, EOSAI, "--as-of", "2026-07-01")
    assert "0 added, 0 re-assessed, 10 unchanged" in again.stderr
    assert sample("export", "--format", "jsonl").stdout == before
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM claim_versions WHERE claim_id LIKE 'eosai-%'").fetchone() == (10,)


def later_snapshot(tmp_path: Path) -> Path:
    """The fixtures, with Llama 4's weights newly graded open under Apache-2.0."""
    folder = tmp_path / "later"
    shutil.copytree(EOSAI, folder)
    record = folder / "llama-4.yaml"
    text = record.read_text(encoding="utf-8")
    changed = text.replace("weights_endmodel:\n    class: partial", "weights_endmodel:\n    class: open")
    changed = changed.replace("licenses:\n    class: closed", "licenses:\n    class: open")
    changed = changed.replace("endmodellicense: Llama 4 Community License Agreement", "endmodellicense: Apache-2.0")
    assert changed != text
    record.write_text(changed, encoding="utf-8")
    return folder


def test_a_later_snapshot_with_changed_grades_adds_a_new_dated_claim(sample: Cli, tmp_path: Path) -> None:
    imported(sample)
    result = sample("import", "--from", "eosai", str(later_snapshot(tmp_path)), "--as-of", "2026-09-01")
    assert "0 added, 1 re-assessed, 9 unchanged" in result.stderr
    series = sample.json("timeline", "Meta", "--model", "Llama 4", "--kind", "assessed")
    assert [(c["date"], c["stance"], c["move"]) for c in series] == [
        ("2026-06-12", "weights-restricted", "new"),
        ("2026-09-01", "open-weights", "opened"),
    ]
    assert "EOSAI snapshot 2026-09-01" in series[1]["note"]
    # The earlier verdict is kept, and the index's view as of a date is its verdict then.
    assert _assessed_status(date(2026, 8, 1))["Llama 4"] == "weights-restricted"
    assert _assessed_status(date(2026, 9, 1))["Llama 4"] == "open-weights"
    # Importing the later snapshot again is a no-op too.
    again = sample("import", "--from", "eosai", str(later_snapshot(tmp_path / "again")), "--as-of", "2026-09-01")
    assert "0 added, 0 re-assessed, 10 unchanged" in again.stderr


def _assessed_status(day: date) -> dict[str | None, str]:
    """What `status --kind assessed` shows: core.history.status over the stored assessed claims."""
    from openwatch.core import history
    from openwatch.core.claim import Kind
    from openwatch.store.claims import iter_claims
    from openwatch.store.db import open_database

    with open_database() as database:
        claims = list(history.select(iter_claims(database.conn), kinds=[Kind.ASSESSED]))
    return {row.model: row.stance.value for row in history.status(claims, day) if row.company == "Meta"}


def test_a_record_whose_name_extends_another_is_not_a_reassessment(sample: Cli) -> None:
    # "Llama 3.1" (llama-3-1) imported first must not make "Llama 3" (llama-3) look re-assessed.
    imported(sample, EOSAI / "llama-3.1.yaml")
    result = imported(sample)
    assert "9 added, 0 re-assessed" in result.stderr and "1 unchanged" in result.stderr
    [llama3] = [c for c in index_claims(sample) if c["model"] == "Llama 3"]
    assert llama3["date"] == "2026-06-12"


def test_dry_run_reports_and_writes_nothing(sample: Cli, tmp_path: Path) -> None:
    before = sample("export", "--format", "jsonl").stdout
    result = imported(sample, EOSAI, "--dry-run")
    assert "10 would add" in result.stderr and "dry run: nothing written" in result.stderr
    assert "alias to add: Google AI -> Google" in result.stderr
    assert sample("export", "--format", "jsonl").stdout == before
    assert "Google AI" not in {a["alias"] for a in sample.json("alias", "list")}
    imported(sample)
    later = sample("import", "--from", "eosai", str(later_snapshot(tmp_path)), "--as-of", "2026-09-01", "--dry-run")
    assert "1 re-assessed" in later.stderr
    assert len(index_claims(sample)) == 10


def test_dry_run_on_a_missing_database_creates_nothing(cli: Cli, db_path: Path) -> None:
    result = imported(cli, EOSAI, "--dry-run")
    assert "10 would add" in result.stderr
    assert not db_path.exists()


def with_bad_records(tmp_path: Path) -> Path:
    folder = tmp_path / "mixed"
    folder.mkdir()
    for name in ("OLMo.yaml", "llama-4.yaml"):
        shutil.copy(EOSAI / name, folder / name)
    (folder / "config.yaml").write_text("name: not a record\n", encoding="utf-8")
    text = (EOSAI / "Gemma.yaml").read_text(encoding="utf-8").replace("    name: Google AI\n", "    name:\n")
    (folder / "no-org.yaml").write_text(text, encoding="utf-8")
    grade = (EOSAI / "lumo.yaml").read_text(encoding="utf-8").replace("class: closed", "class: sometimes", 1)
    (folder / "bad-grade.yaml").write_text(grade, encoding="utf-8")
    return folder


def test_bad_records_abort_the_import_and_each_is_named(sample: Cli, tmp_path: Path) -> None:
    folder = with_bad_records(tmp_path)
    result = sample("import", "--from", "eosai", str(folder), code=1)
    lines = result.stderr.strip().splitlines()
    assert any(str(folder / "config.yaml") in line and "not a European" in line for line in lines)
    assert any(str(folder / "no-org.yaml") in line and "organisation" in line for line in lines)
    assert any(str(folder / "bad-grade.yaml") in line and "'sometimes'" in line for line in lines)
    assert lines[-1].startswith("Error: 3 bad record(s)") and "nothing was imported" in lines[-1]
    assert index_claims(sample) == []


def test_skip_invalid_imports_the_good_records(sample: Cli, tmp_path: Path) -> None:
    result = sample("import", "--from", "eosai", str(with_bad_records(tmp_path)), "--skip-invalid")
    assert "2 added" in result.stderr and "3 skipped as invalid" in result.stderr
    assert {c["model"] for c in index_claims(sample)} == {"OLMo", "Llama 4"}


def test_import_without_from_or_with_an_unknown_source_is_a_usage_error(cli: Cli) -> None:
    cli("import", "--from", "nope", str(EOSAI), code=2)


def test_show_of_an_index_claim_carries_the_attribution(sample: Cli) -> None:
    imported(sample)
    [claim] = [c for c in index_claims(sample) if c["model"] == "OLMo"]
    shown = sample("show", str(claim["id"])).stdout
    assert "attribution" in shown and "https://osai-index.eu/" in shown and "Liesenfeld" in shown
    assert "attribution" not in sample("show", "sample-e53").stdout


def test_the_index_claims_hold_meta_to_its_open_source_statement(sample: Cli) -> None:
    """Meta's 2024 "open source" against the index's grades (core.history.gaps on the stored claims)."""
    from openwatch.core import history
    from openwatch.store.claims import iter_claims
    from openwatch.store.db import open_database
    from openwatch.store.names import require_company

    imported(sample)
    with open_database() as database:
        meta = require_company(database.conn, "Meta")
        claims = list(history.select(iter_claims(database.conn, company_ids=[meta.id])))
    found = [
        (g.stated.id, g.evidence.model, g.evidence.stance.value)
        for g in history.gaps(claims)
        if g.evidence is not None and g.evidence.source == SOURCE
    ]
    # Zuckerberg's company-wide "Open Source AI Is the Path Forward" (sample-e31b, 2024-07-23) against
    # the index's verdict on each Llama it judged, whenever given (2026-06-12): a verdict on a release
    # judges the release. Llama 3.1's gated base weights are weights, under Llama's community licence.
    assert found == [
        ("sample-e31b", "Llama 2", "weights-restricted"),
        ("sample-e31b", "Llama 3", "weights-restricted"),
        ("sample-e31b", "Llama 3.1", "weights-restricted"),
        ("sample-e31b", "Llama 4", "weights-restricted"),
    ]


def test_the_curated_spelling_lands_the_index_claim_on_the_tracked_vendor(sample: Cli) -> None:
    imported(sample)
    models = {m["model"] for m in sample.json("models", "Google")}
    assert "Gemma" in models
    [claim] = [c for c in index_claims(sample) if c["model"] == "Gemma"]
    assert claim["company"] == "Google"
    # Re-importing finds the claims where they are, and the alias is not added twice.
    again = imported(sample)
    assert "10 unchanged" in again.stderr and "alias added" not in again.stderr


def test_a_backdated_earlier_import_is_re_dated_as_edits(sample: Cli, db_path: Path) -> None:
    """An earlier openwatch dated the index's verdicts by the release month: re-importing corrects them."""
    imported(sample)
    with sqlite3.connect(db_path) as conn:
        # What the earlier import stored: the release month as the date.
        conn.execute(
            "UPDATE claims SET date = '2025-04', date_start = '2025-04-01', precision = 1"
            " WHERE id LIKE 'eosai-llama-4-%'"
        )
    result = imported(sample)
    assert "1 re-dated to the assessment date" in result.stderr and "9 unchanged" in result.stderr
    [claim] = [c for c in index_claims(sample) if c["model"] == "Llama 4"]
    assert claim["date"] == "2026-06-12"
    history = sample.json("history", str(claim["id"]))
    assert history[-1]["reason"] == "re-dated to the assessment date"
    assert "re-dated" not in imported(sample).stderr  # once


@pytest.mark.parametrize("as_of", ["07/08/2026"])
def test_a_bad_as_of_is_refused(sample: Cli, as_of: str) -> None:
    result = sample("import", "--from", "eosai", str(EOSAI), "--as-of", as_of, code=1 if as_of[0] == "2" else 2)
    assert result.stderr.startswith("Error:")


@pytest.mark.parametrize("suffix", [".md", ".html", ".svg"])
def test_a_report_showing_index_claims_carries_the_attribution(cli: Cli, tmp_path: Path, suffix: str) -> None:
    cli("init", "--sample")
    target = tmp_path / f"meta{suffix}"
    cli("report", "Meta", "-o", str(target))
    assert "osai-index.eu" not in target.read_text(encoding="utf-8")
    cli("import", "--from", "eosai", str(FIXTURES / "eosai"), "--as-of", "2026-06-12")
    cli("report", "Meta", "-o", str(target))
    import html
    import re

    # SVG and HTML hold the words among tags and non-breaking spaces.
    text = html.unescape(re.sub(r"<[^>]+>", " ", target.read_text(encoding="utf-8"))).replace("\xa0", " ")
    assert "osai-index.eu" in text and "Liesenfeld" in text and "CC-BY" in text
