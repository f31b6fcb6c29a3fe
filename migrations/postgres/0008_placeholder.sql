-- PLACEHOLDER on the `deviations` branch only: migration 0008 is the harvest decisions'
-- (issue 17, another branch); see migrations/0008_placeholder.sql.
SELECT 1;
