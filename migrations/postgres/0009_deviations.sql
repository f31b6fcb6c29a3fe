-- Benefit deviations on the shared register (as migrations/0009_deviations.sql, which says
-- why): what people write about a röd or saknas checkpoint — orsak, åtgärd, the decision
-- the council is asked for, the closure — keyed by initiative, indicator code and months
-- after go-live, with a row version. Released migrations are never edited.

SET LOCAL search_path = nytta;

CREATE TABLE deviation_note (
    initiative_id        BIGINT NOT NULL REFERENCES initiative (id),
    indicator_code       TEXT NOT NULL CHECK (indicator_code <> ''),
    months_after_go_live INTEGER NOT NULL CHECK (months_after_go_live BETWEEN 1 AND 120),
    cause                TEXT NOT NULL DEFAULT '',
    action               TEXT NOT NULL DEFAULT '',
    decision_requested   TEXT NOT NULL DEFAULT '',
    closure_kind         TEXT CHECK (closure_kind IN ('reason', 'decision')),
    closure_reason       TEXT NOT NULL DEFAULT '',
    decision             TEXT NOT NULL DEFAULT '',
    decided_by           TEXT NOT NULL DEFAULT '',
    decision_date        DATE,
    decision_reference   TEXT NOT NULL DEFAULT '',
    closed_on            DATE,
    updated_by           TEXT NOT NULL,
    created_at           TIMESTAMP(0) NOT NULL,
    updated_at           TIMESTAMP(0) NOT NULL,
    row_version          BIGINT NOT NULL DEFAULT 1 CHECK (row_version >= 1),
    PRIMARY KEY (initiative_id, indicator_code, months_after_go_live),
    CHECK ((closure_kind IS NULL) = (closed_on IS NULL)),
    CHECK (closure_kind IS DISTINCT FROM 'decision' OR decision_date IS NOT NULL)
);

-- Rights (docs/delat-register.md). Those who follow the initiative up write about its
-- deviations: its registrerare (who records the measurements the statuses come from), its
-- beställare (who keeps the plan and answers for the benefits) and the administrators, in
-- the supplier or a customer (may_on_initiative). Whoever reads the initiative reads them.
-- The audit rows of a save are about the initiative, which migration 0001's audit policy
-- already allows to these roles.
SELECT owner_policy('deviation_note');

CREATE POLICY las ON deviation_note FOR SELECT TO nytta_anvandare USING (reads_initiative(initiative_id));
CREATE POLICY skriva ON deviation_note FOR ALL TO nytta_anvandare
    USING (may_on_initiative(initiative_id, ARRAY['registrerare', 'bestallare', 'registeradministrator']))
    WITH CHECK (may_on_initiative(initiative_id, ARRAY['registrerare', 'bestallare', 'registeradministrator']));
