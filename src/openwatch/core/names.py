"""What is tracked under which names: summaries of companies and models, aliases, merges."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Alias:
    alias: str
    company: str
    model: str | None


@dataclass(frozen=True, slots=True)
class CompanySummary:
    name: str
    claims: int
    models: int
    first: str | None
    last: str | None


@dataclass(frozen=True, slots=True)
class ModelSummary:
    company: str
    model: str
    claims: int
    first: str | None
    last: str | None


@dataclass(frozen=True, slots=True)
class Merge:
    """One company merged into another."""

    merged: str
    into: str
    claims: int
    models: int
    aliases: int
