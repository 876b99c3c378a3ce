-- wvs-auth: an optional description per token, H2 2.x.
-- Flyway versioned migration; io.wvs.auth.jdbc.SchemaInstaller runs the same file. Re-runnable.
-- Up to 255 Unicode code points of one line of text, like a name: H2 counts UTF-16 units, so 510
-- hold every description the library accepts. NULL is no description. Older versions name the
-- columns they read and write, so they go on working on a table with this column.
ALTER TABLE wvs_auth_tokens ADD COLUMN IF NOT EXISTS description VARCHAR(510);
