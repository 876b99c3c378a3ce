package io.wvs.auth.smtp;

import io.wvs.auth.smtp.SmtpNotifier.TlsMode;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Properties;
import javax.net.ssl.SSLSocketFactory;

/**
 * Where and how a notifier reaches its SMTP server: host, port, TLS mode and the optional login.
 * Turns that into Jakarta Mail session properties and delivers one message per connection. The
 * password never appears in the properties nor in {@link #toString()}.
 */
final class SmtpServer {
  private final String host;
  private final int port;
  private final TlsMode tls;
  private final String username;
  private final char[] password;

  /** The server; {@code username} and {@code password} are both null for no login. */
  SmtpServer(String host, int port, TlsMode tls, String username, char[] password) {
    this.host = host;
    this.port = port;
    this.tls = tls;
    this.username = username;
    this.password = password == null ? null : password.clone();
  }

  boolean sendsCredentialsInClear() {
    return tls == TlsMode.NONE && username != null;
  }

  /** The Jakarta Mail properties this server stands for (no password among them). */
  Properties sessionProperties(Duration connectTimeout, Duration readTimeout,
      InternetAddress envelopeSender, SSLSocketFactory sslSocketFactory) {
    Properties p = new Properties();
    p.put("mail.transport.protocol", "smtp");
    p.put("mail.smtp.host", host);
    p.put("mail.smtp.port", Integer.toString(port));
    p.put("mail.smtp.connectiontimeout", Long.toString(connectTimeout.toMillis()));
    p.put("mail.smtp.timeout", Long.toString(readTimeout.toMillis()));
    p.put("mail.smtp.writetimeout", Long.toString(readTimeout.toMillis()));
    p.put("mail.smtp.from", envelopeSender.getAddress()); // envelope sender (bounces)
    p.put("mail.smtp.auth", Boolean.toString(username != null));
    // One attempt with the configured factory: no silent retry through another socket factory,
    // which would also hide the real error (e.g. a host-name mismatch) behind the retry's.
    p.put("mail.smtp.socketFactory.fallback", "false");
    switch (tls) {
      case NONE -> {
        p.put("mail.smtp.starttls.enable", "false");
        p.put("mail.smtp.ssl.enable", "false");
      }
      case STARTTLS -> {
        p.put("mail.smtp.starttls.enable", "true");
        p.put("mail.smtp.starttls.required", "true");
        p.put("mail.smtp.ssl.enable", "false");
        p.put("mail.smtp.ssl.checkserveridentity", "true");
      }
      case SMTPS -> {
        p.put("mail.smtp.ssl.enable", "true");
        p.put("mail.smtp.ssl.checkserveridentity", "true");
      }
    }
    if (sslSocketFactory != null && tls != TlsMode.NONE) {
      p.put("mail.smtp.ssl.socketFactory", sslSocketFactory);
    }
    return p;
  }

  /** Opens one connection, logs in if configured, sends {@code message} and closes. */
  void deliver(Session session, MimeMessage message) throws MessagingException {
    try (Transport transport = session.getTransport("smtp")) {
      if (username != null) {
        String secret = new String(password);
        transport.connect(host, port, username, secret);
      } else {
        transport.connect(host, port, null, null);
      }
      transport.sendMessage(message, message.getAllRecipients());
    }
  }

  /** {@code host:port}, for log lines. */
  String address() {
    return host + ":" + port;
  }

  /** {@code host:port (TLS mode)}, for failure messages. */
  String describe() {
    return host + ":" + port + " (" + tls + ")";
  }

  /** The settings with the password masked. */
  @Override
  public String toString() {
    return "host=" + host + ", port=" + port + ", tls=" + tls + ", credentials="
        + maskedCredentials(username);
  }

  /** {@code none}, or the user name followed by a masked password. */
  static String maskedCredentials(String username) {
    return username == null ? "none" : username + ":****";
  }

  /** The messages along the cause chain, each once: "Could not connect...; Connection refused". */
  static String causeChainText(Throwable e) {
    StringBuilder b = new StringBuilder();
    int depth = 0;
    for (Throwable t = e; t != null && depth < 10; t = t.getCause(), depth++) {
      String m = t.getMessage();
      if (m == null || m.isBlank()) {
        continue;
      }
      m = m.strip();
      if (m.endsWith(";")) {
        m = m.substring(0, m.length() - 1); // MessagingException ends its message with ';'
      }
      if (b.indexOf(m) < 0) {
        b.append(b.length() == 0 ? "" : "; ").append(m);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return b.length() == 0 ? e.getClass().getSimpleName() : b.toString();
  }
}
