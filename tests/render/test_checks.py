"""verify's output: report and run listings (plain and rich), a page diff that escapes control characters."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from openwatch.core.evidence import (
    CHECK_FIELDS,
    PROBLEM_FIELDS,
    Change,
    LinkCheck,
    LinkStatus,
    Problem,
    ProblemRow,
    QuoteState,
    check_record,
    problem_record,
)
from openwatch.render.checks import (
    CHECKS,
    PROBLEMS,
    CheckProgress,
    checks_table,
    evidence_lines,
    problems_table,
    write_diff,
)
from openwatch.render.plain import write_plain
from openwatch.render.tables import write_rich

WHEN = datetime(2026, 11, 26, 12, 30, tzinfo=UTC)
ROW = ProblemRow("0193abcd", "Meta", "https://x.io/[red]x", Problem.DEAD, WHEN, "HTTP 404\x1b[31m", None)
CHECK = LinkCheck(
    claim_id="0193abcd",
    url="https://example.com/a",
    checked_at=WHEN,
    status=LinkStatus.OK,
    http_status=200,
    final_url="https://example.com/b",
    quote=QuoteState.FOUND,
    change=Change.REDIRECTED,
    archive_url="https://web.archive.org/web/2025/https://example.com/a",
)


def test_problem_listing_plain_and_rich_keep_user_text_as_data() -> None:
    listing = problems_table(list(PROBLEMS.records([ROW])))
    plain = io.StringIO()
    write_plain(listing, plain)
    assert "0193abcd" in plain.getvalue() and "dead link" in plain.getvalue()
    assert "\x1b" not in plain.getvalue() and "\\x1b" in plain.getvalue()
    rich = io.StringIO()
    write_rich(listing, rich, wide=True)  # nothing cut: the whole URL shows
    assert "[red]x" in rich.getvalue()  # rich never read the URL as markup


def test_records_have_their_fields() -> None:
    record = problem_record(ROW)
    assert tuple(record) == PROBLEM_FIELDS
    assert record["problem"] == "dead link" and record["checked_at"] == "2026-11-26T12:30:00Z"
    checked = check_record(CHECK)
    assert tuple(checked) == CHECK_FIELDS
    assert checked["result"] == "ok, quote found, moved to https://example.com/b" and checked["change"] == "redirected"


def test_checks_table() -> None:
    listing = checks_table(list(CHECKS.records([CHECK])))
    assert listing.rows[0]["result"] == "ok, quote found, moved to https://example.com/b"
    assert listing.rows[0]["archive_url"] == CHECK.archive_url
    assert checks_table([]).empty_message


def test_evidence_lines() -> None:
    from openwatch.core.evidence import evidence_of

    assert evidence_lines(None) == []
    assert evidence_lines(evidence_of("c1", None)) == [("last_checked", "never (openwatch verify checks it)")]
    assert evidence_lines(evidence_of("c1", CHECK)) == [
        ("last_checked", "2026-11-26 ok, quote found, moved to https://example.com/b"),
        ("archived", "https://web.archive.org/web/2025/https://example.com/a"),
    ]


def test_diff_plain_escapes_and_colour_marks_lines() -> None:
    lines = ["--- 2026-01-01", "+++ 2026-02-01", "@@ -1 +1 @@", "-open\x1b[2J", "+closed"]
    plain = io.StringIO()
    write_diff(lines, plain, colour=False)
    assert plain.getvalue() == "--- 2026-01-01\n+++ 2026-02-01\n@@ -1 +1 @@\n-open\\x1b[2J\n+closed\n"
    coloured = io.StringIO()
    write_diff(lines, coloured, colour=True)
    assert "\\x1b[2J" in coloured.getvalue() and "closed" in coloured.getvalue()


def test_progress_is_silent_off_a_terminal() -> None:
    with CheckProgress(3, enabled=False) as progress:
        progress.advance()
    assert progress.done == 1 and progress._progress is None
