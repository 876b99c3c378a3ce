package io.wvs.auth.smtp;

import static io.wvs.auth.smtp.SmtpSettingChecks.requireNotSet;

import io.wvs.auth.spi.ExpiryNotice;
import io.wvs.auth.spi.LeakRevocation;
import io.wvs.auth.spi.Notifier;
import io.wvs.auth.spi.User;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Notifier} that e-mails expiry notices, and the owners of tokens revoked as leaked, over
 * SMTP (Jakarta Mail, Eclipse Angus).
 *
 * <pre>{@code
 * Notifier notifier = SmtpNotifier.builder()
 *     .host("smtp.example.io")
 *     .tls(SmtpNotifier.TlsMode.STARTTLS)            // the default; port defaults to 587
 *     .credentials("wvs-mailer", passwordChars)       // copied; clear your array afterwards
 *     .sender("WVS <noreply@wvs.example.io>")
 *     .renewUrl("https://wvs.example.io/-/profile/personal_access_tokens")
 *     .emailAddressResolver(user -> accounts.primaryEmail(user.id()))
 *     .build();
 * }</pre>
 *
 * <p>Each notice becomes one {@code multipart/alternative} message (plain text and HTML) to the
 * recipient's address, naming every token with what it belongs to and its expiry date, and linking
 * to the renew URL. Token names are user input: they are HTML-escaped and stripped of control
 * characters. Notices never carry token values, so the mail cannot contain one.
 *
 * <p>{@link #send} returns only once the SMTP server has accepted the message. Otherwise it
 * throws {@link NotificationFailedException} (no address for the user, connection refused,
 * authentication failure, timeout, rejection), so the expiry job leaves the notice pending.
 *
 * <p>Instances are immutable and thread-safe; each owns its own {@link Session} built from its
 * configuration and opens one SMTP connection per {@code send}.
 *
 * @since 0.1
 */
public final class SmtpNotifier implements Notifier {
  private static final Logger LOG = LoggerFactory.getLogger(SmtpNotifier.class);

  /** How the connection to the SMTP server is secured. */
  public enum TlsMode {
    /**
     * Plain SMTP, no encryption (default port 25). Only for a relay on the same host or a
     * trusted network; credentials, if any, travel in clear.
     */
    NONE(25),
    /**
     * Plain connection upgraded with STARTTLS, which is required: a server that does not offer it
     * is an error, never a silent fall-back to clear text (default port 587). The default.
     */
    STARTTLS(587),
    /** TLS from the first byte, "SMTPS" / implicit TLS (default port 465). */
    SMTPS(465);

    private final int defaultPort;

    TlsMode(int defaultPort) {
      this.defaultPort = defaultPort;
    }

    /** {@return the port used when {@link Builder#port} is not set} */
    public int defaultPort() {
      return defaultPort;
    }
  }

  static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

  private final SmtpServer server;
  private final InternetAddress sender;
  private final URI renewUrl;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final RecipientAddresses recipients;
  private final Session session;
  private final ExpiryMessageComposer composer;
  private final LeakMails leakMails;

  private SmtpNotifier(Builder b) {
    TlsMode tls = b.tls == null ? TlsMode.STARTTLS : b.tls;
    this.server = new SmtpServer(b.host, b.port == 0 ? tls.defaultPort() : b.port, tls,
        b.username, b.password);
    this.sender = b.sender;
    this.renewUrl = b.renewUrl;
    this.connectTimeout = b.connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : b.connectTimeout;
    this.readTimeout = b.readTimeout == null ? DEFAULT_READ_TIMEOUT : b.readTimeout;
    this.recipients = new RecipientAddresses(b.resolver);
    // One Session per notifier: Session.getDefaultInstance would be shared JVM-wide and keep the
    // properties of whichever caller came first.
    this.session = Session.getInstance(
        server.sessionProperties(connectTimeout, readTimeout, sender, b.sslSocketFactory));
    this.composer = new ExpiryMessageComposer(session, sender, renewUrl,
        b.clock == null ? Clock.systemUTC() : b.clock);
    this.leakMails = new LeakMails(server, session, composer, recipients);
    if (server.sendsCredentialsInClear()) {
      LOG.warn("SMTP notifier for {} sends its credentials without TLS", server.address());
    }
  }

  /**
   * A new builder; {@code host}, {@code sender}, {@code renewUrl} and the resolver are required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** The session's properties, for tests and diagnostics. */
  Properties sessionProperties() {
    return session.getProperties();
  }

  /**
   * Sends {@code notice} to its recipient's address and returns once the server accepted it.
   *
   * @throws NotificationFailedException if the recipient has no usable address, or the server
   *     could not be reached, refused the login or the message, or timed out
   */
  @Override
  public void send(ExpiryNotice notice) {
    Objects.requireNonNull(notice, "notice");
    User user = notice.recipient();
    InternetAddress to = recipients.addressOf(user);
    MimeMessage message;
    try {
      message = composer.compose(notice, to);
    } catch (MessagingException e) {
      throw new NotificationFailedException(NotificationFailedException.Reason.DELIVERY_FAILED,
          "could not compose the expiry notice for " + RecipientAddresses.describe(user) + ": "
              + e.getMessage(), e);
    }
    try {
      server.deliver(session, message);
    } catch (MessagingException e) {
      LOG.debug("expiry notice ({}) for user id {} not delivered via {}: {}",
          notice.kind(), user.id(), server.address(), e.toString());
      throw new NotificationFailedException(NotificationFailedException.Reason.DELIVERY_FAILED,
          "could not deliver the expiry notice to " + RecipientAddresses.describe(user)
              + " via SMTP server " + server.describe() + ": " + SmtpServer.causeChainText(e), e);
    }
    LOG.debug("expiry notice ({}, {} tokens) sent to user id {}", notice.kind(),
        notice.tokens().size(), user.id());
  }

  /**
   * E-mails each recipient (owner, or the maintainers of the token's project or group) that the
   * token was revoked as reported leaked: name, id, what it is, the renew URL; never the value.
   *
   * @param revocation the token revoked, its description and recipients
   * @throws NotificationFailedException if a recipient had no usable address or a mail failed
   */
  @Override
  public void tokenRevokedAsLeaked(LeakRevocation revocation) {
    leakMails.send(Objects.requireNonNull(revocation, "revocation"));
  }

  /** Host, port, TLS, user name, sender, renew URL and timeouts; the password is masked. */
  @Override
  public String toString() {
    return "SmtpNotifier{" + server + ", sender=" + sender.toUnicodeString()
        + ", renewUrl=" + renewUrl + ", connectTimeout=" + connectTimeout
        + ", readTimeout=" + readTimeout + "}";
  }

  /**
   * Builds an {@link SmtpNotifier}. Each setting may be made once; a second call, a bad value or
   * a missing required setting fails with a message naming it. Not thread-safe; the built
   * notifier is.
   */
  public static final class Builder {
    private String host;
    private int port;
    private TlsMode tls;
    private String username;
    private char[] password;
    private InternetAddress sender;
    private URI renewUrl;
    private Duration connectTimeout;
    private Duration readTimeout;
    private EmailAddressResolver resolver;
    private Clock clock;
    private SSLSocketFactory sslSocketFactory;

    private Builder() {}

    /**
     * The SMTP server's host name or IP address. Required.
     *
     * @param host the host name or IP address
     * @return this builder
     */
    public Builder host(String host) {
      requireNotSet(this.host == null, "host was already set to %s", this.host);
      this.host = SmtpSettingChecks.host(host);
      return this;
    }

    /**
     * The SMTP port, 1–65535. Defaults to {@link TlsMode#defaultPort()} of the TLS mode.
     *
     * @param port the port, 1–65535
     * @return this builder
     */
    public Builder port(int port) {
      requireNotSet(this.port == 0, "port was already set to %s", this.port);
      this.port = SmtpSettingChecks.port(port);
      return this;
    }

    /**
     * How the connection is secured; defaults to {@link TlsMode#STARTTLS} (required).
     *
     * @param tls how the connection is secured
     * @return this builder
     */
    public Builder tls(TlsMode tls) {
      requireNotSet(this.tls == null, "tls was already set to %s", this.tls);
      this.tls = Objects.requireNonNull(tls, "tls");
      return this;
    }

    /**
     * Logs in with {@code username} and {@code password} (SMTP AUTH). The password array is
     * copied, so the caller may clear it afterwards. Without this call the notifier does not log
     * in.
     *
     * @param username the SMTP AUTH username
     * @param password the SMTP AUTH password; copied
     * @return this builder
     */
    public Builder credentials(String username, char[] password) {
      requireNotSet(this.username == null, "credentials were already set for user %s",
          this.username);
      SmtpSettingChecks.credentials(username, password);
      this.username = username;
      this.password = password.clone();
      return this;
    }

    /**
     * The From address, e.g. {@code noreply@wvs.example.io} or
     * {@code WVS <noreply@wvs.example.io>}; its bare address is also the envelope sender.
     * Required.
     *
     * @param address the sender address
     * @return this builder
     */
    public Builder sender(String address) {
      requireNotSet(this.sender == null, "sender was already set to %s",
          this.sender == null ? null : this.sender.toUnicodeString());
      this.sender = SmtpSettingChecks.sender(address);
      return this;
    }

    /**
     * Where users create and renew tokens, e.g.
     * {@code https://wvs.example.io/-/profile/personal_access_tokens}; linked from every mail.
     * Must be an absolute http or https URL. Required.
     *
     * @param url the absolute {@code http} or {@code https} URL of the token page
     * @return this builder
     */
    public Builder renewUrl(String url) {
      requireNotSet(this.renewUrl == null, "renewUrl was already set to %s", this.renewUrl);
      return renewUrl(SmtpSettingChecks.renewUrl(url));
    }

    /**
     * As {@link #renewUrl(String)}.
     *
     * @param url the absolute {@code http} or {@code https} URL of the token page
     * @return this builder
     */
    public Builder renewUrl(URI url) {
      requireNotSet(this.renewUrl == null, "renewUrl was already set to %s", this.renewUrl);
      this.renewUrl = SmtpSettingChecks.renewUrl(url);
      return this;
    }

    /**
     * How long to wait for the TCP (and TLS) connection; default 10 seconds.
     *
     * @param timeout the timeout, positive
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      requireNotSet(this.connectTimeout == null, "connectTimeout was already set to %s",
          this.connectTimeout);
      this.connectTimeout = SmtpSettingChecks.timeout("connectTimeout", timeout);
      return this;
    }

    /**
     * How long to wait for each server reply and each write; default 30 seconds.
     *
     * @param timeout the timeout, positive
     * @return this builder
     */
    public Builder readTimeout(Duration timeout) {
      requireNotSet(this.readTimeout == null, "readTimeout was already set to %s",
          this.readTimeout);
      this.readTimeout = SmtpSettingChecks.timeout("readTimeout", timeout);
      return this;
    }

    /**
     * Finds each recipient's e-mail address ({@link User} has none). Required.
     *
     * @param resolver finds each recipient's address
     * @return this builder
     */
    public Builder emailAddressResolver(EmailAddressResolver resolver) {
      requireNotSet(this.resolver == null, "emailAddressResolver was already set to %s",
          this.resolver);
      this.resolver = Objects.requireNonNull(resolver, "emailAddressResolver");
      return this;
    }

    /**
     * The clock for the Date header; default {@link Clock#systemUTC()}.
     *
     * @param clock the clock of the {@code Date} header
     * @return this builder
     */
    public Builder clock(Clock clock) {
      requireNotSet(this.clock == null, "clock was already set to %s", this.clock);
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The socket factory for TLS ({@link TlsMode#STARTTLS} and {@link TlsMode#SMTPS}), e.g. one
     * that trusts a private CA. Default: the JVM's. The server's host name is checked either way.
     *
     * @param factory the factory of TLS sockets
     * @return this builder
     */
    public Builder sslSocketFactory(SSLSocketFactory factory) {
      requireNotSet(this.sslSocketFactory == null, "sslSocketFactory was already set to %s",
          this.sslSocketFactory);
      this.sslSocketFactory = Objects.requireNonNull(factory, "sslSocketFactory");
      return this;
    }

    /**
     * The notifier.
     *
     * @return the notifier
     * @throws IllegalStateException if host, sender, renewUrl or the resolver is missing
     */
    public SmtpNotifier build() {
      StringBuilder missing = new StringBuilder();
      if (host == null) {
        missing.append(", host");
      }
      if (sender == null) {
        missing.append(", sender");
      }
      if (renewUrl == null) {
        missing.append(", renewUrl");
      }
      if (resolver == null) {
        missing.append(", emailAddressResolver");
      }
      if (missing.length() > 0) {
        throw new IllegalStateException("SmtpNotifier needs " + missing.substring(2)
            + " to be set");
      }
      if (sslSocketFactory != null && tls == TlsMode.NONE) {
        throw new IllegalStateException("sslSocketFactory was set but tls is NONE");
      }
      return new SmtpNotifier(this);
    }

    /** Masks the password. */
    @Override
    public String toString() {
      return "SmtpNotifier.Builder{host=" + host + ", port=" + port + ", tls=" + tls
          + ", credentials=" + SmtpServer.maskedCredentials(username)
          + ", sender=" + (sender == null ? null : sender.toUnicodeString())
          + ", renewUrl=" + renewUrl + "}";
    }
  }
}
