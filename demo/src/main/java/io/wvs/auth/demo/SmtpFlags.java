package io.wvs.auth.demo;

import static io.wvs.auth.demo.DemoConfig.DEFAULT_SMTP_FROM;
import static io.wvs.auth.demo.DemoConfig.SMTP_PASSWORD_ENV;

import io.wvs.auth.demo.DemoConfig.Smtp;
import io.wvs.auth.demo.DemoConfig.UsageException;
import io.wvs.auth.smtp.SmtpNotifier;
import io.wvs.auth.smtp.SmtpNotifier.TlsMode;
import java.util.List;
import java.util.Map;

/** The --smtp-* and --renew-url flags as given, before they are checked together. */
final class SmtpFlags {
  String host;
  int port;
  TlsMode tls;
  String user;
  String password;
  String from;
  String renewUrl;

  Smtp toSmtp(List<String> seen, Map<String, String> env) throws UsageException {
    if (host == null) {
      List<String> orphans = seen.stream()
          .filter(f -> f.startsWith("--smtp-") || f.equals("--renew-url")).toList();
      if (!orphans.isEmpty()) {
        throw new UsageException(String.join(", ", orphans)
            + (orphans.size() == 1 ? " needs" : " need") + " --smtp-host");
      }
      return null;
    }
    TlsMode mode = tls == null ? TlsMode.NONE : tls;
    if (password == null && user != null) {
      String fromEnv = env.get(SMTP_PASSWORD_ENV);
      if (fromEnv != null && !fromEnv.isEmpty()) {
        password = fromEnv;
      }
    }
    if (user != null && password == null) {
      throw new UsageException("--smtp-user needs --smtp-password or the environment variable "
          + SMTP_PASSWORD_ENV);
    }
    if (user == null && password != null) {
      throw new UsageException("--smtp-password needs --smtp-user");
    }
    String sender = from == null ? DEFAULT_SMTP_FROM : from;
    // The notifier's own checks, one setting at a time, so the message names the flag.
    check("--smtp-host", () -> SmtpNotifier.builder().host(host));
    check("--smtp-from", () -> SmtpNotifier.builder().sender(sender));
    if (renewUrl != null) {
      check("--renew-url", () -> SmtpNotifier.builder().renewUrl(renewUrl));
    }
    if (user != null) {
      check("--smtp-user", () -> SmtpNotifier.builder().credentials(user, password.toCharArray()));
    }
    return new Smtp(host, port == 0 ? mode.defaultPort() : port, mode, user, password, sender,
        renewUrl);
  }

  private static void check(String flag, Runnable setting) throws UsageException {
    try {
      setting.run();
    } catch (IllegalArgumentException e) {
      throw new UsageException(flag + ": " + e.getMessage());
    }
  }
}
