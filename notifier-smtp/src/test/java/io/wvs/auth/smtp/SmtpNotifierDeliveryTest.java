package io.wvs.auth.smtp;

import static io.wvs.auth.smtp.Fixtures.ALICE;
import static io.wvs.auth.smtp.Fixtures.BOB;
import static io.wvs.auth.smtp.Fixtures.BROKEN;
import static io.wvs.auth.smtp.Fixtures.NOMAIL;
import static io.wvs.auth.smtp.Fixtures.RENEW_URL;
import static io.wvs.auth.smtp.Fixtures.part;
import static io.wvs.auth.smtp.Fixtures.plain;
import static io.wvs.auth.smtp.Fixtures.soon;
import static io.wvs.auth.smtp.Fixtures.today;
import static io.wvs.auth.smtp.Fixtures.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Real deliveries to a GreenMail SMTP server started for each test. */
class SmtpNotifierDeliveryTest {
  @RegisterExtension
  static final GreenMailExtension greenMail =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  private static final Instant SENT_AT = Instant.parse("2027-01-24T01:00:07Z");

  private SmtpNotifier notifier() {
    return plain(greenMail.getSmtp().getPort())
        .clock(Clock.fixed(SENT_AT, ZoneOffset.UTC))
        .build();
  }

  @Test
  void expiresSoonArrivesWithHeadersBothPartsEveryTokenAndTheRenewUrl() throws Exception {
    notifier().send(soon(ALICE,
        token(11, "laptop", "2027-01-30", "personal access token"),
        token(12, "ci-runner", "2027-01-26", "project acme/api")));

    MimeMessage[] received = greenMail.getReceivedMessages();
    assertThat(received).hasSize(1);
    MimeMessage mail = received[0];
    assertThat(mail.getRecipients(Message.RecipientType.TO))
        .extracting(a -> ((InternetAddress) a).getAddress())
        .containsExactly("alice@example.org");
    assertThat(mail.getFrom())
        .extracting(a -> ((InternetAddress) a).getAddress())
        .containsExactly(Fixtures.SENDER);
    assertThat(mail.getSubject()).isEqualTo("Your access tokens expire soon (2 tokens)");
    assertThat(mail.getSentDate()).isEqualTo(java.util.Date.from(SENT_AT));
    assertThat(mail.getHeader("Date")).hasSize(1);
    assertThat(mail.getMessageID()).matches("<[0-9a-f-]{36}\\.\\d+@wvs\\.example\\.io>");
    assertThat(mail.getHeader("Auto-Submitted")).containsExactly("auto-generated");
    assertThat(mail.getContentType()).startsWith("multipart/alternative");

    String text = part(mail, "text/plain");
    String html = part(mail, "text/html");
    for (String body : List.of(text, html)) {
      assertThat(body)
          .contains("alice", "laptop", "personal access token", "2027-01-30",
              "ci-runner", "project acme/api", "2027-01-26", "at 00:00 UTC", RENEW_URL)
          .doesNotContain("wvspat-");
    }
    assertThat(text).contains("expires on 2027-01-26 at 00:00 UTC",
        "expires on 2027-01-30 at 00:00 UTC", "within the next seven days");
    // soonest first
    assertThat(text.indexOf("ci-runner")).isLessThan(text.indexOf("laptop"));
    assertThat(html).contains("<a href=\"" + RENEW_URL + "\">");
  }

  @Test
  void expiresTodayHasItsOwnSubjectAndWording() throws Exception {
    notifier().send(today(BOB, token(21, "deploy key", "2027-01-24", "personal access token")));

    MimeMessage mail = greenMail.getReceivedMessages()[0];
    assertThat(mail.getSubject()).isEqualTo("Your access token expired today");
    assertThat(mail.getRecipients(Message.RecipientType.TO))
        .extracting(a -> ((InternetAddress) a).getAddress())
        .containsExactly("bob@example.org");
    String text = part(mail, "text/plain");
    assertThat(text).contains("expired today (2027-01-24) at 00:00 UTC",
        "\"deploy key\" (personal access token)", "expired on 2027-01-24 at 00:00 UTC", RENEW_URL);
    assertThat(part(mail, "text/html")).contains("deploy key", "2027-01-24", RENEW_URL);
  }

  @Test
  void tokenNamesAreHtmlEscapedAndControlCharactersNeutralised() throws Exception {
    notifier().send(soon(ALICE,
        token(31, "<script>alert(1)</script>", "2027-01-28", "project \"a&b\"/<x>"),
        token(32, "line\r\nBcc: evil@example.org", "2027-01-29", "personal access token")));

    MimeMessage mail = greenMail.getReceivedMessages()[0];
    String html = part(mail, "text/html");
    assertThat(html)
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .contains("project &quot;a&amp;b&quot;/&lt;x&gt;")
        .doesNotContain("<script>")
        .doesNotContain("<x>");
    String text = part(mail, "text/plain");
    assertThat(text).contains("\"<script>alert(1)</script>\"");
    // the CR LF in the name cannot start a line of its own
    assertThat(text).contains("line\uFFFD\uFFFDBcc: evil@example.org").doesNotContain("\nBcc:");
    assertThat(mail.getRecipients(Message.RecipientType.BCC)).isNull();
    assertThat(mail.getAllRecipients()).hasSize(1);
  }

  @Test
  void recipientWithoutAnAddressIsAnErrorAndNothingIsSent() {
    SmtpNotifier notifier = notifier();

    assertThatThrownBy(() -> notifier.send(soon(NOMAIL,
        token(41, "laptop", "2027-01-30", "personal access token"))))
        .isInstanceOf(NotificationFailedException.class)
        .hasMessageContaining("user nomail (id 4) has no e-mail address")
        .hasMessageContaining("stays pending")
        .satisfies(e -> assertThat(((NotificationFailedException) e).reason())
            .isEqualTo(NotificationFailedException.Reason.NO_ADDRESS));
    assertThatThrownBy(() -> notifier.send(soon(BROKEN,
        token(42, "laptop", "2027-01-30", "personal access token"))))
        .isInstanceOf(NotificationFailedException.class)
        .hasMessageContaining("the e-mail address of user broken (id 5) is not valid");
    SmtpNotifier throwingResolver = plain(greenMail.getSmtp().getPort(), user -> {
      throw new IllegalStateException("directory down");
    }).build();
    assertThatThrownBy(() -> throwingResolver.send(soon(ALICE,
        token(43, "laptop", "2027-01-30", "personal access token"))))
        .isInstanceOf(NotificationFailedException.class)
        .hasMessageContaining("could not look up the e-mail address of user alice (id 2)")
        .hasRootCauseMessage("directory down");

    assertThat(greenMail.getReceivedMessages()).isEmpty();
  }

  @Test
  void oneInstanceIsSafeToShareBetweenThreads() throws Exception {
    SmtpNotifier notifier = notifier();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        int n = i;
        futures.add(pool.submit(() -> notifier.send(soon(n % 2 == 0 ? ALICE : BOB,
            token(100 + n, "token-" + n, "2027-01-30", "personal access token")))));
      }
      for (Future<?> f : futures) {
        f.get(20, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    MimeMessage[] received = greenMail.getReceivedMessages();
    assertThat(received).hasSize(12);
    List<String> ids = new ArrayList<>();
    for (MimeMessage m : received) {
      ids.add(m.getMessageID());
    }
    assertThat(ids).doesNotHaveDuplicates();
    assertThat(Arrays.stream(received).map(m -> {
      try {
        return part(m, "text/plain");
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    })).allSatisfy(text -> assertThat(text).containsPattern("\"token-\\d+\""));
  }
}
