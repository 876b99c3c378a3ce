package io.wvs.auth.tck;

import static io.wvs.auth.tck.RulesFixture.API_PROJECT;
import static io.wvs.auth.tck.RulesFixture.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.AuthRequest;
import io.wvs.auth.AuthResult;
import io.wvs.auth.Channel;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.FailureLimits;
import io.wvs.auth.FailureReason;
import io.wvs.auth.Scope;
import io.wvs.auth.ScopeRequirement;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.inmemory.InMemoryTokenStore;
import io.wvs.auth.spi.FailureLimiter;
import io.wvs.auth.spi.FailureLimiter.Basis;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The failed-authentication limiter through the authenticator, as every host gets it by default:
 * a blocked client's right password is refused and accepted after the block, a valid token is
 * not refused for its address's password block nor for its user's sprayed username, an unknown
 * token flood is blocked, and a limiter that fails fails closed.
 */
class FailedAuthenticationLimiterTest {
  private static final String ATTACKER = "203.0.113.7";
  private final RulesFixture f = new RulesFixture(new InMemoryTokenStore());

  private AuthResult gitPassword(WvsAuth auth, String username, String password, String address) {
    return auth.authenticator().authenticate(AuthRequest.builder(password).channel(Channel.GIT_HTTP)
        .username(username).require(ScopeRequirement.gitPull()).resource(API_PROJECT)
        .clientAddress(address).build());
  }

  private AuthResult api(String token, String address) {
    return f.auth.authenticator().authenticate(AuthRequest.builder(token)
        .require(ScopeRequirement.anyOf(Scope.READ_API)).clientAddress(address).build());
  }

  private static AuthResult.Failure failure(AuthResult result) {
    assertThat(result).isInstanceOf(AuthResult.Failure.class);
    return (AuthResult.Failure) result;
  }

  @Test
  void theRightPasswordIsRefusedWhileBlockedAndAcceptedAfterTheBlock() {
    for (int i = 1; i < 10; i++) {
      assertThat(failure(gitPassword(f.auth, "bob", "guess-" + i, ATTACKER)).reason())
          .isEqualTo(FailureReason.UNKNOWN);
    }
    AuthResult.Failure tenth = failure(gitPassword(f.auth, "carol", "guess-10", ATTACKER));
    assertThat(tenth.reason()).isEqualTo(FailureReason.TOO_MANY_FAILURES);
    assertThat(tenth.blocked()).isEqualTo(new FailureLimiter.Blocked(Basis.CLIENT_ADDRESS, Duration.ofHours(1)));

    f.clock.advance(Duration.ofMinutes(59));
    AuthResult.Failure right = failure(gitPassword(f.auth, "bob", "bob-password", ATTACKER));
    assertThat(right.reason()).isEqualTo(FailureReason.TOO_MANY_FAILURES);
    assertThat(right.blocked().retryAfter()).isEqualTo(Duration.ofMinutes(1));

    f.clock.advance(Duration.ofMinutes(1));
    assertThat(gitPassword(f.auth, "bob", "bob-password", ATTACKER).isSuccess()).isTrue();
  }

  @Test
  void aValidTokenWorksFromAnAddressBlockedForPasswords() {
    String token = f.auth.personalTokens().create(BOB, BOB, TokenSpec.of("laptop", Scope.API)).value();
    for (int i = 0; i < 10; i++) {
      gitPassword(f.auth, "bob", "guess-" + i, ATTACKER);
    }
    assertThat(failure(gitPassword(f.auth, "bob", "bob-password", ATTACKER)).reason())
        .isEqualTo(FailureReason.TOO_MANY_FAILURES);

    assertThat(api(token, ATTACKER).isSuccess()).as("on the API").isTrue();
    assertThat(gitPassword(f.auth, "bob", token, ATTACKER).isSuccess()).as("as git's password").isTrue();
  }

  @Test
  void aUsersTokensKeepWorkingWhileTheirUsernameIsSprayedFromManyAddresses() {
    String token = f.auth.personalTokens().create(BOB, BOB, TokenSpec.of("laptop", Scope.API)).value();
    for (int i = 1; i <= 10; i++) {
      gitPassword(f.auth, "bob", "guess-" + i, "198.51.100." + i);
    }
    AuthResult.Failure fresh = failure(gitPassword(f.auth, "bob", "bob-password", "192.0.2.1"));
    assertThat(fresh.reason()).isEqualTo(FailureReason.TOO_MANY_FAILURES);
    assertThat(fresh.blocked().basis()).isEqualTo(Basis.USERNAME);

    assertThat(gitPassword(f.auth, "bob", token, "192.0.2.1").isSuccess()).as("git, username bob").isTrue();
    assertThat(gitPassword(f.auth, "bob", token, "198.51.100.10").isSuccess()).as("from a spraying address").isTrue();
    assertThat(api(token, "192.0.2.1").isSuccess()).as("the API").isTrue();
    assertThat(gitPassword(f.auth, "alice-or-anyone", token, "192.0.2.1").isSuccess()).isTrue();
  }

