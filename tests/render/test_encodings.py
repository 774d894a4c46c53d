"""Output under a non-UTF-8 locale, and data on a terminal."""

from __future__ import annotations

import io
import json
import os
import subprocess
from pathlib import Path

import pytest

from openwatch.render.output import data_output, tolerant


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_data_to_a_terminal_has_controls_escaped() -> None:
    out = _Terminal()
    with data_output(out) as stream:
        stream.write('id,quote\r\n1,"\x1b]52;c;ZXZpbA==\x07 \u202eabc \x00"\r\n')
    text = out.getvalue()
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text and "\x00" not in text
    assert "\\x1b]52" in text and text.count("\n") == 2


def test_data_to_a_pipe_is_written_as_stored() -> None:
    out = io.StringIO()
    with data_output(out) as stream:
        stream.write("\x1b[31m\r\n")
    assert out.getvalue() == "\x1b[31m\r\n"


def test_data_is_utf8_whatever_the_locale() -> None:
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="ascii")
    with data_output(out) as stream:
        stream.write(json.dumps({"company": "Société"}, ensure_ascii=False))
    out.flush()
    assert raw.getvalue().decode("utf-8") == '{"company": "Société"}'


def test_tables_fall_back_to_escapes_the_encoding_can_carry() -> None:
    raw = io.BytesIO()
    out = tolerant(io.TextIOWrapper(raw, encoding="ascii"))
    out.write("Société 混合\n")
    out.flush()
    assert raw.getvalue() == b"Soci\\xe9t\\xe9 \\u6df7\\u5408\n"


@pytest.mark.slow
@pytest.mark.parametrize(
    "env", [{"PYTHONIOENCODING": "ascii"}, {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": ""}]
)
def test_a_table_under_an_ascii_locale_is_shown_not_a_traceback(
    python: str, db_path: Path, env: dict[str, str]
) -> None:
    base = dict(os.environ, OPENWATCH_DB=str(db_path))
    add = [python, "-m", "openwatch", "add", "--company", "Société Générale", "--stance", "closed"]
    subprocess.run([*add, "--source", "x", "--date", "2025-01-01"], env=base, check=True, capture_output=True)
    done = subprocess.run(
        [python, "-m", "openwatch", "companies"], env=dict(base, **env), capture_output=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert b"Soci\\xe9t\\xe9 G\\xe9n\\xe9rale" in done.stdout
