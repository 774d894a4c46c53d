"""The attribution each index's licence asks for, looked up by a claim's source.

A page or file that shows an index's verdicts must carry its notice. Each
index that openwatch imports adds its ``source`` and notice here (the
European Open Source AI Index today; Epoch AI and the Model Openness Tool
as their readers land).
"""

from __future__ import annotations

from collections.abc import Iterable

from openwatch.core import crosswalk

ATTRIBUTIONS: dict[str, str] = {
    crosswalk.SOURCE: crosswalk.ATTRIBUTION,
}
"""Source name (exactly as imported claims carry it) -> the notice its licence requires."""


def attributions_for(sources: Iterable[str]) -> list[str]:
    """The notices owed for claims from these sources, once each, in a fixed order."""
    seen = set(sources)
    return [notice for source, notice in sorted(ATTRIBUTIONS.items()) if source in seen]
