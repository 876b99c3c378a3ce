package io.wvs.auth.webhook;

import java.net.URI;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Objects;

/**
 * One registered webhook: the URL events are POSTed to and the secret their signature is made
 * with. The URL's path and query may hold a secret of the receiver, so {@link #toString()} and
 * every message name its origin (scheme, host, port) only; the signing secret is never shown.
 * Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class Webhook {
  /** The shortest signing secret accepted, in bytes. */
  public static final int MIN_SECRET_BYTES = 16;

  private final URI url;
  private final byte[] secret;

  private Webhook(URI url, byte[] secret) {
    this.url = url;
    this.secret = secret;
  }

  /**
   * A webhook at {@code url} signed with {@code secret} (copied; the caller may clear its array).
   *
   * @param url an absolute {@code https} (or, where the notifier allows it, {@code http}) URL
   *     with a host and without user information
   * @param secret the signing secret shared with the receiver, at least
   *     {@link #MIN_SECRET_BYTES} bytes
   * @return the webhook
   * @throws IllegalArgumentException if the URL or the secret is not acceptable
   */
  public static Webhook of(URI url, byte[] secret) {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(secret, "secret");
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!url.isAbsolute() || url.isOpaque() || url.getHost() == null
        || !(scheme.equals("https") || scheme.equals("http"))) {
      throw new IllegalArgumentException("a webhook URL is an absolute http(s) URL with a host, was "
          + originOf(url));
    }
    if (url.getRawUserInfo() != null) {
      throw new IllegalArgumentException("a webhook URL carries no user information: "
          + originOf(url));
    }
    if (secret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException("a webhook secret has at least " + MIN_SECRET_BYTES
          + " bytes, was " + secret.length);
    }
    return new Webhook(url, secret.clone());
  }

  /** {@return the URL events are POSTed to} */
  public URI url() {
    return url;
  }

  /** {@return whether the URL is plain {@code http}} */
  boolean plainHttp() {
    return "http".equalsIgnoreCase(url.getScheme());
  }

  /** The secret itself, not a copy: only the signature reads it. */
  byte[] secret() {
    return secret;
  }

  /** {@return scheme, host and port of the URL, which is what messages show} */
  String origin() {
    return originOf(url);
  }

  private static String originOf(URI url) {
    if (url.getHost() == null) {
      return "(a URL without host)";
    }
    return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
  }

  /** Two webhooks are equal when URL and secret are (secrets compared in constant time). */
  @Override
  public boolean equals(Object o) {
    // Constant time: equality is a secret comparison, so its timing must not reveal a prefix.
    return o instanceof Webhook w && url.equals(w.url) && MessageDigest.isEqual(secret, w.secret);
  }

  @Override
  public int hashCode() {
    return url.hashCode();
  }

  /** {@return the origin and a masked secret} */
  @Override
  public String toString() {
    return "Webhook[" + origin() + ", secret=***]";
  }
}
