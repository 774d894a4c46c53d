"""The terminal chart: one lane per series in 80 columns; colour on a terminal, plain ASCII elsewhere."""

from __future__ import annotations

import io
from datetime import date

import pytest

from openwatch.core import history
from openwatch.core.lanes import lanes
from openwatch.render.chart import PLAIN_WIDTH, lane_lines, middle, plain_text, show_lanes
from tests.render.claims import claim


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


END = date(2026, 1, 1)


def meta_lanes() -> list:  # type: ignore[type-arg]
    claims = [
        claim("w1", "2024-07-23", "open-source", company="Meta", kind="stated"),
        claim("w2", "2025-07", "mixed", company="Meta", kind="stated"),
        claim("b1", "2025-04-05", "weights-restricted", company="Meta", model="Llama 4 Behemoth\x1b[2J", planned=True),
        claim("b2", "2025-07-14", "closed", company="Meta", model="Llama 4 Behemoth\x1b[2J", planned=True),
        claim("s1", "2023-02-24", "weights-noncommercial", company="Meta", model="LLaMA"),
        claim("s2", "2023-02-24", "limited", company="Meta", model="LLaMA", kind="stated"),
        *[
            claim(f"m{n}", f"2024-0{1 + n % 9}-01", "open-weights", company="Meta", model=f"Model {n} with a long name")
            for n in range(20)
        ],
    ]
    return lanes(history.timeline(claims), END)


def test_a_pipe_gets_one_ascii_lane_per_series_within_80_columns() -> None:
    out = io.StringIO()
    built = meta_lanes()
    show_lanes("Meta", built, date(2023, 2, 24), END, out)
    text = out.getvalue()
    assert text.isascii() and "\x1b" not in text
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= PLAIN_WIDTH
    rows = [line for line in lines if " |" in line]
    assert len(rows) == len(built) == 23
    assert rows[0].split(" |")[0].strip() == "(company-wide)"
    # company-wide: open-source (7) then mixed (m), ending at the right edge
    assert "7" in rows[0] and rows[0].rstrip().endswith("m")
    # a planned stretch alternates its level with dots; the escape is shown, not sent
    behemoth = next(line for line in rows if "Llama 4" in line)
    assert ".0.0" in behemoth or "0.0." in behemoth
    assert "\\x1b" in behemoth or "~" in behemoth
    conflict = next(line for line in rows if line.split(" |")[0].strip() == "LLaMA")
    assert "!" in conflict
    assert any("2024" in line and "2025" in line for line in lines[:3])


def test_a_terminal_gets_colour_and_no_raw_escape_from_user_text() -> None:
    out = Terminal()
    show_lanes("Meta\x1b[2J", meta_lanes(), date(2023, 2, 24), END, out)
    text = out.getvalue()
    assert "\x1b[" in text
    assert "\x1b[2J" not in text and "\\x1b[2J" in text


@pytest.mark.parametrize(("name", "value"), [("NO_COLOR", "1"), ("TERM", "dumb")])
def test_no_color_and_dumb_terminals_get_plain_ascii(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    out = Terminal()
    show_lanes("Meta", meta_lanes(), date(2023, 2, 24), END, out)
    assert "\x1b" not in out.getvalue() and out.getvalue().isascii()


def test_legend_names_every_code() -> None:
    text = plain_text(lane_lines("x", meta_lanes(), date(2023, 1, 1), END, 80))
    for piece in ("0 closed", "7 open-source", "m mixed", "? unknown", "planned", "! conflict"):
        assert piece in text


def test_names_are_shortened_from_the_middle() -> None:
    assert middle("Llama 4 Behemoth preview edition", 18) == "Llama 4 B~ edition"
    assert len(middle("Llama 4 Behemoth preview edition", 18)) == 18
    assert middle("GPT-4", 18) == "GPT-4"
