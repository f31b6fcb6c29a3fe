-- The register: organisations, people, initiatives with every field of the city's
-- annual-analysis template, status reports, cost follow-up and the audit log.
-- Released migrations are never edited; later changes come as new files.

CREATE TABLE register_info (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE organisation (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL UNIQUE,
    kind      TEXT NOT NULL CHECK (kind IN ('forvaltning', 'bolag')),
    committee TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE person (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    role            TEXT NOT NULL DEFAULT '',
    organisation_id INTEGER REFERENCES organisation (id)
) STRICT;

CREATE TABLE initiative (
    id                          INTEGER PRIMARY KEY,
    code                        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name                        TEXT NOT NULL,
    organisation_id             INTEGER NOT NULL REFERENCES organisation (id),
    phase                       TEXT NOT NULL CHECK (phase IN ('ide', 'beredning', 'beslutad', 'pagaende',
                                    'driftsatt', 'avslutad', 'avbruten', 'struken')),
    council_tracked             INTEGER NOT NULL DEFAULT 0 CHECK (council_tracked IN (0, 1)),
    sponsor                     TEXT NOT NULL DEFAULT '',
    project_manager             TEXT NOT NULL DEFAULT '',
    start_date                  TEXT,
    go_live_date                TEXT,
    end_date                    TEXT,
    base_service                TEXT NOT NULL DEFAULT '',
    need                        TEXT NOT NULL DEFAULT '',
    benefit                     TEXT NOT NULL DEFAULT '',
    effect_goals                TEXT NOT NULL DEFAULT '[]',  -- JSON array of texts
    project_goals               TEXT NOT NULL DEFAULT '',
    benefit_reach               TEXT CHECK (benefit_reach IN ('intern', 'extern', 'intern_och_extern')),
    change_kind                 TEXT CHECK (change_kind IN ('effektivitet', 'innovation')),
    project_form                INTEGER CHECK (project_form IN (0, 1)),
    goal_link                   TEXT NOT NULL DEFAULT '',
    complexity_customer         TEXT CHECK (complexity_customer IN ('mindre', 'mattlig', 'stor')),
    complexity_supplier         TEXT CHECK (complexity_supplier IN ('mindre', 'mattlig', 'stor')),
    information_classification_done    INTEGER CHECK (information_classification_done IN (0, 1)),
    information_classification_comment TEXT NOT NULL DEFAULT '',
    threshold_analysis_done            INTEGER CHECK (threshold_analysis_done IN (0, 1)),
    threshold_analysis_comment         TEXT NOT NULL DEFAULT '',
    security_assessment_done           INTEGER CHECK (security_assessment_done IN (0, 1)),
    security_assessment_comment        TEXT NOT NULL DEFAULT '',
    architecture_assessment_done       INTEGER CHECK (architecture_assessment_done IN (0, 1)),
    architecture_assessment_comment    TEXT NOT NULL DEFAULT '',
    infrastructure_impact_done         INTEGER CHECK (infrastructure_impact_done IN (0, 1)),
    infrastructure_impact_comment      TEXT NOT NULL DEFAULT '',
    project_budget              TEXT,   -- Decimal kr
    running_cost_n              TEXT,   -- Decimal kr per year
    running_cost_n1             TEXT,
    running_cost_n2             TEXT,
    running_cost_comment        TEXT NOT NULL DEFAULT '',
    customer_group              TEXT NOT NULL DEFAULT '',
    allocation_key              TEXT NOT NULL DEFAULT '',
    deviation_comment           TEXT NOT NULL DEFAULT '',
    struck_reason               TEXT NOT NULL DEFAULT '',
    row_version                 INTEGER NOT NULL DEFAULT 1,
    created_at                  TEXT NOT NULL,
    updated_at                  TEXT NOT NULL
) STRICT;

CREATE INDEX initiative_organisation ON initiative (organisation_id);

CREATE TABLE status_report (
    id             INTEGER PRIMARY KEY,
    initiative_id  INTEGER NOT NULL REFERENCES initiative (id),
    period_end     TEXT NOT NULL,
    time_status    TEXT NOT NULL CHECK (time_status IN ('gron', 'gul', 'rod')),
    time_cause     TEXT NOT NULL DEFAULT '',
    time_action    TEXT NOT NULL DEFAULT '',
    cost_status    TEXT NOT NULL CHECK (cost_status IN ('gron', 'gul', 'rod')),
    cost_cause     TEXT NOT NULL DEFAULT '',
    cost_action    TEXT NOT NULL DEFAULT '',
    result_status  TEXT NOT NULL CHECK (result_status IN ('gron', 'gul', 'rod')),
    result_cause   TEXT NOT NULL DEFAULT '',
    result_action  TEXT NOT NULL DEFAULT '',
    comment        TEXT NOT NULL DEFAULT '',
    author         TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    UNIQUE (initiative_id, period_end)
) STRICT;

CREATE TABLE cost_year (
    id             INTEGER PRIMARY KEY,
    initiative_id  INTEGER NOT NULL REFERENCES initiative (id),
    year           INTEGER NOT NULL,
    cost_type      TEXT NOT NULL CHECK (cost_type IN ('intern', 'extern')),
    budget         TEXT,
    actual         TEXT,
    forecast       TEXT,
    hours          TEXT,
    comment        TEXT NOT NULL DEFAULT '',
    UNIQUE (initiative_id, year, cost_type)
) STRICT;

-- Every change: who, when, what, before and after (JSON). Never updated or deleted.
CREATE TABLE audit_log (
    id             INTEGER PRIMARY KEY,
    at             TEXT NOT NULL,
    author         TEXT NOT NULL,
    action         TEXT NOT NULL,
    entity         TEXT NOT NULL,
    entity_id      INTEGER,
    initiative_id  INTEGER,
    before         TEXT,
    after          TEXT,
    reason         TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE INDEX audit_log_initiative ON audit_log (initiative_id);

CREATE TRIGGER audit_log_is_append_only_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'Loggen kan inte ändras.');
END;

CREATE TRIGGER audit_log_is_append_only_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'Loggen kan inte raderas.');
END;
