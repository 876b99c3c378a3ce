package io.wvs.auth.demo;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.codec.binary.Base32;

/**
 * The second step of a two-factor sign-in: six-digit TOTP codes (RFC 6238: HMAC-SHA1, 30-second
 * steps) from the Base32 {@code otp_secret} of a fixture user, computed by a TOTP library. A code
 * of the current step or of one step either side is accepted (clock drift between phone and
 * server), each step at most once per user (a code seen is not accepted again). Thread-safe.
 */
final class Totp {
  private static final Duration STEP = Duration.ofSeconds(30);
  private static final Pattern BASE32 = Pattern.compile("[A-Z2-7]{16,}=*");
  private static final Pattern CODE = Pattern.compile("[0-9]{6}");

  private final Clock clock;
  private final TimeBasedOneTimePasswordGenerator generator = new TimeBasedOneTimePasswordGenerator(STEP);
  /** Per user id, the last time step whose code was accepted. */
  private final Map<Long, Long> lastStep = new ConcurrentHashMap<>();

  Totp(Clock clock) {
    this.clock = clock;
  }

  /**
   * Checks a fixture's {@code otp_secret}: Base32 (A–Z, 2–7, at least 16 characters, i.e. 80
   * bits), only for a two-factor user.
   *
   * @return the secret in upper case without spaces, or null when none is given
   * @throws IllegalArgumentException naming {@code where} if it is not one
   */
  static String checkSecret(String secret, boolean twoFactor, String where) {
    if (secret == null) {
      return null;
    }
    String normal = secret.replace(" ", "").toUpperCase(Locale.ROOT);
    if (!BASE32.matcher(normal).matches()) {
      throw new IllegalArgumentException(where + ".otp_secret must be Base32 (letters A-Z and digits"
          + " 2-7), at least 16 characters");
    }
    if (!twoFactor) {
      throw new IllegalArgumentException(where + ".otp_secret is only for a user with two_factor: true");
    }
    return normal;
  }

  /**
   * Whether {@code code} is the user's current TOTP code (or that of the step before or after)
   * and that step's code has not been accepted before.
   */
  boolean verify(long userId, String secret, String code) {
    if (secret == null || code == null || !CODE.matcher(code.strip()).matches()) {
      return false;
    }
    byte[] given = code.strip().getBytes(StandardCharsets.US_ASCII);
    SecretKeySpec key = new SecretKeySpec(new Base32().decode(secret), generator.getAlgorithm());
    Instant now = clock.instant();
    long step = now.getEpochSecond() / STEP.getSeconds();
    for (long s = step - 1; s <= step + 1; s++) {
      String expected;
      try {
        expected = String.format(Locale.ROOT, "%06d",
            generator.generateOneTimePassword(key, Instant.ofEpochSecond(s * STEP.getSeconds())));
      } catch (InvalidKeyException e) {
        return false; // fail closed: a secret the HMAC refuses matches no code
      }
      // Constant time: how much of a code matched must not show in the answer's timing.
      if (MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), given)) {
        return acceptOnce(userId, s);
      }
    }
    return false;
  }

  /** Records {@code step} as the user's last accepted one unless it is not after the last one. */
  private boolean acceptOnce(long userId, long step) {
    boolean[] fresh = {false};
    lastStep.compute(userId, (id, last) -> {
      if (last == null || step > last) {
        fresh[0] = true;
        return step;
      }
      return last;
    });
    return fresh[0];
  }
}
