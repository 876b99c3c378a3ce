-- wvs-auth: token names of up to 255 Unicode code points, PostgreSQL 12+.
-- Flyway versioned migration; io.wvs.auth.jdbc.SchemaInstaller runs the same file. Re-runnable.
-- Nothing to change here: PostgreSQL counts VARCHAR(255) in characters (code points) already.
-- The statement keeps every dialect's versions in step.
SELECT 1;
