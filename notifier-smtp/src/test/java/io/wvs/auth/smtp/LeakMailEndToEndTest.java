package io.wvs.auth.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.DigestKeyring;
import io.wvs.auth.ResourceRef;
import io.wvs.auth.Role;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.inmemory.InMemoryTokenStore;
import io.wvs.auth.inmemory.InMemoryUserDirectory;
import io.wvs.auth.spi.User;
import io.wvs.auth.tck.TestClock;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The leak notice end to end: values reported through
 * {@code AdminTokenService.revokeReportedLeaksAndNotify(values, notifier)} over the in-memory
 * stores, mailed by a real {@link SmtpNotifier} to GreenMail. Asserts on what GreenMail received.
 */
class LeakMailEndToEndTest {
  @RegisterExtension
  static final GreenMailExtension greenMail =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  private static final long BOB = 3;
  private static final long CAROL = 4;
  private static final ResourceRef API = ResourceRef.project(1);
  private static final EmailAddressResolver RESOLVER = user -> Optional.ofNullable(Map.of(
      BOB, "bob@example.org", CAROL, "carol@example.org").get(user.id()));

  private WvsAuth auth;
  private SmtpNotifier notifier;

  @BeforeEach
  void setUp() {
    TestClock clock = new TestClock(Instant.parse("2026-03-10T12:00:00Z"));
    InMemoryUserDirectory directory = new InMemoryUserDirectory();
    directory.put(User.regular(BOB, "bob"));
    directory.put(User.regular(CAROL, "carol"));
    directory.addGroup(1, "acme", null);
    directory.addProject(1, "acme/api", 1);
    directory.addMember(BOB, API, Role.MAINTAINER);
    directory.addMember(CAROL, API, Role.DEVELOPER);
    byte[] pepper = new byte[32];
    Arrays.fill(pepper, (byte) 7);
    auth = WvsAuth.builder().tokenStore(new InMemoryTokenStore()).userDirectory(directory)
        .resourceDirectory(directory).botAccounts(directory).passwordVerifier(directory)
        .keyring(DigestKeyring.of("k1", pepper)).clock(clock).build();
    notifier = SmtpNotifier.builder().host("127.0.0.1").port(greenMail.getSmtp().getPort())
        .tls(SmtpNotifier.TlsMode.NONE).sender(Fixtures.SENDER).renewUrl(Fixtures.RENEW_URL)
        .emailAddressResolver(RESOLVER).clock(clock)
        .connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(2)).build();
  }

  private static String text(MimeMessage m) throws Exception {
    return Fixtures.part(m, "text/plain");
  }

  private static String to(MimeMessage m) throws Exception {
    assertThat(m.getAllRecipients()).hasSize(1);
    return ((InternetAddress) m.getRecipients(Message.RecipientType.TO)[0]).getAddress();
  }

  @Test
  void aPersonalTokenReportedLeakedIsMailedToItsOwnerOnceWithoutItsValue() throws Exception {
    CreatedToken laptop = auth.personalTokens().create(CAROL, CAROL,
        TokenSpec.of("laptop", Scope.READ_API).expiringOn(LocalDate.parse("2026-06-01")));

    int revoked = auth.adminTokens().revokeReportedLeaksAndNotify(List.of(laptop.value()), notifier);
    // reported again (here or on another instance): already revoked, nobody is told twice
    auth.adminTokens().revokeReportedLeaksAndNotify(List.of(laptop.value()), notifier);

    assertThat(revoked).isEqualTo(1);
    MimeMessage[] mails = greenMail.getReceivedMessages();
    assertThat(mails).hasSize(1);
    MimeMessage mail = mails[0];
    assertThat(to(mail)).isEqualTo("carol@example.org");
    assertThat(mail.getSubject())
        .isEqualTo("Your access token was revoked because it was reported leaked");
    for (String body : List.of(text(mail), Fixtures.part(mail, "text/html"))) {
      assertThat(body).contains("carol", "laptop", "(id " + laptop.token().id() + ")",
          "personal access token", "reported as leaked", "Create a new token",
          Fixtures.RENEW_URL);
    }
    assertThat(GreenMailUtil.getWholeMessage(mail)).doesNotContain(laptop.value());
    assertThat(mail.getHeader("Auto-Submitted")).containsExactly("auto-generated");
  }

  @Test
  void aProjectTokenReportedLeakedIsMailedToTheProjectsMaintainersWithItsPathAndEscapedName()
      throws Exception {
    CreatedToken bot = auth.resourceTokens().create(BOB, API,
        TokenSpec.of("<b>deploy</b> & co", Scope.READ_API)
            .expiringOn(LocalDate.parse("2026-06-01")), null);

    auth.adminTokens().revokeReportedLeaksAndNotify(List.of(bot.value()), notifier);

    MimeMessage[] mails = greenMail.getReceivedMessages();
    // bob maintains acme/api; carol is only a developer there; the bot itself gets nothing
    assertThat(mails).hasSize(1);
    assertThat(to(mails[0])).isEqualTo("bob@example.org");
    assertThat(text(mails[0])).contains("Hello bob,", "project access token of acme/api",
        "\"<b>deploy</b> & co\"", "(id " + bot.token().id() + ")");
    assertThat(Fixtures.part(mails[0], "text/html"))
        .contains("&lt;b&gt;deploy&lt;/b&gt; &amp; co", "acme/api")
        .doesNotContain("<b>deploy</b>");
    assertThat(GreenMailUtil.getWholeMessage(mails[0])).doesNotContain(bot.value());
  }

  @Test
  void aTokenStaysRevokedWhenItsLeakNoticeCannotBeMailed() throws Exception {
    greenMail.stop();
    CreatedToken laptop = auth.personalTokens().create(BOB, BOB,
        TokenSpec.of("laptop", Scope.READ_API).expiringOn(LocalDate.parse("2026-06-01")));

    int revoked = auth.adminTokens().revokeReportedLeaksAndNotify(List.of(laptop.value()), notifier);

    assertThat(revoked).isEqualTo(1);
    assertThat(auth.personalTokens().get(BOB, laptop.token().id()).active()).isFalse();
  }
}
