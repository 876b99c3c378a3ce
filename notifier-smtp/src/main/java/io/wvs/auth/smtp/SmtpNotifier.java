package io.wvs.auth.smtp;

import io.wvs.auth.spi.ExpiryNotice;
import io.wvs.auth.spi.Notifier;
import io.wvs.auth.spi.User;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Notifier} that e-mails expiry notices over SMTP (Jakarta Mail, Eclipse Angus).
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

  private final String host;
  private final int port;
  private final TlsMode tls;
  private final String username;
  private final char[] password;
  private final InternetAddress sender;
  private final URI renewUrl;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final EmailAddressResolver resolver;
  private final Clock clock;
  private final Session session;

  private SmtpNotifier(Builder b) {
    this.host = b.host;
    this.tls = b.tls == null ? TlsMode.STARTTLS : b.tls;
    this.port = b.port == 0 ? tls.defaultPort() : b.port;
    this.username = b.username;
    this.password = b.password == null ? null : b.password.clone();
    this.sender = b.sender;
    this.renewUrl = b.renewUrl;
    this.connectTimeout = b.connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : b.connectTimeout;
    this.readTimeout = b.readTimeout == null ? DEFAULT_READ_TIMEOUT : b.readTimeout;
    this.resolver = b.resolver;
    this.clock = b.clock == null ? Clock.systemUTC() : b.clock;
    // One Session per notifier: Session.getDefaultInstance would be shared JVM-wide and keep the
    // properties of whichever caller came first.
    this.session = Session.getInstance(sessionProperties(b.sslSocketFactory));
    if (tls == TlsMode.NONE && username != null) {
      LOG.warn("SMTP notifier for {}:{} sends its credentials without TLS", host, port);
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

  /** The Jakarta Mail properties this configuration stands for (no password among them). */
  Properties sessionProperties(SSLSocketFactory sslSocketFactory) {
    Properties p = new Properties();
    p.put("mail.transport.protocol", "smtp");
    p.put("mail.smtp.host", host);
    p.put("mail.smtp.port", Integer.toString(port));
    p.put("mail.smtp.connectiontimeout", Long.toString(connectTimeout.toMillis()));
    p.put("mail.smtp.timeout", Long.toString(readTimeout.toMillis()));
    p.put("mail.smtp.writetimeout", Long.toString(readTimeout.toMillis()));
    p.put("mail.smtp.from", sender.getAddress()); // envelope sender (bounces)
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
    InternetAddress to = addressOf(user);
    MimeMessage message;
    try {
      message = compose(notice, to);
    } catch (MessagingException e) {
      throw new NotificationFailedException(NotificationFailedException.Reason.DELIVERY_FAILED,
          "could not compose the expiry notice for " + describe(user) + ": " + e.getMessage(), e);
    }
    try (Transport transport = session.getTransport("smtp")) {
      if (username != null) {
        String secret = new String(password);
        transport.connect(host, port, username, secret);
      } else {
        transport.connect(host, port, null, null);
      }
      transport.sendMessage(message, message.getAllRecipients());
    } catch (MessagingException e) {
      LOG.debug("expiry notice ({}) for user id {} not delivered via {}:{}: {}",
          notice.kind(), user.id(), host, port, e.toString());
      throw new NotificationFailedException(NotificationFailedException.Reason.DELIVERY_FAILED,
          "could not deliver the expiry notice to " + describe(user) + " via SMTP server "
              + host + ":" + port + " (" + tls + "): " + rootMessage(e), e);
    }
    LOG.debug("expiry notice ({}, {} tokens) sent to user id {}", notice.kind(),
        notice.tokens().size(), user.id());
  }

  private InternetAddress addressOf(User user) {
    Optional<String> address;
    try {
      address = resolver.emailOf(user);
    } catch (RuntimeException e) {
      throw new NotificationFailedException(NotificationFailedException.Reason.NO_ADDRESS,
          "could not look up the e-mail address of " + describe(user) + ": " + e, e);
    }
    if (address == null || address.isEmpty() || address.get().isBlank()) {
      throw new NotificationFailedException(NotificationFailedException.Reason.NO_ADDRESS,
          describe(user) + " has no e-mail address; the expiry notice was not sent and stays"
              + " pending");
    }
    try {
      return parseAddress(address.get());
    } catch (AddressException e) {
      throw new NotificationFailedException(NotificationFailedException.Reason.NO_ADDRESS,
          "the e-mail address of " + describe(user) + " is not valid (" + e.getMessage()
              + "); the expiry notice was not sent and stays pending", e);
    }
  }

  private MimeMessage compose(ExpiryNotice notice, InternetAddress to) throws MessagingException {
    ExpiryMailContent content = new ExpiryMailContent(notice, renewUrl);
    MimeMessage message = new IdentifiedMimeMessage(session, messageId());
    message.setFrom(sender);
    message.setRecipient(Message.RecipientType.TO, to);
    message.setSubject(content.subject(), StandardCharsets.UTF_8.name());
    message.setSentDate(Date.from(clock.instant()));
    message.setHeader("Auto-Submitted", "auto-generated"); // RFC 3834: no auto-replies
    MimeBodyPart text = new MimeBodyPart();
    text.setText(content.plainText(), StandardCharsets.UTF_8.name(), "plain");
    MimeBodyPart html = new MimeBodyPart();
    html.setText(content.html(), StandardCharsets.UTF_8.name(), "html");
    MimeMultipart alternative = new MimeMultipart("alternative");
    alternative.addBodyPart(text); // least preferred first (RFC 2046)
    alternative.addBodyPart(html);
    message.setContent(alternative);
    message.saveChanges();
    return message;
  }

  private String messageId() {
    String address = sender.getAddress();
    String domain = address.substring(address.lastIndexOf('@') + 1);
    return "<" + UUID.randomUUID() + "." + clock.millis() + "@" + domain + ">";
  }

  private static String describe(User user) {
    return "user " + ExpiryMailContent.clean(user.username()) + " (id " + user.id() + ")";
  }

  /** The messages along the cause chain, each once: "Could not connect...; Connection refused". */
  private static String rootMessage(Throwable e) {
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

  static InternetAddress parseAddress(String address) throws AddressException {
    InternetAddress parsed = new InternetAddress(address.strip(), true);
    parsed.validate();
    String bare = parsed.getAddress();
    int at = bare == null ? -1 : bare.lastIndexOf('@');
    if (at <= 0 || at == bare.length() - 1) {
      throw new AddressException("an address needs a local part and a domain", address);
    }
    return parsed;
  }

  /** Host, port, TLS, user name, sender, renew URL and timeouts; the password is masked. */
  @Override
  public String toString() {
    return "SmtpNotifier{host=" + host + ", port=" + port + ", tls=" + tls
        + ", credentials=" + (username == null ? "none" : username + ":****")
        + ", sender=" + sender.toUnicodeString() + ", renewUrl=" + renewUrl
        + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout + "}";
  }

  /** A message whose Message-ID is ours, not the one derived from the local host name. */
  private static final class IdentifiedMimeMessage extends MimeMessage {
    private final String id;

    IdentifiedMimeMessage(Session session, String id) {
      super(session);
      this.id = id;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
      setHeader("Message-ID", id);
    }
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
      this.host = host;
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
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port must be between 1 and 65535, was " + port);
      }
      this.port = port;
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
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
      if (username.isBlank()) {
        throw new IllegalArgumentException("username must not be blank, was '" + username + "'");
      }
      if (password.length == 0) {
        throw new IllegalArgumentException("password for user " + username + " must not be empty");
      }
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
      Objects.requireNonNull(address, "sender");
      try {
        this.sender = parseAddress(address);
      } catch (AddressException e) {
        throw new IllegalArgumentException("sender must be a valid e-mail address, was '"
            + ExpiryMailContent.clean(address) + "' (" + e.getMessage() + ")", e);
      }
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
      Objects.requireNonNull(url, "renewUrl");
      URI uri;
      try {
        uri = new URI(url.strip());
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("renewUrl must be an absolute http(s) URL, was '"
            + ExpiryMailContent.clean(url) + "' (" + e.getReason() + ")", e);
      }
      return renewUrl(uri);
    }

    /**
     * As {@link #renewUrl(String)}.
     *
     * @param url the absolute {@code http} or {@code https} URL of the token page
     * @return this builder
     */
    public Builder renewUrl(URI url) {
      requireNotSet(this.renewUrl == null, "renewUrl was already set to %s", this.renewUrl);
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
      this.renewUrl = url;
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
      this.connectTimeout = checkTimeout("connectTimeout", timeout);
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
      this.readTimeout = checkTimeout("readTimeout", timeout);
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
          + ", credentials=" + (username == null ? "none" : username + ":****")
          + ", sender=" + (sender == null ? null : sender.toUnicodeString())
          + ", renewUrl=" + renewUrl + "}";
    }

    private static Duration checkTimeout(String name, Duration timeout) {
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

    private static void requireNotSet(boolean unset, String template, Object current) {
      if (!unset) {
        throw new IllegalStateException(String.format(Locale.ROOT, template, current));
      }
    }
  }
}
