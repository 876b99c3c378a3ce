-- wvs-auth: an optional description per token, MariaDB 10.5+ / MySQL 8.0.16+.
-- Flyway versioned migration; io.wvs.auth.jdbc.SchemaInstaller runs the same file. Re-runnable.
-- Up to 255 Unicode code points of one line of text, like a name (utf8mb4 VARCHAR counts code
-- points). NULL is no description. Older versions name the columns they read and write, so they
-- go on working on a table with this column.
-- MySQL has no ADD COLUMN IF NOT EXISTS: the statement is chosen from the catalogue instead, so a
-- second run (a host moving to Flyway re-runs the scripts) changes nothing.
SET @wvs_auth_v6 = (SELECT IF(COUNT(*) = 0, 'ALTER TABLE wvs_auth_tokens ADD COLUMN description VARCHAR(255) NULL', 'DO 0') FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'wvs_auth_tokens' AND column_name = 'description');
PREPARE wvs_auth_v6_statement FROM @wvs_auth_v6;
EXECUTE wvs_auth_v6_statement;
DEALLOCATE PREPARE wvs_auth_v6_statement;
