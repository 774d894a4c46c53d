"""Other indexes' verdicts as assessed claims: the European Open Source AI Index, Epoch AI, the MOT.

One import for the three. Every record is read by its reader in
``openwatch.exchange`` and checked like any imported claim; with a bad one
and without ``skip_invalid`` nothing is written (``invalid`` lists them all,
``written`` is False); ``dry_run`` writes nothing. Claim ids are fixed by
what the index judged, so the same snapshot imports once:

- a new id for a record seen before (same record, another verdict) is
  ``reassessed``: a new claim, the earlier verdict kept in the history;
- an id already stored whose fields this openwatch reads differently (an
  earlier import dated the index's verdicts by the model's release and read
  them through an older crosswalk) is corrected in place as an edit, with
  the reason "re-dated to the assessment date" (``redated``);
- the curated index spellings of tracked vendors
  (``openwatch.core.indexes.VENDOR_ALIASES``) the records use become
  aliases of the vendor, so "Meta AI" claims land on Meta and ``alias list``
  shows why.

Like ``openwatch.api.files``, these take a database path: an import may
create the database.
"""

from __future__ import annotations

import enum
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openwatch.core.claim import Claim
from openwatch.core.dates import PartialDate
from openwatch.core.errors import InvalidValue

if TYPE_CHECKING:
    import sqlite3  # noqa: TID251 - only the type of the connection the store takes

    from openwatch.api.files import DbPath


class IndexSource(enum.StrEnum):
    """Which index a path holds."""

    eosai = "eosai"
    epoch = "epoch"
    mot = "mot"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    IndexSource.eosai: "EOSAI",
    IndexSource.epoch: "Epoch AI",
    IndexSource.mot: "Model Openness Tool",
}


def attribution(source: IndexSource) -> str:
    """The credit the index's licence asks for wherever its data is shown."""
    from openwatch.core.crosswalk import ATTRIBUTION
    from openwatch.core.indexes import EPOCH_ATTRIBUTION, MOT_ATTRIBUTION

    return {IndexSource.eosai: ATTRIBUTION, IndexSource.epoch: EPOCH_ATTRIBUTION, IndexSource.mot: MOT_ATTRIBUTION}[
        source
    ]


def default_snapshot(source: IndexSource) -> str | None:
    """The reference snapshot's date (EOSAI 2026-06-12, MOT 2026-05-11); Epoch dates each row itself."""
    from openwatch.core.crosswalk import SNAPSHOT_DATE
    from openwatch.core.indexes import MOT_SNAPSHOT_DATE

    return {IndexSource.eosai: SNAPSHOT_DATE, IndexSource.epoch: None, IndexSource.mot: MOT_SNAPSHOT_DATE}[source]


@dataclass(slots=True)
class IndexImport:
    """What an index import did (or, dry, would do)."""

    source: IndexSource
    snapshot: PartialDate | None
    """The date given to the snapshot's verdicts (None: Epoch, each row dated by its last change)."""
    read: int = 0
    not_assessed: int = 0
    """Rows the index has not assessed (Epoch's empty accessibility): no claim."""
    added: list[Claim] = field(default_factory=list)
    reassessed: list[Claim] = field(default_factory=list)
    redated: list[Claim] = field(default_factory=list)
    """Claims of an earlier import corrected in place (re-dated to the assessment date)."""
    reread: list[Claim] = field(default_factory=list)
    """Claims of an earlier import whose stance or licence this openwatch reads differently, corrected."""
    unchanged: int = 0
    invalid: list[str] = field(default_factory=list)
    new_companies: dict[str, list[str]] = field(default_factory=dict)
    """Organisations the tracker did not know, with the nearest known companies."""
    aliases_added: list[tuple[str, str]] = field(default_factory=list)
    """Curated index spellings made aliases of their vendor: (spelling, vendor)."""
    alias_clashes: list[tuple[str, str]] = field(default_factory=list)
    """Curated spellings already tracked as companies of their own: (spelling, vendor), left for a person."""
    unknown_licences: Counter[str] = field(default_factory=Counter)
    """Licence names the licence table does not know, with how many claims name each."""
    written: bool = False


def _read(source: IndexSource, path: Path, snapshot: str | None) -> Iterator[tuple[str, Any]]:
    """(location, claim fields | InvalidValue | None) from the source's reader."""
    if source is IndexSource.eosai:
        from openwatch.exchange.eosai import IndexRecord, read_records

        for location, read in read_records(path, snapshot=snapshot or ""):
            yield location, read.fields if isinstance(read, IndexRecord) else read
    elif source is IndexSource.epoch:
        from openwatch.exchange.epoch import read_epoch

        yield from read_epoch(path, snapshot=snapshot)
    else:
        from openwatch.exchange.mot import read_mot

        yield from read_mot(path, snapshot=snapshot or "")


_DIGEST = re.compile(r"[0-9a-f]{10}")


def _record_prefix(claim_id: str) -> str:
    """An index claim id without its verdict digest: the record it is about (``eosai-llama-3-1-``)."""
    return claim_id.rsplit("-", 1)[0] + "-"


