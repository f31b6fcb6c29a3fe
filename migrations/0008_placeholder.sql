-- PLACEHOLDER on the `deviations` branch only: migration 0008 is the harvest decisions'
-- (issue 17, another branch). The runner numbers versions by position, so 0009 needs an
-- 0008 before it. Replace this file (and its line in store/migrate.rs and
-- store/postgres/migrate.rs) by 0008_harvest when the branches are merged.
SELECT 1;
