package io.wvs.auth.tck;

import io.wvs.auth.DigestKeyring;
import io.wvs.auth.ResourceRef;
import io.wvs.auth.Role;
import io.wvs.auth.TokenPolicy;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.inmemory.InMemoryUserDirectory;
import io.wvs.auth.spi.TokenStore;
import io.wvs.auth.spi.User;
import java.time.Instant;
import java.util.Arrays;

/**
 * The directory the resource-token and channel rules are tested against, over any token store:
 * users root (1, admin), alice (2, two-factor, password), bob (3, password), carol (4); groups acme
 * (1) ⊃ acme/platform (2) ⊃ acme/platform/deep (4) ⊃ acme/platform/deep/deeper (5), and other (3);
 * projects acme/platform/api (1; bob maintainer, alice developer), acme/website (2; bob
 * maintainer), other/tools (3; root owner), acme/platform/deep/deeper/svc (4, three subgroups below
 * acme). The clock stands at {@link #START} until the test moves it. Registry scopes are enabled
 * unless the policy given says otherwise.
 *
 * @since 0.1
 */
public final class RulesFixture {
  /** The clock's start: noon UTC on 2026-03-10. */
  public static final Instant START = Instant.parse("2026-03-10T12:00:00Z");
  /** Project 1, {@code acme/platform/api}: bob maintainer, alice developer. */
  public static final ResourceRef API_PROJECT = ResourceRef.project(1);
  /** Project 2, {@code acme/website}: bob maintainer. */
  public static final ResourceRef WEBSITE = ResourceRef.project(2);
  /** Project 3, {@code other/tools}: root owner. */
  public static final ResourceRef TOOLS = ResourceRef.project(3);
  /** Project 4, {@code acme/platform/deep/deeper/svc}, three subgroups below acme. */
  public static final ResourceRef DEEP_PROJECT = ResourceRef.project(4);
  /** Group 1, {@code acme}, the top of the acme tree. */
  public static final ResourceRef ACME = ResourceRef.group(1);
  /** Group 2, {@code acme/platform}. */
  public static final ResourceRef PLATFORM = ResourceRef.group(2);
  /** Group 3, {@code other}. */
  public static final ResourceRef OTHER = ResourceRef.group(3);
  /** User 1, root, an administrator. */
  public static final long ROOT = 1;
  /** User 2, alice, with two-factor authentication and a password. */
  public static final long ALICE = 2;
  /** User 3, bob, with a password. */
  public static final long BOB = 3;
  /** User 4, carol, member of nothing. */
  public static final long CAROL = 4;

  /** The clock the instance reads; tests move it. */
  public final TestClock clock = new TestClock(START);
  /** The users, groups, projects and memberships listed above. */
  public final InMemoryUserDirectory directory = new InMemoryUserDirectory();
  /** The store under test. */
  public final TokenStore store;
  /** The instance over {@link #store}, {@link #directory} and {@link #clock}. */
  public final WvsAuth auth;

  /**
   * The fixture over {@code store} with registry scopes enabled.
   *
   * @param store the store under test
   */
  public RulesFixture(TokenStore store) {
    this(store, TokenPolicy.builder().registryEnabled(true).build());
  }

  /**
   * The fixture over {@code store} with {@code policy}.
   *
   * @param store the store under test
   * @param policy the policy in force
   */
  public RulesFixture(TokenStore store, TokenPolicy policy) {
    this.store = store;
    directory.put(User.admin(ROOT, "root"));
    directory.put(new User(ALICE, "alice", false, false, true, false));
    directory.put(User.regular(BOB, "bob"));
    directory.put(User.regular(CAROL, "carol"));
    directory.setPassword("alice", "alice-password");
    directory.setPassword("bob", "bob-password");
    directory.addGroup(1, "acme", null);
    directory.addGroup(2, "acme/platform", 1L);
    directory.addGroup(3, "other", null);
    directory.addGroup(4, "acme/platform/deep", 2L);
    directory.addGroup(5, "acme/platform/deep/deeper", 4L);
    directory.addProject(1, "acme/platform/api", 2);
    directory.addProject(2, "acme/website", 1);
    directory.addProject(3, "other/tools", 3);
    directory.addProject(4, "acme/platform/deep/deeper/svc", 5);
    directory.addMember(BOB, API_PROJECT, Role.MAINTAINER);
    directory.addMember(ALICE, API_PROJECT, Role.DEVELOPER);
    directory.addMember(BOB, WEBSITE, Role.MAINTAINER);
    directory.addMember(ROOT, TOOLS, Role.OWNER);
    byte[] ciKey = new byte[32];
    Arrays.fill(ciKey, (byte) 9);
    this.auth = WvsAuth.builder()
        .tokenStore(store)
        .userDirectory(directory)
        .resourceDirectory(directory)
        .botAccounts(directory)
        .passwordVerifier(directory)
        .keyring(keyring())
        .policy(policy)
        .clock(clock)
        .ciSecretKey(ciKey)
        .build();
  }

  /**
   * The fixture's keyring, a new instance with the same pepper on each call: another instance over
   * the fixture's store must use it, since the store holds the check value of its pepper.
   *
   * @return a keyring with the fixture's one key, {@code k1}
   */
  public static DigestKeyring keyring() {
    byte[] pepper = new byte[32];
    Arrays.fill(pepper, (byte) 7);
    return DigestKeyring.of("k1", pepper);
  }
}
