-- wvs-auth: token names of up to 255 Unicode code points, H2 2.x.
-- Flyway versioned migration; io.wvs.auth.jdbc.SchemaInstaller runs the same file. Re-runnable.
-- Names are limited to 255 code points. H2 counts a VARCHAR's length in UTF-16 units, where a
-- character outside the Basic Multilingual Plane (most emoji) takes two, so 510 units hold every
-- name the library accepts. NOT NULL is kept.
ALTER TABLE wvs_auth_tokens ALTER COLUMN name SET DATA TYPE VARCHAR(510);
