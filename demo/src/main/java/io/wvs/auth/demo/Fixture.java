package io.wvs.auth.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wvs.auth.ResourceRef;
import io.wvs.auth.Role;
import io.wvs.auth.inmemory.InMemoryUserDirectory;
import io.wvs.auth.spi.User;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The demo's directory: users, groups and projects with their members, read from JSON. The
 * built-in one is the classpath resource {@code fixture.json}; {@code --fixture file.json} replaces
 * it and is read the same way.
 *
 * <pre>{@code
 * {
 *   "users":    [ {"id": 1, "username": "root", "admin": true, "email": "root@example.com"},
 *                 {"id": 2, "username": "alice", "two_factor": true, "password": "alice-password"} ],
 *   "groups":   [ {"id": 1, "path": "acme"},
 *                 {"id": 2, "path": "acme/platform", "parent_id": 1,
 *                  "members": [ {"user_id": 2, "role": "developer"} ]} ],
 *   "projects": [ {"id": 1, "path": "acme/platform/api", "group_id": 2,
 *                  "members": [ {"user_id": 3, "role": "maintainer"} ]} ]
 * }
 * }</pre>
 *
 * <p>Users: {@code id} (positive), {@code username}, optional {@code admin}, {@code two_factor},
 * {@code blocked} (false by default), {@code password} (for git over HTTP) and {@code email} (where
 * the expiry e-mails go with {@code --smtp-host}; a user without one gets none) and, for a
 * two-factor user, {@code otp_secret} (the Base32 TOTP secret the sign-in page checks codes
 * against; without it such a user cannot sign in to the web pages). Groups: {@code id},
 * {@code path} (the full path; a subgroup's path is its parent's path, a slash and its own name),
 * optional {@code parent_id} (listed before its subgroups) and {@code members}. Projects:
 * {@code id}, {@code path} (the group's path, a slash and the project's name), {@code group_id},
 * optional {@code members}. A member is {@code user_id} with a {@code role}: {@code guest},
 * {@code reporter}, {@code developer}, {@code maintainer} or {@code owner} (or its access level,
 * 10 to 50). Unknown fields are errors, so a typo does not go unnoticed.
 *
 * @param users the users
 * @param groups the groups, parents before subgroups
 * @param projects the projects
 */
public record Fixture(List<FixtureUser> users, List<FixtureGroup> groups, List<FixtureProject> projects) {

  /** The classpath resource of the built-in fixture. */
  public static final String BUILT_IN = "fixture.json";

