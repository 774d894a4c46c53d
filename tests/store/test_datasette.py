"""A real Datasette on a sample database: claims, the search box and every view load."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli

pytestmark = pytest.mark.slow

VIEWS = ("stance_scale", "current_stances", "stance_changes")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def datasette(sample: Cli, db_path: Path) -> Iterator[str]:
    """Datasette serving the sample database; yields its base URL for the database."""
    sample("retract", "sample-e53", "--reason", "test: retracted claims stay out of search")
    sample(
        "add",
        "-c",
        "Wordco",
        "-m",
        "Tester",
        "-s",
        "closed",
        "-k",
        "reported",
        "-d",
        "2025-07-14",
        "--source",
        "Le Monde",
        "--quote",
        "les poids seront désormais fermées",
    )
    executable = shutil.which("datasette", path=str(Path(sys.executable).parent)) or shutil.which("datasette")
    assert executable, "the test extra installs datasette"
    port = free_port()
    process = subprocess.Popen(
        [executable, "serve", str(db_path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    base = f"http://127.0.0.1:{port}/{db_path.stem}"
    try:
        deadline = time.monotonic() + 60  # waiting for start-up, not timing it
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/-/versions.json", timeout=5).close()
                break
            except (urllib.error.URLError, ConnectionError):
                if process.poll() is not None or time.monotonic() > deadline:
                    output = process.stdout.read().decode() if process.stdout else ""
                    pytest.fail(f"datasette did not start: {output}")
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
        if process.stdout:
            process.stdout.close()


def get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=30) as response:
        assert response.status == 200
        return json.loads(response.read())


def rows(base: str, table: str, **params: str) -> list[dict[str, Any]]:
    query = urllib.parse.urlencode({"_shape": "array", "_size": "max", **params})
    return list(get(f"{base}/{table}.json?{query}"))


def test_claims_search_and_views_load(datasette: str) -> None:
    claims = rows(datasette, "claims")
    assert len(claims) > 50 and {"id", "stance", "quote"} <= set(claims[0])
    # The full-text table's own page (m002's failed: "no such column: T.model").
    indexed = rows(datasette, "claims_fts")
    assert indexed and set(indexed[0]) >= {"source", "quote", "note"}
    # The search box on claims: words as stored...
    found = {row["id"] for row in rows(datasette, "claims", _search="Behemoth")}
    assert found and "sample-e45" in found
    # ...and never a retracted claim (e53, the NYT report on Behemoth, names it in its model and note).
    assert "Behemoth" in next(c for c in claims if c["id"] == "sample-e53")["note"]
    assert "sample-e53" not in found
    assert [r["quote"] for r in rows(datasette, "claims", _search="fermées")] == ["les poids seront désormais fermées"]
    for view in VIEWS:
        assert rows(datasette, view), view
    directions = {row["direction"] for row in rows(datasette, "stance_changes")}
    assert "delivered" in directions


def test_the_claims_page_offers_search(datasette: str) -> None:
    with urllib.request.urlopen(f"{datasette}/claims", timeout=30) as response:
        page = response.read().decode()
    assert 'name="_search"' in page
