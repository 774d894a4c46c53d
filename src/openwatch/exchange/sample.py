"""The bundled sample: 60 sourced claims, shipped inside the package."""

from __future__ import annotations

from datetime import date, datetime
from importlib import resources

from openwatch.core.claim import Claim
from openwatch.exchange.readers import iter_jsonl, record_to_claim


def load_sample(*, now: datetime, today: date) -> list[Claim]:
    path = resources.files("openwatch").joinpath("data/sample.jsonl")
    with path.open(encoding="utf-8") as stream:
        return [record_to_claim(record, now=now, today=today) for _, record in iter_jsonl(stream)]
