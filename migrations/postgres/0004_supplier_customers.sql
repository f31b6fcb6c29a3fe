-- Supplier and customers on the shared register (as migrations/0004_supplier_customers.sql;
-- docs/leverantor-och-kunder.md). The rights follow them: an initiative belongs to its
-- supplier and to each of its customers, so the people of a customer read it and, in their
-- roles, record what they realise.
-- Released migrations are never edited; later changes come as new files.

SET LOCAL search_path = nytta;

CREATE TABLE initiative_customer (
    initiative_id   BIGINT NOT NULL REFERENCES initiative (id),
    organisation_id BIGINT NOT NULL REFERENCES organisation (id),
    PRIMARY KEY (initiative_id, organisation_id)
);

CREATE INDEX initiative_customer_organisation ON initiative_customer (organisation_id);

-- An existing initiative is its own supplier's sole customer (the file's migration says why).
INSERT INTO initiative_customer (initiative_id, organisation_id)
    SELECT id, organisation_id FROM initiative;

ALTER TABLE initiative ADD COLUMN financing TEXT
    CHECK (financing IN ('kostnadsfordelning', 'faktura_a_pris', 'kommunbidrag', 'egen_budget'));

UPDATE initiative SET financing = 'kostnadsfordelning' WHERE trim(allocation_key) <> '';

-- From now on an initiative's organisations are its supplier and its customers.
CREATE OR REPLACE FUNCTION initiative_organisations(iid BIGINT) RETURNS SETOF BIGINT
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = nytta AS $$
    SELECT organisation_id FROM initiative WHERE id = iid
    UNION
    SELECT organisation_id FROM initiative_customer WHERE initiative_id = iid
$$;

SELECT owner_policy('initiative_customer');

-- Read with the initiative; the customers are set by a beställare or administrator of the
-- initiative, and a customer added must be one the writer could name (any organisation of
-- the register: customers are often other administrations).
CREATE POLICY las ON initiative_customer FOR SELECT TO nytta_anvandare USING (reads_initiative(initiative_id));
CREATE POLICY skriva ON initiative_customer FOR ALL TO nytta_anvandare
    USING (may_on_initiative(initiative_id, ARRAY['bestallare', 'registeradministrator']))
    WITH CHECK (supplier_of(initiative_id) IN (SELECT user_organisations(ARRAY['bestallare', 'registeradministrator']))
                OR administers_register()
                OR may_on_initiative(initiative_id, ARRAY['bestallare', 'registeradministrator']));
