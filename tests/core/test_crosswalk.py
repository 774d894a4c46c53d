"""The EOSAI crosswalk, checked row by row against the table in the README.

The README's table is the documentation users read; parsing it here means the
code and the table cannot drift apart. For each row, every combination of
grades it matches (and no earlier row matches) must give the row's stance.
"""

from __future__ import annotations

import itertools
import re

import pytest

from openwatch.core.claim import Stance
from openwatch.core.crosswalk import DIMENSIONS, Access, Grade, Grades, noncommercial, place
from tests.conftest import ROOT

GRADE_VALUES: tuple[Grade | None, ...] = (Grade.OPEN, Grade.PARTIAL, Grade.CLOSED, None)
LICENCES = {
    "non-commercial": ("CC-BY-NC-4.0", "FAIR Noncommercial Research License v1", "Unknown (research purposes only)"),
    "other": (None, "Apache-2.0", "Llama 3 Community License Agreement", "Unclear"),
}
ACCESS = {"api": (Access.API,), "closed": (Access.CLOSED,), "none": (None,)}


def _grades(cell: str) -> set[Grade | None]:
    if cell == "any":
        return set(GRADE_VALUES)
    found: set[Grade | None] = set()
    for part in cell.split(","):
        part = part.strip()
        found.add(None if part == "—" else Grade(part))
    return found


def _licences(cell: str) -> set[str | None]:
    if cell == "any":
        return {name for names in LICENCES.values() for name in names}
    return set(LICENCES[cell])


def _access(cell: str) -> set[Access | None]:
    if cell == "any":
        return {a for values in ACCESS.values() for a in values}
    return set(ACCESS[cell])


def readme_rows() -> list[tuple[str, list[set[object]], Stance]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### The crosswalk", 1)[1].split("\n### ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not line.startswith("|") or not re.fullmatch(r"\d+", cells[0]):
            continue
        number, *grade_cells = cells[:6]
        licence_cell, access_cell, stance_cell = cells[6], cells[7], cells[8]
        sets: list[set[object]] = [set(_grades(c)) for c in grade_cells]
        sets.append(set(_licences(licence_cell)))
        sets.append(set(_access(access_cell)))
        rows.append((number, sets, Stance(stance_cell.strip("`"))))
    return rows


ROWS = readme_rows()


def test_the_readme_table_has_every_rule() -> None:
    assert [number for number, _, _ in ROWS] == [str(n) for n in range(1, 12)]


def _matches(sets: list[set[object]], combination: tuple[object, ...]) -> bool:
    return all(value in allowed for value, allowed in zip(combination, sets, strict=True))


ALL_COMBINATIONS = list(
    itertools.product(
        *([GRADE_VALUES] * 5),
        [name for names in LICENCES.values() for name in names],
        [Access.API, Access.CLOSED, None],
    )
)


@pytest.mark.parametrize(("number", "sets", "stance"), ROWS, ids=[f"row{r[0]}" for r in ROWS])
def test_each_readme_row_gives_its_stance(number: str, sets: list[set[object]], stance: Stance) -> None:
    earlier = [r[1] for r in ROWS if int(r[0]) < int(number)]
    checked = 0
    for combination in ALL_COMBINATIONS:
        if not _matches(sets, combination) or any(_matches(e, combination) for e in earlier):
            continue
        grades = Grades(*combination[:5])  # type: ignore[arg-type]
        placed = place(grades, combination[5], combination[6])  # type: ignore[arg-type]
        assert placed.stance is stance, (number, grades, combination[5:], placed)
        checked += 1
    assert checked, f"row {number} is shadowed by earlier rows"


def test_the_table_covers_every_combination() -> None:
    for combination in ALL_COMBINATIONS:
        assert any(_matches(sets, combination) for _, sets, _ in ROWS), combination


OPEN = Grade.OPEN
PARTIAL = Grade.PARTIAL
CLOSED = Grade.CLOSED


@pytest.mark.parametrize(
    ("grades", "licence", "stance", "deciding"),
    [
        ((OPEN, OPEN, OPEN, OPEN, OPEN), "Apache-2.0", Stance.OPEN_SOURCE, [f"{d}=open" for d in DIMENSIONS]),
        (
            (OPEN, OPEN, CLOSED, OPEN, PARTIAL),
            "MIT License",
            Stance.OPEN_WEIGHTS,
            ["weights_endmodel=open", "licenses=open", "trainingcode=closed", "datasources_endmodel=partial"],
        ),
        (
            (PARTIAL, CLOSED, CLOSED, CLOSED, CLOSED),
            "Llama 3.3 Community License Agreement",
            Stance.WEIGHTS_RESTRICTED,
            ["weights_endmodel=partial"],
        ),
        ((OPEN, PARTIAL, OPEN, OPEN, OPEN), "Apache-2.0", Stance.WEIGHTS_RESTRICTED,
         ["weights_endmodel=open", "licenses=partial"]),
        (
            (OPEN, PARTIAL, CLOSED, CLOSED, CLOSED),
            "CC-BY-NC-4.0",
            Stance.WEIGHTS_NONCOMMERCIAL,
            ["weights_endmodel=open", "licenses=partial", "licence=CC-BY-NC-4.0"],
        ),
        ((CLOSED, CLOSED, PARTIAL, CLOSED, CLOSED), "Meta Llama 3 Community License", Stance.UNKNOWN,
         ["weights_endmodel=closed"]),
    ],
)
def test_deciding_dimensions_are_named(
    grades: tuple[Grade, ...], licence: str, stance: Stance, deciding: list[str]
) -> None:
    placed = place(Grades(*grades), licence)
    assert placed.stance is stance
    assert list(placed.deciding) == deciding
    assert placed.reason


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("CC-BY-NC-SA-4.0", True),
        ("CC-BY-NC-ND", True),
        ("Stability AI Non-Commercial Research Community License Agreement", True),
        ("FLUX [dev] Non-Commercial License v2.0", True),
        ("Research-only RAIL-M5", True),
        ("Non-commercial license", True),
        ("Apache-2.0", False),
        ("CC-BY-4.0", False),
        ("Llama 4 Community License Agreement", False),
        ("Purposely left ambiguous", False),
        ("CreativeML Open RAIL-M", False),
        (None, False),
    ],
)
def test_noncommercial_licence_names(name: str | None, expected: bool) -> None:
    assert noncommercial(name) is expected
