package io.wvs.auth.smtp;

import io.wvs.auth.spi.LeakRevocation;
import io.wvs.auth.spi.User;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one leak-revocation e-mail to each recipient of a {@link LeakRevocation}, one SMTP
 * connection each. Every recipient is tried; the failures are reported together at the end.
 */
final class LeakMails {
  private static final Logger LOG = LoggerFactory.getLogger(LeakMails.class);

  private final SmtpServer server;
  private final Session session;
  private final ExpiryMessageComposer composer;
  private final RecipientAddresses recipients;

  LeakMails(SmtpServer server, Session session, ExpiryMessageComposer composer,
      RecipientAddresses recipients) {
    this.server = server;
    this.session = session;
    this.composer = composer;
    this.recipients = recipients;
  }

  void send(LeakRevocation revocation) {
    List<String> failures = new ArrayList<>();
    for (User user : revocation.recipients()) {
      try {
        InternetAddress to = recipients.addressOf(user, "the leak notice was not sent");
        server.deliver(session, composer.compose(revocation, user, to));
      } catch (NotificationFailedException e) {
        failures.add(e.getMessage());
      } catch (MessagingException e) {
        failures.add(RecipientAddresses.describe(user) + " via SMTP server " + server.describe()
            + ": " + SmtpServer.causeChainText(e));
      }
    }
    if (!failures.isEmpty()) {
      throw new NotificationFailedException(NotificationFailedException.Reason.DELIVERY_FAILED,
          "could not tell " + failures.size() + " of " + revocation.recipients().size()
              + " recipients that token " + revocation.token().id() + " was revoked as leaked: "
              + String.join("; ", failures));
    }
    LOG.debug("leak notice of token {} sent to {} recipients", revocation.token().id(),
        revocation.recipients().size());
  }
}
