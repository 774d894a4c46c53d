"""Reading the index's YAML records into claim fields (fixtures copied from the snapshot)."""

from __future__ import annotations

import builtins
from pathlib import Path
from typing import Any

import pytest

from openwatch.core.errors import InvalidValue, OpenwatchError
from openwatch.exchange.eosai import IndexRecord, read_records
from tests.conftest import FIXTURES

EOSAI = FIXTURES / "eosai"


def read_one(path: Path) -> IndexRecord:
    [(location, result)] = list(read_records(path, snapshot="2026-06-12"))
    assert location == str(path)
    assert isinstance(result, IndexRecord), result
    return result


def error_of(path: Path) -> str:
    [(_, result)] = list(read_records(path, snapshot="2026-06-12"))
    assert isinstance(result, InvalidValue), result
    return result.message


def test_a_folder_gives_every_record_in_name_order() -> None:
    read = list(read_records(EOSAI, snapshot="2026-06-12"))
    assert [Path(loc).name for loc, _ in read] == sorted(p.name for p in EOSAI.glob("*.yaml"))
    assert all(isinstance(r, IndexRecord) for _, r in read)


def test_a_meta_llama_record_becomes_an_assessed_claim() -> None:
    record = read_one(EOSAI / "llama-4.yaml")
    fields = record.fields
    assert fields["company"] == "Meta"
    assert fields["model"] == "Llama 4"
    assert fields["date"] == "2026-06-12"  # the snapshot's date: when the index gave its verdict
    assert fields["kind"] == "assessed"
    assert fields["stance"] == "weights-restricted"
    assert fields["source"] == "European Open Source AI Index"
    assert fields["url"] == "https://huggingface.co/meta-llama/Llama-4-Maverick-17B-128E-Instruct"
    assert fields["license"] == "Llama 4 Community License"  # the licence table's name
    assert fields["planned"] is False
    note = fields["note"]
    assert "EOSAI snapshot 2026-06-12" in note and "llama-4.yaml" in note
    assert "weights_endmodel=partial" in note and "osai-index.eu" in note and "Liesenfeld" in note
    assert "Model released: 2025-04." in note
    assert fields["id"].startswith("eosai-llama-4-")


def test_a_fully_open_record_is_open_source() -> None:
    fields = read_one(EOSAI / "OLMo.yaml").fields
    assert (fields["company"], fields["stance"]) == ("Ai2", "open-source")


def test_no_weights_graded_open_or_partial_cannot_be_placed() -> None:
    record = read_one(EOSAI / "lumo.yaml")
    assert record.fields["stance"] == "unknown"
    assert "no weights graded open or partial" in record.fields["note"]


def test_base_weights_partial_are_weights_even_when_the_end_model_is_graded_closed() -> None:
    # Llama 3.1: end-model weights graded closed, base weights partial (a gated download).
    assert read_one(EOSAI / "llama-3.1.yaml").fields["stance"] == "weights-restricted"


def test_windows_line_endings_read_like_unix_ones() -> None:
    raw = (EOSAI / "BELLE.yaml").read_bytes()
    assert b"\r\n" in raw
    fields = read_one(EOSAI / "BELLE.yaml").fields
    assert fields["company"] == "KE Technologies"
    assert not any("\r" in str(v) for v in fields.values())


def test_a_trailing_space_in_the_organisation_is_dropped(tmp_path: Path) -> None:
    assert read_one(EOSAI / "deepseek-R1.yaml").fields["company"] == "DeepSeek"
    quoted = tmp_path / "quoted.yaml"
    quoted.write_text(
        (EOSAI / "deepseek-R1.yaml").read_text(encoding="utf-8").replace("name: DeepSeek \n", 'name: "  DeepSeek  "\n'),
        encoding="utf-8",
    )
    assert read_one(quoted).fields["company"] == "DeepSeek"


def test_same_grades_same_id_and_changed_grades_a_new_one(tmp_path: Path) -> None:
    first = read_one(EOSAI / "llama-4.yaml")
    assert read_one(EOSAI / "llama-4.yaml").fields["id"] == first.fields["id"]
    changed = tmp_path / "llama-4.yaml"
    text = (EOSAI / "llama-4.yaml").read_text(encoding="utf-8")
    changed.write_text(
        text.replace("weights_endmodel:\n    class: partial", "weights_endmodel:\n    class: open"), encoding="utf-8"
    )
    second = read_one(changed)
    assert second.key == first.key == "llama-4"
    assert second.fields["id"] != first.fields["id"]
    assert second.fields["stance"] == "weights-restricted"  # licences still closed


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_yaml_file_that_is_not_a_record_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "config.yaml", "name: something\nversion: 3\n")
    message = error_of(path)
    assert str(path) in message and "not a European Open Source AI Index record" in message
    assert "not a European" in error_of(write(tmp_path, "list.yaml", "- a\n- b\n"))


def test_a_missing_organisation_names_the_file(tmp_path: Path) -> None:
    text = (EOSAI / "OLMo.yaml").read_text(encoding="utf-8").replace("    name: Ai2\n", "    name:\n")
    path = write(tmp_path, "no-org.yaml", text)
    assert error_of(path) == f"{path}: the record names no organisation (org.name)"


def test_an_unknown_grade_names_the_file_and_the_dimension(tmp_path: Path) -> None:
    text = (EOSAI / "OLMo.yaml").read_text(encoding="utf-8")
    text = text.replace("trainingcode:\n    class: open", "trainingcode:\n    class: mostly")
    assert "trainingcode:\n    class: mostly" in text
    message = error_of(write(tmp_path, "bad-grade.yaml", text))
    assert "bad-grade.yaml" in message and "trainingcode" in message and "'mostly'" in message


@pytest.mark.parametrize("date", ["June 2024", "2024/06", ""])
def test_the_release_date_goes_in_the_note_never_in_the_date(tmp_path: Path, date: str) -> None:
    text = (EOSAI / "OLMo.yaml").read_text(encoding="utf-8").replace("releasedate: 2025-12", f"releasedate: {date}")
    path = write(tmp_path, "odd-date.yaml", text)
    [(_, result)] = list(read_records(path, snapshot="2026-06-12"))
    assert isinstance(result, IndexRecord) and result.fields["date"] == "2026-06-12"
    assert f"Model released: {date or 'not given'}." in result.fields["note"]


def test_broken_yaml_and_bad_bytes_get_one_line(tmp_path: Path) -> None:
    message = error_of(write(tmp_path, "broken.yaml", "system: [unclosed\norg: {\n"))
    assert "broken.yaml: not valid YAML" in message and "\n" not in message
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"system:\n  name: caf\xe9\n")
    assert error_of(path) == f"{path}: not UTF-8 text"


def test_unsafe_yaml_tags_are_refused_not_run(tmp_path: Path) -> None:
    text = "!!python/object/apply:os.system ['echo hacked']\n"
    assert "not valid YAML" in error_of(write(tmp_path, "evil.yaml", text))


def test_an_empty_folder_or_a_missing_path_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(OpenwatchError, match=r"holds no \.yaml records"):
        list(read_records(tmp_path, snapshot="x"))
    with pytest.raises(OpenwatchError, match="does not exist"):
        list(read_records(tmp_path / "nope.yaml", snapshot="x"))


def test_without_pyyaml_the_message_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_yaml(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "yaml":
            raise ImportError("No module named 'yaml'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_yaml)
    with pytest.raises(OpenwatchError, match=r"pip install 'openwatch\[eosai\]'"):
        list(read_records(EOSAI, snapshot="x"))
