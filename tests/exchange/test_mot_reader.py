"""Reading Model Openness Tool records into assessed claim fields (fixtures from the 2026-05-11 snapshot)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from openwatch.core.errors import InvalidValue, OpenwatchError
from openwatch.exchange.mot import read_mot
from tests.conftest import FIXTURES

MOT = FIXTURES / "mot"


def claims(path: Path = MOT, **options: Any) -> dict[str, dict[str, Any]]:
    return {f["model"]: f for _, f in read_mot(path, **options) if isinstance(f, dict)}


def test_the_models_folder_is_found_and_every_record_read() -> None:
    read = list(read_mot(MOT))
    assert len(read) == 11
    errors = [r.message for _, r in read if isinstance(r, InvalidValue)]
    assert len(errors) == 1 and "Griffin.yml" in errors[0] and "producer" in errors[0]


@pytest.mark.parametrize(
    ("model", "stance"),
    [
        ("OLMo-7B", "open-weights"),
        ("Amber", "open-source"),
        ("Llama-2-70B", "weights-restricted"),
        ("DeepSeek-V3", "weights-restricted"),
        ("DeepSeek-R1", "open-weights"),
        ("gpt-oss-120b", "open-weights"),
        ("Grok-1", "open-weights"),
        ("Claude-1", "unknown"),
        ("gemma-7b", "unknown"),
        ("GPT-4", "unknown"),
    ],
)
def test_the_weights_licence_decides_through_the_licence_table(model: str, stance: str) -> None:
    assert claims()[model]["stance"] == stance


def test_claims_are_dated_by_the_snapshot_and_attributed() -> None:
    found = claims()
    olmo = found["OLMo-7B"]
    assert olmo["date"] == "2026-05-11" and olmo["kind"] == "assessed" and olmo["source"] == "Model Openness Tool"
    assert "Record date: 2025-05-16." in olmo["note"]  # release.date, in the note only
    assert "The Model Openness Tool Authors" in olmo["note"] and "MIT" in olmo["note"]
    assert claims(snapshot="2026-09-01")["OLMo-7B"]["date"] == "2026-09-01"


def test_the_mof_class_is_in_the_note() -> None:
    found = claims()
    assert "MOF class (computed by openwatch): Class I (Open Science)." in found["Amber"]["note"]
    assert "Class III (Open Model), conditionally" in found["OLMo-7B"]["note"]
    assert "MOF class (computed by openwatch): unclassified." in found["Llama-2-70B"]["note"]


def test_unplaceable_records_say_why() -> None:
    found = claims()
    assert "no repository or Hugging Face page" in found["Claude-1"]["note"]
    assert "no licence for the weights (unlicensed)" in found["gemma-7b"]["note"]
    assert "grants no weights" in found["GPT-4"]["note"]


def test_a_record_without_a_weights_component_is_unknown(tmp_path: Path) -> None:
    text = (MOT / "models" / "OLMo-7B.yml").read_text(encoding="utf-8")
    text = text.replace("      name: 'Model parameters (Final)'\n", "      name: 'Something else'\n")
    (tmp_path / "no-weights.yml").write_text(text, encoding="utf-8")
    fields = claims(tmp_path)["OLMo-7B"]
    assert fields["stance"] == "unknown" and "no weights component" in fields["note"]


def test_ids_are_stable() -> None:
    assert {m: f["id"] for m, f in claims().items()} == {m: f["id"] for m, f in claims().items()}
    assert all(f["id"].startswith("mot-") for f in claims().values())


def test_bad_input(tmp_path: Path) -> None:
    (tmp_path / "x.yml").write_text("name: not a record\n", encoding="utf-8")
    [(_, error)] = list(read_mot(tmp_path))
    assert isinstance(error, InvalidValue) and "not a Model Openness Tool record" in error.message
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(OpenwatchError, match="holds no"):
        list(read_mot(empty))
    with pytest.raises(OpenwatchError, match="does not exist"):
        list(read_mot(tmp_path / "nope"))
