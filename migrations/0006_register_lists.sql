-- The register's lists, governing bodies and reporting periods (issue 15; seed 003 §1.1 and
-- §2.2, seed 002 §4.3 and §5, seeds 000 and 001).
-- Released migrations are never edited; later changes come as new files.

-- Bastjänster: each supplier's list of the base and infrastructure services it delivers
-- (seed 003 §1.1 "Namn på bastjänst eller infrastrukturtjänst"), so that an initiative names
-- one of them ("Bastjänst eller infrastrukturtjänst det gäller", §2.2) and its costs and
-- benefits sum per service. A name is unique within its supplier. An entry is never deleted:
-- one no longer offered is retired, and the initiatives that name it keep it.
CREATE TABLE base_service (
    id              INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisation (id),
    name            TEXT NOT NULL CHECK (trim(name) <> ''),
    retired         INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1)),
    row_version     INTEGER NOT NULL DEFAULT 1,
    UNIQUE (organisation_id, name)
) STRICT;

-- The initiative keeps the name in initiative.base_service (the costs per base service are
-- grouped by it); the store checks it is an entry of the supplier's list and renames it
-- there in the same transaction as the entry.

-- Every base service an initiative named in free text becomes an entry of its supplier's
-- list, spelled as it was (trimmed), so nothing is lost and nothing is merged by guesswork.
UPDATE initiative SET base_service = trim(base_service) WHERE base_service <> trim(base_service);
INSERT INTO base_service (organisation_id, name)
    SELECT DISTINCT organisation_id, base_service FROM initiative
    WHERE base_service <> '' ORDER BY organisation_id, base_service;

-- Målområden: the decided goal areas an initiative links to (seed 003 §2.2 "Dokumenterad
-- koppling till beslutade mål"; seed 002 §5: the city's plan has four). One list for the
-- register; an initiative links to none or several. The free text goal_link stays as the
-- description of the link.
CREATE TABLE goal_area (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE CHECK (trim(name) <> ''),
    retired     INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1)),
    row_version INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE initiative_goal_area (
    initiative_id INTEGER NOT NULL REFERENCES initiative (id),
    goal_area_id  INTEGER NOT NULL REFERENCES goal_area (id),
    PRIMARY KEY (initiative_id, goal_area_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX initiative_goal_area_goal_area ON initiative_goal_area (goal_area_id);

-- Kategori: the in-depth review's four kinds of change (seed 002 §4.3.2–4.3.5). NULL until
-- stated; nothing in an existing register says which it is.
ALTER TABLE initiative ADD COLUMN category TEXT
    CHECK (category IN ('upphandling_verksamhetssystem', 'kvalitetshojande', 'effektiviserande', 'ovrigt'));

-- An organisation's own governing body (a förvaltning's digitaliseringsråd beside the city's
-- strategic coordination group, seed 002 §4.2.1) and reporting period (sex_veckor as seed
-- 000, manad as seed 001, kvartal); NULL follows the register. Its own row version guards
-- these settings, which a registeradministratör edits while others work.
ALTER TABLE organisation ADD COLUMN governing_body TEXT CHECK (governing_body IS NULL OR trim(governing_body) <> '');
ALTER TABLE organisation ADD COLUMN reporting_period TEXT
    CHECK (reporting_period IN ('sex_veckor', 'manad', 'kvartal'));
ALTER TABLE organisation ADD COLUMN settings_row_version INTEGER NOT NULL DEFAULT 1;

-- The register's own body and period live in register_info (keys governing_body,
-- reporting_period, settings_row_version) and travel with it in the JSON document. A new
-- register has none and reads the defaults: the strategiska samordningsgruppen, every six
-- weeks. A register carried forward (it has a name: a new register is named after its
-- migrations) keeps reading as before: its council pack was "Underlag till
-- digitaliseringsrådet", and its rhythm the six weeks the product assumed.
INSERT INTO register_info (key, value)
    SELECT 'governing_body', 'digitaliseringsrådet'
    WHERE EXISTS (SELECT 1 FROM register_info WHERE key = 'name')
      AND NOT EXISTS (SELECT 1 FROM register_info WHERE key = 'governing_body');
