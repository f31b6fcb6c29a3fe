-- Benefit deviations (nyttoavvikelser, issue 17; seed 004: serious deviations need actions
-- decided). Released migrations are never edited; later changes come as new files.
--
-- Whether a checkpoint deviates (its status is röd or saknas) is computed by the follow-up
-- each time, against the latest approved plan; only what people write about it is stored:
-- orsak, åtgärd, the decision the council is asked for (särskilt följda initiatives) and
-- how it was closed — with a reason, or by a recorded decision (what, by which body, when,
-- § or diarienummer). "Löst av mätning" is computed too, never stored, so a correction that
-- turns the checkpoint röd again reopens it with its texts.
--
-- A note is keyed by the checkpoint as every plan version names it: initiative, indicator
-- code and months after go-live. It carries a row version (a stale save is refused, never
-- merged) and every save writes an audit row in the same transaction (store::deviations).
CREATE TABLE deviation_note (
    initiative_id        INTEGER NOT NULL REFERENCES initiative (id),
    indicator_code       TEXT NOT NULL CHECK (indicator_code <> ''),
    months_after_go_live INTEGER NOT NULL CHECK (months_after_go_live BETWEEN 1 AND 120),
    cause                TEXT NOT NULL DEFAULT '',
    action               TEXT NOT NULL DEFAULT '',
    decision_requested   TEXT NOT NULL DEFAULT '',
    -- NULL while open; 'reason' (closure_reason) or 'decision' (decision … decision_reference).
    closure_kind         TEXT CHECK (closure_kind IN ('reason', 'decision')),
    closure_reason       TEXT NOT NULL DEFAULT '',
    decision             TEXT NOT NULL DEFAULT '',
    decided_by           TEXT NOT NULL DEFAULT '',
    decision_date        TEXT,
    decision_reference   TEXT NOT NULL DEFAULT '',
    closed_on            TEXT,
    updated_by           TEXT NOT NULL,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    row_version          INTEGER NOT NULL DEFAULT 1 CHECK (row_version >= 1),
    PRIMARY KEY (initiative_id, indicator_code, months_after_go_live),
    CHECK ((closure_kind IS NULL) = (closed_on IS NULL)),
    CHECK (closure_kind IS NOT 'decision' OR decision_date IS NOT NULL)
) STRICT, WITHOUT ROWID;
