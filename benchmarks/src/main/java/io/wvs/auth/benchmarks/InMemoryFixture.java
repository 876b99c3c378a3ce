package io.wvs.auth.benchmarks;

import io.wvs.auth.AuthRequest;
import io.wvs.auth.AuthResult;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.DigestKeyring;
import io.wvs.auth.FailureReason;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.inmemory.InMemoryTokenStore;
import io.wvs.auth.inmemory.InMemoryUserDirectory;
import io.wvs.auth.spi.TokenRecord;
import io.wvs.auth.spi.TokenStore;
import io.wvs.auth.spi.User;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The world the in-memory benchmarks measure: one user, one personal token with {@code read_api},
 * a fixed clock and a fixed pepper, with the token's last use already recorded (so authenticating
 * it again within the last-used interval writes nothing). Also the raw floor's building blocks,
 * and {@link #selfCheck()}, which proves outside any timing that each benchmark measures what its
 * name says.
 */
final class InMemoryFixture {
  /** A fixed instant: nothing here reads the system clock. */
  static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-02T12:00:00Z"), ZoneOffset.UTC);
  static final String KEY_ID = "k1";
  static final long USER_ID = 1;
  private static final String HMAC = "HmacSHA256";
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  final TokenStore store;
  final WvsAuth auth;
  /** The valid personal token. */
  final String token;
  /** The token's stored record (after its first use). */
  final TokenRecord record;

  private InMemoryFixture(TokenStore store) {
    this.store = store;
    InMemoryUserDirectory directory = new InMemoryUserDirectory();
    directory.put(User.regular(USER_ID, "alice"));
    this.auth = WvsAuth.builder()
        .tokenStore(store)
        .userDirectory(directory)
        .keyring(DigestKeyring.of(KEY_ID, pepper()))
        .clock(CLOCK)
        .build();
    this.token = auth.personalTokens().create(USER_ID, USER_ID, TokenSpec.of("bench", Scope.READ_API)).value();
    // The first use records last-used; every later use within the interval (24 h, and the clock
    // is fixed) writes nothing.
    AuthResult first = auth.authenticator().authenticate(validRequest());
    if (!(first instanceof AuthResult.Success ok && ok.via() instanceof AuthResult.Via.Token token)) {
      throw new IllegalStateException("fixture token does not authenticate: " + first);
    }
    this.record = store.findById(token.id())
        .orElseThrow(() -> new IllegalStateException("fixture token not in the store"));
    if (record.lastUsedAt() == null) {
      throw new IllegalStateException("last use was not recorded by the first authentication");
    }
  }

  /** A fixture over {@code store}, which must be empty. */
  static InMemoryFixture over(TokenStore store) {
    return new InMemoryFixture(store);
  }

  /** A fixture over a fresh {@link InMemoryTokenStore}. */
  static InMemoryFixture create() {
    return over(new InMemoryTokenStore());
  }

  /** The request {@code authenticate_valid} measures. */
  AuthRequest validRequest() {
    return AuthRequest.api(token, "GET");
  }

  /** The token with its last character (part of the checksum) changed: right prefix and length, bad checksum. */
  String forgedToken() {
    char last = token.charAt(token.length() - 1);
    return token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
  }

  /** The request {@code forged_reject} measures. */
  AuthRequest forgedRequest() {
    return AuthRequest.api(forgedToken(), "GET");
  }

  /**
   * A well-formed token with a valid checksum that this fixture's store has never held: issued by
   * another instance over its own store.
   */
  static String unknownToken() {
    return create().auth.personalTokens()
        .create(USER_ID, USER_ID, TokenSpec.of("elsewhere", Scope.READ_API)).value();
  }

  /** A new token of this fixture's user, revoked at once: known to the store, refused as revoked. */
  String revokedToken() {
    CreatedToken created = auth.personalTokens()
        .create(USER_ID, USER_ID, TokenSpec.of("revoked", Scope.READ_API));
    auth.personalTokens().revoke(USER_ID, created.token().id());
    return created.value();
  }

  /** The benchmark pepper: 32 fixed bytes (a fresh copy each call). */
  static byte[] pepper() {
    byte[] pepper = new byte[DigestKeyring.MIN_PEPPER_BYTES];
    for (int i = 0; i < pepper.length; i++) {
      pepper[i] = (byte) (0x5a ^ (i * 37));
    }
    return pepper;
  }

  /** An HMAC-SHA256 keyed with {@link #pepper()}, as {@code DigestKeyring} makes one per thread. */
  static Mac newMac() {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(pepper(), HMAC));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(HMAC + " unavailable", e);
    }
  }

  /** The raw floor's map key: lower-case hex of HMAC-SHA256(token). */
  static String floorKey(Mac mac, String token) {
    byte[] digest = mac.doFinal(token.getBytes(StandardCharsets.UTF_8));
    char[] out = new char[digest.length * 2];
    for (int i = 0; i < digest.length; i++) {
      out[2 * i] = HEX[(digest[i] >> 4) & 0xf];
      out[2 * i + 1] = HEX[digest[i] & 0xf];
    }
    return new String(out);
  }

  /**
   * Proves, untimed, that the benchmarks measure what they claim; throws {@link IllegalStateException}
   * otherwise:
   *
   * <ul>
   *   <li>{@code authenticate_valid}: succeeds, with exactly one store read and no write per call,
   *       also on two threads at once ({@code authenticate_valid_2_threads});
   *   <li>{@code floor}: hits, with the same digest the store indexes the token under;
   *   <li>{@code forged_reject}: is refused as {@code MALFORMED} with no store call at all.
   * </ul>
   */
  static void selfCheck() {
    CountingTokenStore counting = new CountingTokenStore(new InMemoryTokenStore());
    InMemoryFixture f = over(counting);
    AuthRequest valid = f.validRequest();
    counting.reset();
    int n = 1_000;
    for (int i = 0; i < n; i++) {
      AuthResult r = f.auth.authenticator().authenticate(valid);
      if (!r.isSuccess()) {
        throw new IllegalStateException("authenticate_valid: not a success: " + r);
      }
    }
    if (counting.writes() != 0 || counting.reads() != n) {
      throw new IllegalStateException("authenticate_valid: expected " + n + " reads and no write, saw "
          + counting.reads() + " reads, " + counting.writes() + " writes ("
          + counting.lastUsedWrites() + " last-used writes)");
    }

    // authenticate_valid_2_threads: the same, two threads at once on the one authenticator.
    counting.reset();
    Concurrently.run("authenticate_valid_2_threads", 2, n, () -> {
      if (!f.auth.authenticator().authenticate(valid).isSuccess()) {
        throw new IllegalStateException("not a success");
      }
    });
    if (counting.writes() != 0 || counting.reads() != 2L * n) {
      throw new IllegalStateException("authenticate_valid_2_threads: expected " + 2 * n
          + " reads and no write, saw " + counting.reads() + " reads, " + counting.writes() + " writes");
    }

    String expectedKey = KEY_ID + ":" + floorKey(newMac(), f.token);
    if (!f.record.digest().encoded().equals(expectedKey)) {
      throw new IllegalStateException("floor: HMAC of the token with the pepper differs from the stored digest");
    }

    counting.reset();
    AuthResult forged = f.auth.authenticator().authenticate(f.forgedRequest());
    if (!(forged instanceof AuthResult.Failure fail) || fail.reason() != FailureReason.MALFORMED) {
      throw new IllegalStateException("forged_reject: expected MALFORMED, got " + forged);
    }
    if (counting.calls() != 0) {
      throw new IllegalStateException("forged_reject: the store was called " + counting.calls() + " times");
    }

    checkRefusal(f, counting, "unknown_reject", unknownToken(), FailureReason.UNKNOWN);
    checkRefusal(f, counting, "revoked_reject", f.revokedToken(), FailureReason.REVOKED);
  }

  /**
   * {@code unknown_reject} and {@code revoked_reject} take the same path: refused for {@code reason}
   * after exactly one store read and nothing else.
   */
  private static void checkRefusal(InMemoryFixture f, CountingTokenStore counting, String benchmark,
      String token, FailureReason reason) {
    counting.reset();
    AuthResult r = f.auth.authenticator().authenticate(AuthRequest.api(token, "GET"));
    if (!(r instanceof AuthResult.Failure fail) || fail.reason() != reason) {
      throw new IllegalStateException(benchmark + ": expected " + reason + ", got " + r);
    }
    if (counting.calls() != 1 || counting.reads() != 1) {
      throw new IllegalStateException(benchmark + ": expected one store read and nothing else, saw "
          + counting.calls() + " calls");
    }
  }
}
