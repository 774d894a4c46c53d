"""One record as labelled lines (``show``), safe for any terminal."""

from __future__ import annotations

from typing import Any, TextIO

from openwatch.core.indexes import attribution_for
from openwatch.render.listing import cell_text
from openwatch.render.safe import visible, visible_block


def write_details(record: dict[str, Any], out: TextIO) -> None:
    from openwatch.render.output import tolerant

    out = tolerant(out)  # under an ASCII locale, é is shown as \xe9 rather than failing
    width = max(len(key) for key in record)
    if record.get("retracted_at"):
        out.write(f"RETRACTED on {record['retracted_at']}: {visible(cell_text(record.get('retraction_reason')))}\n")
    for key, value in record.items():
        if key in ("retracted_at", "retraction_reason") and value is None:
            continue
        text = visible_block(cell_text(value)) if key in ("quote", "note") else visible(cell_text(value))
        if key == "planned":
            text = "true" if value else "false"
        if key == "model" and value is None:
            text = "(company-wide)"
        lines = text.split("\n")
        out.write(f"{key.ljust(width)}  {lines[0]}\n")
        for line in lines[1:]:
            out.write(f"{' ' * width}  {line}\n")
    credit = attribution_for(record.get("source"))
    if credit is not None:
        # The indexes' data is CC-BY 4.0 (EOSAI, Epoch AI) or MIT (the MOT): showing a verdict carries its credit.
        out.write(f"{'attribution'.ljust(width)}  {credit}\n")
