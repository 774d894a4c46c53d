"""Headless Chromium for the site's one browser test and the README's screenshot.

Debian's ``chromium`` package, started with no network of its own (no
component updates, sync, QUIC or background fetches) and a fresh profile
each time. Console messages (errors, CSP violations) come back from its
log on stderr as ``CONSOLE`` lines.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--enable-logging=stderr",
    "--v=0",
)


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@dataclass(frozen=True, slots=True)
class Shot:
    png: Path
    console: list[str]
    """The page's console messages (errors, CSP violations), one per line."""


def screenshot(url: str, png: Path, *, width: int = 1280, height: int = 2000, timeout: float = 120) -> Shot:
    """Load ``url`` in headless Chromium and write a PNG of the window."""
    binary = find_chromium()
    if binary is None:
        raise FileNotFoundError("chromium is not installed (Debian: apt-get install -y chromium)")
    with tempfile.TemporaryDirectory(prefix="openwatch-chromium-") as profile:
        result = subprocess.run(
            [
                binary,
                *FLAGS,
                f"--user-data-dir={profile}",
                f"--window-size={width},{height}",
                f"--screenshot={png}",
                url,
            ],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    if result.returncode != 0 or not png.is_file():
        raise RuntimeError(f"chromium failed ({result.returncode}): {result.stderr[-2000:]}")
    console = [line for line in result.stderr.splitlines() if ":CONSOLE" in line]
    return Shot(png, console)
