package io.wvs.auth.demo;

import static io.wvs.auth.demo.DemoHarness.postJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.wvs.auth.ExpiryNotifications.RunReport;
import io.wvs.auth.demo.DemoHarness.Answer;
import io.wvs.auth.smtp.SmtpNotifier.TlsMode;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** With --smtp-host the expiry e-mails are really sent, to the fixture users' addresses. */
class DemoServerSmtpTest {
  private static final String ADMIN_TOKEN = "smtp-test-admin-token-123";
  /** Just after the 01:00 UTC check of 2026-03-10. */
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-10T01:00:30Z"), ZoneOffset.UTC);

  @RegisterExtension
  static final GreenMailExtension greenMail = new GreenMailExtension(
      new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());

  @TempDir
  Path tmp;

  private DemoConfig parse(String... args) throws Exception {
    return ((DemoConfig.Run) DemoConfig.parse(args, Map.of())).config();
  }

  @Test
  void expiringTokenOfBobIsMailedToBobOnce() throws Exception {
    int smtpPort = greenMail.getSmtp().getPort();
    DemoConfig config = parse("--port", "0", "--data-dir", tmp.resolve("data").toString(),
        "--admin-token", ADMIN_TOKEN, "--smtp-host", "127.0.0.1", "--smtp-port", Integer.toString(smtpPort))
        .toBuilder().clock(CLOCK).build();
    assertThat(config.smtp().tls()).isEqualTo(TlsMode.NONE);
    assertThat(config.smtp().from()).isEqualTo("wvs-demo@localhost");

    try (DemoServer server = DemoServer.start(config)) {
      assertThat(server.startupText()).contains("expiry e-mails via SMTP 127.0.0.1:" + smtpPort + " (none)");
      // The day's checks ran at start (the scheduler catches up): nothing expires yet.
      assertThat(server.runExpiryChecksNow()).allSatisfy(r -> assertThat(r.messagesSent()).isZero());
      Answer created = postJson(server.baseUrl() + "/api/v4/users/3/personal_access_tokens", ADMIN_TOKEN,
          "{\"name\":\"bob-laptop\",\"scopes\":[\"read_repository\"],\"expires_at\":\"2026-03-14\"}");
      assertThat(created.status()).as(created.body()).isEqualTo(201);

      RunReport soon = server.runExpiryChecksNow().get(0);
      assertThat(soon.messagesSent()).isEqualTo(1);
      assertThat(greenMail.waitForIncomingEmail(5_000, 1)).as("a mail arrives").isTrue();
      MimeMessage[] received = greenMail.getReceivedMessages();
      assertThat(received).hasSize(1);
      MimeMessage mail = received[0];
      assertThat(mail.getRecipients(Message.RecipientType.TO)).extracting(Object::toString)
          .containsExactly("bob@example.com");
      assertThat(mail.getFrom()).extracting(Object::toString).containsExactly("wvs-demo@localhost");
      assertThat(mail.getSubject()).isEqualTo("Your access token expires soon");
      String body = GreenMailUtil.getBody(mail);
      assertThat(body).contains("bob-laptop", "expires on 2026-03-14",
          server.baseUrl() + "/-/profile/personal_access_tokens");
      assertThat(body).doesNotContain(created.json().path("token").asText());

      // Delivered once: a second check claims nothing and sends nothing.
      List<RunReport> again = server.runExpiryChecksNow();
      assertThat(again).hasSize(2).allSatisfy(r -> {
        assertThat(r.noticesClaimed()).isZero();
        assertThat(r.messagesSent()).isZero();
      });
      Thread.sleep(300);
      assertThat(greenMail.getReceivedMessages()).hasSize(1);
    }
  }

