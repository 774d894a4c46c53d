"""Test driver: insert COUNT claims in one write transaction, as an import does.

Usage: python bulk_insert.py DB COUNT

Opens the store as every writing command does and adds the claims through
the store's own insert path inside one ``write_transaction``, so a kill at
any moment must leave none of them or all of them. Prints ``committed``
when the transaction is done.
"""

from __future__ import annotations

import sys
from datetime import date

from openwatch.core.dates import utc_now
from openwatch.core.validate import ClaimFields, build_claim, new_claim_id
from openwatch.store.claims import insert_claim
from openwatch.store.db import open_database
from openwatch.store.transactions import write_transaction

QUOTE = "a long verbatim excerpt of the announcement, repeated to make the write big. " * 25


def main() -> int:
    db, count = sys.argv[1], int(sys.argv[2])
    now = utc_now()
    with open_database(db, create=True) as database, write_transaction(database.conn) as conn:
        for number in range(count):
            fields = ClaimFields(
                date="2025-07-14",
                company=f"Bulk {number % 50}",
                model=f"Model {number % 7}",
                stance="open-weights",
                source=f"bulk source {number}",
                quote=QUOTE,
            )
            insert_claim(conn, build_claim(fields, claim_id=new_claim_id(), recorded_at=now, today=date.today()))
    print("committed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
