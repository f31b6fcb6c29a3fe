-- Nyttokalkyl: the register's calculation factors and the versioned calculations.
-- A calculation version is one document (JSON of model::calculation::Calculation) edited as a
-- whole while it is a draft. Approval freezes it together with a snapshot of the factors it
-- uses; from then on the triggers below refuse every UPDATE and DELETE of the row, whoever
-- sends it. A change after approval is a new version with a reason.
-- The public default factors are seeded from Rust (model::calculation::default_factors) in the
-- same transaction as this migration, so the list is written in one place only.
-- Released migrations are never edited; later changes come as new files.

CREATE TABLE calc_factor (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    value       TEXT NOT NULL,          -- Decimal
    unit        TEXT NOT NULL,          -- kr/h, kr/mil, …
    source      TEXT NOT NULL DEFAULT '',
    year        INTEGER NOT NULL,
    row_version INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE calculation (
    id            INTEGER PRIMARY KEY,
    initiative_id INTEGER NOT NULL REFERENCES initiative (id),
    version       INTEGER NOT NULL CHECK (version >= 1),
    status        TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved')),
    body          TEXT NOT NULL,                    -- JSON: settings and lines
    factors       TEXT NOT NULL DEFAULT '[]',       -- JSON: the factors it uses, frozen at approval
    reason        TEXT NOT NULL DEFAULT '',         -- why this version exists (required from version 2)
    based_on      INTEGER,                          -- the version number it was copied from
    created_by    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    approved_by   TEXT,
    approved_at   TEXT,                             -- ISO date of the decision
    decision_ref  TEXT,                             -- e.g. "KS 2026-03-12 §45"
    row_version   INTEGER NOT NULL DEFAULT 1,
    UNIQUE (initiative_id, version),
    CHECK (version = 1 OR trim(reason) <> ''),
    CHECK (status = 'draft' OR (trim(coalesce(approved_by, '')) <> '' AND approved_at IS NOT NULL
                                AND trim(coalesce(decision_ref, '')) <> ''))
) STRICT;

-- At most one draft per initiative at a time.
CREATE UNIQUE INDEX calculation_one_draft ON calculation (initiative_id) WHERE status = 'draft';

CREATE TRIGGER calculation_approved_is_frozen_update BEFORE UPDATE ON calculation
WHEN OLD.status = 'approved'
BEGIN
    SELECT RAISE(ABORT, 'En godkänd kalkyl kan inte ändras. Skapa en ny version med ett skäl.');
END;

CREATE TRIGGER calculation_approved_is_frozen_delete BEFORE DELETE ON calculation
WHEN OLD.status = 'approved'
BEGIN
    SELECT RAISE(ABORT, 'En godkänd kalkyl kan inte ändras. Skapa en ny version med ett skäl.');
END;
