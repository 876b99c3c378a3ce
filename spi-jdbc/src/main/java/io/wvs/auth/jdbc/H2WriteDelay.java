package io.wvs.auth.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The durability check of an H2 file database: H2 acknowledges a commit up to its
 * {@code WRITE_DELAY} (500 ms by default) before it writes it to the file, unless the URL says
 * {@code WRITE_DELAY=0}. {@link JdbcTokenStore} runs it on its first connection.
 */
final class H2WriteDelay {
  /** Under the store's name: the warning is the store's, where a host configures its logging. */
  private static final System.Logger LOG = System.getLogger(JdbcTokenStore.class.getName());
  /** The H2 file path (null for an in-memory database) and its write delay, in one statement. */
  // A WRITE_DELAY given in the URL is listed twice (as the setting in force and as a URL setting).
  private static final String H2_WRITE_DELAY = "SELECT DATABASE_PATH(), (SELECT"
      + " MAX(CAST(SETTING_VALUE AS INTEGER)) FROM INFORMATION_SCHEMA.SETTINGS"
      + " WHERE SETTING_NAME = 'WRITE_DELAY')";

  private H2WriteDelay() {}

  /**
   * Logs a warning when {@code c} is an H2 file database that acknowledges a commit before
   * writing it ({@code WRITE_DELAY} above 0, H2's default being 500 ms): a crash of
   * the process would then lose revocations, rotations and creations already answered, and hand
   * their ids out again. Only a warning, so that a host that chose the delay keeps it; the fix is
   * {@code ;WRITE_DELAY=0} in the JDBC URL (H2 re-reads it at every open). A failure of the check
   * itself is not the store's failure: the call goes on.
   */
  static void warnIfDelayed(Connection c) {
    try (PreparedStatement ps = c.prepareStatement(H2_WRITE_DELAY); ResultSet rs = ps.executeQuery()) {
      if (rs.next() && rs.getString(1) != null && rs.getInt(2) > 0) {
        LOG.log(System.Logger.Level.WARNING, "the H2 file database {0} acknowledges commits up to"
            + " {1} ms before it writes them (WRITE_DELAY): a crash of the process loses token"
            + " revocations, rotations and creations already acknowledged. Add ;WRITE_DELAY=0 to"
            + " the JDBC URL", rs.getString(1), rs.getInt(2));
      }
      if (!c.getAutoCommit()) {
        c.commit();
      }
    } catch (SQLException | RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "could not read the H2 write delay: {0}", e.toString());
    }
  }
}
