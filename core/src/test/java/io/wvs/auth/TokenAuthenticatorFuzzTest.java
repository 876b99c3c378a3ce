package io.wvs.auth;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.wvs.auth.spi.NewToken;
import io.wvs.auth.spi.RotationResult;
import io.wvs.auth.spi.TokenDigest;
import io.wvs.auth.spi.TokenQuery;
import io.wvs.auth.spi.TokenRecord;
import io.wvs.auth.spi.TokenStore;
import io.wvs.auth.spi.User;
import io.wvs.auth.spi.PasswordVerifier;
import io.wvs.auth.spi.UserDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes {@link TokenAuthenticator#authenticate} on every channel, with and without a git
 * username, over one user who holds a generated token, a predetermined token and a git password.
 * It never throws; it succeeds exactly for those three secrets (the password only over git with
 * the username); every refusal is MALFORMED or UNKNOWN; and the store is asked once for a
 * credential the format lets through and never for one it refuses. The token values are
 * reproducible (a seeded SHA1PRNG), so the seeds hold them and their near misses.
 */
class TokenAuthenticatorFuzzTest {
  private static final User ALICE = User.regular(1, "alice");
  private static final String PASSWORD = "correct-horse-battery-staple";
  private static final String PREDETERMINED = "fuzz-predetermined-token-0001";
  private static final CountingStore STORE = new CountingStore();
  private static final OneUserDirectory DIRECTORY = new OneUserDirectory();
  private static final WvsAuth AUTH = WvsAuth.builder()
      .tokenStore(STORE)
      .userDirectory(DIRECTORY)
      .passwordVerifier(DIRECTORY)
      .keyring(DigestKeyring.of("k1", "fuzzing pepper, 32 bytes or more".getBytes(UTF_8)))
      .clock(Clock.fixed(Instant.parse("2025-06-01T12:00:00Z"), ZoneOffset.UTC))
      .secureRandom(seededRandom())
      // What is fuzzed is each credential's decision; counting failures (which would refuse the
      // right password after ten wrong ones on this fixed clock) has its own tests.
      .failureLimiter(io.wvs.auth.spi.FailureLimiter.off())
      .build();
  private static final String GENERATED =
      AUTH.personalTokens().create(1, 1, TokenSpec.of("fuzz", Scope.API)).value();

  static {
    AUTH.personalTokens().createWithValue(1, TokenSpec.of("fixed", Scope.API), PREDETERMINED);
  }

  @FuzzTest(maxDuration = "5m")
  void onlyTheIssuedSecretsAuthenticate(byte[] data) {
    for (String credential : FuzzInputs.texts(data)) {
      for (Channel channel : Channel.values()) {
        check(credential, channel, null);
      }
      check(credential, Channel.GIT_HTTP, ALICE.username());
    }
  }

  /** Keeps the seed corpus meaningful: its copy of the generated token is the one issued here. */
  @Test
  void theSeedCorpusHoldsTheIssuedToken() throws IOException {
    try (InputStream seed = getClass().getResourceAsStream(
        "TokenAuthenticatorFuzzTestInputs/onlyTheIssuedSecretsAuthenticate/generated-token")) {
      assertThat(new String(seed.readAllBytes(), UTF_8)).isEqualTo(GENERATED);
    }
  }

  private static void check(String credential, Channel channel, String username) {
    int lookups = STORE.lookups.get();
    AuthResult result = AUTH.authenticator().authenticate(AuthRequest.builder(credential)
        .channel(channel).username(username).require(ScopeRequirement.gitPull()).build());

    boolean issued = credential.equals(GENERATED) || credential.equals(PREDETERMINED);
    boolean password = username != null && credential.equals(PASSWORD);
    assertThat(result.isSuccess()).as("%s on %s", credential, channel).isEqualTo(issued || password);
    if (result instanceof AuthResult.Failure f) {
      assertThat(f.reason()).isIn(FailureReason.MALFORMED, FailureReason.UNKNOWN);
    }
    boolean looksLikeAToken = TokenFormatFuzzTest.definedShape(credential) != TokenFormat.Shape.MALFORMED;
    assertThat(STORE.lookups.get() - lookups).as("store lookups").isEqualTo(looksLikeAToken ? 1 : 0);
  }

  private static SecureRandom seededRandom() {
    try {
      SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
      random.setSeed("wvs-auth fuzzing".getBytes(UTF_8)); // before first use: a fixed sequence
      return random;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Just what authentication and token creation use, over a list; lookups are counted. */
  private static final class CountingStore implements TokenStore {
    final List<TokenRecord> tokens = new CopyOnWriteArrayList<>();
    final AtomicInteger lookups = new AtomicInteger();
    final Map<String, String> keyChecks = new ConcurrentHashMap<>();

    @Override
    public TokenRecord insert(NewToken token) {
      TokenRecord stored = token.toRecord(tokens.size() + 1, tokens.size() + 1);
      tokens.add(stored);
      return stored;
    }

    @Override
    public Optional<TokenRecord> findByDigest(List<TokenDigest> candidates) {
      lookups.incrementAndGet();
      return tokens.stream().filter(t -> candidates.contains(t.digest())).findFirst();
    }

    @Override
    public Optional<TokenRecord> findById(long id) {
      return tokens.stream().filter(t -> t.id() == id).findFirst();
    }

    @Override
    public List<TokenRecord> find(TokenQuery query) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean revoke(long id, Instant at) {
      throw new UnsupportedOperationException();
    }

    @Override
    public RotationResult rotate(long predecessorId, NewToken successor, Instant at) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean recordLastUsed(long id, Instant at, Instant staleBefore) {
      return false;
    }

    @Override
    public boolean replaceDigest(long id, TokenDigest expected, TokenDigest replacement) {
      return false;
    }

    @Override
    public String registerKeyCheck(String keyId, String checkValue) {
      return keyChecks.computeIfAbsent(keyId, k -> checkValue);
    }
  }

  private static final class OneUserDirectory implements UserDirectory, PasswordVerifier {
    @Override
    public Optional<User> findUser(long id) {
      return id == ALICE.id() ? Optional.of(ALICE) : Optional.empty();
    }

    @Override
    public Optional<User> findUserByUsername(String username) {
      return ALICE.username().equals(username) ? Optional.of(ALICE) : Optional.empty();
    }

    @Override
    public boolean verifyPassword(String username, char[] password) {
      return ALICE.username().equals(username) && Arrays.equals(password, PASSWORD.toCharArray());
    }
  }
}
