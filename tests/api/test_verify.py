"""The Tracker's verify methods on a real database: each check committed as it arrives, Ctrl-C keeps them."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from openwatch.api import Tracker
from openwatch.core.evidence import LinkCheck, Mark, QuoteState
from tests.conftest import Cli
from tests.fetch.server import QUOTE, Site, default_pages, serve

NOW = datetime(2026, 11, 26, 12, tzinfo=UTC)


@pytest.fixture
def site() -> Iterator[Site]:
    with serve() as pages:
        default_pages(pages)
        yield pages


def add(cli: Cli, url: str) -> str:
    args = ["add", "-c", "Meta", "--stance", "mixed", "--date", "2025-07-14", "--source", "S", "--url", url]
    return str(cli(*args, "--quote", QUOTE).stdout.split()[-1])


def test_ctrl_c_keeps_every_check_already_recorded(cli: Cli, site: Site, db_path: Path) -> None:
    fast, slow = add(cli, site.base + "/quote"), add(cli, site.base + "/slow")

    def interrupt(check: LinkCheck) -> None:
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C while /slow is still waiting for its answer

    with Tracker.open(db_path) as tracker:
        due = tracker.links_due(checked_before=None)
        assert {claim.claim_id for claim in due} == {fast, slow}
        with pytest.raises(KeyboardInterrupt):
            tracker.verify(due, now=lambda: NOW, timeout=30, archive=False, on_check=interrupt)
    with Tracker.open(db_path) as tracker:
        kept = tracker.last_checks()
        assert set(kept) == {fast} and kept[fast].quote is QuoteState.FOUND
        marks = tracker.evidence([fast, slow])
        assert marks[fast].mark is Mark.OK and marks[slow].mark is Mark.UNCHECKED
        # The next run carries on with what is still due.
        assert [claim.claim_id for claim in tracker.links_due(checked_before=NOW)] == [slow]
