package io.wvs.auth.inmemory;

import io.wvs.auth.DigestKeyring;
import io.wvs.auth.ResourceRef;
import io.wvs.auth.Role;
import io.wvs.auth.TokenPolicy;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.spi.TokenStore;
import io.wvs.auth.spi.User;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * The directory the resource-token and channel rules are tested against, over any token store:
 * users root (1, admin), alice (2, two-factor, password), bob (3, password), carol (4); groups acme
 * (1) ⊃ acme/platform (2) ⊃ acme/platform/deep (4) ⊃ acme/platform/deep/deeper (5), and other (3);
 * projects acme/platform/api (1; bob maintainer, alice developer), acme/website (2; bob
 * maintainer), other/tools (3; root owner), acme/platform/deep/deeper/svc (4, three subgroups below
 * acme).
 */
final class RulesFixture {
  static final Instant START = Instant.parse("2026-03-10T12:00:00Z");
  static final ResourceRef API_PROJECT = ResourceRef.project(1);
  static final ResourceRef WEBSITE = ResourceRef.project(2);
  static final ResourceRef TOOLS = ResourceRef.project(3);
  static final ResourceRef DEEP_PROJECT = ResourceRef.project(4);
  static final ResourceRef ACME = ResourceRef.group(1);
  static final ResourceRef PLATFORM = ResourceRef.group(2);
  static final ResourceRef OTHER = ResourceRef.group(3);
  static final long ROOT = 1;
  static final long ALICE = 2;
  static final long BOB = 3;
  static final long CAROL = 4;

  final MovableClock clock = new MovableClock(START);
  final InMemoryUserDirectory directory = new InMemoryUserDirectory();
  final TokenStore store;
  final WvsAuth auth;

  RulesFixture(TokenStore store) {
    this(store, TokenPolicy.builder().registryEnabled(true).build());
  }

  RulesFixture(TokenStore store, TokenPolicy policy) {
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
        .keyring(keyring())
        .policy(policy)
        .clock(clock)
        .ciSecretKey(ciKey)
        .build();
  }

  /**
   * The fixture's keyring (a new instance with the same pepper each call): another instance over
   * the fixture's store must use it, since the store holds the check value of its pepper.
   */
  static DigestKeyring keyring() {
    byte[] pepper = new byte[32];
    Arrays.fill(pepper, (byte) 7);
    return DigestKeyring.of("k1", pepper);
  }

  /** A clock the test moves by hand. */
  static final class MovableClock extends Clock {
    private volatile Instant now;

    MovableClock(Instant start) {
      this.now = start;
    }

    void set(Instant instant) {
      now = instant;
    }

    void advance(java.time.Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
