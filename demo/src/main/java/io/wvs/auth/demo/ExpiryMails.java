package io.wvs.auth.demo;

import io.wvs.auth.ExpiryNotifications;
import io.wvs.auth.ExpiryScheduler;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.smtp.SmtpNotifier;
import io.wvs.auth.spi.ExpiryNotice;
import io.wvs.auth.spi.ExpiryNoticeStore;
import io.wvs.auth.spi.Notifier;
import io.wvs.auth.webhook.WebhookNotifier;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's expiry e-mails: the two daily checks, their scheduler, and where the e-mails go (an
 * SMTP server, or the log {@code io.wvs.auth.demo.mail}); and, with {@code --webhook-url}, the
 * same checks for the webhook's events (one per token, in the same ledger).
 *
 * @param checks the two expiry checks
 * @param scheduler runs them at 01:00 and 02:00 UTC
 * @param webhookChecks the checks of the webhook's events, or null without a webhook
 * @param webhookScheduler runs those, or null
 */
record ExpiryMails(ExpiryNotifications checks, ExpiryScheduler scheduler,
    ExpiryNotifications webhookChecks, ExpiryScheduler webhookScheduler) {
  /** The start-up lines keep the server's logger name. */
  private static final Logger LOG = LoggerFactory.getLogger(DemoServer.class);
  private static final Logger MAIL = LoggerFactory.getLogger("io.wvs.auth.demo.mail");

  /**
   * Runs the two daily expiry e-mail checks (01:00 and 02:00 UTC) when the token store keeps the
   * notice ledger they need. With {@link DemoConfig#smtp()} the e-mails go to the fixture users'
   * addresses through that SMTP server (a user without an address gets none: the notifier reports
   * it and the notice stays pending); without it they go to the log ({@code io.wvs.auth.demo.mail}).
   */
  static ExpiryMails start(WvsAuth auth, Object store, Fixture fixture,
      DemoConfig config, SmtpNotifier smtp, WebhookNotifier webhook) {
    if (!(store instanceof ExpiryNoticeStore ledger)) {
      LOG.debug("the token store keeps no expiry notice ledger: no expiry e-mails");
      return null;
    }
    Notifier notifier = smtp == null ? ExpiryMails::logMail : logged(smtp, fixture);
    ExpiryNotice.Kind[] windows = config.expiryWindows().toArray(new ExpiryNotice.Kind[0]);
    ExpiryNotifications checks = auth.expiryNotifications(ledger, notifier).withWindows(windows);
    ExpiryScheduler scheduler = new ExpiryScheduler(checks).start();
    if (webhook == null) {
      return new ExpiryMails(checks, scheduler, null, null);
    }
    ExpiryNotifications hookChecks = auth.expiryNotifications(ledger, webhook).withWindows(windows);
    LOG.info("expiry and leak events go to {}", config.webhook());
    return new ExpiryMails(checks, scheduler, hookChecks, new ExpiryScheduler(hookChecks).start());
  }

  /** The "e-mail" of a notice, written to the log. */
  private static void logMail(ExpiryNotice notice) {
    MAIL.info("to {}: {} token(s) {} ({}): {}", notice.recipient().username(), notice.tokens().size(),
        describeKind(notice), notice.date(), describeTokens(notice));
  }

  /**
   * The {@link SmtpNotifier} of {@link DemoConfig#smtp()} (expiry and leak e-mails to the fixture
   * users' addresses), or null without {@code --smtp-host}.
   */
  static SmtpNotifier smtp(Fixture fixture, DemoConfig config, String baseUrl) {
    DemoConfig.Smtp smtp = config.smtp();
    if (smtp == null) {
      return null;
    }
    SmtpNotifier.Builder builder = SmtpNotifier.builder()
        .host(smtp.host())
        .port(smtp.port())
        .tls(smtp.tls())
        .sender(smtp.from())
        .renewUrl(smtp.renewUrl() == null ? baseUrl + DemoConfig.RENEW_PATH : smtp.renewUrl())
        // Bot users are no fixture users: they have no address (their notices go to maintainers).
        .emailAddressResolver(user -> fixture.email(user.id()))
        .clock(config.clock());
    if (smtp.user() != null) {
      char[] password = smtp.password().toCharArray();
      builder.credentials(smtp.user(), password);
      Arrays.fill(password, '\0');
    }
    SmtpNotifier smtpNotifier = builder.build();
    LOG.info("expiry and leak e-mails go to {}", smtpNotifier);
    return smtpNotifier;
  }

  /** {@code smtpNotifier}, logging each expiry e-mail it delivered. */
  private static Notifier logged(SmtpNotifier smtpNotifier, Fixture fixture) {
    return notice -> {
      smtpNotifier.send(notice);
      MAIL.info("sent to {} <{}> by SMTP: {} token(s) {} ({}): {}", notice.recipient().username(),
          fixture.email(notice.recipient().id()).orElse("?"), notice.tokens().size(),
          describeKind(notice), notice.date(), describeTokens(notice));
    };
  }

  private static String describeKind(ExpiryNotice notice) {
    return notice.kind() == ExpiryNotice.Kind.EXPIRES_TODAY ? "expire today"
        : "expire within " + notice.kind().lastDay() + " days";
  }

  private static String describeTokens(ExpiryNotice notice) {
    return notice.tokens().stream()
        .map(t -> "'" + t.name() + "' (" + t.description() + ", expires on " + t.expiresOn() + ")")
        .collect(Collectors.joining(", "));
  }

  /**
   * Runs both expiry checks now, for the current UTC day of the server's clock, as the scheduler
   * does at 01:00 and 02:00 UTC (for tests: no waiting for the time). Notices already delivered
   * are not sent again. First lets the scheduler finish whatever is due (its start-up catch-up,
   * which it runs itself if its thread has not yet), so with a fixed clock it sends nothing later.
   *
   * @return what each check did (the 01:00 one first)
   */
  List<ExpiryNotifications.RunReport> runNow() {
    scheduler.runDue();
    if (webhookScheduler != null) {
      webhookScheduler.runDue();
      webhookChecks.runExpiresSoon();
      webhookChecks.runExpiresToday();
    }
    return List.of(checks.runExpiresSoon(), checks.runExpiresToday());
  }

  /** Stops the scheduler. */
  void stop() {
    scheduler.close();
    if (webhookScheduler != null) {
      webhookScheduler.close();
    }
  }
}
