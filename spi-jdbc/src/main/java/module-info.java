/**
 * The JDBC token store for PostgreSQL, H2 and MariaDB/MySQL. Its schema migrations are resources
 * under {@code db/wvs-auth/<dialect>/}, outside any package, so Flyway, Liquibase or
 * {@code SchemaInstaller} read them from the module path as from the class path.
 */
module io.wvs.auth.jdbc {
  requires transitive io.wvs.auth;
  requires transitive java.sql;

  exports io.wvs.auth.jdbc;
}
