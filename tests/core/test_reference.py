"""``openwatch stances``: the scale and the kinds, one line and one example each."""

from __future__ import annotations

import json

from openwatch.core.claim import Kind, Stance
from openwatch.core.reference import kind_guide, reference_record, stance_guide


def test_every_stance_in_scale_order_with_its_level() -> None:
    guide = stance_guide()
    assert [(e.name, e.level) for e in guide] == [(s.value, s.level) for s in Stance]


def test_every_kind_once() -> None:
    assert sorted(e.name for e in kind_guide()) == sorted(k.value for k in Kind)


def test_one_line_and_one_example_each() -> None:
    for entry in stance_guide() + kind_guide():
        for text in (entry.meaning, entry.example):
            assert text and "\n" not in text and len(text) < 110, entry


def test_json_shape() -> None:
    record = json.loads(json.dumps(reference_record()))
    assert set(record) == {"stances", "kinds"}
    assert record["stances"][0] == {
        "name": "closed",
        "level": 0,
        "meaning": stance_guide()[0].meaning,
        "example": stance_guide()[0].example,
    }
    assert record["stances"][-1]["level"] is None
    assert set(record["kinds"][0]) == {"name", "meaning", "example"}
