-- Comparable costs (issue 15; seed 002 §6.2, seed 003 §3.1).
-- Released migrations are never edited; later changes come as new files.
--
-- Why: the city's review found that some organisations count only external invoices as an
-- initiative's cost and others include their own staff's hours, so costs could not be compared
-- or added up across the city (seed 002 §6.2). The annual analysis asks each supplier for its
-- costs per base service in tkr, förvaltning (running) and utveckling (development) in separate
-- tables, Utfall two years back, Budget last year and Prognos for the coming year, and the
-- impact on running cost per calendar year (seed 003 §3.1; seed 001 §3.2 follows förvaltning
-- and utveckling apart too). So from now on every cost row says whether it is intern or extern
-- (as before) and förvaltning or utveckling, an internal row says the hourly rate (kr/h) that
-- turned its hours into kronor, and the running-cost impact is kept per calendar year instead
-- of "år N, N+1, N+2".

-- 1. Cost rows get their kind and, for internal rows, the hourly rate. Uniqueness now includes
-- the kind, which SQLite cannot change in place: the table is rebuilt. Nothing references
-- cost_year, so dropping the old table deletes no other row and no foreign key breaks (the
-- migration runs in one transaction with foreign keys on).
--
-- How the existing rows are classified: every one becomes utveckling. A row of cost_year was
-- the follow-up of the initiative's own project — Budget, Utfall and Prognos against "Total
-- projektbudget", per year of the project (seed 003 §2.2 "Ekonomisk del"; seed 004 calls the
-- initiative's work a project run by the supplier) — which is what the annual analysis calls
-- utvecklingskostnad. The running cost an initiative causes was never a cost row: it was the
-- separate "Påverkan förvaltningskostnad år N, N+1, N+2" (step 2 below). The old rows keep
-- their values, hours and comments; their hourly rate is unknown (NULL) — a rate written in a
-- comment is not parsed, since nothing is guessed — and the window and the reports say
-- "timpris saknas" beside their hours until the user enters it.
CREATE TABLE cost_year_new (
    id             INTEGER PRIMARY KEY,
    initiative_id  INTEGER NOT NULL REFERENCES initiative (id),
    year           INTEGER NOT NULL,
    cost_type      TEXT NOT NULL CHECK (cost_type IN ('intern', 'extern')),
    -- förvaltning: running an existing service; utveckling: developing or introducing one.
    kind           TEXT NOT NULL CHECK (kind IN ('forvaltning', 'utveckling')),
    budget         TEXT,   -- Decimal kr
    actual         TEXT,
    forecast       TEXT,
    hours          TEXT,   -- Decimal hours behind the amount
    hourly_rate    TEXT,   -- Decimal kr per hour; internal rows only
    comment        TEXT NOT NULL DEFAULT '',
    CHECK (hourly_rate IS NULL OR cost_type = 'intern'),
    UNIQUE (initiative_id, year, cost_type, kind)
) STRICT;

INSERT INTO cost_year_new (id, initiative_id, year, cost_type, kind, budget, actual, forecast, hours, hourly_rate, comment)
    SELECT id, initiative_id, year, cost_type, 'utveckling', budget, actual, forecast, hours, NULL, comment
    FROM cost_year;

DROP TABLE cost_year;
ALTER TABLE cost_year_new RENAME TO cost_year;
CREATE INDEX cost_year_initiative ON cost_year (initiative_id, year);

-- 2. The running-cost impact per calendar year: kr per year, positive for a higher running
-- cost, negative for a saving.
CREATE TABLE running_cost_year (
    initiative_id  INTEGER NOT NULL REFERENCES initiative (id),
    year           INTEGER NOT NULL,
    amount         TEXT NOT NULL,  -- Decimal kr
    PRIMARY KEY (initiative_id, year)
) STRICT, WITHOUT ROWID;

-- The relative years are anchored to the initiative's decision year (beslutsår):
--   the year of the first approved calculation or plan version (its approved_at, the date of
--   the decision), else the year of its start date, else the year it was created in the
--   register.
-- "År N" is the decision year, N+1 and N+2 the two after it; N+2 was "N+2 eller senare", the
-- lasting level, and becomes the amount of year N+2 (the comment keeps any word about later
-- years). A blank year stays blank; a zero is kept as the zero the user entered. The same rule
-- reads a JSON document of format version 1 or 2 (model::initiative::decision_year).
CREATE TEMP TABLE anchored AS
    SELECT i.id AS initiative_id,
           CAST(coalesce(
               substr((SELECT min(d) FROM (
                   SELECT approved_at AS d FROM calculation WHERE initiative_id = i.id AND status = 'approved'
                   UNION ALL
                   SELECT approved_at AS d FROM plan_version WHERE initiative_id = i.id AND status = 'approved')), 1, 4),
               substr(i.start_date, 1, 4),
               substr(i.created_at, 1, 4)) AS INTEGER) AS n,
           CASE
               WHEN (SELECT min(d) FROM (
                   SELECT approved_at AS d FROM calculation WHERE initiative_id = i.id AND status = 'approved'
                   UNION ALL
                   SELECT approved_at AS d FROM plan_version WHERE initiative_id = i.id AND status = 'approved')) IS NOT NULL
                   THEN 'första godkända nyttokalkyl eller nyttorealiseringsplan'
               WHEN i.start_date IS NOT NULL THEN 'startdatum'
               ELSE 'året insatsen registrerades'
           END AS source,
           i.running_cost_n AS n0, i.running_cost_n1 AS n1, i.running_cost_n2 AS n2
    FROM initiative i
    WHERE i.running_cost_n IS NOT NULL OR i.running_cost_n1 IS NOT NULL OR i.running_cost_n2 IS NOT NULL;

INSERT INTO running_cost_year (initiative_id, year, amount)
    SELECT initiative_id, n, n0 FROM anchored WHERE n0 IS NOT NULL
    UNION ALL SELECT initiative_id, n + 1, n1 FROM anchored WHERE n1 IS NOT NULL
    UNION ALL SELECT initiative_id, n + 2, n2 FROM anchored WHERE n2 IS NOT NULL;

-- One audit row per carried initiative, saying which calendar year each relative year became
-- and why.
INSERT INTO audit_log (at, author, action, entity, entity_id, initiative_id, before, after, reason)
    SELECT strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime'), 'Migrering 0005', 'migrerad', 'running_cost',
           initiative_id, initiative_id,
           json_object('year_n', n0, 'year_n1', n1, 'year_n2', n2),
           (SELECT json_group_array(json_object('year', r.year, 'amount', r.amount))
              FROM (SELECT year, amount FROM running_cost_year r WHERE r.initiative_id = anchored.initiative_id ORDER BY year) r),
           'Påverkan på förvaltningskostnad angavs som år N, N+1 och N+2 eller senare; nu per kalenderår: år N = ' || n
               || ', år N+1 = ' || (n + 1) || ', år N+2 eller senare = ' || (n + 2)
               || ' (beslutsår ' || n || ', från ' || source || ').'
    FROM anchored
    ORDER BY initiative_id;

DROP TABLE anchored;

ALTER TABLE initiative DROP COLUMN running_cost_n;
ALTER TABLE initiative DROP COLUMN running_cost_n1;
ALTER TABLE initiative DROP COLUMN running_cost_n2;
