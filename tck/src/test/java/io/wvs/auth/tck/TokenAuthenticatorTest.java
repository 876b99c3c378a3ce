package io.wvs.auth.tck;

import static io.wvs.auth.tck.RulesFixture.API_PROJECT;
import static io.wvs.auth.tck.RulesFixture.BOB;
import static io.wvs.auth.tck.RulesFixture.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.inmemory.InMemoryTokenStore;
import io.wvs.auth.AuthRequest;
import io.wvs.auth.AuthResult;
import io.wvs.auth.Channel;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.FailureReason;
import io.wvs.auth.Principal;
import io.wvs.auth.Scope;
import io.wvs.auth.ScopeRequirement;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.spi.TokenDigest;
import io.wvs.auth.spi.TokenRecord;
import io.wvs.auth.spi.TokenStore;
import io.wvs.auth.spi.User;
import io.wvs.auth.spi.PasswordVerifier;
import io.wvs.auth.spi.UserDirectory;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Authentication edges the seed rules leave open: git passwords at their length limit, of blocked
 * users, for a requirement a password cannot meet, against a directory that cannot check them;
 * sudo by a long numeric id; the scopes a success reports; and a store whose index answers with
 * the wrong token.
 */
class TokenAuthenticatorTest {
  private final RulesFixture f = new RulesFixture(new InMemoryTokenStore());

  private static AuthResult git(WvsAuth auth, String password, ScopeRequirement requirement) {
    return auth.authenticator().authenticate(AuthRequest.builder(password).channel(Channel.GIT_HTTP)
        .username("bob").require(requirement).resource(API_PROJECT).build());
  }

  private static FailureReason reason(AuthResult result) {
    assertThat(result).isInstanceOf(AuthResult.Failure.class);
    return ((AuthResult.Failure) result).reason();
  }

  @Test
  void aGitPasswordMayBe1024CharactersLong() {
    String longest = "p".repeat(1024);
    f.directory.setPassword("bob", longest);

    assertThat(git(f.auth, longest, ScopeRequirement.gitPull()).isSuccess()).isTrue();

    f.directory.setPassword("bob", longest + "p");
    assertThat(reason(git(f.auth, longest + "p", ScopeRequirement.gitPull()))).isEqualTo(FailureReason.MALFORMED);
  }

  @Test
  void aBlockedUsersRightPasswordIsRefused() {
    f.directory.put(new User(BOB, "bob", false, true, false, false));

    assertThat(reason(git(f.auth, "bob-password", ScopeRequirement.gitPull()))).isEqualTo(FailureReason.USER_BLOCKED);
  }

  @Test
  void aPasswordGrantsRepositoryAccessOnly() {
    AuthResult result = git(f.auth, "bob-password", ScopeRequirement.anyOf(Scope.READ_REGISTRY));

    assertThat(result).isEqualTo(new AuthResult.Failure(FailureReason.INSUFFICIENT_SCOPE,
        EnumSet.of(Scope.READ_REGISTRY), 0));
  }

  @Test
  void aPasswordVerifierThatCannotCheckPasswordsFailsClosed() {
    PasswordVerifier unreachable = (username, password) -> {
      throw new IllegalStateException("LDAP down");
    };

    assertThat(reason(git(authWith(f.directory, unreachable), "bob-password", ScopeRequirement.gitPull())))
        .isEqualTo(FailureReason.STORE_UNAVAILABLE);
  }

  @Test
  void passwordAuthenticationWithoutAVerifierRefuses() {
    // The directory knows bob's password (it could verify it), but it was supplied as the user
    // directory only: without a verifier no password is accepted.
    assertThat(reason(git(authWith(f.directory, null), "bob-password",
        ScopeRequirement.gitPull()))).isEqualTo(FailureReason.UNKNOWN);
    assertThat(git(authWith(f.directory, f.directory), "bob-password", ScopeRequirement.gitPull()))
        .isInstanceOf(AuthResult.Success.class);
  }

  @Test
  void sudoFindsAUserByAnEighteenDigitId() {
    long id = 100_000_000_000_000_000L;
    f.directory.put(User.regular(id, "far"));
    CreatedToken admin = f.auth.personalTokens().create(ROOT, ROOT, TokenSpec.of("sudo", Scope.API, Scope.SUDO));

    AuthResult result = f.auth.authenticator().authenticate(AuthRequest.builder(admin.value())
        .sudo(Long.toString(id)).require(ScopeRequirement.forApiMethod("GET")).build());

    assertThat(result.isSuccess()).isTrue();
    assertThat(((AuthResult.Success) result).principal()).extracting(Principal::kind, Principal::id, Principal::username)
        .containsExactly(Principal.Kind.USER, (long) (id), "far");
  }

  @Test
  void aSuccessReportsTheScopesAsGranted() {
    CreatedToken token = f.auth.personalTokens().create(BOB, BOB,
        TokenSpec.of("t", Scope.READ_API, Scope.WRITE_REPOSITORY));

    AuthResult result = f.auth.authenticator().authenticate(AuthRequest.api(token.value(), "GET"));

    assertThat(((AuthResult.Success) result).scopes()).containsExactly(Scope.READ_API, Scope.WRITE_REPOSITORY);
  }

  @Test
  void aStoreAnsweringWithAnotherTokenIsNotBelieved() {
    CreatedToken known = f.auth.personalTokens().create(BOB, BOB, TokenSpec.of("known", Scope.API));
    CreatedToken other = f.auth.personalTokens().create(BOB, BOB, TokenSpec.of("other", Scope.API));
    TokenStore loose = new ForwardingTokenStore() {
      @Override
      protected TokenStore delegate() {
        return f.store;
      }

      /** An index that matched too loosely (a case-insensitive collation, say). */
      @Override
      public Optional<TokenRecord> findByDigest(List<TokenDigest> candidates) {
        return f.store.findById(known.token().id());
      }
    };
    WvsAuth auth = new RulesFixture(loose).auth;

    assertThat(auth.authenticator().authenticate(AuthRequest.api(known.value(), "GET")).isSuccess()).isTrue();
    assertThat(reason(auth.authenticator().authenticate(AuthRequest.api(other.value(), "GET"))))
        .isEqualTo(FailureReason.UNKNOWN);
    assertThat(auth.personalTokens().revokeByValue(other.value())).isFalse();
    assertThat(f.store.findById(known.token().id()).orElseThrow().isRevoked()).isFalse();
  }

  /** An instance over {@code directory} with {@code passwords} (none if null), without projects. */
  private WvsAuth authWith(UserDirectory directory, PasswordVerifier passwords) {
    WvsAuth.Builder builder = WvsAuth.builder().tokenStore(f.store).userDirectory(directory)
        .keyring(RulesFixture.keyring()).clock(f.clock);
    return (passwords == null ? builder : builder.passwordVerifier(passwords)).build();
  }
}
