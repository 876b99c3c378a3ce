package io.wvs.auth.demo;

import io.wvs.auth.ExpiryNotifications;
import io.wvs.auth.ExpiryScheduler;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.smtp.SmtpNotifier;
import io.wvs.auth.spi.ExpiryNotice;
import io.wvs.auth.spi.ExpiryNoticeStore;
import io.wvs.auth.spi.Notifier;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's expiry e-mails: the two daily checks, their scheduler, and where the e-mails go (an
 * SMTP server, or the log {@code io.wvs.auth.demo.mail}).
 *
 * @param checks the two expiry checks
 * @param scheduler runs them at 01:00 and 02:00 UTC
 */
record ExpiryMails(ExpiryNotifications checks, ExpiryScheduler scheduler) {
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
      DemoConfig config, String baseUrl) {
    if (!(store instanceof ExpiryNoticeStore ledger)) {
      LOG.debug("the token store keeps no expiry notice ledger: no expiry e-mails");
      return null;
    }
    Notifier notifier = config.smtp() == null ? ExpiryMails::logMail
        : smtpMail(config.smtp(), fixture, config, baseUrl);
    ExpiryNotifications checks = auth.expiryNotifications(ledger, notifier)
        .withWindows(config.expiryWindows().toArray(new ExpiryNotice.Kind[0]));
    return new ExpiryMails(checks, new ExpiryScheduler(checks).start());
  }

  /** The "e-mail" of a notice, written to the log. */
  private static void logMail(ExpiryNotice notice) {
    MAIL.info("to {}: {} token(s) {} ({}): {}", notice.recipient().username(), notice.tokens().size(),
        describeKind(notice), notice.date(), describeTokens(notice));
  }

  /** An {@link SmtpNotifier} for {@code smtp} that logs each e-mail it delivered. */
  private static Notifier smtpMail(DemoConfig.Smtp smtp, Fixture fixture, DemoConfig config,
      String baseUrl) {
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
    LOG.info("expiry e-mails go to {}", smtpNotifier);
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
    return List.of(checks.runExpiresSoon(), checks.runExpiresToday());
  }

  /** Stops the scheduler. */
  void stop() {
    scheduler.close();
  }
}
