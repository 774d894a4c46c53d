"""Checking the evidence: follow claims' links, record what they hold, report what needs a look."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from openwatch.api.base import TrackerBase

if TYPE_CHECKING:
    from openwatch.core.evidence import Evidence, LinkCheck, ProblemRow
    from openwatch.store.checks import DueClaim


@dataclass(frozen=True, slots=True)
class VerifyRun:
    """What a ``verify`` run did: the checks it recorded (in the claims' date order) and their problems."""

    due: int
    """Claims that were due for a check."""
    checks: list[LinkCheck]
    problems: list[ProblemRow]


@dataclass(frozen=True, slots=True)
class CheckDiff:
    """Two checks of a claim's page, and the unified diff of their texts (empty: the same text)."""

    claim_id: str
    older: LinkCheck
    newer: LinkCheck
    lines: list[str]


class Verify(TrackerBase):
    def links_due(
        self,
        companies: Sequence[str] | None = None,
        *,
        claim: str | None = None,
        since: date | None = None,
        checked_before: datetime | None,
    ) -> list[DueClaim]:
        """Claims whose links are due for a check: never checked, or last checked before ``checked_before``.

        ``checked_before`` None makes every claim with a link due; a ``claim``
        (an id or a unique prefix) is due whenever it was last checked.
        """
        from openwatch.core.errors import NotFound
        from openwatch.store.checks import claims_due
        from openwatch.store.names import require_company

        company_ids = [require_company(self.conn, name).id for name in companies] if companies else None
        claim_ids = None
        if claim is not None:
            from openwatch.store.claims import get_claim

            found = get_claim(self.conn, claim)
            if not found.url:
                raise NotFound(f"claim {found.id} has no URL to check")
            claim_ids = [found.id]
        return claims_due(
            self.conn, checked_before=checked_before, company_ids=company_ids, claim_ids=claim_ids, since=since
        )

    def verify(
        self,
        due: Sequence[DueClaim],
        *,
        now: Callable[[], datetime],
        concurrency: int = 16,
        per_host: int = 2,
        timeout: float = 20.0,
        archive: bool | None = None,
        ignore_robots: bool = False,
        on_check: Callable[[LinkCheck], None] | None = None,
    ) -> VerifyRun:
        """Check the links of ``due`` (from ``links_due``) and record every check as it is made.

        ``archive``: None looks up an archived copy, True also asks for one to
        be saved where none exists, False skips the archive. Each check is
        committed on its own before ``on_check`` hears of it, so a Ctrl-C
        (``KeyboardInterrupt``, raised again) keeps every check made before it.
        """
        from openwatch.fetch import ArchiveMode, CheckTarget, FetchSettings, check_links
        from openwatch.store.checks import last_checks, record_check

        previous = last_checks(self.conn, [claim.claim_id for claim in due])
        targets = [CheckTarget(claim.claim_id, claim.url, claim.quote, previous.get(claim.claim_id)) for claim in due]
        mode = ArchiveMode.LOOKUP if archive is None else (ArchiveMode.SAVE if archive else ArchiveMode.SKIP)
        settings = FetchSettings(
            concurrency=concurrency, per_host=per_host, timeout=timeout, archive=mode, ignore_robots=ignore_robots
        )
        checks: list[LinkCheck] = []

        def keep(check: LinkCheck) -> None:
            record_check(self.conn, check)
            checks.append(check)
            if on_check is not None:
                on_check(check)

        check_links(targets, keep, settings, now=now)
        # Checks finish in whatever order the network answers; they are listed in the claims' order.
        position = {claim.claim_id: index for index, claim in enumerate(due)}
        checks.sort(key=lambda check: position[check.claim_id])
        return VerifyRun(len(due), checks, self._problems_of(due, checks))

    def _problems_of(self, due: Sequence[DueClaim], checks: Sequence[LinkCheck]) -> list[ProblemRow]:
        from openwatch.core.evidence import ProblemRow, problem_of
        from openwatch.store.checks import baselines

        companies = {claim.claim_id: claim.company for claim in due}
        first = baselines(self.conn, [check.claim_id for check in checks])
        rows: list[ProblemRow] = []
        for check in checks:
            problem = problem_of(check, first.get(check.claim_id))
            if problem is not None:
                rows.append(
                    ProblemRow(
                        check.claim_id,
                        companies.get(check.claim_id, ""),
                        check.url,
                        problem,
                        check.checked_at,
                        check.detail,
                        check.archive_url,
                    )
                )
        return rows

    def check_report(self, companies: Sequence[str] | None = None) -> list[ProblemRow]:
        """From the recorded checks (nothing is fetched): each claim whose evidence needs a person's look."""
        from openwatch.store.checks import problem_rows
        from openwatch.store.names import require_company

        company_ids = [require_company(self.conn, name).id for name in companies] if companies else None
        return problem_rows(self.conn, company_ids)

    def check_diff(self, ref: str) -> CheckDiff:
        """What changed in a claim's page text: its last text that differs from the latest, against the latest."""
        from openwatch.core.errors import NotFound
        from openwatch.core.evidence import text_diff
        from openwatch.store.checks import checks_to_diff
        from openwatch.store.claims import get_claim

        claim = get_claim(self.conn, ref)
        pair = checks_to_diff(self.conn, claim.id)
        if pair is None:
            raise NotFound(
                f"claim {claim.id} has fewer than two checks that read its page: "
                f"run 'openwatch verify --claim {claim.id}' (again) first"
            )
        older, newer = pair
        lines = text_diff(
            older.text,
            newer.text,
            older_label=f"{claim.id} checked {older.checked_at.isoformat(timespec='seconds')}",
            newer_label=f"{claim.id} checked {newer.checked_at.isoformat(timespec='seconds')}",
        )
        return CheckDiff(claim.id, older, newer, lines)

    def last_checks(self, claim_ids: Sequence[str] | None = None) -> dict[str, LinkCheck]:
        """The latest check of each of ``claim_ids`` (every checked claim when None); unchecked ones are absent."""
        from openwatch.store.checks import last_checks

        return last_checks(self.conn, claim_ids)

    def evidence(self, claim_ids: Sequence[str]) -> dict[str, Evidence]:
        """Each claim's evidence mark, for ``status --evidence``, ``show`` and the site.

        ok / quote not found / changed since recorded / dead / not checked /
        never checked, with when, the last result in words and the archived copy.
        """
        from openwatch.store.checks import evidence

        return evidence(self.conn, claim_ids)
