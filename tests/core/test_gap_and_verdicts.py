"""The gap (words against what shipped and what was judged) and verdicts side by side."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date

from openwatch.core import history, verdicts
from openwatch.core.claim import Claim, Kind, Stance
from openwatch.core.dates import parse_iso_date
from openwatch.core.history import Finding
from openwatch.core.verdicts import VerdictRole
from tests.conftest import utc

_ids = itertools.count(1)


def claim(
    day: str,
    stance: str,
    *,
    model: str | None = None,
    company: str = "Meta",
    kind: str = "stated",
    source: str = "vendor",
    planned: bool = False,
    cid: str | None = None,
) -> Claim:
    moment = utc(2026, 1, 1)
    return Claim(
        id=cid or f"g{next(_ids):05d}",
        date=parse_iso_date(day),
        company=company,
        model=model,
        stance=Stance(stance),
        kind=Kind(kind),
        planned=planned,
        source=source,
        url=None,
        quote=None,
        license=None,
        note=None,
        recorded_at=moment,
        updated_at=moment,
    )


def findings(claims: list[Claim]) -> list[tuple[str, str | None, str]]:
    return [(g.stated.id, g.evidence.id if g.evidence else None, g.finding.value) for g in history.gaps(claims)]


def test_words_are_held_against_verdicts_given_later() -> None:
    # Meta's 2024 "open source" against the OSI (2023) and the index (2026) on Llama 2, and Llama 2's release.
    release = claim("2023-07-18", "weights-restricted", model="Llama 2", kind="observed", cid="e11")
    osi = claim("2023-07-20", "weights-restricted", model="Llama 2", kind="assessed", source="OSI", cid="e12")
    index = claim("2026-06-12", "weights-restricted", model="Llama 2", kind="assessed", source="EOSAI", cid="ix")
    said = claim("2024-07-23", "open-source", cid="e31b")
    assert findings([index, said, osi, release]) == [
        ("e31b", "e12", "more open than judged"),
        ("e31b", "ix", "more open than judged"),
        ("e31b", "e11", "more open than shipped"),
    ]
    [first, *_] = history.gaps([index, said, osi, release])
    assert first.company == "Meta" and first.model == "Llama 2" and str(first.stated.date) == "2024-07-23"


def test_what_shipped_counts_only_as_of_the_words_date() -> None:
    later = claim("2025-01-01", "api", model="M", kind="observed", cid="later")
    said = claim("2024-01-01", "open-weights", model="M", cid="said")
    assert findings([later, said]) == [("said", None, "no evidence")]


def test_only_each_assessors_latest_verdict_counts() -> None:
    old = claim("2024-01-01", "api", model="M", kind="assessed", source="Index", cid="old")
    new = claim("2026-01-01", "open-weights", model="M", kind="assessed", source="Index", cid="new")
    said = claim("2025-01-01", "open-weights", model="M", cid="said")
    assert findings([old, new, said]) == []  # the index's verdict now agrees: the words hold up


def test_a_statement_that_holds_up_is_not_listed_and_unordered_never_flagged() -> None:
    shipped = claim("2025-01-01", "open-weights", model="M", kind="observed")
    honest = claim("2025-02-01", "open-weights", model="M")
    mixed = claim("2025-02-02", "mixed", model="M")
    planned = claim("2025-02-03", "open-source", model="M", planned=True)
    unknown_verdict = claim("2025-03-01", "unknown", model="N", kind="assessed", source="Index")
    said_n = claim("2025-03-02", "open-source", model="N", cid="n")
    assert findings([shipped, honest, mixed, planned, unknown_verdict, said_n]) == [("n", None, "no evidence")]


def test_an_mit_model_is_not_flagged_against_an_open_weights_statement() -> None:
    r1 = claim("2026-06-12", "open-weights", company="DeepSeek", model="DeepSeek R1", kind="assessed", source="I")
    v3 = claim("2026-06-12", "open-weights", company="DeepSeek", model="DeepSeek V3.2", kind="assessed", source="I")
    said = claim("2025-01-20", "open-weights", company="DeepSeek")
    assert findings([r1, v3, said]) == []


def test_the_gap_keeps_its_typed_fields() -> None:
    said = claim("2024-01-01", "open-source", cid="s")
    [gap] = history.gaps([said])
    assert gap.evidence is None and gap.finding is Finding.NO_EVIDENCE
    assert gap.company == "Meta" and gap.model is None


# -- verdicts ---------------------------------------------------------------------


def test_every_sources_latest_verdict_side_by_side() -> None:
    words = claim("2024-07-23", "open-source", cid="words")
    release = claim("2023-07-18", "weights-restricted", model="Llama 2", kind="observed", cid="release")
    osi = claim("2023-07-20", "weights-restricted", model="Llama 2", kind="assessed", source="OSI", cid="osi")
    epoch_old = claim("2024-01-01", "weights-restricted", model="Llama 2", kind="assessed", source="Epoch AI")
    epoch = claim("2024-10-08", "open-weights", model="Llama 2", kind="assessed", source="Epoch AI", cid="epoch")
    report = claim("2025-01-01", "closed", model="Llama 2", kind="reported")
    rows = verdicts.verdicts([words, release, osi, epoch_old, epoch, report])
    assert [(r.company, r.model) for r in rows] == [("Meta", None), ("Meta", "Llama 2")]
    llama = rows[1]
    assert [(v.role, v.claim.id) for v in llama.verdicts] == [
        (VerdictRole.SAID, "words"),
        (VerdictRole.SHIPPED, "release"),
        (VerdictRole.JUDGED, "osi"),
        (VerdictRole.JUDGED, "epoch"),
    ]
    assert llama.verdicts[0].company_wide
    assert llama.disagree


def test_model_words_win_over_company_words_and_as_of_limits() -> None:
    company = claim("2024-01-01", "open-source")
    model = claim("2024-02-01", "open-weights", model="M", cid="model-words")
    shipped = claim("2024-02-01", "open-weights", model="M", kind="observed")
    [_, row] = verdicts.verdicts([company, model, shipped])
    assert row.verdicts[0].claim.id == "model-words" and not row.verdicts[0].company_wide
    assert not row.disagree
    [_, early] = verdicts.verdicts(
        [company, model, replace(shipped, date=parse_iso_date("2025-01-01"))], as_of=date(2024, 6, 1)
    )
    assert [v.role for v in early.verdicts] == [VerdictRole.SAID]
