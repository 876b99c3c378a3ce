package io.wvs.auth.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of an event: HMAC-SHA256 with the webhook's secret over
 * {@code <timestamp>.<body>} (the timestamp in Unix seconds, the body's UTF-8 bytes), in lower-case
 * hex, sent as {@code X-Wvs-Signature: sha256=<hex>} beside {@code X-Wvs-Timestamp}. Binding the
 * timestamp lets a receiver refuse replays of an old event.
 */
final class Signature {
  static final String ALGORITHM = "HmacSHA256";
  static final String PREFIX = "sha256=";

  private Signature() {}

  static String sign(byte[] secret, long timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(secret, ALGORITHM));
      mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
      return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      // Every Java platform has HmacSHA256, and any non-empty key fits it.
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }
}
