"""The site in a real browser: headless Chromium loads it from file:// without a console error."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from openwatch.api import Tracker
from openwatch.publish.browser import find_chromium, screenshot
from openwatch.publish.site import build_site
from openwatch.publish.tracker_source import TrackerSource
from tests.conftest import Cli
from tests.publish.png import pixels


@pytest.mark.slow
def test_index_and_a_company_page_load_in_chromium(sample: Cli, db_path: Path, tmp_path: Path) -> None:
    assert find_chromium(), "chromium is missing: apt-get install -y chromium (.ci/run installs it)"
    root = tmp_path / "site"
    with Tracker.open(db_path) as tracker:
        build_site(TrackerSource(tracker), root, as_of=date(2026, 11, 26))
    # The check can fail: a page that breaks the site's own policy is caught.
    broken = root / "broken.html"
    page = (root / "index.html").read_text(encoding="utf-8")
    broken.write_text(page.replace("</main>", '<img src="https://example.org/x.png"></main>'), encoding="utf-8")
    caught = screenshot(broken.as_uri(), tmp_path / "broken.png", width=800, height=600)
    assert caught.console, "a blocked request should reach the console log"

    for name in ("index.html", "companies/meta.html"):
        shot = screenshot((root / name).as_uri(), tmp_path / (name.replace("/", "-") + ".png"), width=1200, height=1600)
        assert shot.console == [], (name, shot.console)
        width, height, sample_pixels = pixels(shot.png)
        assert (width, height) == (1200, 1600)
        colours = Counter(sample_pixels)
        white_share = colours[(255, 255, 255)] / len(sample_pixels)
        assert len(colours) > 20 and white_share < 0.97, (name, len(colours), white_share)
