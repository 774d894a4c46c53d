"""SQL views for people who browse the database in Datasette (migration m003).

``stance_scale`` lists the stances with their level on the closed-to-open
scale (NULL for the unordered ``mixed`` and ``unknown``); ``current_stances``
holds each (company, model) series' stance as of today; ``stance_changes``
every move. Frozen as created by m003: a later change needs a new migration
that drops and recreates them (m007 recreates ``stance_changes`` with the
``delivered`` move: ``VIEWS_M007``).
"""

from __future__ import annotations

# The scale as of m003; tests check it against core.claim.Stance.
STANCE_LEVELS: tuple[tuple[str, int | None], ...] = (
    ("closed", 0),
    ("limited", 1),
    ("hosted", 2),
    ("api", 3),
    ("weights-noncommercial", 4),
    ("weights-restricted", 5),
    ("open-weights", 6),
    ("open-source", 7),
    ("mixed", None),
    ("unknown", None),
)

_SCALE_ROWS = ", ".join(f"('{stance}', {'NULL' if level is None else level})" for stance, level in STANCE_LEVELS)

# The order history reads a series in (core/history.claim_order).
_ORDER = "c.date_start, c.precision, c.kind_rank, c.recorded_at, c.id"
_ORDER_DESC = "c.date_start DESC, c.precision DESC, c.kind_rank DESC, c.recorded_at DESC, c.id DESC"

VIEWS: tuple[str, ...] = (
    f"""CREATE VIEW stance_scale AS
SELECT column1 AS stance, column2 AS level FROM (VALUES {_SCALE_ROWS})""",
    f"""CREATE VIEW current_stances AS
SELECT co.name AS company, m.name AS model, cur.stance, s.level, cur.date, cur.kind,
       cur.planned, cur.source, cur.url, cur.quote,
       EXISTS (
         SELECT 1 FROM claims o
          WHERE o.company_id = cur.company_id AND o.model_id IS cur.model_id
            AND o.date = cur.date AND o.stance != cur.stance AND o.retracted_at IS NULL
       ) AS conflict,
       cur.id AS claim_id, cur.recorded_at
  FROM (
    SELECT c.*, row_number() OVER (PARTITION BY c.company_id, c.model_id ORDER BY {_ORDER_DESC}) AS newest
      FROM claims c
     WHERE c.retracted_at IS NULL AND c.date_start <= date('now', 'localtime')
  ) cur
  JOIN companies co ON co.id = cur.company_id
  LEFT JOIN models m ON m.id = cur.model_id
  LEFT JOIN stance_scale s ON s.stance = cur.stance
 WHERE cur.newest = 1
 ORDER BY co.key, m.key""",
    f"""CREATE VIEW stance_changes AS
SELECT ch.date, co.name AS company, m.name AS model, ch.stance_before, ch.stance AS stance_after,
       CASE
         WHEN ch.stance_before IS NULL THEN 'new'
         WHEN before.level IS NULL OR after.level IS NULL THEN 'changed'
         WHEN after.level > before.level THEN 'opened'
         ELSE 'closed'
       END AS direction,
       ch.kind, ch.planned, ch.source, ch.url, ch.quote, ch.id AS claim_id, ch.recorded_at
  FROM (
    SELECT c.*, lag(c.stance) OVER (PARTITION BY c.company_id, c.model_id ORDER BY {_ORDER}) AS stance_before,
           row_number() OVER (ORDER BY {_ORDER_DESC}) AS newest_first
      FROM claims c
     WHERE c.retracted_at IS NULL
  ) ch
  JOIN companies co ON co.id = ch.company_id
  LEFT JOIN models m ON m.id = ch.model_id
  LEFT JOIN stance_scale before ON before.stance = ch.stance_before
  LEFT JOIN stance_scale after ON after.stance = ch.stance
 WHERE ch.stance_before IS NULL OR ch.stance_before != ch.stance
 ORDER BY ch.newest_first""",
)

# m007: a planned claim followed by the same stance, no longer planned, is a move "delivered".
VIEWS_M007: tuple[str, ...] = (
    "DROP VIEW stance_changes",
    f"""CREATE VIEW stance_changes AS
SELECT ch.date, co.name AS company, m.name AS model, ch.stance_before, ch.stance AS stance_after,
       CASE
         WHEN ch.stance_before IS NULL THEN 'new'
         WHEN ch.stance_before = ch.stance THEN 'delivered'
         WHEN before.level IS NULL OR after.level IS NULL THEN 'changed'
         WHEN after.level > before.level THEN 'opened'
         ELSE 'closed'
       END AS direction,
       ch.kind, ch.planned, ch.source, ch.url, ch.quote, ch.id AS claim_id, ch.recorded_at
  FROM (
    SELECT c.*, lag(c.stance) OVER (PARTITION BY c.company_id, c.model_id ORDER BY {_ORDER}) AS stance_before,
           lag(c.planned) OVER (PARTITION BY c.company_id, c.model_id ORDER BY {_ORDER}) AS planned_before,
           row_number() OVER (ORDER BY {_ORDER_DESC}) AS newest_first
      FROM claims c
     WHERE c.retracted_at IS NULL
  ) ch
  JOIN companies co ON co.id = ch.company_id
  LEFT JOIN models m ON m.id = ch.model_id
  LEFT JOIN stance_scale before ON before.stance = ch.stance_before
  LEFT JOIN stance_scale after ON after.stance = ch.stance
 WHERE ch.stance_before IS NULL OR ch.stance_before != ch.stance
    OR (ch.planned_before = 1 AND ch.planned = 0)
 ORDER BY ch.newest_first""",
)
