"""The checks of claims' links (``openwatch verify``): append-only rows, and the questions asked of them.

A check is only ever inserted. Its page text goes to ``link_check_texts``
once per distinct text (keyed by SHA-256), so storing the same page again
costs a row of metadata.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import NamedTuple

from openwatch.core.dates import format_timestamp, parse_timestamp
from openwatch.core.errors import DatabaseError
from openwatch.core.evidence import (
    Change,
    Evidence,
    LinkCheck,
    LinkStatus,
    Problem,
    ProblemRow,
    QuoteState,
    evidence_of,
    problem_of,
)
from openwatch.store.transactions import write_transaction

_COLUMNS = (
    "claim_id, url, checked_at, status, http_status, final_url, content_type, size, sha256, quote, "
    "page_date, change, archive_url, detail"
)
_SELECT = f"SELECT lc.id, {', '.join('lc.' + name.strip() for name in _COLUMNS.split(','))}"


class CheckRow(NamedTuple):
    """A ``link_checks`` row as stored (without its id)."""

    claim_id: str
    url: str
    checked_at: str
    status: str
    http_status: int | None
    final_url: str | None
    content_type: str | None
    size: int | None
    sha256: str | None
    quote: str
    page_date: str | None
    change: str
    archive_url: str | None
    detail: str | None


def check_to_row(check: LinkCheck) -> CheckRow:
    return CheckRow(
        check.claim_id,
        check.url,
        format_timestamp(check.checked_at),
        check.status.value,
        check.http_status,
        check.final_url,
        check.content_type,
        check.size,
        check.sha256,
        check.quote.value,
        check.page_date,
        check.change.value,
        check.archive_url,
        check.detail,
    )


def row_to_check(row: Sequence[object], text: str | None = None) -> LinkCheck:
    """A check from ``_SELECT``'s columns (the id first, then ``CheckRow``'s)."""
    stored = CheckRow(*row[1:])  # type: ignore[arg-type]
    return LinkCheck(
        claim_id=stored.claim_id,
        url=stored.url,
        checked_at=parse_timestamp(stored.checked_at),
        status=LinkStatus(stored.status),
        http_status=stored.http_status,
        final_url=stored.final_url,
        content_type=stored.content_type,
        size=stored.size,
        text=text,
        sha256=stored.sha256,
        quote=QuoteState(stored.quote),
        page_date=stored.page_date,
        change=Change(stored.change),
        archive_url=stored.archive_url,
        detail=stored.detail,
    )


def record_check(conn: sqlite3.Connection, check: LinkCheck) -> int:
    """Store one check (and its text, when new) in its own transaction; its row id.

    One transaction per check: ``verify`` commits each as it arrives, so an
    interrupted run keeps every check made before the interruption.
    """
    try:
        with write_transaction(conn):
            if check.text is not None and check.sha256 is not None:
                conn.execute(
                    "INSERT OR IGNORE INTO link_check_texts (sha256, text) VALUES (?, ?)", (check.sha256, check.text)
                )
            cursor = conn.execute(
                f"INSERT INTO link_checks ({_COLUMNS}) VALUES ({', '.join('?' * len(CheckRow._fields))})",
                check_to_row(check),
            )
    except sqlite3.Error as error:  # a full disk, a lock held too long: the run stops, checks so far are kept
        raise DatabaseError(f"cannot record the check of claim {check.claim_id}: {error}") from None
    return int(cursor.lastrowid or 0)


def _chunks(values: Sequence[str], size: int = 500) -> Iterable[Sequence[str]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def last_checks(conn: sqlite3.Connection, claim_ids: Iterable[str] | None = None) -> dict[str, LinkCheck]:
    """The latest check of each claim (of every checked claim when ``claim_ids`` is None); texts not loaded.

    This is what ``show``, ``status --evidence`` and the site call to mark a
    source; a claim never checked is simply absent.
    """
    query = f"""{_SELECT} FROM link_checks lc
        WHERE lc.id = (SELECT id FROM link_checks WHERE claim_id = lc.claim_id
                       ORDER BY checked_at DESC, id DESC LIMIT 1)"""
    return _by_claim(conn, query, claim_ids)


def baselines(conn: sqlite3.Connection, claim_ids: Iterable[str] | None = None) -> dict[str, LinkCheck]:
    """For each claim, its first check that read the page at the claim's current URL.

    That check stands for the page as it was when the claim was recorded:
    "changed since recorded" compares the latest text with it.
    """
    query = f"""{_SELECT} FROM link_checks lc JOIN claims c ON c.id = lc.claim_id
        WHERE lc.id = (SELECT l2.id FROM link_checks l2
                       WHERE l2.claim_id = lc.claim_id AND l2.url = c.url AND l2.status = 'ok'
                             AND l2.sha256 IS NOT NULL
                       ORDER BY l2.checked_at, l2.id LIMIT 1)"""
    return _by_claim(conn, query, claim_ids)


def _by_claim(conn: sqlite3.Connection, query: str, claim_ids: Iterable[str] | None) -> dict[str, LinkCheck]:
    """One check per claim by ``query`` (a SELECT of link_checks ``lc``), for these claims or all."""
    if claim_ids is None:
        return {row[1]: row_to_check(row) for row in conn.execute(query)}
    found: dict[str, LinkCheck] = {}
    for chunk in _chunks(sorted(set(claim_ids))):
        sql = f"{query} AND lc.claim_id IN ({', '.join('?' * len(chunk))})"
        found.update((row[1], row_to_check(row)) for row in conn.execute(sql, tuple(chunk)))
    return found


def evidence(conn: sqlite3.Connection, claim_ids: Iterable[str]) -> dict[str, Evidence]:
    """Each claim's evidence mark (ok, quote not found, changed since recorded, dead, never checked)."""
    wanted = list(dict.fromkeys(claim_ids))
    latest = last_checks(conn, wanted)
    first = baselines(conn, list(latest))
    return {claim_id: evidence_of(claim_id, latest.get(claim_id), first.get(claim_id)) for claim_id in wanted}


