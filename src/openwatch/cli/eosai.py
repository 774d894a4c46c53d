"""`import --from eosai`: the European Open Source AI Index's records as assessed claims.

Not a command module of its own: the ``import`` command hands ``--from eosai``
here. The rules: every record is checked like any imported claim; by default
one bad record aborts the import and nothing is written (each bad one is
named), ``--skip-invalid`` writes the good ones; ``--dry-run`` writes
nothing. A claim's id is fixed by the index's grades, so the same snapshot
imports once; a record whose grades changed since an earlier import gets a
new claim dated the snapshot's date (``--as-of``), keeping the old verdict in
the history.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from openwatch.cli.common import say
from openwatch.core.claim import Claim
from openwatch.core.dates import PartialDate
from openwatch.core.errors import OpenwatchError

if TYPE_CHECKING:
    from openwatch.exchange.eosai import IndexRecord

MAX_ERRORS_SHOWN = 50


@dataclass(slots=True)
class EosaiImport:
    """What an index import did (or, dry, would do)."""

    read: int = 0
    added: list[Claim] = field(default_factory=list)
    reassessed: list[Claim] = field(default_factory=list)
    unchanged: int = 0
    invalid: list[str] = field(default_factory=list)
    new_companies: dict[str, list[str]] = field(default_factory=dict)
    """Organisations the tracker did not know, with the nearest known companies."""


def import_eosai(
    path: Path,
    *,
    as_of: PartialDate,
    today: date,
    dry_run: bool,
    skip_invalid: bool,
    db: Path | None,
) -> EosaiImport:
    """Read, check and (unless ``dry_run``) store the index's records at ``path``."""
    from openwatch.core.dates import utc_now
    from openwatch.exchange.eosai import IndexRecord, read_records
    from openwatch.exchange.readers import record_to_claim

    now = utc_now()
    result = EosaiImport()
    checked: list[tuple[IndexRecord, Claim]] = []
    for location, read in read_records(path, snapshot=str(as_of)):
        result.read += 1
        if not isinstance(read, IndexRecord):
            result.invalid.append(read.message)
            continue
        try:
            claim = record_to_claim(read.fields, now=now, today=today)
        except OpenwatchError as error:
            result.invalid.append(f"{location}: {error.message}")
            continue
        checked.append((read, claim))
    if result.invalid and not skip_invalid:
        for line in result.invalid[:MAX_ERRORS_SHOWN]:
            sys.stderr.write(_visible(line) + "\n")
        more = len(result.invalid) - MAX_ERRORS_SHOWN
        raise OpenwatchError(
            f"{len(result.invalid)} bad record(s) in {path}"
            + (f" ({more} more not shown)" if more > 0 else "")
            + "; nothing was imported (--skip-invalid imports the good ones)"
        )
    if as_of.start < max((c.date.start for _, c in checked), default=as_of.start):
        latest = max(str(c.date) for _, c in checked)
        raise OpenwatchError(
            f"--as-of {as_of} is before the newest release date in the records ({latest}): "
            "give the date the snapshot was taken"
        )
    _store(checked, result, as_of=as_of, dry_run=dry_run, db=db)
    return result


def _store(
    checked: list[tuple[IndexRecord, Claim]], result: EosaiImport, *, as_of: PartialDate, dry_run: bool, db: Path | None
) -> None:
    from openwatch.core.claim import name_key, near_matches
    from openwatch.exchange.eosai import ID_PREFIX, is_assessment_of
    from openwatch.store.claims import existing_ids, ids_with_prefix, insert_claim
    from openwatch.store.db import open_database, resolve_path
    from openwatch.store.names import company_names, find_company

    if dry_run and not resolve_path(db).exists():
        # Nothing to compare with: everything would be added, every organisation is new.
        for _, claim in checked:
            if claim.id not in {c.id for c in result.added}:
                result.added.append(claim)
                result.new_companies.setdefault(claim.company, [])
        return
    with open_database(db, create=True) as database:
        conn = database.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            present = existing_ids(conn, [c.id for _, c in checked])
            known = company_names(conn)
            seen: set[str] = set()
            new_keys: set[str] = set()
            for record, claim in checked:
                if claim.id in present or claim.id in seen:
                    result.unchanged += claim.id in present
                    continue
                seen.add(claim.id)
                earlier = [
                i
                for i in ids_with_prefix(conn, f"{ID_PREFIX}{record.key}-")
                if i != claim.id and is_assessment_of(i, record.key)
            ]
                if earlier:
                    # The index changed its verdict: a new assessment, dated when it was made.
                    claim = replace(claim, date=as_of)
                    result.reassessed.append(claim)
                else:
                    result.added.append(claim)
                if find_company(conn, claim.company) is None and name_key(claim.company) not in new_keys:
                    new_keys.add(name_key(claim.company))
                    result.new_companies[claim.company] = near_matches(claim.company, known)
                if not dry_run:
                    insert_claim(conn, claim)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        # A dry run looked, under the same lock a real one takes, and leaves no trace.
        conn.execute("ROLLBACK" if dry_run else "COMMIT")


def _visible(text: str) -> str:
    from openwatch.render.safe import visible

    return visible(text)


def report(result: EosaiImport, *, as_of: PartialDate, dry_run: bool) -> None:
    """The summary on stderr: counts, organisations new to the tracker, the attribution."""
    from openwatch.exchange.eosai import ATTRIBUTION

    verb = "would add" if dry_run else "added"
    line = (
        f"EOSAI snapshot {as_of}: {result.read} record{'' if result.read == 1 else 's'} read; "
        f"{len(result.added)} {verb}, "
        f"{len(result.reassessed)} re-assessed (new claims dated {as_of}), {result.unchanged} unchanged"
    )
    if result.invalid:
        line += f", {len(result.invalid)} skipped as invalid"
    say(line + (" (dry run: nothing written)" if dry_run else ""))
    for problem in result.invalid:
        say(f"  skipped {problem}")
    if result.new_companies:
        say("Organisations openwatch did not track (imported under their own names; "
            "'openwatch alias add NAME COMPANY' merges one into a tracked company):")
        for name, near in sorted(result.new_companies.items(), key=lambda item: item[0].casefold()):
            hint = "nearest: " + ", ".join(near) if near else "no near match"
            say(f"  {name} ({hint})")
    say(ATTRIBUTION)
