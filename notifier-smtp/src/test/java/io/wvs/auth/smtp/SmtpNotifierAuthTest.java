package io.wvs.auth.smtp;

import static io.wvs.auth.smtp.Fixtures.ALICE;
import static io.wvs.auth.smtp.Fixtures.plain;
import static io.wvs.auth.smtp.Fixtures.soon;
import static io.wvs.auth.smtp.Fixtures.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SMTP AUTH against GreenMail users. */
class SmtpNotifierAuthTest {
  private static final String PASSWORD = "s3cret-Pa55word";

  @RegisterExtension
  static final GreenMailExtension greenMail =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
          .withConfiguration(GreenMailConfiguration.aConfig()
              .withUser("mailer@wvs.example.io", "mailer", PASSWORD));

  @Test
  void logsInWithTheConfiguredCredentialsAndDelivers() throws Exception {
    char[] password = PASSWORD.toCharArray();
    SmtpNotifier notifier = plain(greenMail.getSmtp().getPort())
        .credentials("mailer", password)
        .build();
    Arrays.fill(password, '\0'); // the caller clears its array; the notifier kept a copy

    notifier.send(soon(ALICE, token(1, "laptop", "2027-01-30", "personal access token")));

    assertThat(greenMail.getReceivedMessages()).hasSize(1);
    assertThat(notifier.sessionProperties().getProperty("mail.smtp.auth")).isEqualTo("true");
    assertThat(notifier.sessionProperties().toString()).doesNotContain(PASSWORD);
  }

  @Test
  void wrongPasswordIsADeliveryFailureThatNamesNoSecret() {
    SmtpNotifier notifier = plain(greenMail.getSmtp().getPort())
        .credentials("mailer", "wrong-Pa55word".toCharArray())
        .build();

    assertThatThrownBy(() -> notifier.send(
        soon(ALICE, token(1, "laptop", "2027-01-30", "personal access token"))))
        .isInstanceOf(NotificationFailedException.class)
        .hasMessageContaining("could not deliver the expiry notice to user alice (id 2)")
        .hasMessageContaining("127.0.0.1:" + greenMail.getSmtp().getPort())
        .hasCauseInstanceOf(jakarta.mail.AuthenticationFailedException.class)
        .satisfies(e -> {
          assertThat(((NotificationFailedException) e).reason())
              .isEqualTo(NotificationFailedException.Reason.DELIVERY_FAILED);
          assertThat(e.getMessage()).doesNotContain("wrong-Pa55word", PASSWORD);
        });
    assertThat(greenMail.getReceivedMessages()).isEmpty();
  }

  @Test
  void withoutCredentialsTheServerRefusesNothingButNoLoginIsAttempted() {
    SmtpNotifier notifier = plain(greenMail.getSmtp().getPort()).build();
    assertThat(notifier.sessionProperties().getProperty("mail.smtp.auth")).isEqualTo("false");
    notifier.send(soon(ALICE, token(1, "laptop", "2027-01-30", "personal access token")));
    assertThat(greenMail.getReceivedMessages()).hasSize(1);
  }
}
