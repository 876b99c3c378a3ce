package io.wvs.auth.tck;

import static io.wvs.auth.tck.SeedWorld.assertFailure;
import static io.wvs.auth.tck.SeedWorld.assertSuccess;
import static io.wvs.auth.tck.SeedWorld.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wvs.auth.AuthRequest;
import io.wvs.auth.AuthResult;
import io.wvs.auth.Channel;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.DigestKeyring;
import io.wvs.auth.FailureReason;
import io.wvs.auth.InvalidScopeException;
import io.wvs.auth.Principal;
import io.wvs.auth.Scope;
import io.wvs.auth.ScopeRequirement;
import io.wvs.auth.StoreUnavailableException;
import io.wvs.auth.TokenPolicy;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.TokenType;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.spi.TokenDigest;
import io.wvs.auth.spi.TokenRecord;
import io.wvs.auth.spi.TokenStore;
import io.wvs.auth.spi.User;
import io.wvs.auth.spi.UserDirectory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * What the authenticator accepts and refuses (seed 000: personal tokens "authenticate with the WVS
 * API" and "with Git using HTTP Basic Authentication"; the scope table; the design brief's
 * failures, which are results and never exceptions, failing closed).
 */
class AuthenticationRulesTest {
  private final SeedWorld world = new SeedWorld();
  private final WvsAuth auth = world.auth();

  private CreatedToken aliceToken(Scope first, Scope... more) {
    return auth.personalTokens().create(world.alice.id(), world.alice.id(),
        TokenSpec.of("token", first, more));
  }

  @Test
  void validTokenAuthenticatesAsItsOwner() {
    CreatedToken token = aliceToken(Scope.API);
    AuthResult.Success ok = assertSuccess(get(auth, token.value()));
    assertThat(ok.principal()).extracting(Principal::kind, Principal::id, Principal::username)
        .containsExactly(Principal.Kind.USER, (long) (2), "alice");
    assertThat(ok.via()).isEqualTo(
        new AuthResult.Via.Token(token.token().id(), TokenType.PERSONAL, Set.of(Scope.API), null));
    assertThat(ok.principal()).isInstanceOfSatisfying(Principal.Account.class,
        account -> assertThat(account.user()).isEqualTo(world.alice));
    assertThat(ok.scopes()).containsExactly(Scope.API);
    assertThat(ok.sudoBy()).isNull();
  }

  /** Seed 000: "At any time, you can revoke a personal access token." Design: immediate. */
  @Test
  void revokedTokenIsRefusedAtOnce() {
    CreatedToken token = aliceToken(Scope.API);
    assertSuccess(get(auth, token.value()));
    auth.personalTokens().revoke(world.alice.id(), token.token().id());
    assertThat(assertFailure(get(auth, token.value()), FailureReason.REVOKED).tokenId())
        .isEqualTo(token.token().id());
  }

  @Test
  void revokedTokenIsRefusedByEveryInstanceSharingTheStore() {
    WvsAuth other = world.auth(TokenPolicy.defaults(), world.keyring, world.store);
    CreatedToken token = aliceToken(Scope.API);
    assertSuccess(get(other, token.value()));
    auth.personalTokens().revoke(world.alice.id(), token.token().id());
    assertFailure(get(other, token.value()), FailureReason.REVOKED);
  }

  @Test
  void revocationIsIdempotent() {
    CreatedToken token = aliceToken(Scope.API);
    assertThat(auth.personalTokens().revoke(world.alice.id(), token.token().id()).revoked()).isTrue();
    Instant first = world.store.findById(token.token().id()).orElseThrow().revokedAt();
    world.clock.advance(java.time.Duration.ofHours(1));
    assertThat(auth.personalTokens().revoke(world.alice.id(), token.token().id()).revoked()).isTrue();
    assertThat(world.store.findById(token.token().id()).orElseThrow().revokedAt()).isEqualTo(first);
  }

  /** Seed 000: "read_api: Read-only for the complete API". */
  @Test
  void readApiCannotPost() {
    CreatedToken token = aliceToken(Scope.READ_API);
    assertSuccess(auth.authenticator().authenticate(AuthRequest.api(token.value(), "GET")));
    assertSuccess(auth.authenticator().authenticate(AuthRequest.api(token.value(), "HEAD")));
    for (String method : new String[] {"POST", "PUT", "PATCH", "DELETE"}) {
      AuthResult.Failure refused = assertFailure(
          auth.authenticator().authenticate(AuthRequest.api(token.value(), method)),
          FailureReason.INSUFFICIENT_SCOPE);
      assertThat(refused.missingScopes()).as(method).containsExactly(Scope.API);
      assertThat(refused.message()).contains("api");
    }
  }

