-- Closure with evaluation (utvärdering, issue 17; docs/uppfoljning.md §12): when the
-- follow-up of an initiative ends ("Avsluta uppföljningen"), it is evaluated against its
-- approved plan — each target met or not, the final realised and harvested value, what was
-- learnt — as one document (JSON of model::evaluation::FinalEvaluation), drafted as a whole,
-- approved like a calculation and from then on frozen by the triggers below, whoever sends
-- the change. A later correction is a new version with a reason.
-- Released migrations are never edited; later changes come as new files.

CREATE TABLE evaluation (
    id            INTEGER PRIMARY KEY,
    initiative_id INTEGER NOT NULL REFERENCES initiative (id),
    version       INTEGER NOT NULL CHECK (version >= 1),
    status        TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved')),
    body          TEXT NOT NULL,                    -- JSON: the evaluation
    reason        TEXT NOT NULL DEFAULT '',         -- why this version exists (required from version 2)
    based_on      INTEGER,                          -- the version number it was copied from
    created_by    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    approved_by   TEXT,
    approved_at   TEXT,                             -- ISO date of the decision
    decision_ref  TEXT,                             -- e.g. "DR 2026-10-14 §7"
    row_version   INTEGER NOT NULL DEFAULT 1,
    UNIQUE (initiative_id, version),
    CHECK (version = 1 OR trim(reason) <> ''),
    CHECK (status = 'draft' OR (trim(coalesce(approved_by, '')) <> '' AND approved_at IS NOT NULL
                                AND trim(coalesce(decision_ref, '')) <> ''))
) STRICT;

-- At most one draft per initiative at a time.
CREATE UNIQUE INDEX evaluation_one_draft ON evaluation (initiative_id) WHERE status = 'draft';

CREATE TRIGGER evaluation_approved_is_frozen_update BEFORE UPDATE ON evaluation
WHEN OLD.status = 'approved'
BEGIN
    SELECT RAISE(ABORT, 'En godkänd utvärdering kan inte ändras. Skapa en ny version med ett skäl.');
END;

CREATE TRIGGER evaluation_approved_is_frozen_delete BEFORE DELETE ON evaluation
WHEN OLD.status = 'approved'
BEGIN
    SELECT RAISE(ABORT, 'En godkänd utvärdering kan inte ändras. Skapa en ny version med ett skäl.');
END;
