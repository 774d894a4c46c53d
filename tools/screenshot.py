"""Make docs/company-page.png: the sample's Meta page, as headless Chromium draws it.

Builds the site from the bundled sample into a temporary folder (a fresh
database, a fixed --as-of so the picture changes only when the sample or
the pages do), then loads companies/meta.html from file:// in Debian's
headless chromium (the same flags as the browser test: no network of its
own, a fresh profile) and writes the PNG. Console messages are reported
and make it fail.

Usage: python tools/screenshot.py [--out docs/company-page.png] [--as-of 2026-11-26]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "company-page.png")
    parser.add_argument("--as-of", default="2026-11-26")
    parser.add_argument("--company", default="Meta")
    parser.add_argument("--width", type=int, default=1200)
    parser.add_argument("--height", type=int, default=1900)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from openwatch.api import Tracker
    from openwatch.publish.browser import screenshot
    from openwatch.publish.site import build_site, page_file, slug
    from openwatch.publish.tracker_source import TrackerSource

    as_of = date.fromisoformat(args.as_of)
    with tempfile.TemporaryDirectory(prefix="openwatch-screenshot-") as scratch:
        db_path = Path(scratch) / "sample.db"
        subprocess.run(
            [sys.executable, "-m", "openwatch", "init", "--sample", "--db", str(db_path)],
            check=True,
            capture_output=True,
        )
        with Tracker.open(db_path) as tracker:
            site = Path(scratch) / "site"
            build_site(TrackerSource(tracker), site, as_of=as_of)
        page = site / "companies" / page_file(slug(args.company), 1)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        shot = screenshot(page.as_uri(), args.out.resolve(), width=args.width, height=args.height)
    if shot.console:
        print("\n".join(shot.console), file=sys.stderr)
        return 1
    print(f"Wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
