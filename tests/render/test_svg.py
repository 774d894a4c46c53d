"""The SVG charts: standalone, bounded in height, labelled, and inert whatever the data says."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date

from openwatch.core import history
from openwatch.core.lanes import lanes, span
from openwatch.core.trajectory import trajectories
from openwatch.render.palette import FILL, SCALE
from openwatch.render.svg import company_chart, ticks, trajectory_chart
from tests.render.claims import HOSTILE_QUOTE, HOSTILE_URL, claim

NS = "{http://www.w3.org/2000/svg}"
END = date(2026, 11, 26)


def chart_of(claims: list) -> ET.Element:  # type: ignore[type-arg]
    built = lanes(history.timeline(claims), END)
    start, end = span(built, END)
    svg = company_chart("Acme: stance over time", built, start, end)
    return ET.fromstring(svg)


def view_height(root: ET.Element) -> float:
    return float(root.attrib["viewBox"].split()[3])


def test_25_lanes_fit_in_2000_units_with_title_desc_and_legend() -> None:
    claims = [claim(f"c{n}", f"20{10 + n % 15}-01-01", "api", model=f"model {n:02d}") for n in range(24)]
    claims.append(claim("w", "2015-01-01", "mixed"))
    root = chart_of(claims)
    assert view_height(root) <= 2000
    assert root.find(f"{NS}title") is not None and root.find(f"{NS}desc") is not None
    lanes_drawn = root.findall(f".//{NS}g[@class='lane']")
    assert len(lanes_drawn) == 25
    assert lanes_drawn[0].findtext(f"{NS}title") == "(company-wide)"
    assert root.find(f".//{NS}g[@class='legend']") is not None


def test_each_claim_has_a_tooltip_with_date_stance_kind_source_and_conflicts_are_marked() -> None:
    root = chart_of(
        [
            claim("a", "2025-01-01", "api", model="m", kind="stated", source="Acme CEO"),
            claim("b", "2025-01-01", "open-weights", model="m", kind="reported", source="The Paper"),
        ]
    )
    tips = [g.findtext(f"{NS}title") or "" for g in root.iter(f"{NS}g") if g.get("class") == "claim"]
    assert "m: 2025-01-01 · api · stated · Acme CEO · conflict: claims of this date disagree" in tips
    assert any("open-weights · reported · The Paper" in tip for tip in tips)
    conflict_marks = [p for p in root.iter(f"{NS}path") if p.get("fill") == "#d81b60"]
    assert len(conflict_marks) >= 2 + 1  # one per conflicting claim, one in the legend


def test_stretches_take_the_stance_colour_and_planned_ones_are_hatched() -> None:
    root = chart_of(
        [
            claim("p", "2025-03-01", "open-weights", model="m", planned=True, kind="stated"),
            claim("d", "2025-08-05", "open-weights", model="m"),
        ]
    )
    stretches = [g for g in root.iter(f"{NS}g") if g.get("class") == "stretch"]
    assert len(stretches) == 2
    planned_rects = stretches[0].findall(f"{NS}rect")
    assert planned_rects[0].get("fill") == FILL[claim("x", "2025", "open-weights").stance]
    assert planned_rects[1].get("fill", "").startswith("url(#") and "planned" in planned_rects[1].get("fill", "")
    assert len(stretches[1].findall(f"{NS}rect")) == 1


def test_palette_gets_lighter_from_closed_to_open() -> None:
    def luminance(colour: str) -> float:
        r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    values = [luminance(c) for c in SCALE]
    assert values == sorted(values) and len(set(values)) == 8


def test_no_network_and_hostile_text_stays_text() -> None:
    claims = [
        claim("h", "2025-01-01", "api", model=HOSTILE_QUOTE, source=HOSTILE_QUOTE, url=HOSTILE_URL, quote=HOSTILE_QUOTE)
    ]
    built = lanes(history.timeline(claims), END)
    start, end = span(built, END)
    svg = company_chart(HOSTILE_QUOTE, built, start, end)
    root = ET.fromstring(svg)
    tags = {element.tag for element in root.iter()}
    assert f"{NS}img" not in tags and f"{NS}script" not in tags and f"{NS}a" not in tags
    assert "javascript:" not in svg and "<img" not in svg
    assert HOSTILE_QUOTE in "".join(root.itertext())
    assert re.findall(r"https?://[^\"' ]+", svg) == ["http://www.w3.org/2000/svg"]


def test_trajectory_chart_draws_a_dot_per_release() -> None:
    claims = [
        claim("g2", "2019-02-14", "limited", company="OpenAI", model="GPT-2"),
        claim("oss", "2025-08-05", "open-weights", company="OpenAI", model="gpt-oss"),
        claim("r1", "2025-01-20", "open-weights", company="DeepSeek", model="DeepSeek-R1"),
        claim("m", "2025-01-20", "mixed", company="DeepSeek", model="Other"),
    ]
    svg = trajectory_chart("t", trajectories(claims, END), date(2019, 1, 1), END)
    root = ET.fromstring(svg)
    releases = [g for g in root.iter(f"{NS}g") if g.get("class") == "release"]
    assert len(releases) == 4
    assert any((g.findtext(f"{NS}title") or "").startswith("gpt-oss: 2025-08-05 · open-weights") for g in releases)
    assert view_height(root) < 2000


def test_ticks_are_years_for_long_spans_and_months_for_short_ones() -> None:
    assert [label for _, label in ticks(date(2019, 2, 14), date(2026, 11, 26))][:2] == ["2020", "2021"]
    months = ticks(date(2025, 3, 10), date(2025, 9, 1))
    assert [label for _, label in months] == ["2025-04", "2025-05", "2025-06", "2025-07", "2025-08", "2025-09"]
    assert len(ticks(date(1990, 1, 1), date(2026, 1, 1))) <= 12
