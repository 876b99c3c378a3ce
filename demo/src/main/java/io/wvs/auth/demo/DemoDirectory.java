package io.wvs.auth.demo;

import io.wvs.auth.ResourceRef;
import io.wvs.auth.Role;
import io.wvs.auth.StoreUnavailableException;
import io.wvs.auth.TokenConflictException;
import io.wvs.auth.inmemory.InMemoryUserDirectory;
import io.wvs.auth.spi.BotAccounts;
import io.wvs.auth.spi.Membership;
import io.wvs.auth.spi.PasswordVerifier;
import io.wvs.auth.spi.Resource;
import io.wvs.auth.spi.ResourceDirectory;
import io.wvs.auth.spi.User;
import io.wvs.auth.spi.UserDirectory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * The demo's directory, every capability in one object ({@link UserDirectory},
 * {@link ResourceDirectory}, {@link BotAccounts}, {@link PasswordVerifier}): the fixture's users, groups, projects, members and passwords
 * (an {@link InMemoryUserDirectory}, rebuilt from the fixture at every start) plus the bot users of
 * project and group access tokens, which are kept in the database beside the tokens (table
 * {@value #TABLE}) so a project token still authenticates as its bot after a restart.
 *
 * <p>Bot ids continue after the largest fixture user id and the largest bot id ever given, so a
 * deleted bot's id is never handed out again. Deleting a bot marks its row deleted; its username
 * stays taken, so the library moves on to the next number. A bot another instance sharing the
 * database created after this one started is read from the table when it is first asked for.
 * Thread-safe.
 */
final class DemoDirectory implements HostDirectory {
  static final String TABLE = "wvs_demo_bot_users";
  private static final String SELECT_BOTS = "SELECT id, username, resource_kind, resource_id,"
      + " access_level FROM " + TABLE + " WHERE deleted_at IS NULL";

  private final InMemoryUserDirectory fixture;
  private final long maxFixtureUserId;
  private final DataSource dataSource;
  private final Clock clock;
  private final ConcurrentHashMap<Long, Bot> botsById = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Long> botIdsByUsername = new ConcurrentHashMap<>();

  /** A live bot user and the one resource it belongs to. */
  private record Bot(User user, ResourceRef resource, Role role) {}

  private DemoDirectory(InMemoryUserDirectory fixture, long maxFixtureUserId, DataSource dataSource,
      Clock clock) {
    this.fixture = fixture;
    this.maxFixtureUserId = maxFixtureUserId;
    this.dataSource = dataSource;
    this.clock = clock;
  }

  /**
   * The directory of {@code fixture} with the bots stored in {@code dataSource} (creating the bot
   * table when missing).
   *
   * @throws IllegalStateException if a stored bot's id or username is now a fixture user's
   */
  static DemoDirectory open(Fixture fixture, DataSource dataSource, Clock clock) {
    DemoDirectory directory = new DemoDirectory(fixture.toDirectory(), fixture.maxUserId(),
        dataSource, clock);
    directory.installTable();
    directory.loadBots();
    return directory;
  }

  /** The fixture part, for what only it knows. */
  InMemoryUserDirectory fixtureDirectory() {
    return fixture;
  }

  /** The live bot users, for the start-up summary. */
  int botCount() {
    return botsById.size();
  }

  private void installTable() {
    try {
      createTable();
    } catch (SQLException first) {
      // Instances that share a database and start at the same moment race on CREATE TABLE IF
      // NOT EXISTS (PostgreSQL then reports a duplicate type): once one has created it, the
      // statement is a no-op, so one more try settles it.
      try {
        createTable();
      } catch (SQLException e) {
        e.addSuppressed(first);
        throw unavailable("create the bot user table", e);
      }
    }
  }

  private void createTable() throws SQLException {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " ("
          + "id BIGINT NOT NULL PRIMARY KEY, "
          + "username VARCHAR(255) NOT NULL, "
          + "name VARCHAR(255) NOT NULL, "
          + "resource_kind VARCHAR(16) NOT NULL, "
          + "resource_id BIGINT NOT NULL, "
          + "access_level INTEGER NOT NULL, "
          + "deleted_at TIMESTAMP NULL, "
          + "CONSTRAINT " + TABLE + "_username_uq UNIQUE (username))");
      commit(c);
    }
  }

  private void loadBots() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(SELECT_BOTS);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        Bot bot = toBot(rs);
        long id = bot.user().id();
        String username = bot.user().username();
        if (fixture.findUser(id).isPresent() || fixture.findUserByUsername(username).isPresent()) {
          throw new IllegalStateException("bot user " + username + " (id " + id + ") stored in the"
              + " database clashes with a fixture user; give the fixture other ids and usernames,"
              + " or start with a fresh --data-dir / database");
        }
        remember(bot);
      }
    } catch (SQLException e) {
      throw unavailable("load the bot users", e);
    }
  }

  /**
   * The live bot stored under {@code column} = {@code value} that this instance does not know yet:
   * one another instance sharing the database created since this one started. Remembered.
   */
  private Optional<Bot> loadBot(String column, Object value) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(SELECT_BOTS + " AND " + column + " = ?")) {
      ps.setObject(1, value);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        Bot bot = toBot(rs);
        if (fixture.findUser(bot.user().id()).isPresent()
            || fixture.findUserByUsername(bot.user().username()).isPresent()) {
          return Optional.empty(); // refused at start as well; never shadow a fixture user
        }
        remember(bot);
        return Optional.of(bot);
      }
    } catch (SQLException e) {
      throw unavailable("load a bot user", e);
    }
  }

  private static Bot toBot(ResultSet rs) throws SQLException {
    ResourceRef resource = new ResourceRef(
        ResourceRef.Kind.valueOf(rs.getString(3).toUpperCase(Locale.ROOT)), rs.getLong(4));
    return new Bot(new User(rs.getLong(1), rs.getString(2), false, false, false, true), resource,
        Role.ofAccessLevel(rs.getInt(5)));
  }

  /** The bot with {@code id}: known to this instance, or created by another one since it started. */
  private Bot bot(long id) {
    Bot bot = botsById.get(id);
    if (bot != null || id <= maxFixtureUserId) {
      return bot;
    }
    return loadBot("id", id).orElse(null);
  }

  private void remember(Bot bot) {
    botsById.put(bot.user().id(), bot);
    botIdsByUsername.put(bot.user().username(), bot.user().id());
  }

  @Override
  public Optional<User> findUser(long id) {
    Bot bot = bot(id);
    return bot != null ? Optional.of(bot.user()) : fixture.findUser(id);
  }

  @Override
  public Optional<User> findUserByUsername(String username) {
    if (username == null) {
      return Optional.empty();
    }
    Long botId = botIdsByUsername.get(username);
    if (botId != null) {
      Bot bot = botsById.get(botId);
      if (bot != null) {
        return Optional.of(bot.user());
      }
    }
    Optional<User> user = fixture.findUserByUsername(username);
    if (user.isPresent() || username.length() > 255) {
      return user;
    }
    return loadBot("username", username).map(Bot::user);
  }

  /**
   * Whether a fixture user, the Ghost User or a bot ever created (deleted ones included: their
   * names stay reserved in table {@value #TABLE}) has {@code username}, ignoring case.
   */
  @Override
  public boolean isUsernameTaken(String username) {
    if (fixture.isUsernameTaken(username)) {
      return true;
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT 1 FROM " + TABLE + " WHERE LOWER(username) = ?")) {
      ps.setString(1, username.toLowerCase(Locale.ROOT));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      throw unavailable("look up username " + username, e);
    }
  }

  @Override
  public Optional<Resource> findResource(ResourceRef ref) {
    return fixture.findResource(ref);
  }

  @Override
  public Optional<Resource> findResourceByPath(String fullPath) {
    return fixture.findResourceByPath(fullPath);
  }

  @Override
  public Optional<Role> directRole(long userId, ResourceRef resource) {
    Bot bot = bot(userId);
    if (bot != null) {
      return bot.resource().equals(resource) ? Optional.of(bot.role()) : Optional.empty();
    }
    return fixture.directRole(userId, resource);
  }

  @Override
  public List<Membership> members(ResourceRef resource) {
    List<Membership> out = new ArrayList<>(fixture.members(resource));
    for (Bot bot : botsById.values()) {
      if (bot.resource().equals(resource)) {
        out.add(new Membership(bot.user().id(), resource, bot.role()));
      }
    }
    out.sort(Comparator.comparingLong(Membership::userId));
    return out;
  }

  @Override
  public synchronized User createBot(ResourceRef resource, String username, String name, Role role) {
    if (fixture.findResource(resource).isEmpty()) {
      throw new IllegalArgumentException("unknown resource " + resource);
    }
    if (fixture.findUserByUsername(username).isPresent() || botIdsByUsername.containsKey(username)) {
      throw new TokenConflictException("username '" + username + "' is taken");
    }
    String displayName = name.length() > 255 ? name.substring(0, 255) : name;
    try (Connection c = dataSource.getConnection()) {
      long id = nextId(c);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE + " (id, username, name,"
          + " resource_kind, resource_id, access_level) VALUES (?, ?, ?, ?, ?, ?)")) {
        ps.setLong(1, id);
        ps.setString(2, username);
        ps.setString(3, displayName);
        ps.setString(4, resource.kind().name().toLowerCase(Locale.ROOT));
        ps.setLong(5, resource.id());
        ps.setInt(6, role.accessLevel());
        ps.executeUpdate();
      }
      commit(c);
      User bot = new User(id, username, false, false, false, true);
      remember(new Bot(bot, resource, role));
      return bot;
    } catch (SQLException e) {
      if (isUniqueViolation(e)) {
        throw new TokenConflictException("username '" + username + "' is taken");
      }
      throw unavailable("create bot user " + username, e);
    }
  }

  private long nextId(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT MAX(id) FROM " + TABLE)) {
      long maxBot = rs.next() ? rs.getLong(1) : 0;
      return Math.max(maxBot, maxFixtureUserId) + 1;
    }
  }

  @Override
  public synchronized void deleteBot(long botUserId) {
    Bot bot = botsById.get(botUserId);
    if (bot == null) {
      return;
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("UPDATE " + TABLE + " SET deleted_at = ?"
            + " WHERE id = ? AND deleted_at IS NULL")) {
      ps.setTimestamp(1, Timestamp.from(clock.instant()));
      ps.setLong(2, botUserId);
      ps.executeUpdate();
      commit(c);
    } catch (SQLException e) {
      throw unavailable("delete bot user " + bot.user().username(), e);
    }
    // The username stays reserved in the table, so the library never reuses it.
    botsById.remove(botUserId);
    botIdsByUsername.remove(bot.user().username());
  }

  @Override
  public boolean verifyPassword(String username, char[] password) {
    return fixture.verifyPassword(username, password);
  }

  private static void commit(Connection c) throws SQLException {
    if (!c.getAutoCommit()) {
      c.commit();
    }
  }

  private static boolean isUniqueViolation(SQLException e) {
    String state = e.getSQLState();
    return "23505".equals(state) || ("23000".equals(state) && e.getErrorCode() == 1062);
  }

  private static StoreUnavailableException unavailable(String what, SQLException e) {
    return new StoreUnavailableException("could not " + what + " (SQLState " + e.getSQLState() + ")", e);
  }
}
