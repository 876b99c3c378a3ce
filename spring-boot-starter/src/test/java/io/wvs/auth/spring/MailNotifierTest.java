package io.wvs.auth.spring;

import io.wvs.auth.tck.TestClock;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.ExpiryScheduler;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.inmemory.InMemoryUserDirectory;
import io.wvs.auth.smtp.EmailAddressResolver;
import io.wvs.auth.smtp.SmtpNotifier;
import io.wvs.auth.spi.Notifier;
import io.wvs.auth.spi.User;
import io.wvs.auth.spi.UserDirectory;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The expiry e-mails configured from Spring's {@code spring.mail.*}: a real GreenMail server
 * receives the notice; the notifier backs off for the application's own, and a missing address
 * resolver, sender or renew URL stops the start naming it.
 */
class MailNotifierTest {
  @RegisterExtension
  static final GreenMailExtension GREEN_MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  private final TestClock clock = new TestClock(Instant.parse("2026-03-10T12:00:00Z"));

  private ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(WvsAuthAutoConfiguration.class,
            WvsAuthMailAutoConfiguration.class))
        .withBean(UserDirectory.class, () -> {
          InMemoryUserDirectory d = new InMemoryUserDirectory();
          d.put(User.regular(1, "alice"));
          return d;
        })
        .withBean(Clock.class, () -> clock)
        .withPropertyValues("wvs.auth.pepper.env=TEST_PEPPER",
            "TEST_PEPPER=" + ScopeGuardedAppContract.PEPPER_LITERAL,
            "wvs.auth.expiry-notifications.enabled=true",
            "wvs.auth.expiry-notifications.sender=WVS <noreply@wvs.example.io>",
            "wvs.auth.expiry-notifications.renew-url=https://wvs.example.io/-/profile/personal_access_tokens",
            "spring.mail.host=127.0.0.1",
            "spring.mail.port=" + GREEN_MAIL.getSmtp().getPort(),
            "spring.mail.properties.mail.smtp.starttls.enable=false",
            "spring.mail.properties.mail.smtp.timeout=5000");
  }

  private static EmailAddressResolver addresses() {
    return user -> user.id() == 1 ? Optional.of("Alice <alice@example.org>") : Optional.empty();
  }

  @Test
  void anExpiryEmailConfiguredFromSpringMailArrivesAtTheSmtpServer() {
    runner().withBean(EmailAddressResolver.class, MailNotifierTest::addresses).run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(SmtpNotifier.class);
      CreatedToken token = context.getBean(WvsAuth.class).personalTokens().create(1, 1,
          TokenSpec.of("deploy script", Scope.READ_API).expiringOn(LocalDate.of(2026, 3, 14)));
      clock.set(Instant.parse("2026-03-11T01:00:05Z"));
      context.getBean(ExpiryScheduler.class).runDue();

      MimeMessage[] mails = GREEN_MAIL.getReceivedMessages();
      assertThat(mails).hasSize(1);
      assertThat(mails[0].getAllRecipients()[0].toString()).contains("alice@example.org");
      assertThat(mails[0].getFrom()[0].toString()).contains("noreply@wvs.example.io");
      String body = GreenMailUtil.getBody(mails[0]);
      assertThat(body).contains("deploy script").contains("2026-03-14")
          .doesNotContain(token.value());
    });
  }

  @Test
  void starttlsIsRequiredUnlessSpringMailTurnsItOffAndSmtpsFollowsSpringMail() {
    runner().withBean(EmailAddressResolver.class, MailNotifierTest::addresses)
        .withPropertyValues("spring.mail.properties.mail.smtp.starttls.enable=true")
        .run(context -> assertThat(context.getBean(SmtpNotifier.class).toString()).contains("tls=STARTTLS"));
    runner().withBean(EmailAddressResolver.class, MailNotifierTest::addresses)
        .withPropertyValues("spring.mail.protocol=smtps")
        .run(context -> assertThat(context.getBean(SmtpNotifier.class).toString()).contains("tls=SMTPS"));
  }

  @Test
  void theSmtpNotifierBacksOffForTheApplicationsNotifierAndWithoutNotifierSmtp() {
    Notifier own = notice -> { };
    runner().withBean(EmailAddressResolver.class, MailNotifierTest::addresses)
        .withBean("ownNotifier", Notifier.class, () -> own)
        .run(context -> assertThat(context).doesNotHaveBean(SmtpNotifier.class).getBean(Notifier.class)
            .isSameAs(own));
    runner().withClassLoader(new FilteredClassLoader("io.wvs.auth.smtp"))
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("io.wvs.auth.spi.Notifier"));
  }

  @Test
  void aMissingAddressResolverSenderOrRenewUrlStopsTheStartNamingIt() {
    runner().run(context -> assertThat(context).hasFailed().getFailure().rootCause()
        .hasMessageContaining("io.wvs.auth.smtp.EmailAddressResolver"));
    runner().withBean(EmailAddressResolver.class, MailNotifierTest::addresses)
        .withPropertyValues("wvs.auth.expiry-notifications.sender=")
        .run(context -> assertThat(context).hasFailed().getFailure()
            .hasStackTraceContaining("wvs.auth.expiry-notifications.sender"));
    runner().withBean(EmailAddressResolver.class, MailNotifierTest::addresses)
        .withPropertyValues("wvs.auth.expiry-notifications.renew-url=ftp://wvs.example.io/")
        .run(context -> assertThat(context).hasFailed().getFailure()
            .hasStackTraceContaining("wvs.auth.expiry-notifications.renew-url"));
    runner().withBean(EmailAddressResolver.class, MailNotifierTest::addresses)
        .withPropertyValues("spring.mail.password=hunter2-secret")
        .run(context -> assertThat(context).hasFailed().getFailure()
            .hasStackTraceContaining("spring.mail.username")
            .satisfies(e -> assertThat(stackTrace(e)).doesNotContain("hunter2-secret")));
  }

  private static String stackTrace(Throwable e) {
    java.io.StringWriter out = new java.io.StringWriter();
    e.printStackTrace(new java.io.PrintWriter(out));
    return out.toString();
  }

}
