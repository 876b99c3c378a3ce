package io.wvs.auth.demo;

import io.wvs.auth.TokenView;
import io.wvs.auth.smtp.SmtpNotifier;
import io.wvs.auth.spi.ExpiryNotice;
import io.wvs.auth.spi.LeakRevocation;
import io.wvs.auth.spi.Notifier;
import io.wvs.auth.webhook.WebhookNotifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the owner when a token was revoked because its value was reported leaked: a log line
 * always (the demo's mailbox), an e-mail with {@code --smtp-host}, a webhook event with
 * {@code --webhook-url}. One failing channel does not keep the others from being told.
 */
final class LeakNotices implements Notifier {
  private static final Logger LOG = LoggerFactory.getLogger(LeakNotices.class);

  private final SmtpNotifier smtp;
  private final WebhookNotifier webhook;

  LeakNotices(SmtpNotifier smtp, WebhookNotifier webhook) {
    this.smtp = smtp;
    this.webhook = webhook;
  }

  @Override
  public void send(ExpiryNotice notice) {
    throw new UnsupportedOperationException("expiry notices go through ExpiryMails");
  }

  @Override
  public void tokenRevokedAsLeaked(LeakRevocation revocation) {
    TokenView token = revocation.token();
    LOG.info("token {} ({}) was revoked because its value was reported leaked; owner: {}",
        token.id(), token.type(), token.owner());
    if (smtp != null) {
      tell("e-mail", () -> smtp.tokenRevokedAsLeaked(revocation), token);
    }
    if (webhook != null) {
      tell("webhook event", () -> webhook.tokenRevokedAsLeaked(revocation), token);
    }
  }

  private static void tell(String channel, Runnable send, TokenView token) {
    try {
      send.run();
    } catch (RuntimeException e) {
      LOG.warn("the leak {} of token {} was not delivered: {}", channel, token.id(), e.toString());
    }
  }
}
