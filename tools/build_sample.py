# ruff: noqa: E501
"""Rebuild the bundled sample (src/openwatch/data/sample.jsonl) from the events table.

The events table is ../shared/data/openness-events.csv, copied into
fixtures/events/ (the project never reads ../shared at run time). Each claim
below names its event row and says how the row becomes a claim in DESIGN.md's
vocabulary; the row gives the date (a trailing ``~`` makes it approximate,
said in the note), the text the note opens with, source, url, licence and
the verification grade. A row may become two or three claims (E31, E57), or
none (context rows: E20, E34, E48, E50, and E39, a personal view with no
stated policy).

The second audit of the table (2026-11) is applied here:

- E02 is the 774M model only: the GPT-2 family stays ``limited`` (staged)
  until E03;
- E06's LLaMA went to approved researchers case by case: ``limited``;
- E07, the leak, is an incident, not something Meta shipped: a ``reported``
  claim that keeps the stance (``limited``), so it is no stance change;
- E16 is ``hosted`` on 6 December (Bard, Pixel); the API came on
  13 December 2023 (sample-e16b);
- E31's quote "first frontier-level open source AI model" belongs to the
  stated claim (the letter), not the observed release;
- E37's licence change is DeepSeek's company-wide statement (``stated``),
  not a second claim on R1 (sample-e37c replaces sample-e37b);
- E39 is kept out of stance history (a personal view, "not a company
  priority yet");
- E45's quote is the blog's words ("as it is still training");
- E49's source and url are the table's corrected ones;
- E57 is three acts: the observed release under the Grok 2 Community
  License, Musk's "is now open source" (stated, ``open-source``, on
  Grok 2.5: sample-e57c) and his promise for Grok 3 (stated, planned,
  ``open-source``, due 2026-02);
- vendors' words "open source" are recorded as said (``open-source``):
  Meta's letter (E31), xAI's announcements (E21, E57), Baidu's (E40).

Ids are fixed and stay as they were where a claim keeps its meaning;
``recorded_at`` is fixed, so every copy of the sample is the same data.

Usage: python tools/build_sample.py [--check]
  --check: exit 1 if the committed sample differs from what the table gives.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVENTS = ROOT / "fixtures" / "events" / "openness-events.csv"
SAMPLE = ROOT / "src" / "openwatch" / "data" / "sample.jsonl"
RECORDED_AT = "2026-11-01T00:00:00Z"
_NO_LICENCE = ("n/a", "(unchanged)")
_UNSET = object()


@dataclass(frozen=True)
class Spec:
    """How one event row becomes one claim; anything not given comes from the row."""

    id: str
    event: str
    model: str | None
    stance: str
    kind: str
    detail: str | None = None
    """Appended to the row's text in the note (sizes, variants, how the claim was read)."""
    text: str | None = None
    """Replaces the row's text in the note, where the claim is one act of a row of several."""
    license: object = _UNSET
    source: str | None = None
    url: str | None = None
    quote: str | None = None
    planned: bool = False
    company: str | None = None
    date: str | None = None
    due: str | None = None
    """A promise's named date (Grok 3: "in about 6 months", 2026-02)."""


