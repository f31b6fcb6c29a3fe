-- The annual analysis's texts on the shared register (as migrations/0007_annual_analysis.sql,
-- which says why; docs/rapporter.md): "Leverantörens analys", one text per supplier
-- organisation, year and section of the city's template, with a row version.
-- Released migrations are never edited; later changes come as new files.

SET LOCAL search_path = nytta;

CREATE TABLE annual_analysis_text (
    organisation_id BIGINT NOT NULL REFERENCES organisation (id),
    year            INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    -- The template's section: 1.1 Genomförd effekthemtagning, 1.3 Portföljanalys,
    -- 1.4 Pågående förändringsinsatser, 2.2 Förslag på nya förändringsinsatser, 3.1 Kostnader
    -- förvaltning och utveckling.
    section         TEXT NOT NULL CHECK (section IN ('1.1', '1.3', '1.4', '2.2', '3.1')),
    text            TEXT NOT NULL,
    row_version     BIGINT NOT NULL DEFAULT 1 CHECK (row_version >= 1),
    updated_at      TIMESTAMP(0) NOT NULL,
    PRIMARY KEY (organisation_id, year, section)
);

-- Rights (docs/delat-register.md). The analysis is the supplier's own account of its
-- services, costs and initiatives, so the supplier writes it: its registrerare (who records
-- the costs and the follow-up the texts comment on), its beställare (who proposes the
-- initiatives of section 2.2) and its administrator, or the register-wide administrator.
-- A läsare or godkännare of the supplier reads it, as does the city-wide reader (the
-- strategic coordination group receives the analyses); another organisation does not, even a
-- customer: the texts speak of the supplier's whole portfolio, not one initiative.
SELECT owner_policy('annual_analysis_text');

CREATE POLICY las ON annual_analysis_text FOR SELECT TO nytta_anvandare
    USING (reads_everything()
           OR organisation_id IN (SELECT user_organisations(ARRAY['lasare', 'registrerare', 'bestallare',
                                                                  'godkannare', 'registeradministrator'])));
CREATE POLICY skriva ON annual_analysis_text FOR ALL TO nytta_anvandare
    USING (administers_register()
           OR organisation_id IN (SELECT user_organisations(ARRAY['registrerare', 'bestallare', 'registeradministrator'])))
    WITH CHECK (administers_register()
           OR organisation_id IN (SELECT user_organisations(ARRAY['registrerare', 'bestallare', 'registeradministrator'])));

-- Saving a text writes its audit row (about no initiative) in the same transaction, so a
-- registrerare may now write audit rows about no initiative too; migration 0001's policy
-- allowed that to beställare and administrators only. Each row still bears its writer's
-- own name (the db_user column's check), and nobody changes or removes one.
ALTER POLICY skriva ON audit_log
    WITH CHECK (CASE WHEN initiative_id IS NULL
                     THEN administers_register()
                       OR EXISTS (SELECT user_organisations(ARRAY['registrerare', 'bestallare', 'registeradministrator']))
                     ELSE may_on_initiative(initiative_id, ARRAY['registrerare', 'bestallare',
                                                               'godkannare', 'registeradministrator'])
                END);
