"""The stance chart: colour on a terminal, plain ASCII anywhere else, user text made safe."""

from __future__ import annotations

import io
from datetime import date

import pytest

from openwatch.render.chart import ASCII, ChartPoint, ChartSeries, chart_lines, plain_text, show_chart


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def behemoth() -> list[ChartSeries]:
    return [
        ChartSeries(
            "Llama 4 Behemoth\x1b[2J",
            [
                ChartPoint(date(2025, 4, 5), "2025-04-05", "weights-restricted", 5, True, "new"),
                ChartPoint(date(2025, 7, 14), "2025-07-14", "closed", 0, True, "closed"),
            ],
        ),
        ChartSeries(
            "(company-wide)",
            [
                ChartPoint(date(2024, 7, 23), "2024-07-23", "open-source", 7, False, "new"),
                ChartPoint(date(2025, 7, 14), "2025-07", "mixed", None, False, "changed"),
            ],
        ),
    ]


def test_a_terminal_gets_colour_and_line_drawing() -> None:
    out = Terminal()
    show_chart("Meta", behemoth(), out)
    text = out.getvalue()
    assert "\x1b[" in text and "○" in text and "●" in text
    assert "\x1b[2J" not in text and "\\x1b[2J" in text


@pytest.mark.parametrize(("name", "value"), [("NO_COLOR", "1"), ("TERM", "dumb")])
def test_no_color_and_dumb_terminals_get_plain_ascii(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    out = Terminal()
    show_chart("Meta", behemoth(), out)
    text = out.getvalue()
    assert "\x1b" not in text and text.isascii()
    assert "\\x1b[2J" in text


def test_the_step_line_rises_and_falls_between_change_points() -> None:
    lines = plain_text(chart_lines("Meta", behemoth(), 80, ASCII)).splitlines()
    rows = {line.split("|", 1)[0].strip(): line.split("|", 1)[1] for line in lines if "|" in line[:23]}
    # Both series share one time axis: 2024-07-23 at the left edge, 2025-07-14 at the right.
    assert rows["open-source"].startswith("*-")
    assert rows["mixed/unknown"].rstrip().endswith("*")
    assert any(line.rstrip().endswith("2025-07-14") for line in lines)
    assert "  o 2025-07-14  closed   closed (planned)" in lines
    assert "  * 2025-07     changed  mixed" in lines
    assert max(len(line) for line in lines) <= 80