  /** Seed 000: "api: Read-write for the complete API". */
  @Test
  void apiCanReadAndWrite() {
    CreatedToken token = aliceToken(Scope.API);
    for (String method : new String[] {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"}) {
      assertSuccess(auth.authenticator().authenticate(AuthRequest.api(token.value(), method)));
    }
  }

  /** Seed 000: "read_user: Read-only for endpoints under /users". */
  @Test
  void readUserReachesOnlyUserEndpoints() {
    CreatedToken token = aliceToken(Scope.READ_USER);
    assertSuccess(auth.authenticator().authenticate(
        AuthRequest.api(token.value(), ScopeRequirement.anyOf(Scope.READ_USER))));
    assertThat(assertFailure(auth.authenticator().authenticate(AuthRequest.api(token.value(), "GET")),
        FailureReason.INSUFFICIENT_SCOPE).missingScopes()).containsExactly(Scope.READ_API);
  }

  /**
   * Seed 000: personal tokens "Authenticate with Git using HTTP Basic Authentication", and
   * "WVS usernames are ignored when authenticating with a personal access token".
   */
  @Test
  void gitOverHttpIgnoresTheUsernameForPersonalTokens() {
    CreatedToken token = aliceToken(Scope.READ_REPOSITORY);
    for (String username : new String[] {"alice", "someone-else", "oauth2", ""}) {
      AuthResult.Success ok = assertSuccess(auth.authenticator().authenticate(
          AuthRequest.builder(token.value()).channel(Channel.GIT_HTTP).username(username)
              .require(ScopeRequirement.anyOf(Scope.READ_REPOSITORY)).build()));
      assertThat(ok.principal().username()).isEqualTo("alice");
    }
    assertThat(assertFailure(auth.authenticator().authenticate(
        AuthRequest.builder(token.value()).channel(Channel.GIT_HTTP).username("alice")
            .require(ScopeRequirement.anyOf(Scope.WRITE_REPOSITORY)).build()),
        FailureReason.INSUFFICIENT_SCOPE).missingScopes()).containsExactly(Scope.WRITE_REPOSITORY);
  }

  @Test
  void blockedUserIsRefused() {
    CreatedToken token = aliceToken(Scope.API);
    world.setBlocked(world.alice, true);
    assertThat(assertFailure(get(auth, token.value()), FailureReason.USER_BLOCKED).tokenId())
        .isEqualTo(token.token().id());
    world.setBlocked(world.alice, false);
    assertSuccess(get(auth, token.value()));
  }

  @Test
  void deletedUserIsRefused() {
    CreatedToken token = aliceToken(Scope.API);
    world.users.remove(world.alice.id());
    assertFailure(get(auth, token.value()), FailureReason.USER_BLOCKED);
  }

  @Test
  void unknownWellFormedTokensAreUnknown() {
    aliceToken(Scope.API);
    CreatedToken elsewhere = new SeedWorld().auth().personalTokens().create(2, 2,
        TokenSpec.of("other instance", Scope.API));
    assertThat(assertFailure(get(auth, elsewhere.value()), FailureReason.UNKNOWN).tokenId()).isZero();
    assertFailure(get(auth, "a-predetermined-looking-token"), FailureReason.UNKNOWN);
  }

  /**
   * Issue 7, timing: an unknown token and a known-but-revoked one take the same path, one digest per
   * configured key and one store lookup with the same candidates, and nothing else (no write, no
   * directory call), so the time to refuse them cannot tell the two apart.
   */
  @Test
  void unknownAndRevokedTokensTakeTheSamePath() {
    DigestKeyring twoKeys = DigestKeyring.builder()
        .current("k2", SeedWorld.pepper(2)).retired("k1", SeedWorld.pepper(1)).build();
    List<List<TokenDigest>> lookups = new ArrayList<>();
    TokenStore recording = new ForwardingTokenStore() {
      @Override
      protected TokenStore delegate() {
        return world.countingStore;
      }

      @Override
      public Optional<TokenRecord> findByDigest(List<TokenDigest> candidates) {
        lookups.add(List.copyOf(candidates));
        return super.findByDigest(candidates);
      }
    };
    WvsAuth twoKeyAuth = world.auth(TokenPolicy.defaults(), twoKeys, recording);
    CreatedToken revoked = twoKeyAuth.personalTokens().create(world.alice.id(), world.alice.id(),
        TokenSpec.of("revoked", Scope.API));
    twoKeyAuth.personalTokens().revoke(world.alice.id(), revoked.token().id());
    String unknown = new SeedWorld().auth().personalTokens().create(2, 2,
        TokenSpec.of("other instance", Scope.API)).value();

    for (String token : List.of(unknown, revoked.value())) {
      lookups.clear();
      world.countingStore.reset();
      AuthResult result = get(twoKeyAuth, token);
      assertThat(result.isSuccess()).isFalse();
      assertThat(world.countingStore.calls()).as("store calls").isEqualTo(1);
      assertThat(world.countingStore.calls("findByDigest")).isEqualTo(1);
      assertThat(lookups).singleElement().satisfies(candidates -> assertThat(candidates)
          .extracting(TokenDigest::keyId).containsExactly("k2", "k1"));
    }
  }

  /** Design brief: "Oversized, non-UTF-8 or otherwise hostile input is rejected early and cheaply." */
  @Test
  void malformedInputNeverThrows() {
    aliceToken(Scope.API);
    world.countingStore.reset();
    List<String> hostile = new ArrayList<>();
    hostile.add(null);
    hostile.add("");
    hostile.add(" ");
    hostile.add("short");
    hostile.add("token-string-here12");
    hostile.add("x".repeat(10_000));
    hostile.add("wvspat-" + "A".repeat(10_000));
    hostile.add("token-string-h\u00e9re123");
    hostile.add("token\u0000string\u0000here123");
    hostile.add("token-string-here123\r\nX-Injected: 1");
    hostile.add("\ud83d\udd11\ud83d\udd11\ud83d\udd11\ud83d\udd11\ud83d\udd11\ud83d\udd11\ud83d\udd11\ud83d\udd11\ud83d\udd11\ud83d\udd11\ud83d\udd11");
    hostile.add("\ud800\udfff\udbff-lone-surrogates-here");
    hostile.add("\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd");
    hostile.add("\t".repeat(30));
    hostile.add("Bearer wvspat-0123456789");
    for (String credential : hostile) {
      for (String method : new String[] {"GET", "POST"}) {
        AuthResult result = auth.authenticator().authenticate(
            AuthRequest.builder(credential).sudo("root").username(credential)
                .require(ScopeRequirement.forApiMethod(method)).build());
        assertFailure(result, FailureReason.MALFORMED);
      }
    }
    assertThat(world.countingStore.calls()).as("store calls for malformed input").isZero();
  }

  /**
   * Design brief: the checksum lets the authenticator reject "a mistyped or forged token without
   * touching the store".
   */
  @Test
  void forgedChecksumIsRejectedWithoutTouchingTheStore() {
    String value = aliceToken(Scope.API).value();
    world.countingStore.reset();
    char last = value.charAt(value.length() - 1);
    String forged = value.substring(0, value.length() - 1) + (last == 'A' ? 'B' : 'A');
    char first = value.charAt(10);
    String mistyped = value.substring(0, 10) + (first == 'a' ? 'b' : 'a') + value.substring(11);
    assertFailure(get(auth, forged), FailureReason.MALFORMED);
    assertFailure(get(auth, mistyped), FailureReason.MALFORMED);
    assertFailure(get(auth, "wvspat-" + "A".repeat(32) + "AAAAAA"), FailureReason.MALFORMED);
    assertThat(world.countingStore.calls()).isZero();
  }

  /** Same rule for a typo in the prefix: still a mistyped generated token, so no store lookup. */
  @Test
  void mistypedPrefixIsRejectedWithoutTouchingTheStore() {
    String value = aliceToken(Scope.API).value();
    world.countingStore.reset();
    String mistyped = "wvspaT" + value.substring(6);
    AuthResult result = get(auth, mistyped);
    assertThat(result.isSuccess()).isFalse();
    assertThat(world.countingStore.calls()).as("store calls for a mistyped prefix").isZero();
    assertFailure(result, FailureReason.MALFORMED);
  }

  @Test
  void registryScopesRefusedUnlessRegistryEnabled() {
    for (Scope registry : new Scope[] {Scope.READ_REGISTRY, Scope.WRITE_REGISTRY}) {
      assertThatThrownBy(() -> aliceToken(registry))
          .isInstanceOf(InvalidScopeException.class)
          .hasMessageContaining("'" + registry.id() + "' needs a container registry")
          .hasMessageContaining("allowed here: api,read_api,read_user,read_repository,write_repository");
    }
    assertThat(world.store.size()).isZero();

    WvsAuth withRegistry = world.auth(TokenPolicy.builder().registryEnabled(true).build());
    CreatedToken token = withRegistry.personalTokens().create(world.alice.id(), world.alice.id(),
        TokenSpec.of("docker", Scope.READ_REGISTRY));
    assertSuccess(withRegistry.authenticator().authenticate(AuthRequest.builder(token.value())
        .channel(Channel.CONTAINER_REGISTRY).require(ScopeRequirement.anyOf(Scope.READ_REGISTRY)).build()));
    assertThat(assertFailure(withRegistry.authenticator().authenticate(AuthRequest.builder(token.value())
        .channel(Channel.CONTAINER_REGISTRY).require(ScopeRequirement.anyOf(Scope.WRITE_REGISTRY)).build()),
        FailureReason.INSUFFICIENT_SCOPE).missingScopes()).containsExactly(Scope.WRITE_REGISTRY);
  }

  /** Design brief: package registry scopes belong to deploy tokens only. */
  @Test
  void personalTokensCannotHoldDeployOnlyScopes() {
    assertThatThrownBy(() -> aliceToken(Scope.READ_PACKAGE_REGISTRY))
        .isInstanceOf(InvalidScopeException.class)
        .hasMessageContaining("not available for personal tokens");
  }

  @Test
  void storeFailureFailsClosed() {
    CreatedToken token = aliceToken(Scope.API);
    for (Supplier<RuntimeException> fault : List.<Supplier<RuntimeException>>of(
        () -> new StoreUnavailableException("connection refused"),
        () -> new IllegalStateException("pool exhausted"))) {
      WvsAuth down = world.auth(TokenPolicy.defaults(), world.keyring, new BrokenStore(fault));
      for (String credential : new String[] {token.value(), "token-string-here123"}) {
        for (String method : new String[] {"GET", "POST"}) {
          AuthResult result = down.authenticator().authenticate(AuthRequest.api(credential, method));
          assertFailure(result, FailureReason.STORE_UNAVAILABLE);
        }
      }
      assertThatThrownBy(() -> down.personalTokens().create(world.alice.id(), world.alice.id(),
          TokenSpec.of("x", Scope.API))).isInstanceOf(RuntimeException.class);
      assertThatThrownBy(() -> down.personalTokens().revoke(world.alice.id(), 1))
          .isInstanceOf(RuntimeException.class);
    }
  }

  @Test
  void directoryFailureFailsClosed() {
    CreatedToken token = aliceToken(Scope.API);
    UserDirectory broken = new UserDirectory() {
      @Override
      public Optional<User> findUser(long id) {
        throw new StoreUnavailableException("directory down");
      }

      @Override
      public Optional<User> findUserByUsername(String username) {
        throw new StoreUnavailableException("directory down");
      }
    };
    WvsAuth down = WvsAuth.builder().tokenStore(world.store).userDirectory(broken)
        .keyring(world.keyring).clock(world.clock).build();
    assertThat(assertFailure(get(down, token.value()), FailureReason.STORE_UNAVAILABLE).tokenId())
        .isEqualTo(token.token().id());
  }

  /** A failed last-used write is best effort: the authentication itself stands. */
  @Test
  void lastUsedWriteFailureDoesNotDenyTheRequest() {
    CreatedToken token = aliceToken(Scope.API);
    TokenStore flaky = new ForwardingTokenStore() {
      @Override
      protected TokenStore delegate() {
        return world.store;
      }

      @Override
      public boolean recordLastUsed(long id, Instant at, Instant staleBefore) {
        throw new StoreUnavailableException("replica is read-only");
      }
    };
    assertSuccess(get(world.auth(TokenPolicy.defaults(), world.keyring, flaky), token.value()));
  }

  /**
   * A store that answered the pepper check when the instance started and every other call of
   * which throws: it went down after the start.
   */
  private static final class BrokenStore extends ForwardingTokenStore {
    private final Supplier<RuntimeException> fault;

    BrokenStore(Supplier<RuntimeException> fault) {
      this.fault = fault;
    }

    @Override
    protected TokenStore delegate() {
      throw fault.get();
    }

    @Override
    public String registerKeyCheck(String keyId, String checkValue) {
      return checkValue;
    }
  }
}