  @Test
  void anUnknownTokenFloodBlocksEveryCredentialFromTheAddressForTenMinutes() {
    String token = f.auth.personalTokens().create(BOB, BOB, TokenSpec.of("laptop", Scope.API)).value();
    CreatedToken other = f.auth.personalTokens().create(BOB, BOB, TokenSpec.of("other", Scope.API));
    f.auth.personalTokens().revoke(BOB, other.token().id());
    String revoked = other.value();
    for (int i = 1; i < 50; i++) {
      assertThat(failure(api("glpat-unknown-" + i + "-xxxxxxxxxxxxxxxx", ATTACKER)).reason())
          .isIn(FailureReason.MALFORMED, FailureReason.UNKNOWN);
    }
    assertThat(failure(api("not a token", ATTACKER)).reason()).isEqualTo(FailureReason.TOO_MANY_FAILURES);
    assertThat(failure(api(token, ATTACKER)).reason())
        .as("a valid token too: the flood must not learn which guess is right")
        .isEqualTo(FailureReason.TOO_MANY_FAILURES);
    assertThat(api(token, "192.0.2.1").isSuccess()).as("another address").isTrue();
    assertThat(failure(api(revoked, "192.0.2.2")).reason())
        .as("a revoked token is its holder's mistake, not a guess").isEqualTo(FailureReason.REVOKED);

    f.clock.advance(Duration.ofMinutes(10));
    assertThat(api(token, ATTACKER).isSuccess()).isTrue();
  }

  @Test
  void withoutAClientAddressOnlyTheUsernameIsCounted() {
    for (int i = 0; i < 200; i++) {
      assertThat(failure(api("unknown-token-" + i + "-xxxxxxxxxxxxx", null)).reason())
          .isNotEqualTo(FailureReason.TOO_MANY_FAILURES);
    }
    for (int i = 1; i < 10; i++) {
      gitPassword(f.auth, "bob", "guess-" + i, null);
    }
    assertThat(failure(gitPassword(f.auth, "bob", "guess-10", null)).blocked().basis())
        .isEqualTo(Basis.USERNAME);
  }

  @Test
  void offIsTheHostsExplicitChoice() {
    WvsAuth off = WvsAuth.builder().tokenStore(new InMemoryTokenStore()).userDirectory(f.directory)
        .passwordVerifier(f.directory).resourceDirectory(f.directory)
        .keyring(io.wvs.auth.DigestKeyring.of("k1", "a pepper of thirty-two bytes or more".getBytes()))
        .clock(f.clock).failureLimiter(FailureLimiter.off()).build();
    for (int i = 0; i < 30; i++) {
      assertThat(failure(gitPassword(off, "bob", "guess-" + i, ATTACKER)).reason()).isEqualTo(FailureReason.UNKNOWN);
    }
    assertThat(gitPassword(off, "bob", "bob-password", ATTACKER).isSuccess()).isTrue();
  }

  @Test
  void tunedLimitsApply() {
    WvsAuth tuned = WvsAuth.builder().tokenStore(new InMemoryTokenStore()).userDirectory(f.directory)
        .passwordVerifier(f.directory).resourceDirectory(f.directory)
        .keyring(io.wvs.auth.DigestKeyring.of("k1", "a pepper of thirty-two bytes or more".getBytes()))
        .clock(f.clock)
        .failureLimiter(FailureLimits.builder()
            .passwordsPerAddress(3, Duration.ofMinutes(1), Duration.ofMinutes(5)).build().limiterOn(f.clock))
        .build();
    gitPassword(tuned, "bob", "guess-1", ATTACKER);
    gitPassword(tuned, "bob", "guess-2", ATTACKER);
    assertThat(failure(gitPassword(tuned, "bob", "guess-3", ATTACKER)).blocked().retryAfter())
        .isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void aLimiterThatFailsRefusesTheAttemptAsAStoreOutage() {
    FailureLimiter broken = new FailureLimiter() {
      @Override
      public Decision check(Kind kind, String clientAddress, String username) {
        throw new IllegalStateException("shared counter unreachable");
      }

      @Override
      public Decision recordFailure(Kind kind, String clientAddress, String username) {
        throw new IllegalStateException("shared counter unreachable");
      }
    };
    WvsAuth auth = WvsAuth.builder().tokenStore(new InMemoryTokenStore()).userDirectory(f.directory)
        .passwordVerifier(f.directory).resourceDirectory(f.directory)
        .keyring(io.wvs.auth.DigestKeyring.of("k1", "a pepper of thirty-two bytes or more".getBytes()))
        .clock(f.clock).failureLimiter(broken).build();
    String token = auth.personalTokens().create(BOB, BOB, TokenSpec.of("laptop", Scope.API)).value();

    assertThat(failure(auth.authenticator().authenticate(AuthRequest.builder(token)
        .require(ScopeRequirement.anyOf(Scope.READ_API)).clientAddress(ATTACKER).build())).reason())
        .isEqualTo(FailureReason.STORE_UNAVAILABLE);
    assertThat(failure(gitPassword(auth, "bob", "bob-password", null)).reason())
        .isEqualTo(FailureReason.STORE_UNAVAILABLE);
  }
}
