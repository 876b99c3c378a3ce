package io.wvs.auth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.spi.TokenStore;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One database for a whole test class, two pools over it as two application instances, the token
 * table emptied for each new store. Register it as a static {@code @RegisterExtension} field: it
 * starts the database and installs the schema before the class's tests and stops it after them;
 * the class's {@code @Nested} suites share it.
 */
final class JdbcStoreFixture implements BeforeAllCallback, AfterAllCallback {
  private final Supplier<TestDatabase> start;
  private final String poolPrefix;
  private final JdbcDialect dialect;
  private final boolean autoCommit;
  private Class<?> owner;
  private TestDatabase db;
  private DataSource first;
  private DataSource second;

  private JdbcStoreFixture(Supplier<TestDatabase> start, String poolPrefix, JdbcDialect dialect,
      boolean autoCommit) {
    this.start = start;
    this.poolPrefix = poolPrefix;
    this.dialect = dialect;
    this.autoCommit = autoCommit;
  }

  /**
   * Pools that auto-commit, pools {@code poolPrefix-a} and {@code -b}; the installer detects the
   * dialect and must apply every bundled migration.
   */
  static JdbcStoreFixture of(Supplier<TestDatabase> start, String poolPrefix, JdbcDialect dialect) {
    return new JdbcStoreFixture(start, poolPrefix, dialect, true);
  }

  /** Pools that hand out connections with auto-commit off; the schema installed for {@code dialect}. */
  static JdbcStoreFixture withoutAutoCommit(Supplier<TestDatabase> start, String poolPrefix,
      JdbcDialect dialect) {
    return new JdbcStoreFixture(start, poolPrefix, dialect, false);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (owner != null) {
      return; // a @Nested class of the owner: the database is up already
    }
    owner = context.getRequiredTestClass();
    db = start.get();
    if (autoCommit) {
      first = db.pool(poolPrefix + "-a", 10);
      second = db.pool(poolPrefix + "-b", 10);
      assertThat(SchemaInstaller.install(first)).containsExactlyElementsOf(MigrationChecks.allVersions());
    } else {
      first = db.poolWithoutAutoCommit(poolPrefix + "-a", 10);
      second = db.poolWithoutAutoCommit(poolPrefix + "-b", 10);
      SchemaInstaller.install(first, dialect);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (context.getRequiredTestClass() != owner) {
      return; // a @Nested class: the owner stops the database
    }
    owner = null;
    if (db != null) {
      db.close();
    }
  }

  /** A store over the first pool, the token table emptied. */
  TokenStore newStore() {
    db.clean(first);
    return new JdbcTokenStore(first, dialect);
  }

  /** A second application instance: a store over the second pool, the same database. */
  TokenStore secondStore() {
    return new JdbcTokenStore(second, dialect);
  }

  TestDatabase db() {
    return db;
  }

  DataSource first() {
    return first;
  }

  DataSource second() {
    return second;
  }

  JdbcDialect dialect() {
    return dialect;
  }
}
