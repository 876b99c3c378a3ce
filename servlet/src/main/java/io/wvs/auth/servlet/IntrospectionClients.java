package io.wvs.auth.servlet;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

/**
 * The client credentials the host configured for the introspection endpoint: each client id with
 * the SHA-256 of its secret (the secret itself is not kept). Immutable, thread-safe.
 */
final class IntrospectionClients {
  /** Compared against when the client id is unknown, so that both paths do the same work. */
  private static final byte[] NO_CLIENT = sha256("no client has this secret");

  private final Map<String, byte[]> secretDigests;

  IntrospectionClients(Map<String, byte[]> secretDigests) {
    this.secretDigests = Map.copyOf(secretDigests);
  }

  static byte[] sha256(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * Whether {@code authorization} (an {@code Authorization} header starting with {@code Basic })
   * names a configured client with its secret. The id and secret are form-encoded inside the
   * Base64 (RFC 6749, section 2.3.1); anything unreadable is simply not a client.
   */
  boolean accepts(String authorization) {
    String pair;
    try {
      pair = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return false;
    }
    int colon = pair.indexOf(':');
    if (colon < 0) {
      return false;
    }
    String id;
    String secret;
    try {
      id = URLDecoder.decode(pair.substring(0, colon), StandardCharsets.UTF_8);
      secret = URLDecoder.decode(pair.substring(colon + 1), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return false;
    }
    byte[] expected = secretDigests.get(id);
    // MessageDigest.isEqual takes the same time wherever the digests differ, so the answer's
    // timing tells nothing about how much of a guessed secret was right; an unknown id does the
    // same comparison against a digest no secret has.
    boolean equal = MessageDigest.isEqual(expected == null ? NO_CLIENT : expected, sha256(secret));
    return expected != null && equal;
  }
}
