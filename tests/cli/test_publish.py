"""report, site, trajectory and changes --format atom through the real command line."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import feedparser

from tests.conftest import Cli
from tests.publish.htmlcheck import assert_inert, parse
from tests.publish.test_site import check_site, digest


def test_report_as_of_applies_to_every_section(sample: Cli, tmp_path: Path) -> None:
    for suffix in (".html", ".md", ".svg"):
        out = tmp_path / f"meta{suffix}"
        result = sample("report", "META" if suffix == ".md" else "Meta", "-o", str(out), "--as-of", "2025-12")
        assert f"Wrote {out}" in result.stderr
        text = out.read_text(encoding="utf-8")
        assert "Meta" in text and "Muse Spark" not in text and "2026-04-08" not in text, suffix
        assert "Llama 4 Behemoth" in text
    page = parse((tmp_path / "meta.html").read_text(encoding="utf-8"))
    assert page.errors == [] and "claim-sample-e53" in page.ids
    assert_inert(page)
    assert "https://www.nytimes.com/2025/07/14/technology/meta-superintelligence-lab-ai.html" in page.hrefs
    assert "[The New York Times](https://www.nytimes.com/" in (tmp_path / "meta.md").read_text(encoding="utf-8")
    assert (tmp_path / "meta.svg").read_text(encoding="utf-8").startswith("<svg xmlns=")
    later = tmp_path / "later.md"
    sample("report", "Meta", "-o", str(later), "--as-of", "2026-11-26")
    assert "Muse Spark" in later.read_text(encoding="utf-8")


def test_report_refuses_an_unknown_format(sample: Cli, tmp_path: Path) -> None:
    result = sample("report", "Meta", "-o", str(tmp_path / "meta.pdf"), code=2)
    assert ".md, .html or .svg" in result.stderr


def test_site_builds_the_same_bytes_twice(sample: Cli, tmp_path: Path) -> None:
    result = sample("site", str(tmp_path / "one"), "--as-of", "2026-11-26")
    assert "13 companies (61 claims)" in result.stderr and result.stdout == ""
    sample("site", str(tmp_path / "two"), "--as-of", "2026-11-26")
    assert digest(tmp_path / "one") == digest(tmp_path / "two")
    check_site(tmp_path / "one")
    sample("site", str(tmp_path / "abs"), "--as-of", "2026-11-26", "--base-url", "https://example.org/ow/")
    feed = feedparser.parse((tmp_path / "abs/feeds/closed.xml").read_bytes())
    assert any(link.href == "https://example.org/ow/feeds/closed.xml" for link in feed.feed.links)
    bad = sample("site", str(tmp_path / "x"), "--base-url", "javascript:alert(1)", code=2)
    assert "http://" in bad.stderr


def test_trajectory_as_table_json_and_csv(sample: Cli) -> None:
    rows = sample.json("trajectory", "OpenAI", "--as-of", "2025-12-31")
    assert [(r["model"], r["stance"], r["date"]) for r in rows] == [
        ("GPT-2", "limited", "2019-02-14"),
        ("GPT-3", "api", "2020-06-11"),
        ("GPT-4", "api", "2023-03-14"),
        ("gpt-oss", "open-weights", "2025-08-05"),
    ]
    assert {(r["recent_releases"], r["recent_open"], r["recent_open_share"]) for r in rows} == {(1, 1, 1.0)}
    table = sample("trajectory", "--as-of", "2025-12-31").stdout
    assert "Moonshot AI" in table and "Kimi K2" in table and "100% (1/1)" in table
    reader = csv.DictReader(io.StringIO(sample("trajectory", "DeepSeek", "--format", "csv").stdout))
    assert [row["model"] for row in reader] == ["DeepSeek-V3", "DeepSeek-R1"]
    assert json.loads(sample("trajectory", "Anthropic", "--as-of", "2020", "--format", "json").stdout) == []


def test_changes_as_an_atom_feed(sample: Cli) -> None:
    text = sample("changes", "--format", "atom").stdout
    feed = feedparser.parse(text.encode("utf-8"))
    assert not feed.bozo and len(feed.entries) == len(sample.json("changes"))
    assert all(e.id.startswith("urn:openwatch:claim:sample-") for e in feed.entries)
    closed = feedparser.parse(sample("changes", "--direction", "closed", "--format", "atom").stdout.encode("utf-8"))
    assert closed.entries and all(e.tags[0].term == "closed" for e in closed.entries)
    sample("changes", "--format", "atom", "--since", "2025-07-01", "--direction", "closed", "--fail-on-change", code=3)
