package io.wvs.auth.smtp;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * The checks behind {@link SmtpNotifier.Builder}: each takes one setting and returns it (parsed
 * where it is text) or fails with a message naming the setting and the bad value, cleaned of
 * control characters and never showing a password or user information.
 */
final class SmtpSettingChecks {
  private SmtpSettingChecks() {}

  /** Refuses a setting made a second time, naming its current value. */
  static void requireNotSet(boolean unset, String template, Object current) {
    if (!unset) {
      throw new IllegalStateException(String.format(Locale.ROOT, template, current));
    }
  }

  static String host(String host) {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank, was '" + host + "'");
    }
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c)) {
        throw new IllegalArgumentException(
            "host must not contain white space or control characters, was '"
                + ExpiryMailContent.clean(host) + "'");
      }
    }
    return host;
  }

  static int port(int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be between 1 and 65535, was " + port);
    }
    return port;
  }

  /** Checks a login; the password itself never appears in a message. */
  static void credentials(String username, char[] password) {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    if (username.isBlank()) {
      throw new IllegalArgumentException("username must not be blank, was '" + username + "'");
    }
    if (password.length == 0) {
      throw new IllegalArgumentException("password for user " + username + " must not be empty");
    }
  }

  static InternetAddress sender(String address) {
    Objects.requireNonNull(address, "sender");
    try {
      return RecipientAddresses.parseAddress(address);
    } catch (AddressException e) {
      throw new IllegalArgumentException("sender must be a valid e-mail address, was '"
          + ExpiryMailContent.clean(address) + "' (" + e.getMessage() + ")", e);
    }
  }

  static URI renewUrl(String url) {
    Objects.requireNonNull(url, "renewUrl");
    try {
      return new URI(url.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("renewUrl must be an absolute http(s) URL, was '"
          + ExpiryMailContent.clean(url) + "' (" + e.getReason() + ")", e);
    }
  }

  static URI renewUrl(URI url) {
    Objects.requireNonNull(url, "renewUrl");
    String scheme = url.getScheme() == null ? null : url.getScheme().toLowerCase(Locale.ROOT);
    if (!url.isAbsolute() || url.isOpaque()
        || !("http".equals(scheme) || "https".equals(scheme))
        || url.getHost() == null || url.getHost().isEmpty()) {
      throw new IllegalArgumentException(
          "renewUrl must be an absolute http(s) URL with a host, was '"
              + ExpiryMailContent.clean(url.toString()) + "'");
    }
    if (url.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "renewUrl must not contain user information, was '" + url.getScheme() + "://"
              + "****@" + url.getHost() + "...'");
    }
    return url;
  }

  static Duration timeout(String name, Duration timeout) {
    Objects.requireNonNull(timeout, name);
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + timeout);
    }
    if (timeout.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException(
          name + " must be at most " + Duration.ofMillis(Integer.MAX_VALUE) + ", was " + timeout);
    }
    if (timeout.toMillis() == 0) {
      throw new IllegalArgumentException(name + " must be at least 1 ms, was " + timeout);
    }
    return timeout;
  }
}
