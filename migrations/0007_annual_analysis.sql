-- The annual analysis's texts (issue 15; seed 003, "Årlig analys av digital utveckling och
-- förvaltning"). Released migrations are never edited; later changes come as new files.
--
-- Each section of the template a supplier fills in ends with "Leverantörens analys": the
-- supplier's own words on the tables above it (lessons, deviations, what comes next). The
-- tables are assembled from the register each time the analysis is made; only these texts
-- are written by hand, so only they are stored: one per supplier organisation, year and
-- section. The year is the one the analysis is for (the template's title year: Prognos Y,
-- Budget Y−1, Utfall Y−2).
--
-- A text is edited in the window while others may edit the same one, so it carries a row
-- version: a save that started from an older version is refused, never merged, and every
-- save writes an audit row in the same transaction (store::annual_analysis).
CREATE TABLE annual_analysis_text (
    organisation_id INTEGER NOT NULL REFERENCES organisation (id),
    year            INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    -- The template's section number: 1.1 Genomförd effekthemtagning, 1.3 Portföljanalys,
    -- 1.4 Pågående förändringsinsatser, 2.2 Förslag på nya förändringsinsatser, 3.1 Kostnader
    -- förvaltning och utveckling.
    section         TEXT NOT NULL CHECK (section IN ('1.1', '1.3', '1.4', '2.2', '3.1')),
    text            TEXT NOT NULL,
    row_version     INTEGER NOT NULL DEFAULT 1 CHECK (row_version >= 1),
    updated_at      TEXT NOT NULL,
    PRIMARY KEY (organisation_id, year, section)
) STRICT, WITHOUT ROWID;
