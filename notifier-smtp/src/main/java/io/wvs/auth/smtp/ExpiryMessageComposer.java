package io.wvs.auth.smtp;

import io.wvs.auth.spi.ExpiryNotice;
import io.wvs.auth.spi.LeakRevocation;
import io.wvs.auth.spi.User;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;
import java.util.UUID;

/**
 * Turns one expiry notice (or one leak revocation, for one of its recipients) into a
 * {@code multipart/alternative} MIME message (plain text, then HTML) from the sender to one
 * recipient, dated by the clock and marked auto-generated. The words
 * come from {@link ExpiryMailContent} and {@link LeakMailContent}.
 */
final class ExpiryMessageComposer {
  private final Session session;
  private final InternetAddress sender;
  private final URI renewUrl;
  private final Clock clock;

  ExpiryMessageComposer(Session session, InternetAddress sender, URI renewUrl, Clock clock) {
    this.session = session;
    this.sender = sender;
    this.renewUrl = renewUrl;
    this.clock = clock;
  }

  MimeMessage compose(ExpiryNotice notice, InternetAddress to) throws MessagingException {
    ExpiryMailContent content = new ExpiryMailContent(notice, renewUrl);
    return compose(content.subject(), content.plainText(), content.html(), to);
  }

  MimeMessage compose(LeakRevocation revocation, User recipient, InternetAddress to)
      throws MessagingException {
    LeakMailContent content = new LeakMailContent(revocation, recipient, renewUrl);
    return compose(content.subject(), content.plainText(), content.htmlText(), to);
  }

  private MimeMessage compose(String subject, String plainText, String htmlText,
      InternetAddress to) throws MessagingException {
    MimeMessage message = new IdentifiedMimeMessage(session, messageId());
    message.setFrom(sender);
    message.setRecipient(Message.RecipientType.TO, to);
    message.setSubject(subject, StandardCharsets.UTF_8.name());
    message.setSentDate(Date.from(clock.instant()));
    message.setHeader("Auto-Submitted", "auto-generated"); // RFC 3834: no auto-replies
    MimeBodyPart text = new MimeBodyPart();
    text.setText(plainText, StandardCharsets.UTF_8.name(), "plain");
    MimeBodyPart html = new MimeBodyPart();
    html.setText(htmlText, StandardCharsets.UTF_8.name(), "html");
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
}
