"""`openwatch import --from epoch` and `--from mot` through the real CLI, on fixture subsets."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import FIXTURES, Cli

EPOCH = FIXTURES / "epoch" / "epoch-subset.csv"
MOT = FIXTURES / "mot"


def claims_from(cli: Cli, source: str) -> list[dict[str, object]]:
    return [c for c in cli.json("export") if c["source"] == source]


def test_epoch_import_dates_by_last_modified_and_applies_the_curated_spellings(sample: Cli) -> None:
    result = sample("import", "--from", "epoch", str(EPOCH))
    stderr = result.stderr
    assert "Epoch AI file: 13 records read; 12 added, 0 re-assessed, 0 unchanged, 1 not assessed (no claim)" in stderr
    assert "alias added: Meta AI -> Meta" in stderr and "alias added: Google DeepMind -> Google" in stderr
    assert "alias added: Technology Innovation Institute -> TII" in stderr
    assert 'Epoch AI, "Data on AI Models"' in stderr
    found = {c["model"]: c for c in claims_from(sample, "Epoch AI")}
    # "Falcon-180B" is the sample's "Falcon 180B": one key, shown as the sample spells it.
    assert found["Llama 2-70B"]["company"] == "Meta" and found["Falcon 180B"]["company"] == "TII"
    assert found["Gemma 7B"]["company"] == "Google"
    assert found["Grok-1"]["date"] == "2024-09-05" and found["Grok-1"]["kind"] == "assessed"
    assert "Epoch frontier model." in str(found["Grok-1"]["note"])


def test_epoch_import_twice_changes_nothing(sample: Cli) -> None:
    sample("import", "--from", "epoch", str(EPOCH))
    before = sample("export", "--format", "jsonl").stdout
    again = sample("import", "--from", "epoch", str(EPOCH))
    assert "0 added, 0 re-assessed, 12 unchanged" in again.stderr and "alias added" not in again.stderr
    assert sample("export", "--format", "jsonl").stdout == before


def test_a_bad_epoch_row_aborts_unless_skipped(cli: Cli, tmp_path: Path) -> None:
    text = EPOCH.read_text(encoding="utf-8-sig")
    bad = tmp_path / "bad.csv"
    bad.write_text(text.replace("Open weights (unrestricted)", "Open-ish", 1), encoding="utf-8")
    failed = cli("import", "--from", "epoch", str(bad), code=1)
    assert "'Open-ish' is not one of Epoch's categories" in failed.stderr and "nothing was imported" in failed.stderr
    skipped = cli("import", "--from", "epoch", str(bad), "--skip-invalid")
    assert "11 added" in skipped.stderr and "1 skipped as invalid" in skipped.stderr


def test_mot_import_is_all_or_nothing_dry_runs_and_is_idempotent(sample: Cli) -> None:
    failed = sample("import", "--from", "mot", str(MOT), code=1)
    assert "Griffin.yml" in failed.stderr and "producer" in failed.stderr
    assert claims_from(sample, "Model Openness Tool") == []
    dry = sample("import", "--from", "mot", str(MOT), "--skip-invalid", "--dry-run")
    assert "10 would add" in dry.stderr and "dry run: nothing written" in dry.stderr
    assert claims_from(sample, "Model Openness Tool") == []
    done = sample("import", "--from", "mot", str(MOT), "--skip-invalid")
    assert "Model Openness Tool snapshot 2026-05-11: 11 records read; 10 added" in done.stderr
    assert "alias added: DeepSeek AI -> DeepSeek" in done.stderr and "The Model Openness Tool Authors" in done.stderr
    found = {c["model"]: c for c in claims_from(sample, "Model Openness Tool")}
    assert {str(c["date"]) for c in found.values()} == {"2026-05-11"}
    assert found["DeepSeek-R1"]["company"] == "DeepSeek" and found["DeepSeek-R1"]["stance"] == "open-weights"
    assert found["Claude-1"]["stance"] == "unknown"
    again = sample("import", "--from", "mot", str(MOT), "--skip-invalid")
    assert "0 added, 0 re-assessed, 10 unchanged" in again.stderr


def test_a_later_mot_snapshot_date_is_an_option(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "models"
    folder.mkdir()
    shutil.copy(MOT / "models" / "OLMo-7B.yml", folder)
    cli("import", "--from", "mot", str(folder), "--as-of", "2026-09-01")
    [claim] = claims_from(cli, "Model Openness Tool")
    assert claim["date"] == "2026-09-01"
    assert "in the future" in cli("import", "--from", "mot", str(folder), "--as-of", "2999-01-01", code=2).stderr
