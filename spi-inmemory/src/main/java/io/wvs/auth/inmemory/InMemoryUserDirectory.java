package io.wvs.auth.inmemory;

import io.wvs.auth.PermissionDeniedException;
import io.wvs.auth.ResourceRef;
import io.wvs.auth.Role;
import io.wvs.auth.TokenConflictException;
import io.wvs.auth.spi.BotAccounts;
import io.wvs.auth.spi.Membership;
import io.wvs.auth.spi.PasswordVerifier;
import io.wvs.auth.spi.Resource;
import io.wvs.auth.spi.ResourceDirectory;
import io.wvs.auth.spi.User;
import io.wvs.auth.spi.UserDirectory;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A thread-safe directory in memory with every directory capability in one object
 * ({@link UserDirectory}, {@link ResourceDirectory}, {@link BotAccounts}, {@link PasswordVerifier}):
 * users, projects and groups with their parent chain, memberships, bot users, passwords and the
 * records users own (to show bot deletion moving them to the Ghost User). Supply it for each
 * capability it should serve. Changes take effect on the next authentication. Reads are lock-free;
 * writes are serialised.
 *
 * @since 0.1
 */
public final class InMemoryUserDirectory implements UserDirectory, ResourceDirectory, BotAccounts,
    PasswordVerifier {
  /** Username of the system-wide user that inherits the records of deleted bots. */
  public static final String GHOST_USERNAME = "ghost";
  private static final int PBKDF2_ITERATIONS = 10_000;
  private static final int SALT_LENGTH = 16;
  /** The salt of the stand-in hash computed when a refusal has no stored hash to check. */
  private static final byte[] DUMMY_SALT = new byte[SALT_LENGTH];

  private final ConcurrentHashMap<Long, User> byId = new ConcurrentHashMap<>();
  /** What {@link #findUser} answers, made once per change: every authentication asks it. */
  private final ConcurrentHashMap<Long, Optional<User>> found = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Long> idByUsername = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<ResourceRef, Resource> resources = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<ResourceRef, Map<Long, Role>> members = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Long, ResourceRef> botResource = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, byte[]> passwordHashes = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Long, Long> recordOwners = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  /** How many PBKDF2 hashes {@link #verifyPassword} has computed (for the equal-work test). */
  private final java.util.concurrent.atomic.AtomicLong hashesComputed =
      new java.util.concurrent.atomic.AtomicLong();
  private long nextRecordId = 1;
  /** The highest user id ever added: a deleted user's id is never handed out again. */
  private long highestUserId;

  /**
   * Adds or replaces {@code user} (matched by id). Returns {@code user}.
   *
   * @param user the user
   * @return {@code user}
   */
  public synchronized User put(User user) {
    User previous = byId.get(user.id());
    Long holder = idByUsername.get(user.username());
    if (holder != null && holder != user.id()) {
      throw new TokenConflictException("username '" + user.username() + "' is taken");
    }
    byId.put(user.id(), user);
    found.put(user.id(), Optional.of(user));
    highestUserId = Math.max(highestUserId, user.id());
    if (previous != null && !previous.username().equals(user.username())) {
      idByUsername.remove(previous.username());
    }
    idByUsername.put(user.username(), user.id());
    return user;
  }

  /**
   * Removes the user with {@code id} and its memberships; its tokens stop authenticating.
   *
   * @param id the id, positive
   */
  public synchronized void remove(long id) {
    User previous = byId.remove(id);
    found.remove(id);
    if (previous != null) {
      idByUsername.remove(previous.username());
      passwordHashes.remove(previous.username());
    }
    members.values().forEach(m -> m.remove(id));
    botResource.remove(id);
  }

  /**
   * Adds a group, top-level when {@code parentGroupId} is null.
   *
   * @param fullPath the full path, e.g. {@code acme/platform}
   * @param id the id, positive
   * @param parentGroupId the parent group's id, or null for a top-level group
   * @return the group
   */
  public synchronized Resource addGroup(long id, String fullPath, Long parentGroupId) {
    ResourceRef parent = parentGroupId == null ? null : ResourceRef.group(parentGroupId);
    return addResource(new Resource(ResourceRef.group(id), fullPath, parent));
  }

  /**
   * Adds a project in group {@code groupId}.
   *
   * @param fullPath the full path, e.g. {@code acme/platform}
   * @param groupId the id of the project's group
   * @param id the id, positive
   * @return the project
   */
  public synchronized Resource addProject(long id, String fullPath, long groupId) {
    return addResource(new Resource(ResourceRef.project(id), fullPath, ResourceRef.group(groupId)));
  }

  private Resource addResource(Resource resource) {
    if (resource.parent() != null && !resources.containsKey(resource.parent())) {
      throw new IllegalArgumentException("unknown parent group " + resource.parent());
    }
    resources.put(resource.ref(), resource);
    return resource;
  }

  /**
   * Makes {@code userId} a direct member of {@code resource} with {@code role} (replacing a previous
   * role). Bot users belong to their own resource only.
   *
   * @param resource the project or group
   * @param role the role of the direct membership
   * @param userId the user's id
   * @throws PermissionDeniedException if the user is a bot
   */
  public synchronized void addMember(long userId, ResourceRef resource, Role role) {
    User user = byId.get(userId);
    if (user == null || !resources.containsKey(resource)) {
      throw new IllegalArgumentException("unknown user " + userId + " or resource " + resource);
    }
    if (user.bot()) {
      throw new PermissionDeniedException("bot user " + user.username()
          + " cannot be added to another project or group");
    }
    members.computeIfAbsent(resource, r -> new ConcurrentHashMap<>()).put(userId, role);
  }

  /**
   * Removes a direct membership.
   *
   * @param resource the project or group
   * @param userId the user's id
   */
  public synchronized void removeMember(long userId, ResourceRef resource) {
    Map<Long, Role> m = members.get(resource);
    if (m != null) {
      m.remove(userId);
    }
  }

  /**
   * Sets the git password of {@code username} (kept as a salted PBKDF2 hash).
   *
   * @param password the git password in clear (only its hash is kept)
   * @param username the user's username
   */
  public void setPassword(String username, String password) {
    byte[] salt = new byte[SALT_LENGTH];
    random.nextBytes(salt);
    byte[] hash = pbkdf2(password.toCharArray(), salt);
    byte[] stored = new byte[salt.length + hash.length];
    System.arraycopy(salt, 0, stored, 0, salt.length);
    System.arraycopy(hash, 0, stored, salt.length, hash.length);
    passwordHashes.put(username, stored);
  }

  /**
   * Records that {@code userId} owns something (an issue, a comment…); returns its id.
   *
   * @param userId the user's id
   * @return the record's id
   */
  public synchronized long addRecord(long userId) {
    long id = nextRecordId++;
    recordOwners.put(id, userId);
    return id;
  }

  /**
   * The owner of record {@code recordId}, or empty if there is no such record.
   *
   * @param recordId the record's id
   * @return the owner of record {@code recordId}, or empty if there is no such record
   */
  public Optional<User> recordOwner(long recordId) {
    Long owner = recordOwners.get(recordId);
    return owner == null ? Optional.empty() : findUser(owner);
  }

  /** {@return users that take a licensed seat: everyone but bots and the Ghost User} */
  public long billableUserCount() {
    return byId.values().stream()
        .filter(u -> !u.bot() && !u.username().equals(GHOST_USERNAME)).count();
  }

  @Override
  public Optional<User> findUser(long id) {
    return found.getOrDefault(id, Optional.empty());
  }

  @Override
  public Optional<User> findUserByUsername(String username) {
    Long id = username == null ? null : idByUsername.get(username);
    return id == null ? Optional.empty() : findUser(id);
  }

  /**
   * Whether a user or bot has {@code username}, ignoring case, or it is the Ghost User's (kept even
   * before the Ghost User exists). Deleted users' names are free again here.
   */
  @Override
  public boolean isUsernameTaken(String username) {
    if (username == null || username.equalsIgnoreCase(GHOST_USERNAME)) {
      return true;
    }
    return idByUsername.keySet().stream().anyMatch(username::equalsIgnoreCase);
  }

  @Override
  public Optional<Resource> findResource(ResourceRef ref) {
    return Optional.ofNullable(resources.get(ref));
  }

  @Override
  public Optional<Resource> findResourceByPath(String fullPath) {
    if (fullPath == null) {
      return Optional.empty();
    }
    return resources.values().stream().filter(r -> r.fullPath().equals(fullPath)).findFirst();
  }

  @Override
  public Optional<Role> directRole(long userId, ResourceRef resource) {
    Map<Long, Role> m = members.get(resource);
    return m == null ? Optional.empty() : Optional.ofNullable(m.get(userId));
  }

  @Override
  public List<Membership> members(ResourceRef resource) {
    List<Membership> out = new ArrayList<>();
    Map<Long, Role> m = members.get(resource);
    if (m != null) {
      m.forEach((userId, role) -> out.add(new Membership(userId, resource, role)));
    }
    out.sort(Comparator.comparingLong(Membership::userId));
    return out;
  }

  @Override
  public synchronized User createBot(ResourceRef resource, String username, String name, Role role) {
    if (!resources.containsKey(resource)) {
      throw new IllegalArgumentException("unknown resource " + resource);
    }
    if (idByUsername.containsKey(username)) {
      throw new TokenConflictException("username '" + username + "' is taken");
    }
    User bot = new User(nextUserId(), username, false, false, false, true);
    put(bot);
    botResource.put(bot.id(), resource);
    members.computeIfAbsent(resource, r -> new ConcurrentHashMap<>()).put(bot.id(), role);
    return bot;
  }

  @Override
  public synchronized void deleteBot(long botUserId) {
    User bot = byId.get(botUserId);
    if (bot == null || !bot.bot()) {
      return;
    }
    long ghost = ghostUser().id();
    recordOwners.replaceAll((record, owner) -> owner == botUserId ? ghost : owner);
    remove(botUserId);
  }

  /** {@return the system-wide Ghost User, created on first use} */
  public synchronized User ghostUser() {
    return findUserByUsername(GHOST_USERNAME)
        .orElseGet(() -> put(new User(nextUserId(), GHOST_USERNAME, false, true, false, false)));
  }

  @Override
  public boolean verifyPassword(String username, char[] password) {
    byte[] stored = username == null ? null : passwordHashes.get(username);
    char[] guess = password == null ? new char[0] : password;
    // An unknown user, or one without a password, costs the same PBKDF2 as a wrong password, so
    // the time of a refusal does not tell which usernames exist or have a password.
    byte[] salt = stored == null ? DUMMY_SALT : java.util.Arrays.copyOfRange(stored, 0, SALT_LENGTH);
    hashesComputed.incrementAndGet();
    byte[] computed = pbkdf2(guess, salt);
    if (stored == null || password == null) {
      return false;
    }
    byte[] expected = java.util.Arrays.copyOfRange(stored, SALT_LENGTH, stored.length);
    // Constant-time comparison, so response time does not reveal how much of a guess matched.
    return MessageDigest.isEqual(expected, computed);
  }

  /** How many password hashes {@link #verifyPassword} has computed so far. */
  long passwordHashCount() {
    return hashesComputed.get();
  }

  private long nextUserId() {
    return highestUserId + 1;
  }

  private static byte[] pbkdf2(char[] password, byte[] salt) {
    try {
      PBEKeySpec spec = new PBEKeySpec(password, salt, PBKDF2_ITERATIONS, 256);
      try {
        return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
      } finally {
        spec.clearPassword();
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is unavailable", e);
    }
  }
}