@dataclass(frozen=True, slots=True)
class DueClaim:
    """A claim whose link is to be checked."""

    claim_id: str
    company: str
    url: str
    quote: str | None
    last_checked_at: datetime | None


def claims_due(
    conn: sqlite3.Connection,
    *,
    checked_before: datetime | None,
    company_ids: Sequence[int] | None = None,
    claim_ids: Sequence[str] | None = None,
    since: date | None = None,
) -> list[DueClaim]:
    """Claims with a URL, not retracted, whose link is due for a check, in date order.

    Due means never checked at its current URL, or last checked before
    ``checked_before``; with ``checked_before`` None every one is due (and
    so is every claim named in ``claim_ids``, whenever it was checked).
    ``since`` keeps claims dated on or after that day.
    """
    where = ["c.retracted_at IS NULL", "c.url IS NOT NULL", "c.url != ''"]
    params: list[object] = []
    if company_ids is not None:
        where.append(f"c.company_id IN ({', '.join('?' * len(company_ids))})")
        params.extend(company_ids)
    if claim_ids is not None:
        where.append(f"c.id IN ({', '.join('?' * len(claim_ids))})")
        params.extend(claim_ids)
    if since is not None:
        where.append("c.date_start >= ?")
        params.append(since.isoformat())
    rows = conn.execute(
        f"""SELECT c.id, co.name, c.url, c.quote,
                   (SELECT max(lc.checked_at) FROM link_checks lc WHERE lc.claim_id = c.id AND lc.url = c.url)
            FROM claims c JOIN companies co ON co.id = c.company_id
            WHERE {" AND ".join(where)}
            ORDER BY c.date_start, c.id""",
        params,
    ).fetchall()
    cutoff = format_timestamp(checked_before) if checked_before is not None and claim_ids is None else None
    return [
        DueClaim(claim_id, company, url, quote, parse_timestamp(last) if last else None)
        for claim_id, company, url, quote, last in rows
        if cutoff is None or last is None or last < cutoff
    ]


def claim_checks(conn: sqlite3.Connection, claim_id: str) -> list[LinkCheck]:
    """Every check of one claim, oldest first; texts not loaded."""
    return [
        row_to_check(row)
        for row in conn.execute(
            f"{_SELECT} FROM link_checks lc WHERE lc.claim_id = ? ORDER BY lc.checked_at, lc.id", (claim_id,)
        )
    ]


def with_text(conn: sqlite3.Connection, check: LinkCheck) -> LinkCheck:
    """The check with the text it read, when one was stored."""
    if check.sha256 is None:
        return check
    row = conn.execute("SELECT text FROM link_check_texts WHERE sha256 = ?", (check.sha256,)).fetchone()
    if row is None:
        return check
    return replace(check, text=row[0])


def checks_to_diff(conn: sqlite3.Connection, claim_id: str) -> tuple[LinkCheck, LinkCheck] | None:
    """Two checks of a claim to compare, texts loaded: the last one whose text differs from the
    latest, and the latest; or the two latest when the text never changed. None with fewer than two.

    Only checks that read a text count: a check of a dead link has none to compare.
    """
    readable = [check for check in claim_checks(conn, claim_id) if check.sha256 is not None]
    if len(readable) < 2:
        return None
    latest = readable[-1]
    older = next((check for check in reversed(readable[:-1]) if check.sha256 != latest.sha256), readable[-2])
    return with_text(conn, older), with_text(conn, latest)


def problem_rows(conn: sqlite3.Connection, company_ids: Sequence[int] | None = None) -> list[ProblemRow]:
    """What ``verify --report`` lists: each live claim whose last check (at its current URL) shows a problem.

    Reads recorded checks only. Rows come in company, then claim date order.
    """
    where = ["c.retracted_at IS NULL", "c.url IS NOT NULL"]
    params: list[object] = []
    if company_ids is not None:
        where.append(f"c.company_id IN ({', '.join('?' * len(company_ids))})")
        params.extend(company_ids)
    claims = conn.execute(
        f"""SELECT c.id, co.name, c.url FROM claims c JOIN companies co ON co.id = c.company_id
            WHERE {" AND ".join(where)} ORDER BY co.name COLLATE NOCASE, c.date_start, c.id""",
        params,
    ).fetchall()
    ids = [claim_id for claim_id, _, _ in claims]
    latest = last_checks(conn, ids)
    first = baselines(conn, list(latest))
    rows: list[ProblemRow] = []
    for claim_id, company, url in claims:
        check = latest.get(claim_id)
        if check is None or check.url != url:  # never checked, or checked before the claim's URL was edited
            continue
        baseline = first.get(claim_id)
        problem = problem_of(check, baseline)
        if problem is None:
            continue
        detail = check.detail
        if problem is Problem.CHANGED and baseline is not None:
            detail = f"text differs from the first check ({baseline.checked_at.date().isoformat()})"
        rows.append(ProblemRow(claim_id, company, url, problem, check.checked_at, detail, check.archive_url))
    return rows
