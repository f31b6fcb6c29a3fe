-- Placeholder on the closure branch only: migration 0009 is the benefit deviations' (issue 17),
-- made on another branch. On merge this file is replaced by 0009_deviations.sql.
SELECT 1;