CLAIMS: tuple[Spec, ...] = (
    Spec(
        "sample-e01",
        "E01",
        "GPT-2",
        "limited",
        "stated",
        detail="Size: 1.5B withheld; first stage of the staged release continued in sample-e02 and sample-e03.",
    ),
    Spec(
        "sample-e02",
        "E02",
        "GPT-2",
        "limited",
        "observed",
        detail="Size: 774M parameters; the full 1.5B model still withheld at this stage, so the GPT-2 family stays a staged release (limited) until sample-e03.",
    ),
    Spec(
        "sample-e03",
        "E03",
        "GPT-2",
        "open-weights",
        "observed",
        detail="Size: 1.5B parameters (largest GPT-2); completes the staged release.",
    ),
    Spec("sample-e04", "E04", "GPT-3", "api", "observed"),
    Spec(
        "sample-e05",
        "E05",
        "GPT-3",
        "api",
        "stated",
        detail="Two-party row (OpenAI / Microsoft): filed under OpenAI, whose model's openness it describes.",
        license="proprietary (exclusive licence to Microsoft)",
        company="OpenAI",
    ),
    Spec(
        "sample-e06",
        "E06",
        "LLaMA",
        "limited",
        "observed",
        detail="Sizes: 7B-65B. Access approved case by case: a gated release, not a download behind a click-through licence.",
    ),
    Spec(
        "sample-e07",
        "E07",
        "LLaMA",
        "limited",
        "reported",
        detail="An incident, not something Meta shipped: recorded as a report that keeps the stance (Meta kept its gated approach and its non-commercial research licence), so it is no stance change.",
    ),
    Spec("sample-e08", "E08", "Claude", "api", "observed", detail="Version: Claude v1."),
    Spec(
        "sample-e09",
        "E09",
        "GPT-4",
        "api",
        "observed",
        quote="no further details about the architecture (including model size), hardware, training compute, dataset construction, training method",
    ),
    Spec("sample-e10", "E10", "GPT-4", "api", "stated"),
    Spec(
        "sample-e11",
        "E11",
        "Llama 2",
        "weights-restricted",
        "observed",
        detail="Sizes: 7B/13B/70B + chat variants; released with Microsoft as partner.",
        company="Meta",
    ),
    Spec(
        "sample-e12",
        "E12",
        "Llama 2",
        "weights-restricted",
        "assessed",
        detail="Independent verdict by the Open Source Initiative on Meta's Llama 2 licence (row company: OSI (re Meta)).",
        source="Open Source Initiative",
        quote="Meta's LLaMa 2 license is not Open Source",
        company="Meta",
    ),
    Spec("sample-e13", "E13", "Qwen", "weights-restricted", "observed", detail="Variants: Qwen-7B, Qwen-7B-Chat."),
    Spec(
        "sample-e14",
        "E14",
        "Falcon 180B",
        "weights-restricted",
        "observed",
        detail="Variants: base + chat; more closed than the Apache-2.0 Falcon 40B.",
    ),
    Spec("sample-e15", "E15", "Mistral 7B", "open-weights", "observed", quote="can be used without restrictions"),
    Spec(
        "sample-e16",
        "E16",
        "Gemini 1.0",
        "hosted",
        "observed",
        text="Gemini 1.0 announced; on 6 December usable only inside Google products (Bard, Pixel). Variants: Ultra, Pro, Nano; API access followed on 2023-12-13 (sample-e16b).",
    ),
    Spec(
        "sample-e16b",
        "E16",
        "Gemini 1.0",
        "api",
        "observed",
        date="2023-12-13",
        text="Gemini Pro API access opens to developers (Google AI Studio, Vertex AI), a week after the announcement (sample-e16).",
    ),
    Spec("sample-e17", "E17", "Mixtral 8x7B", "open-weights", "observed", quote="with open weights"),
    Spec(
        "sample-e18",
        "E18",
        "Gemma",
        "weights-restricted",
        "observed",
        detail="Sizes: 2B, 7B.",
        quote="permit responsible commercial usage",
    ),
    Spec(
        "sample-e19",
        "E19",
        "Mistral Large",
        "api",
        "observed",
        detail="Two-party row (Mistral AI / Microsoft): filed under Mistral AI, whose model's openness it describes.",
        company="Mistral AI",
    ),
    Spec(
        "sample-e21",
        "E21",
        "Grok-1",
        "open-source",
        "stated",
        detail='Announcement named "Grok"; fulfilled by the Grok-1 weights release (sample-e23). The vendor\'s words "open source" recorded as said.',
        quote="This week, @xAI will open source Grok",
        planned=True,
    ),
    Spec(
        "sample-e22",
        "E22",
        None,
        "mixed",
        "stated",
        detail="Company-wide reaffirmation of open releases alongside API-only models sold via Microsoft.",
        quote="The goal is not to abandon open source",
    ),
    Spec("sample-e23", "E23", "Grok-1", "open-weights", "observed", detail="Size: 314B MoE base model."),
    Spec(
        "sample-e24",
        "E24",
        "Llama 3",
        "weights-restricted",
        "observed",
        detail="Sizes: 8B, 70B.",
        quote="most capable openly available LLM to date",
    ),
    Spec(
        "sample-e25",
        "E25",
        None,
        "mixed",
        "stated",
        detail="Company-wide hedge: open by default, future models possibly withheld.",
    ),
    Spec("sample-e26", "E26", "Phi-3", "open-weights", "observed", detail="Variant: Phi-3-mini (3.8B)."),
    Spec(
        "sample-e27",
        "E27",
        "Codestral",
        "weights-noncommercial",
        "observed",
        detail="Size: 22B; non-production licence, more closed than the Apache-2.0 line.",
    ),
    Spec(
        "sample-e28",
        "E28",
        "Stable Diffusion 3 Medium",
        "weights-noncommercial",
        "observed",
        detail="Commercial use only through the paid Creator License.",
        quote="an open non-commercial license and a low-cost Creator License",
    ),
    Spec(
        "sample-e29",
        "E29",
        "Stable Diffusion 3 Medium",
        "weights-restricted",
        "observed",
        detail="Applies to SD3 Medium and later models.",
    ),
    Spec(
        "sample-e30",
        "E30",
        "Llama (multimodal)",
        "weights-restricted",
        "stated",
        detail="Intended release, geo-restricted (no EU); cf. the EU exclusion in the Llama 3.2 licence (sample-e33).",
        quote="but not in the EU due to the unpredictable nature of the European regulatory environment",
        planned=True,
    ),
    Spec(
        "sample-e31a",
        "E31",
        "Llama 3.1",
        "weights-restricted",
        "observed",
        text="Llama 3.1 released under the Llama 3.1 Community License. Sizes: 8B/70B/405B.",
    ),
    Spec(
        "sample-e31b",
        "E31",
        None,
        "open-source",
        "stated",
        text='Zuckerberg letter "Open Source AI Is the Path Forward", published with the Llama 3.1 release, calls Llama 3.1 405B the "first frontier-level open source AI model". Company-wide statement.',
        license=None,
        quote="first frontier-level open source AI model",
    ),
    Spec(
        "sample-e32",
        "E32",
        "Mistral Large 2",
        "weights-noncommercial",
        "observed",
        detail="Size: 123B; more open than the API-only Mistral Large.",
    ),
    Spec(
        "sample-e33", "E33", "Llama 3.2", "weights-restricted", "observed", detail="Sizes: 1B/3B text, 11B/90B vision."
    ),
    Spec(
        "sample-e35",
        "E35",
        "DeepSeek-V3",
        "weights-restricted",
        "observed",
        detail="Size: 671B MoE; weights not MIT at release.",
        quote="supports commercial use",
    ),
    Spec("sample-e36", "E36", "Phi-4", "open-weights", "observed", detail="Size: 14B."),
    Spec(
        "sample-e37a",
        "E37",
        "DeepSeek-R1",
        "open-weights",
        "observed",
        text="R1 released with weights under MIT. Variants: DeepSeek-R1, R1-Zero, 6 distilled models.",
    ),
    Spec(
        "sample-e37c",
        "E37",
        None,
        "open-weights",
        "stated",
        text="DeepSeek says its open-source licence is unified to MIT: all its open-source repositories, model weights included, now use MIT; product terms explicitly allow distillation. Company-wide statement, announced with the R1 release (sample-e37a).",
        license="MIT",
    ),
    Spec("sample-e38", "E38", "Mistral Small 3", "open-weights", "observed", detail="Size: 24B."),
    Spec(
        "sample-e40",
        "E40",
        "ERNIE 4.5",
        "open-source",
        "stated",
        detail='Announcement named the next-generation Ernie; fulfilled by the ERNIE 4.5 open release on 2025-06-30 (sample-e49). The vendor\'s words "open-source" recorded as said.',
        planned=True,
    ),
    Spec("sample-e41", "E41", "Gemma 3", "weights-restricted", "observed", detail="Sizes: 1B-27B; multimodal from 4B."),
    Spec(
        "sample-e42", "E42", "DeepSeek-V3", "open-weights", "observed", detail="Variant: DeepSeek-V3-0324 checkpoint."
    ),
    Spec(
        "sample-e43",
        "E43",
        "gpt-oss",
        "open-weights",
        "stated",
        detail="Model unnamed at the time; released as gpt-oss (sample-e56).",
        quote="our first open-weight language model since GPT-2",
        planned=True,
    ),
    Spec(
        "sample-e44a",
        "E44",
        "Llama 4 Scout",
        "weights-restricted",
        "observed",
        text="Llama 4 Scout released with Llama 4 Maverick, the first MoE, natively multimodal Llama (Saturday); licence excludes EU-domiciled entities from multimodal rights, 700M-MAU clause kept.",
    ),
    Spec(
        "sample-e44b",
        "E44",
        "Llama 4 Maverick",
        "weights-restricted",
        "observed",
        text="Llama 4 Maverick released with Llama 4 Scout, the first MoE, natively multimodal Llama (Saturday); licence excludes EU-domiciled entities from multimodal rights, 700M-MAU clause kept.",
    ),
    Spec(
        "sample-e45",
        "E45",
        "Llama 4 Behemoth",
        "weights-restricted",
        "stated",
        text='Behemoth (~2T total / 288B active) previewed with benchmark claims as "teacher" model; not released "as it is still training". Previewed as a coming Llama 4 release. Size: ~2T total / 288B active parameters.',
        quote="as it is still training",
        planned=True,
    ),
    Spec(
        "sample-e46",
        "E46",
        "Qwen3",
        "open-weights",
        "observed",
        detail="Variants: 235B-A22B and 30B-A3B MoE + 6 dense models.",
    ),
    Spec(
        "sample-e47",
        "E47",
        "Llama 4 Behemoth",
        "weights-restricted",
        "reported",
        detail="Release delayed, still intended.",
        quote="fall or later",
        planned=True,
    ),
    Spec("sample-e49", "E49", "ERNIE 4.5", "open-weights", "observed", detail="Variants: 10 models, 0.3B-424B."),
    Spec(
        "sample-e51",
        "E51",
        "Kimi K2",
        "weights-restricted",
        "observed",
        detail="Size: 1T MoE, 32B active; Modified MIT adds an attribution clause.",
    ),
    Spec(
        "sample-e52",
        "E52",
        "gpt-oss",
        "open-weights",
        "stated",
        detail="Release delayed indefinitely, still intended.",
        quote="once weights are out, they can't be pulled back",
        planned=True,
    ),
    Spec(
        "sample-e53",
        "E53",
        "Llama 4 Behemoth",
        "closed",
        "reported",
        detail="Report from unnamed sources of a closed model being considered, not a Meta decision; Meta's spokesperson answered the same day (sample-e54).",
        planned=True,
    ),
    Spec(
        "sample-e54",
        "E54",
        None,
        "mixed",
        "stated",
        detail="Company-wide statement answering the New York Times report (sample-e53).",
        quote="We plan to continue releasing leading open source models. We haven't released everything we've developed historically and we expect to continue training a mix of open and closed models",
    ),
    Spec(
        "sample-e55",
        "E55",
        None,
        "mixed",
        "stated",
        detail="Company-wide signal toward selective release.",
        quote="will raise novel safety concerns. We'll need to be rigorous about mitigating these risks and careful about what we choose to open source",
    ),
    Spec("sample-e56", "E56", "gpt-oss", "open-weights", "observed", detail="Variants: gpt-oss-120b, gpt-oss-20b."),
    Spec(
        "sample-e57a",
        "E57",
        "Grok 2.5",
        "weights-restricted",
        "observed",
        text="Grok 2.5 weights released on Hugging Face (xai-org/grok-2) under the Grok 2 Community License Agreement, a custom licence.",
    ),
    Spec(
        "sample-e57c",
        "E57",
        "Grok 2.5",
        "open-source",
        "stated",
        text='Musk on X: Grok 2.5 "is now open source", as its weights go up on Hugging Face (sample-e57a). The vendor\'s words recorded as said.',
        license=None,
        source="X post by Elon Musk",
        quote="Grok 2.5 model, which was our best model last year, is now open source",
    ),
    Spec(
        "sample-e57b",
        "E57",
        "Grok 3",
        "open-source",
        "stated",
        text="Musk, announcing the Grok 2.5 release, says Grok 3 will be made open source in about 6 months. The vendor's words recorded as said.",
        license=None,
        source="X post by Elon Musk",
        quote="Grok 3 will be made open source in about 6 months",
        planned=True,
        due="2026-02",
    ),
    Spec(
        "sample-e58a",
        "E58",
        "Mistral Large 3",
        "open-weights",
        "observed",
        text="Mistral 3 family released under Apache-2.0; flagship Mistral Large 3 is the first Mistral flagship with a permissive licence. Size: 675B MoE; released with Ministral 3.",
    ),
    Spec(
        "sample-e58b",
        "E58",
        "Ministral 3",
        "open-weights",
        "observed",
        text="Mistral 3 family released under Apache-2.0, incl. the small Ministral 3 models. Sizes: 3B/8B/14B; released with Mistral Large 3.",
    ),
    Spec(
        "sample-e59",
        "E59",
        "Muse Spark",
        "hosted",
        "observed",
        detail="Data set's stance was \"api\"; recorded as hosted because the API is a private preview for select partners only, and Meta's announcement says the model powers the Meta AI app and meta.ai.",
        quote="hope[s] to open-source future versions",
    ),
)


