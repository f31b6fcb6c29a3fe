-- Comparable costs on the shared register (as migrations/0005_comparable_costs.sql, which
-- says why; docs/kostnader.md): every cost row says intern or extern and förvaltning or
-- utveckling, an internal row its hourly rate, and the running-cost impact is kept per
-- calendar year instead of "år N, N+1, N+2".
-- Released migrations are never edited; later changes come as new files.

SET LOCAL search_path = nytta;

-- 1. Cost rows get their kind and, for internal rows, the hourly rate; the uniqueness now
-- includes the kind. The file rebuilds its table because SQLite cannot change a constraint in
-- place; PostgreSQL can, so the rows, their ids, the identity and the policies of migration
-- 0001 stay as they are (the new columns come last instead of beside their neighbours; the
-- register reads columns by name). Every existing row becomes utveckling with no hourly rate,
-- as in the file: the old rows were the follow-up of the initiative's own project, and a rate
-- written in a comment is not guessed at. The default only fills the existing rows: a new row
-- must say its kind, as in the file.
ALTER TABLE cost_year
    ADD COLUMN kind TEXT NOT NULL DEFAULT 'utveckling' CHECK (kind IN ('forvaltning', 'utveckling')),
    ADD COLUMN hourly_rate NUMERIC,   -- kr per hour; internal rows only
    ADD CHECK (hourly_rate IS NULL OR cost_type = 'intern'),
    DROP CONSTRAINT cost_year_initiative_id_year_cost_type_key,
    ADD UNIQUE (initiative_id, year, cost_type, kind);
ALTER TABLE cost_year ALTER COLUMN kind DROP DEFAULT;

CREATE INDEX cost_year_initiative ON cost_year (initiative_id, year);

-- 2. The running-cost impact per calendar year: kr per year, positive for a higher running
-- cost, negative for a saving.
CREATE TABLE running_cost_year (
    initiative_id  BIGINT NOT NULL REFERENCES initiative (id),
    year           INTEGER NOT NULL,
    amount         NUMERIC NOT NULL,
    PRIMARY KEY (initiative_id, year)
);

SELECT owner_policy('running_cost_year');

-- The relative years are anchored to the initiative's decision year exactly as the file's
-- migration does: the year of the first approved calculation or plan version (its date of
-- decision), else the year of the start date, else the year the initiative was created. År N
-- is that year, N+1 and N+2 the two after it ("N+2 eller senare" becomes year N+2). A blank
-- year stays blank; a zero is kept.
--
-- One audit row per carried initiative says which calendar year each relative year became
-- and why, with the same texts as the file's: `before` and `after` are written character for
-- character as SQLite's json_object and json_group_array write them (no spaces, amounts as
-- strings, years as numbers), so the log reads the same whichever store it is in. The rows
-- in `after` are the ones inserted (the RETURNING of the statement before), as the file reads
-- them back from the new table.
WITH anchored AS (
    SELECT i.id AS initiative_id,
           coalesce(extract(year FROM first_approval.decided), extract(year FROM i.start_date),
                    extract(year FROM i.created_at))::integer AS n,
           CASE
               WHEN first_approval.decided IS NOT NULL
                   THEN 'första godkända nyttokalkyl eller nyttorealiseringsplan'
               WHEN i.start_date IS NOT NULL THEN 'startdatum'
               ELSE 'året insatsen registrerades'
           END AS source,
           i.running_cost_n AS n0, i.running_cost_n1 AS n1, i.running_cost_n2 AS n2
    FROM initiative i
    CROSS JOIN LATERAL (
        SELECT min(approved_at) AS decided FROM (
            SELECT approved_at FROM calculation WHERE initiative_id = i.id AND status = 'approved'
            UNION ALL
            SELECT approved_at FROM plan_version WHERE initiative_id = i.id AND status = 'approved') AS approvals
    ) AS first_approval
    WHERE i.running_cost_n IS NOT NULL OR i.running_cost_n1 IS NOT NULL OR i.running_cost_n2 IS NOT NULL
),
carried AS (
    INSERT INTO running_cost_year (initiative_id, year, amount)
        SELECT a.initiative_id, a.n + relative.offset_years, relative.amount
        FROM anchored a
        CROSS JOIN LATERAL (VALUES (0, a.n0), (1, a.n1), (2, a.n2)) AS relative (offset_years, amount)
        WHERE relative.amount IS NOT NULL
    RETURNING initiative_id, year, amount
)
INSERT INTO audit_log (at, author, action, entity, entity_id, initiative_id, before, after, reason)
    SELECT localtimestamp(0), 'Migrering 0005', 'migrerad', 'running_cost', a.initiative_id, a.initiative_id,
           '{"year_n":' || coalesce(to_json(a.n0::text)::text, 'null')
               || ',"year_n1":' || coalesce(to_json(a.n1::text)::text, 'null')
               || ',"year_n2":' || coalesce(to_json(a.n2::text)::text, 'null') || '}',
           (SELECT '[' || string_agg('{"year":' || c.year || ',"amount":' || to_json(c.amount::text)::text || '}',
                                     ',' ORDER BY c.year) || ']'
              FROM carried c WHERE c.initiative_id = a.initiative_id),
           'Påverkan på förvaltningskostnad angavs som år N, N+1 och N+2 eller senare; nu per kalenderår: år N = ' || a.n
               || ', år N+1 = ' || (a.n + 1) || ', år N+2 eller senare = ' || (a.n + 2)
               || ' (beslutsår ' || a.n || ', från ' || a.source || ').'
    FROM anchored a
    ORDER BY a.initiative_id;

ALTER TABLE initiative
    DROP COLUMN running_cost_n,
    DROP COLUMN running_cost_n1,
    DROP COLUMN running_cost_n2;

-- Rights. The cost rows keep migration 0001's policies (a registrerare or administrator of
-- the initiative writes them). The running-cost years were three fields of the initiative
-- until now, changed with it by its beställare or administrator, and the window still edits
-- them in the initiative's form (Ekonomisk del), saved with the initiative: so they keep
-- exactly those writers, and a registrerare, who never could change them, still cannot.
CREATE POLICY las ON running_cost_year FOR SELECT TO nytta_anvandare USING (reads_initiative(initiative_id));
CREATE POLICY skriva ON running_cost_year FOR ALL TO nytta_anvandare
    USING (may_on_initiative(initiative_id, ARRAY['bestallare', 'registeradministrator']))
    WITH CHECK (may_on_initiative(initiative_id, ARRAY['bestallare', 'registeradministrator']));
