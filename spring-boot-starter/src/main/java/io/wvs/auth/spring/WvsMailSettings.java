package io.wvs.auth.spring;

import io.wvs.auth.smtp.EmailAddressResolver;
import io.wvs.auth.smtp.SmtpNotifier;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.env.Environment;

/**
 * Maps Spring's {@code spring.mail.*} onto {@link SmtpNotifier#builder()}: host, port, username
 * and password; TLS from the first byte when {@code spring.mail.protocol=smtps},
 * {@code spring.mail.ssl.enabled=true} or {@code mail.smtp.ssl.enable=true}; plain SMTP only when
 * {@code mail.smtp.starttls.enable=false} says so; STARTTLS, required, otherwise (never a silent
 * fall-back to clear text); timeouts from {@code mail.smtp.connectiontimeout} and
 * {@code mail.smtp.timeout} (milliseconds). Session properties it does not use are named in a
 * warning (names only, never values). Every refusal names its property, never the password.
 */
final class WvsMailSettings {
  private static final Logger LOG = LoggerFactory.getLogger(WvsMailSettings.class);
  private static final String PROPERTIES = "spring.mail.properties";
  private static final Set<String> UNDERSTOOD = Set.of("mail.smtp.starttls.enable",
      "mail.smtp.starttls.required", "mail.smtp.ssl.enable", "mail.smtp.connectiontimeout",
      "mail.smtp.timeout", "mail.smtp.auth");

  private WvsMailSettings() {}

  static SmtpNotifier notifier(Environment env, WvsAuthProperties.ExpiryNotifications wvs,
      EmailAddressResolver resolver, Clock clock) {
    Map<String, String> session = Binder.get(env)
        .bind(PROPERTIES, Bindable.mapOf(String.class, String.class)).orElse(Map.of());
    SmtpNotifier.Builder b = SmtpNotifier.builder().emailAddressResolver(resolver);
    apply("spring.mail.host", env.getProperty("spring.mail.host"), b::host);
    apply("spring.mail.port", env.getProperty("spring.mail.port", Integer.class), b::port);
    SmtpNotifier.TlsMode tls = tls(env, session);
    b.tls(tls);
    String username = env.getProperty("spring.mail.username");
    String password = env.getProperty("spring.mail.password");
    if (username != null && !username.isBlank()) {
      char[] chars = password == null ? new char[0] : password.toCharArray();
      try {
        b.credentials(username, chars);
      } catch (IllegalArgumentException e) {
        throw new InvalidConfigurationPropertyValueException("spring.mail.username", username, e.getMessage());
      } finally {
        Arrays.fill(chars, '\0');
      }
    } else if (password != null && !password.isEmpty()) {
      throw new InvalidConfigurationPropertyValueException("spring.mail.username", null,
          "spring.mail.password is set without spring.mail.username");
    }
    apply(PROPERTIES + ".mail.smtp.connectiontimeout", millis(session, "mail.smtp.connectiontimeout"),
        b::connectTimeout);
    apply(PROPERTIES + ".mail.smtp.timeout", millis(session, "mail.smtp.timeout"), b::readTimeout);
    if (wvs.getSender() == null) {
      throw new InvalidConfigurationPropertyValueException("wvs.auth.expiry-notifications.sender", null,
          "the expiry e-mails need a From address, e.g. noreply@wvs.example.io");
    }
    apply("wvs.auth.expiry-notifications.sender", wvs.getSender(), b::sender);
    if (wvs.getRenewUrl() == null) {
      throw new InvalidConfigurationPropertyValueException("wvs.auth.expiry-notifications.renew-url", null,
          "the expiry e-mails link to the page where users renew their tokens: give its absolute"
          + " https URL");
    }
    apply("wvs.auth.expiry-notifications.renew-url", wvs.getRenewUrl(), b::renewUrl);
    if (clock != null) {
      b.clock(clock);
    }
    Set<String> unused = new TreeSet<>(session.keySet());
    unused.removeAll(UNDERSTOOD);
    if (!unused.isEmpty()) {
      LOG.warn("the wvs-auth expiry e-mails do not use these spring.mail.properties: {}", unused);
    }
    return b.build();
  }

  private static SmtpNotifier.TlsMode tls(Environment env, Map<String, String> session) {
    String protocol = env.getProperty("spring.mail.protocol", "smtp");
    if (!protocol.equals("smtp") && !protocol.equals("smtps")) {
      throw new InvalidConfigurationPropertyValueException("spring.mail.protocol", protocol,
          "the wvs-auth expiry e-mails speak smtp or smtps");
    }
    if (protocol.equals("smtps") || env.getProperty("spring.mail.ssl.enabled", Boolean.class, false)
        || "true".equalsIgnoreCase(session.get("mail.smtp.ssl.enable"))) {
      return SmtpNotifier.TlsMode.SMTPS;
    }
    return "false".equalsIgnoreCase(session.get("mail.smtp.starttls.enable"))
        ? SmtpNotifier.TlsMode.NONE : SmtpNotifier.TlsMode.STARTTLS;
  }

  private static Duration millis(Map<String, String> session, String key) {
    String text = session.get(key);
    if (text == null) {
      return null;
    }
    try {
      return Duration.ofMillis(Long.parseLong(text.trim()));
    } catch (NumberFormatException e) {
      throw new InvalidConfigurationPropertyValueException(PROPERTIES + "." + key, text,
          "a timeout in milliseconds");
    }
  }

  private static <T> void apply(String property, T value, java.util.function.Consumer<T> setter) {
    if (value == null) {
      return;
    }
    try {
      setter.accept(value);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationPropertyValueException(property, value, e.getMessage());
    }
  }
}