  @Test
  void aUserWithoutAddressIsReportedAndGetsNoMail() throws Exception {
    Path fixture = tmp.resolve("fixture.json");
    java.nio.file.Files.writeString(fixture, """
        { "users": [ { "id": 1, "username": "root", "admin": true, "email": "root@example.com" },
                     { "id": 2, "username": "dave" } ] }
        """);
    DemoConfig config = parse("--port", "0", "--data-dir", tmp.resolve("nomail").toString(),
        "--admin-token", ADMIN_TOKEN, "--fixture", fixture.toString(),
        "--smtp-host", "127.0.0.1", "--smtp-port", Integer.toString(greenMail.getSmtp().getPort()))
        .toBuilder().clock(CLOCK).build();
    try (DemoServer server = DemoServer.start(config)) {
      server.runExpiryChecksNow();
      Answer created = postJson(server.baseUrl() + "/api/v4/users/2/personal_access_tokens", ADMIN_TOKEN,
          "{\"name\":\"dave-ci\",\"scopes\":[\"read_user\"],\"expires_at\":\"2026-03-12\"}");
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      RunReport soon = server.runExpiryChecksNow().get(0);
      // Not delivered: the notice stays pending (and is claimed again by the next check).
      assertThat(soon.messagesSent()).isZero();
      assertThat(soon.messagesFailed()).isEqualTo(1);
      assertThat(server.runExpiryChecksNow().get(0).messagesFailed()).isEqualTo(1);
      assertThat(greenMail.getReceivedMessages()).isEmpty();
    }
  }

  @Test
  void invalidSmtpFlagsPrintTheUsageAndExitWith2() {
    for (String[] args : List.of(
        new String[] {"--smtp-host", "127.0.0.1", "--smtp-port", "0"},
        new String[] {"--smtp-host", "127.0.0.1", "--smtp-port", "smtp"},
        new String[] {"--smtp-host", "127.0.0.1", "--smtp-tls", "ssl"},
        new String[] {"--smtp-port", "2525"},
        new String[] {"--smtp-host", "127.0.0.1", "--smtp-user", "mailer"},
        new String[] {"--smtp-host", "127.0.0.1", "--smtp-from", "nobody"},
        new String[] {"--smtp-host", "127.0.0.1", "--renew-url", "ftp://example.com/"})) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code = Main.run(args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8));
      assertThat(code).as(String.join(" ", args)).isEqualTo(2);
      assertThat(err.toString(StandardCharsets.UTF_8)).as(String.join(" ", args))
          .contains("error: ", "Usage:", "--smtp-tls");
    }
  }

  @Test
  void smtpFlagsAreParsedWithTheirDefaults() throws Exception {
    DemoConfig plain = parse("--smtp-host", "mail.local");
    assertThat(plain.smtp().port()).isEqualTo(25);
    assertThat(plain.smtp().tls()).isEqualTo(TlsMode.NONE);
    assertThat(plain.smtp().user()).isNull();
    assertThat(plain.smtp().renewUrl()).isNull();
    assertThat(parse().smtp()).isNull();
    assertThat(parse("--smtp-host", "mail.local", "--smtp-tls", "starttls").smtp().port()).isEqualTo(587);
    assertThat(parse("--smtp-host", "mail.local", "--smtp-tls", "smtps").smtp().port()).isEqualTo(465);

    DemoConfig.Smtp full = ((DemoConfig.Run) DemoConfig.parse(new String[] {"--smtp-host", "mail.local",
        "--smtp-port", "2525", "--smtp-tls", "STARTTLS", "--smtp-user", "mailer", "--smtp-from",
        "WVS <noreply@wvs.example.io>", "--renew-url", "https://wvs.example.io/tokens"},
        Map.of("WVS_SMTP_PASSWORD", "secret-from-env"))).config().smtp();
    assertThat(full).isEqualTo(new DemoConfig.Smtp("mail.local", 2525, TlsMode.STARTTLS, "mailer",
        "secret-from-env", "WVS <noreply@wvs.example.io>", "https://wvs.example.io/tokens"));
    assertThat(full.toString()).doesNotContain("secret-from-env");
    assertThat(parse("--smtp-host", "h", "--smtp-user", "u", "--smtp-password", "from-flag").smtp().password())
        .isEqualTo("from-flag");
  }
}