def same_record(stored_id: str, claim_id: str) -> bool:
    """Whether two index ids are verdicts on one record (exactly: ``llama-3`` is not ``llama-3-1``)."""
    head, _, tail = stored_id.rpartition("-")
    return head + "-" == _record_prefix(claim_id) and _DIGEST.fullmatch(tail) is not None


def import_index(
    db: DbPath,
    source: IndexSource,
    path: Path,
    *,
    as_of: PartialDate | None,
    now: datetime,
    today: date,
    dry_run: bool,
    skip_invalid: bool,
) -> IndexImport:
    """Read, check and (unless ``dry_run``) store an index's records at ``path``.

    ``as_of`` dates the snapshot's verdicts (default: the reference
    snapshot's date for EOSAI and the MOT); for Epoch it dates only rows
    without their own ``Last modified`` day.
    """
    from openwatch.core.dates import parse_iso_date
    from openwatch.core.errors import OpenwatchError
    from openwatch.core.licences import normalise_licence
    from openwatch.exchange.readers import record_to_claim

    if as_of is None:
        fallback = default_snapshot(source)
        as_of = parse_iso_date(fallback) if fallback else None
    if as_of is not None and as_of.start > today:
        raise InvalidValue("as-of", f"--as-of {as_of} is after today: give the date the snapshot was taken")
    result = IndexImport(source, as_of)
    checked: list[Claim] = []
    for location, read in _read(source, path, str(as_of) if as_of else None):
        result.read += 1
        if read is None:
            result.not_assessed += 1
            continue
        if isinstance(read, InvalidValue):
            result.invalid.append(read.message)
            continue
        try:
            claim = record_to_claim(read, now=now, today=today)
        except OpenwatchError as error:
            result.invalid.append(f"{location}: {error.message}")
            continue
        if claim.license and normalise_licence(claim.license, claim.model) is None:
            result.unknown_licences[claim.license] += 1
        checked.append(claim)
    if result.invalid and not skip_invalid:
        return result
    _store(db, checked, result, dry_run=dry_run)
    return result


def _store(db: DbPath, checked: list[Claim], result: IndexImport, *, dry_run: bool) -> None:
    from openwatch.store.db import open_database, resolve_path
    from openwatch.store.transactions import write_transaction

    if dry_run and not resolve_path(db).exists():
        # Nothing to compare with: everything would be added, every organisation is new.
        seen: set[str] = set()
        for claim in checked:
            if claim.id not in seen:
                seen.add(claim.id)
                result.added.append(claim)
                result.new_companies.setdefault(claim.company, [])
        return
    with open_database(db, create=True) as database, write_transaction(database.conn, commit=not dry_run) as conn:
        _apply_vendor_aliases(conn, checked, result)
        _write(conn, checked, result)
    result.written = not dry_run


def _apply_vendor_aliases(conn: sqlite3.Connection, checked: list[Claim], result: IndexImport) -> None:
    """Make each curated index spelling the records use an alias of its vendor (once)."""
    from openwatch.core.claim import name_key
    from openwatch.core.indexes import vendor_for
    from openwatch.store.names import add_company_alias, ensure_company, find_company

    for spelling in sorted({c.company for c in checked}, key=str.casefold):
        vendor = vendor_for(spelling)
        if vendor is None:
            continue
        found = find_company(conn, spelling)
        if found is not None:
            if name_key(found.name) != name_key(vendor):
                result.alias_clashes.append((spelling, vendor))
            continue  # already the vendor (an alias made earlier), or a company a person must merge
        add_company_alias(conn, spelling, ensure_company(conn, vendor))
        result.aliases_added.append((spelling, vendor))


def _write(conn: sqlite3.Connection, checked: list[Claim], result: IndexImport) -> None:
    from openwatch.core.claim import name_key
    from openwatch.core.indexes import REDATED_REASON, index_correction
    from openwatch.core.matching import nearest_names
    from openwatch.store.claims import existing_ids, ids_with_prefix, insert_claim, replace_claim
    from openwatch.store.names import company_names, find_company

    present = existing_ids(conn, [c.id for c in checked])
    known = company_names(conn)
    seen: set[str] = set()
    new_keys: set[str] = set()
    for claim in checked:
        if claim.id in seen:
            continue
        seen.add(claim.id)
        stored = present.get(claim.id)
        if stored is not None:
            correction = index_correction(stored, claim)
            if correction is None:
                result.unchanged += 1
            else:
                corrected, reason = correction
                corrected = replace_claim(conn, _touched(corrected, claim), "edited", reason)
                (result.redated if reason == REDATED_REASON else result.reread).append(corrected)
            continue
        earlier = [i for i in ids_with_prefix(conn, _record_prefix(claim.id)) if same_record(i, claim.id)]
        (result.reassessed if earlier else result.added).append(claim)
        if find_company(conn, claim.company) is None and name_key(claim.company) not in new_keys:
            new_keys.add(name_key(claim.company))
            result.new_companies[claim.company] = nearest_names(claim.company, known)
        insert_claim(conn, claim)


def _touched(corrected: Claim, fresh: Claim) -> Claim:
    from dataclasses import replace

    # The edit is made now: the fresh record's recorded_at is this import's time.
    return replace(corrected, updated_at=fresh.recorded_at)
