"""One palette for every chart: the stance scale from closed (dark) to open (light).

The eight ordered stances take eight steps of viridis, a palette made to
read the same for the common forms of colour blindness and whose lightness
rises steadily, so the order survives greyscale printing too. The two
unordered stances stand apart from the scale: ``mixed`` is drawn striped,
``unknown`` as an empty outline, never as a colour that could be read as a
level.
"""

from __future__ import annotations

from openwatch.core.claim import ORDERED_STANCES, Stance

SCALE = ("#440154", "#46327e", "#365c8d", "#277f8e", "#1fa187", "#4ac16d", "#a0da39", "#fde725")
"""viridis, closed to open-source."""

FILL: dict[Stance, str] = {stance: colour for stance, colour in zip(ORDERED_STANCES, SCALE, strict=True)}
FILL[Stance.MIXED] = "#8c8c8c"
FILL[Stance.UNKNOWN] = "#ffffff"

INK: dict[Stance, str] = {s: ("#ffffff" if (s.level is not None and s.level <= 3) else "#111111") for s in Stance}
"""Text drawn on a stance's fill."""

CONFLICT = "#d81b60"
"""Conflict marks: a colour outside viridis, always with a shape ("!") as well."""

LEGEND: tuple[Stance, ...] = (*ORDERED_STANCES, Stance.MIXED, Stance.UNKNOWN)
