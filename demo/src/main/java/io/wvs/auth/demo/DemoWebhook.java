package io.wvs.auth.demo;

import io.wvs.auth.demo.DemoConfig.UsageException;
import io.wvs.auth.webhook.Webhook;
import io.wvs.auth.webhook.WebhookNotifier;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The webhook the demo sends its expiry and leak events to ({@code --webhook-url} and
 * {@code --webhook-secret-file}): an instance webhook told about every token but impersonation
 * tokens, personal ones included. Plain {@code http} only to a loopback address; anything else
 * must be {@code https}.
 *
 * @param url where the events are POSTed
 * @param secretFile the file holding the signing secret, at least
 *     {@value Webhook#MIN_SECRET_BYTES} bytes (one trailing line break is not part of it)
 */
public record DemoWebhook(URI url, Path secretFile) {
  /**
   * Checks that both are given.
   *
   * @param url where the events are POSTed
   * @param secretFile the file holding the signing secret
   */
  public DemoWebhook {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(secretFile, "secretFile");
  }

  /** Both flags, or neither (null); a bad URL or an unreadable or short secret is refused. */
  static DemoWebhook parse(String url, String secretFile) throws UsageException {
    if (url == null || secretFile == null) {
      if (url != null || secretFile != null) {
        throw new UsageException(url == null ? "--webhook-secret-file needs --webhook-url"
            : "--webhook-url needs --webhook-secret-file");
      }
      return null;
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new UsageException("--webhook-url must be an absolute http(s) URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme();
    if (!List.of("http", "https").contains(scheme) || uri.getHost() == null
        || uri.getRawUserInfo() != null) {
      // The URL is not echoed: its path or query may hold the receiver's key.
      throw new UsageException("--webhook-url must be an absolute http(s) URL with a host and no"
          + " user info");
    }
    if (scheme.equals("http") && !loopback(uri.getHost())) {
      throw new UsageException("--webhook-url must be https unless it is on this machine"
          + " (localhost, 127.0.0.1, [::1]): the events would travel unencrypted");
    }
    DemoWebhook webhook = new DemoWebhook(uri, Path.of(secretFile));
    byte[] secret = webhook.secret();
    Arrays.fill(secret, (byte) 0);
    return webhook;
  }

  private static boolean loopback(String host) {
    String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (h.equals("localhost")) {
      return true;
    }
    try {
      // Only literal addresses are looked at (no name resolution): a host name is not loopback.
      return (h.contains(":") || h.chars().allMatch(c -> c == '.' || Character.isDigit(c)))
          && InetAddress.getByName(h).isLoopbackAddress();
    } catch (IOException e) {
      return false;
    }
  }

  /** The secret's bytes (a fresh array: clear it after use). */
  byte[] secret() throws UsageException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(secretFile);
    } catch (IOException e) {
      throw new UsageException("--webhook-secret-file: cannot read " + secretFile + ": " + e);
    }
    int end = bytes.length;
    if (end > 0 && bytes[end - 1] == '\n') {
      end--;
    }
    if (end > 0 && bytes[end - 1] == '\r') {
      end--;
    }
    byte[] secret = Arrays.copyOf(bytes, end);
    Arrays.fill(bytes, (byte) 0);
    if (secret.length < Webhook.MIN_SECRET_BYTES) {
      throw new UsageException("--webhook-secret-file: the secret in " + secretFile + " must be at"
          + " least " + Webhook.MIN_SECRET_BYTES + " bytes, was " + secret.length);
    }
    return secret;
  }

  /** The notifier: this instance webhook, every token type but impersonation, on {@code clock}. */
  WebhookNotifier notifier(Clock clock) {
    byte[] secret;
    try {
      secret = secret();
    } catch (UsageException e) {
      throw new IllegalStateException(e.getMessage(), e); // the file changed since start-up
    }
    try {
      WebhookNotifier.Builder b = WebhookNotifier.builder().clock(clock).personalTokens()
          .instanceHook(Webhook.of(url, secret));
      if (url.getScheme().equals("http")) {
        b.allowPlainHttp(); // parse allowed it for a loopback address only
      }
      return b.build();
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  /** The URL's scheme, host and port (no path: it may hold a receiver's key) and the file. */
  @Override
  public String toString() {
    return "DemoWebhook{url=" + url.getScheme() + "://" + url.getRawAuthority()
        + "/…, secretFile=" + secretFile + "}";
  }
}
