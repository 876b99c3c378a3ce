package io.wvs.auth.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** What a receiver does with an event, as the README shows it: the test's own check. */
final class Verification {
  private Verification() {}

  // README: webhook verification (keep in step)
  static boolean verify(byte[] secret, String timestamp, String signature, byte[] body, Instant now)
      throws Exception {
    if (timestamp == null || signature == null
        || Math.abs(now.getEpochSecond() - Long.parseLong(timestamp)) > 300) {
      return false;                                   // missing, or older than five minutes: a replay
    }
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret, "HmacSHA256"));
    mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
    byte[] expected = ("sha256=" + HexFormat.of().formatHex(mac.doFinal(body)))
        .getBytes(StandardCharsets.US_ASCII);
    // Constant time: an early exit at the first wrong byte would tell a forger how much is right.
    return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
  }
}
