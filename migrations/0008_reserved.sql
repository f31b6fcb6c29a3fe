-- Placeholder on the closure branch only: migration 0008 is the harvest decisions' (issue 17),
-- made on another branch. The migration runner numbers versions by position, so 0010 needs an
-- 0008 before it; on merge this file is replaced by 0008_harvest.sql.
SELECT 1;
