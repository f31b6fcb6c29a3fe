-- Supplier and customers (issue 15; seed 004 §2.4.2.5–2.4.2.6, seed 003 §1.2 and §3.2):
-- the supplier follows up the initiative, the affected nämnder and bolag (its customers)
-- realise the benefits, and the strategic coordination group picks the type of financing.
-- Released migrations are never edited; later changes come as new files.

-- The initiative's one organisation (initiative.organisation_id) is from now on its
-- supplier (leverantör): the organisation that proposes, analyses, delivers and follows up
-- the initiative. For a business-specific initiative that is the administration itself; for
-- a shared service it is the supplier (Intraservice, demokrati och medborgarservice, Inköp
-- och upphandling). The column keeps its name so that files, scripts and the JSON field
-- `organisation_id` keep their meaning; the window and docs/leverantor-och-kunder.md call it
-- Leverantör.

-- The customers (kunder): the organisations whose ways of working change and who realise the
-- benefits; at least one per initiative (the store checks it, as SQLite cannot check a
-- count in another table at commit).
CREATE TABLE initiative_customer (
    initiative_id   INTEGER NOT NULL REFERENCES initiative (id),
    organisation_id INTEGER NOT NULL REFERENCES organisation (id),
    PRIMARY KEY (initiative_id, organisation_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX initiative_customer_organisation ON initiative_customer (organisation_id);

-- An existing initiative had one organisation, which both delivered and realised it, as
-- every business-specific initiative does (seed 004 §2.4.2.5: "berörd förvaltning eller
-- bolag ansvarar för arbetet"); so it becomes its own sole customer. The register never
-- said who else realises a shared service's benefits (the customer group was free text),
-- and nothing is guessed: the user adds the other customers.
INSERT INTO initiative_customer (initiative_id, organisation_id)
    SELECT id, organisation_id FROM initiative;

-- Finansieringsform: the three ways of financing shared services and initiatives (seed 004
-- §2.4.2.6: kostnadsfördelning, faktura à pris, kommunbidrag) and an administration's own
-- budget for its business-specific ones (§3.3.6: "inom nämndernas kommunbidragsramar").
-- NULL until stated.
ALTER TABLE initiative ADD COLUMN financing TEXT
    CHECK (financing IN ('kostnadsfordelning', 'faktura_a_pris', 'kommunbidrag', 'egen_budget'));

-- An allocation key (fördelningsnyckel) splits a shared cost over the customers, so an
-- initiative that has one is financed by kostnadsfördelning (seed 003 §2.2: "samma principer
-- för kostnadsfördelning som 2023"; §3.2). From now on a key is kept only with that
-- financing; the others stay unstated.
UPDATE initiative SET financing = 'kostnadsfordelning' WHERE trim(allocation_key) <> '';
