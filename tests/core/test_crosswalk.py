"""The EOSAI crosswalk's rules, on grades and licences given directly."""

from __future__ import annotations

import pytest

from openwatch.core.claim import Stance
from openwatch.core.crosswalk import Access, Grade, Grades, WeightsLicence, place, weights_licence

OPEN, P, C = Grade.OPEN, Grade.PARTIAL, Grade.CLOSED


def grades(
    base: Grade | None, end: Grade | None, licences: Grade | None = C, code: Grade | None = C, data: Grade | None = C
) -> Grades:
    return Grades(base, end, licences, code, data, data)


def placed(g: Grades, notes: str | None = None, end: str | None = None, model: str = "M") -> Stance:
    return place(g, weights_licence(notes, end, model), notes=notes).stance


@pytest.mark.parametrize(
    ("base", "end", "available"),
    [
        (OPEN, OPEN, True),
        (P, C, True),
        (C, P, True),
        (None, OPEN, True),
        (C, C, False),
        (None, None, False),
        (C, None, False),
    ],
)
def test_weights_are_available_when_either_grade_is_open_or_partial(
    base: Grade | None, end: Grade | None, available: bool
) -> None:
    stance = placed(grades(base, end), end="Apache-2.0")
    assert (stance is Stance.OPEN_WEIGHTS) is available
    if not available:
        assert stance is Stance.UNKNOWN


def test_a_stated_access_places_a_record_without_weights() -> None:
    none = WeightsLicence(None, None, "none")
    assert place(grades(C, C), none, access=Access.API).stance is Stance.API
    assert place(grades(C, C), none, access=Access.CLOSED).stance is Stance.CLOSED


def test_the_weights_statement_wins_over_endmodellicense() -> None:
    found = weights_licence(
        "Weights: MIT. Code: not released. Data: not disclosed.", "DeepSeek License Agreement", "R1"
    )
    assert found.licence is not None and found.licence.name == "MIT"
    assert found.origin == "licences notes"
    assert found.disagreement is not None and "DeepSeek License Agreement" in found.disagreement


def test_the_same_licence_written_two_ways_is_no_disagreement() -> None:
    found = weights_licence("Weights: Apache 2.0. Code: Apache-2.0.", "Apache License 2.0", "M")
    assert found.disagreement is None and found.licence is not None and found.licence.name == "Apache-2.0"


@pytest.mark.parametrize(
    ("licences", "code", "data", "stance"),
    [
        (OPEN, OPEN, OPEN, Stance.OPEN_SOURCE),
        (P, OPEN, OPEN, Stance.OPEN_WEIGHTS),
        (OPEN, C, OPEN, Stance.OPEN_WEIGHTS),
        (OPEN, OPEN, P, Stance.OPEN_WEIGHTS),
    ],
)
def test_open_source_needs_licences_code_and_data_open(
    licences: Grade, code: Grade, data: Grade, stance: Stance
) -> None:
    assert placed(grades(OPEN, OPEN, licences, code, data), end="MIT") is stance


def test_an_osi_licence_graded_closed_is_still_open_weights() -> None:
    # The licences grade covers code and data: GPT OSS, DeepSeek R1.
    assert placed(grades(OPEN, OPEN, C), notes="Apache 2.0 license for model weights only", end="Apache 2.0") is (
        Stance.OPEN_WEIGHTS
    )


def test_a_custom_licence_the_notes_call_not_osi_is_restricted() -> None:
    notes = "Usage requires signing Meta's bespoke 'community license', not an OSI recognised open license"
    assert placed(grades(P, P), notes=notes, end="Unclear") is Stance.WEIGHTS_RESTRICTED


def test_a_known_custom_licence_gives_its_stance() -> None:
    assert placed(grades(P, P, P), end="Llama 3.3 Community License Agreement") is Stance.WEIGHTS_RESTRICTED
    assert placed(grades(OPEN, OPEN, OPEN, OPEN, OPEN), end="CC-BY-NC-4.0") is Stance.WEIGHTS_NONCOMMERCIAL


def test_non_commercial_words_on_an_unknown_licence() -> None:
    assert (
        placed(grades(OPEN, OPEN), notes="Weights: Research purposes only. Code: no.") is Stance.WEIGHTS_NONCOMMERCIAL
    )


def test_modified_mit_is_resolved_by_model_or_unknown() -> None:
    assert placed(grades(C, OPEN), end="Modified MIT License", model="Devstral 2") is Stance.WEIGHTS_RESTRICTED
    assert placed(grades(C, OPEN), end="Modified MIT License", model="Kimi K2.5") is Stance.UNKNOWN
    # Even when the notes say it is not OSI-approved: which licence it is stays unknown.
    assert placed(grades(C, OPEN), notes="Modified MIT, not an OSI-approved license.", end="Modified MIT") is (
        Stance.UNKNOWN
    )


def test_an_unknown_or_missing_licence_is_unknown_with_the_reason() -> None:
    result = place(grades(OPEN, OPEN), weights_licence(None, "BAAI Aquila Model Licence Agreement", "Aquila"))
    assert result.stance is Stance.UNKNOWN and "does not know" in result.reason
    result = place(grades(OPEN, OPEN), weights_licence("Weights: unknown. Code: unknown.", "Unknown", "X"))
    assert result.stance is Stance.UNKNOWN and "names no licence" in result.reason


def test_weights_said_not_available() -> None:
    result = place(
        grades(OPEN, C), weights_licence("Weights: Not available. Code: Apache-2.0.", "MIT License", "dolly")
    )
    assert result.stance is Stance.UNKNOWN and "not available" in result.reason
