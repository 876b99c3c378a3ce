package io.wvs.auth.tck;

import static io.wvs.auth.tck.ContractFixtures.T0;
import static io.wvs.auth.tck.ContractFixtures.at;
import static io.wvs.auth.tck.ContractFixtures.deploy;
import static io.wvs.auth.tck.ContractFixtures.newDigestBytes;
import static io.wvs.auth.tck.ContractFixtures.newUserId;
import static io.wvs.auth.tck.ContractFixtures.personal;
import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.DigestKeyring;
import io.wvs.auth.TokenType;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.inmemory.InMemoryUserDirectory;
import io.wvs.auth.spi.NewToken;
import io.wvs.auth.spi.RotationResult.Outcome;
import io.wvs.auth.spi.RotationResult;
import io.wvs.auth.spi.TokenDigest;
import io.wvs.auth.spi.TokenOwner;
import io.wvs.auth.spi.TokenQuery;
import io.wvs.auth.spi.TokenRecord;
import io.wvs.auth.spi.TokenStore;
import io.wvs.auth.spi.User;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The helpers the parts of the token store contract share: lookups that must succeed, races, keys. */
final class StoreChecks {
  private StoreChecks() {}

  /** Threads per race; more than the cores, so that the scheduler interleaves the calls. */
  static final int RACERS = 16;

  /** A user of the directory the started instances share. */
  static final long ALICE = 2;

  /** The fixed label of the check values, as documented on {@link DigestKeyring}. */
  static final String KEY_CHECK_LABEL = "wvs-auth key check v1";

  /** A key id no other test uses: 1 to 16 of {@code [a-z0-9_-]}. */
  static String newKeyId() {
    return "kc" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 50, 1L << 60), 36);
  }

  /** A check value no other call returns, in the shape the library writes (64 hex digits). */
  static String newCheckValue() {
    return HexFormat.of().formatHex(newDigestBytes());
  }

  static byte[] hmacSha256(byte[] key, String text) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Builds a {@link WvsAuth} over {@code instance} with the single key {@code keyId}. */
  static WvsAuth start(TokenStore instance, String keyId, byte[] pepper) {
    return start(instance, DigestKeyring.of(keyId, pepper));
  }

  /** Builds a {@link WvsAuth} over {@code instance} with {@code keyring}: the start of an instance. */
  static WvsAuth start(TokenStore instance, DigestKeyring keyring) {
    InMemoryUserDirectory directory = new InMemoryUserDirectory();
    directory.put(User.regular(ALICE, "alice"));
    return WvsAuth.builder().tokenStore(instance).userDirectory(directory).keyring(keyring)
        .clock(Clock.fixed(T0, ZoneOffset.UTC)).build();
  }

  /** {@code message} holds none of {@code peppers}, in hex or base64, nor their check values. */
  static void assertNoSecretIn(String message, byte[]... peppers) {
    for (byte[] pepper : peppers) {
      try {
        assertThat(message)
            .doesNotContainIgnoringCase(HexFormat.of().formatHex(pepper))
            .doesNotContain(Base64.getEncoder().withoutPadding().encodeToString(pepper))
            .doesNotContainIgnoringCase(HexFormat.of().formatHex(hmacSha256(pepper, KEY_CHECK_LABEL)));
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }
  }

  /** The first instance for even {@code i}, the second for odd. */
  static TokenStore instance(StoreUnderTest fixture, int i) {
    return i % 2 == 0 ? fixture.store() : fixture.other();
  }

  /**
   * The stored token {@code id}, read through the first instance; fails when absent.
   *
   * @param id the token's id
   * @return the stored token
   */
  static TokenRecord stored(TokenStore store, long id) {
    return store.findById(id).orElseThrow(() -> new AssertionError("no token with id " + id));
  }

  /**
   * The token stored under {@code digest}, read through the first instance; fails when absent.
   *
   * @param digest the token's digest
   * @return the stored token
   */
  static TokenRecord byDigest(TokenStore store, TokenDigest digest) {
    return store.findByDigest(List.of(digest))
        .orElseThrow(() -> new AssertionError("no token under " + digest));
  }

  /**
   * Every token of {@code userId}, of any type.
   *
   * @param userId the owner
   * @return the owner's tokens, read through the first instance
   */
  static List<TokenRecord> tokensOf(TokenStore store, long userId) {
    return store.find(new TokenQuery(userId, null, EnumSet.allOf(TokenType.class)));
  }

  /** The racer whose call returned true at {@code step}; fails unless exactly one did. */
  static int onlyWinner(List<List<Boolean>> results, int step, int round, String what) {
    List<Integer> winners = IntStream.range(0, results.size()).filter(i -> results.get(i).get(step))
        .boxed().collect(Collectors.toList());
    assertThat(winners).as("round %d, token %d: racers whose %s succeeded", round, step, what)
        .hasSize(1);
    return winners.get(0);
  }

  /** {@code count} active personal tokens of one new user; their ids. */
  static List<Long> insertPersonalTokens(TokenStore store, int count) {
    long user = newUserId();
    List<Long> ids = new ArrayList<>();
    for (int t = 0; t < count; t++) {
      ids.add(store.insert(personal(user).build()).id());
    }
    return ids;
  }

  static TokenRecord rotated(RotationResult result) {
    assertThat(result.outcome()).isEqualTo(Outcome.ROTATED);
    assertThat(result.successor()).isNotNull();
    return result.successor();
  }

  static List<TokenRecord> byId(TokenRecord... records) {
    List<TokenRecord> sorted = new ArrayList<>(List.of(records));
    sorted.sort(Comparator.comparingLong(TokenRecord::id));
    return sorted;
  }

  /**
   * What a store must return for {@code token} stored under {@code id}, built field by field
   * here rather than with {@link NewToken#toRecord} so that the contract states it.
   */
  static TokenRecord expected(NewToken token, long id, long familyId) {
    TokenOwner owner = token.owner() instanceof TokenOwner.Deploy && token.username() == null
        ? TokenOwner.deploy(token.resource(), "wvs+deploy-token-" + id) : token.owner();
    NewToken stored = NewToken.builder().type(token.type()).owner(owner).name(token.name())
        .description(token.description()).scopes(token.scopes()).digest(token.digest())
        .createdAt(token.createdAt()).expiresOn(token.expiresOn()).createdBy(token.createdBy())
        .sealedSecret(token.sealedSecret()).build();
    return TokenRecord.builder().id(id).familyId(familyId).token(stored).build();
  }

  /** Field by field, so that a failure names the field that did not round-trip. */
  static void assertSameToken(TokenRecord actual, TokenRecord expected) {
    assertThat(actual).as("token %d", expected.id()).usingRecursiveComparison().isEqualTo(expected);
    assertThat(actual).isEqualTo(expected);
  }
}
