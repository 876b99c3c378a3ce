package io.wvs.auth.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.inmemory.InMemoryUserDirectory;
import io.wvs.auth.inmemory.InMemoryTokenStore;
import io.wvs.auth.inmemory.InMemoryAuditSink;
import io.wvs.auth.AuthRequest;
import io.wvs.auth.AuthResult;
import io.wvs.auth.DigestKeyring;
import io.wvs.auth.FailureReason;
import io.wvs.auth.TokenPolicy;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.spi.TokenStore;
import io.wvs.auth.spi.User;
import java.time.Instant;
import java.time.LocalDate;

/**
 * One small WVS instance for the seed-rule tests: the real {@link InMemoryTokenStore} (seen through
 * a {@link CountingTokenStore}), an {@link InMemoryUserDirectory} with an administrator and
 * three users, an {@link InMemoryAuditSink}, a 32-byte pepper and a {@link TestClock} that
 * starts at {@link #START}.
 */
final class SeedWorld {
  /** Noon UTC on 2025-03-01: the clock's start. */
  static final Instant START = Instant.parse("2025-03-01T12:00:00Z");
  /** The UTC date of {@link #START}. */
  static final LocalDate TODAY = LocalDate.of(2025, 3, 1);

  final TestClock clock = new TestClock(START);
  final InMemoryTokenStore store = new InMemoryTokenStore();
  final CountingTokenStore countingStore = new CountingTokenStore(store);
  final InMemoryUserDirectory users = new InMemoryUserDirectory();
  final InMemoryAuditSink audit = new InMemoryAuditSink();
  final DigestKeyring keyring = DigestKeyring.of("k1", pepper(1));

  final User root = users.put(User.admin(1, "root"));
  final User alice = users.put(User.regular(2, "alice"));
  final User bob = users.put(User.regular(3, "bob"));
  /** Seed 002's user "automation-bot". */
  final User automationBot = users.put(User.regular(4, "automation-bot"));

  /** 32 bytes derived from {@code seed}: a pepper of the minimum length. */
  static byte[] pepper(int seed) {
    byte[] p = new byte[32];
    for (int i = 0; i < p.length; i++) {
      p[i] = (byte) (seed * 37 + i * 11 + 5);
    }
    return p;
  }

  /** The instance with the default policy. */
  WvsAuth auth() {
    return auth(TokenPolicy.defaults());
  }

  WvsAuth auth(TokenPolicy policy) {
    return auth(policy, keyring, countingStore);
  }

  WvsAuth auth(TokenPolicy policy, DigestKeyring keyring, TokenStore store) {
    return WvsAuth.builder()
        .tokenStore(store)
        .userDirectory(users)
        .resourceDirectory(users)
        .botAccounts(users)
        .passwordVerifier(users)
        .keyring(keyring)
        .policy(policy)
        .clock(clock)
        .auditSink(audit)
        .build();
  }

  /** Blocks (or unblocks) {@code user} in the directory. */
  User setBlocked(User user, boolean blocked) {
    return users.put(new User(user.id(), user.username(), user.admin(), blocked,
        user.twoFactorEnabled(), user.bot()));
  }

  /** Makes {@code user} an administrator or takes it away. */
  User setAdmin(User user, boolean admin) {
    return users.put(new User(user.id(), user.username(), admin, user.blocked(),
        user.twoFactorEnabled(), user.bot()));
  }

  static AuthResult.Success assertSuccess(AuthResult result) {
    assertThat(result).isInstanceOf(AuthResult.Success.class);
    return (AuthResult.Success) result;
  }

  static AuthResult.Failure assertFailure(AuthResult result, FailureReason reason) {
    assertThat(result).isInstanceOf(AuthResult.Failure.class);
    AuthResult.Failure failure = (AuthResult.Failure) result;
    assertThat(failure.reason()).isEqualTo(reason);
    return failure;
  }

  static AuthResult get(WvsAuth auth, String token) {
    return auth.authenticator().authenticate(AuthRequest.api(token, "GET"));
  }
}