  private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,254}");
  /** A bare address: no display name, no white space, one '@' between a local part and a domain. */
  private static final Pattern EMAIL = Pattern.compile("[^\\s\\p{Cntrl}@<>()\\[\\],;:\"\\\\]{1,64}"
      + "@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
  private static final Pattern PATH_SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,254}");

  /** A user of the fixture. */
  public record FixtureUser(long id, String username, boolean admin, boolean twoFactor,
      boolean blocked, String password, String email, String otpSecret) {
    @Override
    public String toString() {
      return "FixtureUser{id=" + id + ", username=" + username + ", admin=" + admin
          + ", twoFactor=" + twoFactor + ", blocked=" + blocked
          + ", password=" + (password == null ? "none" : "[masked]")
          + ", email=" + (email == null ? "none" : email)
          + ", otpSecret=" + (otpSecret == null ? "none" : "[masked]") + "}";
    }
  }

  /** A direct membership. */
  public record FixtureMember(long userId, Role role) {}

  /** A group; {@code parentId} is null for a top-level group. */
  public record FixtureGroup(long id, String path, Long parentId, List<FixtureMember> members) {}

  /** A project of group {@code groupId}. */
  public record FixtureProject(long id, String path, long groupId, List<FixtureMember> members) {}

  /** The built-in fixture (root, alice, bob; acme, acme/platform, other; three projects). */
  public static Fixture builtIn() {
    try (InputStream in = Fixture.class.getClassLoader().getResourceAsStream(BUILT_IN)) {
      if (in == null) {
        throw new IllegalStateException("the built-in fixture " + BUILT_IN + " is missing from the classpath");
      }
      return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), BUILT_IN);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the built-in fixture", e);
    }
  }

  /**
   * Reads the fixture file {@code file}.
   *
   * @throws IllegalArgumentException if it cannot be read or is invalid; the message says where
   */
  public static Fixture load(Path file) {
    String json;
    try {
      json = Files.readString(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read fixture " + file + ": " + e.getMessage(), e);
    }
    return parse(json, file.toString());
  }

  /**
   * Parses fixture JSON; {@code source} names it in error messages.
   *
   * @throws IllegalArgumentException if it is invalid; the message says what and where
   */
  public static Fixture parse(String json, String source) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("fixture " + source + " is not valid JSON: "
          + e.getOriginalMessage(), e);
    }
    try {
      if (root == null || !root.isObject()) {
        throw new IllegalArgumentException("the top level must be an object with users, groups and projects");
      }
      onlyFields(root, "top level", "users", "groups", "projects");
      List<FixtureUser> users = new ArrayList<>();
      for (JsonNode n : array(root, "users")) {
        String where = "users[" + users.size() + "]";
        onlyFields(n, where, "id", "username", "admin", "two_factor", "blocked", "password", "email",
            "otp_secret");
        String username = text(n, "username", where, true);
        if (!USERNAME.matcher(username).matches()) {
          throw new IllegalArgumentException(where + ".username '" + username
              + "' may use letters, digits, '.', '_' and '-'");
        }
        boolean twoFactor = bool(n, "two_factor", where);
        users.add(new FixtureUser(id(n, "id", where), username, bool(n, "admin", where), twoFactor,
            bool(n, "blocked", where), text(n, "password", where, false), email(n, where),
            Totp.checkSecret(text(n, "otp_secret", where, false), twoFactor, where)));
      }
      List<FixtureGroup> groups = new ArrayList<>();
      for (JsonNode n : array(root, "groups")) {
        String where = "groups[" + groups.size() + "]";
        onlyFields(n, where, "id", "path", "parent_id", "members");
        Long parent = n.hasNonNull("parent_id") ? id(n, "parent_id", where) : null;
        groups.add(new FixtureGroup(id(n, "id", where), path(n, where), parent, members(n, where)));
      }
      List<FixtureProject> projects = new ArrayList<>();
      for (JsonNode n : array(root, "projects")) {
        String where = "projects[" + projects.size() + "]";
        onlyFields(n, where, "id", "path", "group_id", "members");
        projects.add(new FixtureProject(id(n, "id", where), path(n, where), id(n, "group_id", where),
            members(n, where)));
      }
      Fixture fixture = new Fixture(List.copyOf(users), List.copyOf(groups), List.copyOf(projects));
      fixture.validate();
      return fixture;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("fixture " + source + ": " + e.getMessage(), e);
    }
  }

  /** Checks ids, paths and references; throws {@link IllegalArgumentException} naming the problem. */
  private void validate() {
    Map<Long, FixtureUser> usersById = new HashMap<>();
    Set<String> usernames = new HashSet<>();
    for (FixtureUser u : users) {
      if (usersById.put(u.id(), u) != null) {
        throw new IllegalArgumentException("user id " + u.id() + " is used twice");
      }
      if (!usernames.add(u.username().toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException("username '" + u.username() + "' is used twice");
      }
    }
    Map<Long, FixtureGroup> groupsById = new HashMap<>();
    Set<String> paths = new HashSet<>();
    for (FixtureGroup g : groups) {
      if (g.parentId() == null) {
        if (g.path().contains("/")) {
          throw new IllegalArgumentException("group '" + g.path() + "' has a '/' in its path but no parent_id");
        }
      } else {
        FixtureGroup parent = groupsById.get(g.parentId());
        if (parent == null) {
          throw new IllegalArgumentException("group '" + g.path() + "' names parent_id " + g.parentId()
              + ", which is no group listed before it");
        }
        requireChildPath(g.path(), parent.path(), "group");
      }
      if (groupsById.put(g.id(), g) != null) {
        throw new IllegalArgumentException("group id " + g.id() + " is used twice");
      }
      if (!paths.add(g.path())) {
        throw new IllegalArgumentException("path '" + g.path() + "' is used twice");
      }
      checkMembers(g.members(), usersById, "group '" + g.path() + "'");
    }
    Set<Long> projectIds = new HashSet<>();
    for (FixtureProject p : projects) {
      FixtureGroup group = groupsById.get(p.groupId());
      if (group == null) {
        throw new IllegalArgumentException("project '" + p.path() + "' names group_id " + p.groupId()
            + ", which is no group");
      }
      requireChildPath(p.path(), group.path(), "project");
      if (!projectIds.add(p.id())) {
        throw new IllegalArgumentException("project id " + p.id() + " is used twice");
      }
      if (!paths.add(p.path())) {
        throw new IllegalArgumentException("path '" + p.path() + "' is used twice");
      }
      checkMembers(p.members(), usersById, "project '" + p.path() + "'");
    }
  }

  private static void requireChildPath(String path, String parentPath, String what) {
    String prefix = parentPath + "/";
    if (!path.startsWith(prefix) || path.substring(prefix.length()).contains("/")) {
      throw new IllegalArgumentException(what + " '" + path + "' must be '" + prefix
          + "<name>', the path of its group and its own name");
    }
  }

  private static void checkMembers(List<FixtureMember> members, Map<Long, FixtureUser> users,
      String where) {
    Set<Long> seen = new HashSet<>();
    for (FixtureMember m : members) {
      if (!users.containsKey(m.userId())) {
        throw new IllegalArgumentException(where + " has member user_id " + m.userId()
            + ", which is no user");
      }
      if (!seen.add(m.userId())) {
        throw new IllegalArgumentException(where + " lists user_id " + m.userId() + " twice");
      }
    }
  }

  /** The largest user id of the fixture (bots get ids above it). */
  public long maxUserId() {
    return users.stream().mapToLong(FixtureUser::id).max().orElse(0);
  }

  /** The e-mail address of the fixture user with {@code userId}, if the user has one. */
  public java.util.Optional<String> email(long userId) {
    return users.stream().filter(u -> u.id() == userId).findFirst().map(FixtureUser::email);
  }

  /** The user named {@code username}, if any. */
  public java.util.Optional<FixtureUser> user(String username) {
    return users.stream().filter(u -> u.username().equals(username)).findFirst();
  }

  /** A new directory holding this fixture's users, passwords, groups, projects and members. */
  public InMemoryUserDirectory toDirectory() {
    InMemoryUserDirectory directory = new InMemoryUserDirectory();
    for (FixtureUser u : users) {
      directory.put(new User(u.id(), u.username(), u.admin(), u.blocked(), u.twoFactor(), false));
      if (u.password() != null) {
        directory.setPassword(u.username(), u.password());
      }
    }
    for (FixtureGroup g : groups) {
      directory.addGroup(g.id(), g.path(), g.parentId());
      for (FixtureMember m : g.members()) {
        directory.addMember(m.userId(), ResourceRef.group(g.id()), m.role());
      }
    }
    for (FixtureProject p : projects) {
      directory.addProject(p.id(), p.path(), p.groupId());
      for (FixtureMember m : p.members()) {
        directory.addMember(m.userId(), ResourceRef.project(p.id()), m.role());
      }
    }
    return directory;
  }

  // --- JSON helpers -------------------------------------------------------------------------

  private static void onlyFields(JsonNode node, String where, String... allowed) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(where + " must be an object");
    }
    List<String> names = List.of(allowed);
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!names.contains(field)) {
        throw new IllegalArgumentException(where + " has unknown field '" + field + "'; known: "
            + String.join(", ", names));
      }
    }
  }

  private static Iterable<JsonNode> array(JsonNode root, String field) {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) {
      return List.of();
    }
    if (!n.isArray()) {
      throw new IllegalArgumentException("'" + field + "' must be an array");
    }
    return n;
  }

  private static long id(JsonNode n, String field, String where) {
    JsonNode v = n.get(field);
    if (v == null || !v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() <= 0) {
      throw new IllegalArgumentException(where + "." + field + " must be a positive whole number");
    }
    return v.asLong();
  }

  private static boolean bool(JsonNode n, String field, String where) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return false;
    }
    if (!v.isBoolean()) {
      throw new IllegalArgumentException(where + "." + field + " must be true or false");
    }
    return v.booleanValue();
  }

  private static String text(JsonNode n, String field, String where, boolean required) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw new IllegalArgumentException(where + "." + field + " is required");
      }
      return null;
    }
    if (!v.isTextual() || v.textValue().isEmpty()) {
      throw new IllegalArgumentException(where + "." + field + " must be a non-empty string");
    }
    return v.textValue();
  }

  private static String email(JsonNode n, String where) {
    String email = text(n, "email", where, false);
    if (email != null && (email.length() > 254 || !EMAIL.matcher(email).matches())) {
      throw new IllegalArgumentException(where + ".email '" + email
          + "' must be a plain address such as alice@example.com");
    }
    return email;
  }

  private static String path(JsonNode n, String where) {
    String path = text(n, "path", where, true);
    for (String segment : path.split("/", -1)) {
      if (segment.endsWith(".git")) {
        throw new IllegalArgumentException(where + ".path '" + path + "' must not have a name ending in .git");
      }
      if (!PATH_SEGMENT.matcher(segment).matches()) {
        throw new IllegalArgumentException(where + ".path '" + path + "' must be names of letters,"
            + " digits, '.', '_' and '-' separated by single slashes");
      }
    }
    return path;
  }

  private static List<FixtureMember> members(JsonNode n, String where) {
    List<FixtureMember> members = new ArrayList<>();
    for (JsonNode m : array(n, "members")) {
      String at = where + ".members[" + members.size() + "]";
      onlyFields(m, at, "user_id", "role");
      members.add(new FixtureMember(id(m, "user_id", at), role(m.get("role"), at)));
    }
    return List.copyOf(members);
  }

  private static Role role(JsonNode v, String where) {
    if (v != null && v.isIntegralNumber()) {
      for (Role r : Role.values()) {
        if (r.accessLevel() == v.asInt()) {
          return r;
        }
      }
    } else if (v != null && v.isTextual()) {
      try {
        return Role.valueOf(v.textValue().strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        // fall through to the message
      }
    }
    throw new IllegalArgumentException(where + ".role must be guest, reporter, developer,"
        + " maintainer or owner (or 10, 20, 30, 40, 50)");
  }
}
