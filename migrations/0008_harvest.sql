-- Harvest decisions, effekthemtagning (issue 17; docs/effekthemtagning.md). Released
-- migrations are never edited; later changes come as new files.
--
-- What the city decided to do with a benefit once it came: a budget reduced, the money or
-- time redeployed to a named activity, taken as quality, or not taken home and why; from which
-- date, decided by which body, when and under which reference, and when it was carried out.
-- A benefit has no id of its own, only its name in the initiative's plan, so a decision is
-- stored under the initiative and that name; a later plan version that renames the benefit
-- leaves the decisions under the old name (model::harvest says why). A benefit may have
-- several decisions.
--
-- Decisions are edited while others may edit them too, so each carries a row version: a save
-- that started from an older one is refused, never merged, and every change writes an audit
-- row in the same transaction (store::harvest). Amounts are kr per year, exact decimals as
-- TEXT like every sum in the register. The kinds' rules are checked in Swedish by the model;
-- the checks below keep what the model guarantees even from outside the app.
--
-- The register's kostnad per årsarbetare (for turning kronor into årsarbetare where a line
-- has no hours) is a register setting in register_info, key cost_per_fte, absent until saved
-- (then the default, 700 000 kr): no schema change.
CREATE TABLE harvest_decision (
    id              INTEGER PRIMARY KEY,
    initiative_id   INTEGER NOT NULL REFERENCES initiative (id),
    benefit         TEXT NOT NULL CHECK (trim(benefit) <> ''),
    kind            TEXT NOT NULL CHECK (kind IN ('budgetminskning', 'omfordelning', 'kvalitetshojning', 'ej_hemtagen')),
    amount          TEXT NOT NULL DEFAULT '0',
    redeployed_to   TEXT NOT NULL DEFAULT '',
    reason          TEXT NOT NULL DEFAULT '',
    from_date       TEXT NOT NULL,
    decided_by      TEXT NOT NULL CHECK (trim(decided_by) <> ''),
    decided_on      TEXT NOT NULL,
    decision_ref    TEXT NOT NULL DEFAULT '',
    carried_out_on  TEXT,
    comment         TEXT NOT NULL DEFAULT '',
    row_version     INTEGER NOT NULL DEFAULT 1 CHECK (row_version >= 1),
    created_by      TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    CHECK (kind <> 'omfordelning' OR trim(redeployed_to) <> ''),
    CHECK (kind <> 'ej_hemtagen' OR (trim(reason) <> '' AND carried_out_on IS NULL))
) STRICT;

CREATE INDEX harvest_decision_by_initiative ON harvest_decision (initiative_id, benefit, id);
