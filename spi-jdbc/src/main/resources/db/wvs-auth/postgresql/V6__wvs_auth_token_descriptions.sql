-- wvs-auth: an optional description per token, PostgreSQL 12+.
-- Flyway versioned migration; io.wvs.auth.jdbc.SchemaInstaller runs the same file. Re-runnable.
-- Up to 255 Unicode code points of one line of text, like a name (PostgreSQL counts VARCHAR in
-- code points). NULL is no description. Adding a nullable column without a default rewrites no
-- row. Older versions name the columns they read and write, so they go on working on a table with
-- this column.
ALTER TABLE wvs_auth_tokens ADD COLUMN IF NOT EXISTS description VARCHAR(255);