def build(rows: dict[str, dict[str, str]]) -> list[dict[str, object]]:
    records = []
    for spec in CLAIMS:
        row = rows[spec.event]
        raw_date = row["date"]
        approximate = raw_date.endswith("~")
        if spec.text is not None:
            note = spec.text
        else:
            text = row["what_happened"]
            note = text if text.endswith((".", "!", "?")) else text + "."
        if spec.detail:
            note += f" {spec.detail}"
        if approximate:
            note += " Approximate date."
        note += f" Verification: {row['verification']}."
        licence = (
            spec.license if spec.license is not _UNSET else (None if row["licence"] in _NO_LICENCE else row["licence"])
        )
        records.append(
            {
                "id": spec.id,
                "date": spec.date or raw_date.rstrip("~"),
                "company": spec.company or row["company"],
                "model": spec.model,
                "stance": spec.stance,
                "kind": spec.kind,
                "planned": spec.planned,
                "due": spec.due,
                "source": spec.source or row["source"],
                "url": spec.url or row["url"],
                "quote": spec.quote,
                "license": licence,
                "note": note,
                "recorded_at": RECORDED_AT,
                "recorded_by": None,
                "updated_at": RECORDED_AT,
                "retracted_at": None,
                "retraction_reason": None,
            }
        )
    return records


def render(path: Path = EVENTS) -> str:
    with path.open(encoding="utf-8", newline="") as stream:
        rows = {row["event_id"]: row for row in csv.DictReader(stream)}
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in build(rows))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed sample is stale")
    args = parser.parse_args()
    text = render()
    if args.check:
        if SAMPLE.read_text(encoding="utf-8") != text:
            print(f"{SAMPLE} differs from what {EVENTS} gives: run python tools/build_sample.py", file=sys.stderr)
            return 1
        return 0
    SAMPLE.write_text(text, encoding="utf-8")
    print(f"wrote {SAMPLE}: {text.count(chr(10))} claims")
    return 0


if __name__ == "__main__":
    sys.exit(main())
