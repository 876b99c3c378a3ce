package io.wvs.auth.smtp;

import io.wvs.auth.spi.ExpiryNotice;
import io.wvs.auth.spi.ExpiryNotice.ExpiringToken;
import io.wvs.auth.spi.User;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Users, notices and helpers shared by the tests. */
final class Fixtures {
  static final String RENEW_URL = "https://wvs.example.io/-/profile/personal_access_tokens";
  static final String SENDER = "noreply@wvs.example.io";

  static final User ALICE = User.regular(2, "alice");
  static final User BOB = User.regular(3, "bob");
  /** Has no e-mail address in {@link #RESOLVER}. */
  static final User NOMAIL = User.regular(4, "nomail");
  /** Has an address that is not one. */
  static final User BROKEN = User.regular(5, "broken");

  static final Map<Long, String> ADDRESSES = Map.of(
      ALICE.id(), "alice@example.org",
      BOB.id(), "Bob Builder <bob@example.org>",
      BROKEN.id(), "not an address");

  static final EmailAddressResolver RESOLVER =
      user -> Optional.ofNullable(ADDRESSES.get(user.id()));

  static final LocalDate TODAY = LocalDate.parse("2027-01-24");

  private Fixtures() {}

  static ExpiryNotice soon(User recipient, ExpiringToken... tokens) {
    return new ExpiryNotice(recipient, ExpiryNotice.Kind.EXPIRES_SOON, TODAY, List.of(tokens));
  }

  static ExpiryNotice today(User recipient, ExpiringToken... tokens) {
    return new ExpiryNotice(recipient, ExpiryNotice.Kind.EXPIRES_TODAY, TODAY, List.of(tokens));
  }

  static ExpiringToken token(long id, String name, String expiresOn, String description) {
    return new ExpiringToken(id, name, LocalDate.parse(expiresOn), description);
  }

  /** A builder pointing at a plain SMTP server on 127.0.0.1:port with short timeouts. */
  static SmtpNotifier.Builder plain(int port) {
    return plain(port, RESOLVER);
  }

  /** As {@link #plain(int)} with another address resolver. */
  static SmtpNotifier.Builder plain(int port, EmailAddressResolver resolver) {
    return SmtpNotifier.builder()
        .host("127.0.0.1")
        .port(port)
        .tls(SmtpNotifier.TlsMode.NONE)
        .sender(SENDER)
        .renewUrl(RENEW_URL)
        .emailAddressResolver(resolver)
        .connectTimeout(Duration.ofSeconds(2))
        .readTimeout(Duration.ofSeconds(2));
  }

  /** The decoded text of the first body part of {@code message} with the given MIME type. */
  static String part(MimeMessage message, String mimeType) throws MessagingException, IOException {
    Multipart multipart = (Multipart) message.getContent();
    for (int i = 0; i < multipart.getCount(); i++) {
      BodyPart part = multipart.getBodyPart(i);
      if (part.isMimeType(mimeType)) {
        return (String) part.getContent();
      }
    }
    throw new AssertionError("no " + mimeType + " part in " + message.getContentType());
  }
}
