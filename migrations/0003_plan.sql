-- The benefit-realisation plan (nyttorealiseringsplan) in versions, and the measurements
-- that follow it up (design §3, §5, §7; docs/uppfoljning.md).
-- Released migrations are never edited; later changes come as new files.

-- One row per version of an initiative's plan. The plan itself is the JSON of
-- `model::plan::Plan`. A draft can be edited; an approved version is frozen: later changes
-- are a new version (based on the latest approved one) with a reason.
CREATE TABLE plan_version (
    id             INTEGER PRIMARY KEY,
    initiative_id  INTEGER NOT NULL REFERENCES initiative (id),
    version        INTEGER NOT NULL CHECK (version >= 1),
    status         TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved')),
    body           TEXT NOT NULL,                -- JSON of model::plan::Plan
    reason         TEXT NOT NULL DEFAULT '',     -- why this version exists (required from version 2)
    based_on       INTEGER,                      -- the version number it was copied from
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    approved_by    TEXT,                         -- who decided (a person or a body)
    approved_at    TEXT,                         -- ISO date of the decision
    decision_ref   TEXT,                         -- e.g. "KS 2026-03-12 §45"
    row_version    INTEGER NOT NULL DEFAULT 1,
    UNIQUE (initiative_id, version),
    CHECK (version = 1 OR trim(reason) <> ''),
    CHECK (status = 'draft' OR (trim(coalesce(approved_by, '')) <> '' AND approved_at IS NOT NULL
                                AND trim(coalesce(decision_ref, '')) <> ''))
) STRICT;

-- At most one draft per initiative (the trigger below says so in Swedish first).
CREATE UNIQUE INDEX plan_version_one_draft ON plan_version (initiative_id) WHERE status = 'draft';

CREATE TRIGGER plan_version_next_number BEFORE INSERT ON plan_version
WHEN NEW.version <> (SELECT coalesce(max(version), 0) + 1 FROM plan_version WHERE initiative_id = NEW.initiative_id)
BEGIN
    SELECT RAISE(ABORT, 'En ny version av planen måste få nästa versionsnummer.');
END;

CREATE TRIGGER plan_version_reason_required BEFORE INSERT ON plan_version
WHEN NEW.version > 1 AND length(trim(NEW.reason)) = 0
BEGIN
    SELECT RAISE(ABORT, 'En ny version av planen kräver ett skäl till ändringen.');
END;

CREATE TRIGGER plan_version_single_draft BEFORE INSERT ON plan_version
WHEN NEW.status = 'draft'
    AND EXISTS (SELECT 1 FROM plan_version WHERE initiative_id = NEW.initiative_id AND status = 'draft')
BEGIN
    SELECT RAISE(ABORT, 'Det finns redan ett utkast till planen för insatsen. Arbeta vidare i det.');
END;

CREATE TRIGGER plan_version_approved_is_frozen BEFORE UPDATE ON plan_version
WHEN OLD.status = 'approved'
BEGIN
    SELECT RAISE(ABORT, 'En godkänd plan kan inte ändras. Skapa en ny version med ett skäl.');
END;

CREATE TRIGGER plan_version_approved_is_kept BEFORE DELETE ON plan_version
WHEN OLD.status = 'approved'
BEGIN
    SELECT RAISE(ABORT, 'En godkänd plan kan inte tas bort. Skapa en ny version med ett skäl.');
END;

CREATE TRIGGER plan_version_identity_is_fixed BEFORE UPDATE ON plan_version
WHEN NEW.initiative_id IS NOT OLD.initiative_id OR NEW.version IS NOT OLD.version
    OR NEW.based_on IS NOT OLD.based_on OR NEW.created_by IS NOT OLD.created_by
    OR NEW.created_at IS NOT OLD.created_at
BEGIN
    SELECT RAISE(ABORT, 'En versions nummer och ursprung kan inte ändras.');
END;

-- One measured value of one indicator of an initiative. Measurements refer to the indicator
-- code, which is stable across plan versions. Never silently overwritten: edits and deletions
-- keep the old value in the audit log.
CREATE TABLE measurement (
    id             INTEGER PRIMARY KEY,
    initiative_id  INTEGER NOT NULL REFERENCES initiative (id),
    indicator_code TEXT NOT NULL,
    date           TEXT NOT NULL,               -- ISO date
    value          TEXT NOT NULL,               -- Decimal
    source         TEXT NOT NULL DEFAULT '',
    comment        TEXT NOT NULL DEFAULT '',
    author         TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    row_version    INTEGER NOT NULL DEFAULT 1,
    UNIQUE (initiative_id, indicator_code, date)
) STRICT;

-- The follow-up reads every series in (initiative, indicator, date) order; this index covers
-- that read so it never touches the table.
CREATE INDEX measurement_series ON measurement (initiative_id, indicator_code, date, value);
