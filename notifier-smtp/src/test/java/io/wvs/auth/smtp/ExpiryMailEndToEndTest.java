package io.wvs.auth.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.DigestKeyring;
import io.wvs.auth.ExpiryNotifications;
import io.wvs.auth.ExpiryScheduler;
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
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The seeds' expiry e-mails end to end: {@link ExpiryNotifications} over an
 * {@link InMemoryTokenStore} and {@link InMemoryUserDirectory}, delivering through a real
 * {@link SmtpNotifier} to GreenMail, with a clock the test moves by hand. Each test asserts on the
 * mails GreenMail received: recipients, subject, token names, expiry dates, and that no token value
 * appears anywhere in any mail.
 */
class ExpiryMailEndToEndTest {
  @RegisterExtension
  static final GreenMailExtension greenMail =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  /** Tokens are created at this instant; the checks run on later days. */
  private static final Instant CREATED = Instant.parse("2026-03-10T12:00:00Z");
  private static final long BOB = 3;
  private static final long CAROL = 4;
  private static final ResourceRef ACME = ResourceRef.group(1);
  private static final ResourceRef API = ResourceRef.project(1);
  private static final Map<Long, String> ADDRESSES = Map.of(
      BOB, "Bob Builder <bob@example.org>",
      CAROL, "carol@example.org");
  private static final EmailAddressResolver RESOLVER =
      user -> Optional.ofNullable(ADDRESSES.get(user.id()));

  private static final String SOON_ONE = "Your access token expires soon";
  private static final String TODAY_ONE = "Your access token expired today";

  private TestClock clock;
  private InMemoryTokenStore store;
  private InMemoryUserDirectory directory;
  private WvsAuth auth;
  /** Every token value handed out in the test; none may appear in any mail. */
  private final List<String> values = new ArrayList<>();

  @BeforeEach
  void setUp() {
    clock = new TestClock(CREATED);
    store = new InMemoryTokenStore();
    directory = new InMemoryUserDirectory();
    directory.put(User.regular(BOB, "bob"));
    directory.put(User.regular(CAROL, "carol"));
    directory.addGroup(1, "acme", null);
    directory.addProject(1, "acme/api", 1);
    directory.addMember(BOB, API, Role.MAINTAINER);
    directory.addMember(CAROL, API, Role.DEVELOPER);
    byte[] pepper = new byte[32];
    Arrays.fill(pepper, (byte) 7);
    auth = WvsAuth.builder()
        .tokenStore(store)
        .userDirectory(directory)
        .resourceDirectory(directory)
        .botAccounts(directory)
        .passwordVerifier(directory)
        .keyring(DigestKeyring.of("k1", pepper))
        .clock(clock)
        .build();
  }

  // --- fixture helpers ---------------------------------------------------------------------

  private SmtpNotifier notifier(int port, Duration timeout) {
    return SmtpNotifier.builder()
        .host("127.0.0.1")
        .port(port)
        .tls(SmtpNotifier.TlsMode.NONE)
        .sender(Fixtures.SENDER)
        .renewUrl(Fixtures.RENEW_URL)
        .emailAddressResolver(RESOLVER)
        .clock(clock)
        .connectTimeout(timeout)
        .readTimeout(timeout)
        .build();
  }

  private ExpiryNotifications jobs() {
    return jobs(notifier(greenMail.getSmtp().getPort(), Duration.ofSeconds(2)));
  }

  private ExpiryNotifications jobs(SmtpNotifier notifier) {
    return auth.expiryNotifications(store, notifier);
  }

  private CreatedToken personal(long user, String name, String expiresOn) {
    CreatedToken created = auth.personalTokens().create(user, user,
        TokenSpec.of(name, Scope.READ_API).expiringOn(LocalDate.parse(expiresOn)));
    values.add(created.value());
    return created;
  }

  private void at(String instant) {
    clock.set(Instant.parse(instant));
  }

  /** One received mail, decoded. */
  private record Mail(String to, String subject, String text, String html, String raw) {
    /** The quoted token names in the plain-text part, in order. */
    List<String> tokenNames() {
      List<String> names = new ArrayList<>();
      Matcher m = Pattern.compile("(?m)^- \"([^\"]*)\"").matcher(text);
      while (m.find()) {
        names.add(m.group(1));
      }
      return names;
    }
  }

  private List<Mail> received(MimeMessage[] messages) throws Exception {
    List<Mail> mails = new ArrayList<>();
    for (MimeMessage m : messages) {
      assertThat(m.getAllRecipients()).hasSize(1);
      String to = ((InternetAddress) m.getRecipients(Message.RecipientType.TO)[0]).getAddress();
      mails.add(new Mail(to, m.getSubject(), Fixtures.part(m, "text/plain"),
          Fixtures.part(m, "text/html"), GreenMailUtil.getWholeMessage(m)));
    }
    assertNoTokenValueIn(mails);
    return mails;
  }

  private List<Mail> received() throws Exception {
    return received(greenMail.getReceivedMessages());
  }

  private void assertNoTokenValueIn(List<Mail> mails) {
    assertThat(values).isNotEmpty();
    for (Mail mail : mails) {
      for (String value : values) {
        assertThat(List.of(mail.subject(), mail.text(), mail.html(), mail.raw()))
            .allSatisfy(s -> assertThat(s).doesNotContain(value));
      }
    }
  }

  private static Mail onlyMailTo(List<Mail> mails, String address) {
    List<Mail> to = mails.stream().filter(m -> m.to().equals(address)).toList();
    assertThat(to).as("mails to %s", address).hasSize(1);
    return to.get(0);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  // --- the seed rules ---------------------------------------------------------------------------

  @Test
  void tokenExpiringInEightDaysGetsNoMail() throws Exception {
    personal(BOB, "eight", "2026-03-28");

    at("2026-03-20T01:00:00Z");
    ExpiryNotifications jobs = jobs();
    ExpiryNotifications.RunReport soon = jobs.runExpiresSoon();
    at("2026-03-20T02:00:00Z");
    ExpiryNotifications.RunReport today = jobs.runExpiresToday();

    assertThat(soon.tokensRead()).isZero();
    assertThat(today.tokensRead()).isZero();
    assertThat(received()).isEmpty();
  }

  @Test
  void tokenExpiringInSevenDaysGetsTheOneOClockMail() throws Exception {
    personal(BOB, "seven", "2026-03-27");

    // constructed the evening before: its first runDue catches up on the 19th's checks, for
    // which the token is still eight days out
    at("2026-03-19T20:00:00Z");
    ExpiryScheduler scheduler = new ExpiryScheduler(jobs());
    assertThat(scheduler.runDue()).isEqualTo(2);
    at("2026-03-20T00:59:59Z");
    assertThat(scheduler.runDue()).isZero();
    assertThat(received()).isEmpty();

    at("2026-03-20T01:00:00Z");
    assertThat(scheduler.runDue()).isEqualTo(1);

    List<Mail> mails = received();
    assertThat(mails).hasSize(1);
    Mail mail = onlyMailTo(mails, "bob@example.org");
    assertThat(mail.subject()).isEqualTo(SOON_ONE);
    assertThat(mail.tokenNames()).containsExactly("seven");
    assertThat(mail.text()).contains("Hello bob,", "within the next seven days",
        "\"seven\" (personal access token)", "expires on 2026-03-27 at 00:00 UTC",
        Fixtures.RENEW_URL);
    assertThat(mail.html()).contains("seven", "expires on 2026-03-27 at 00:00 UTC");

    // the 02:00 check of the same day has nothing for it
    at("2026-03-20T02:00:00Z");
    assertThat(scheduler.runDue()).isEqualTo(1);
    assertThat(received()).hasSize(1);
  }

  @Test
  void tokenExpiringOnTheDayGetsTheTwoOClockMail() throws Exception {
    personal(BOB, "today", "2026-03-20");

    at("2026-03-19T20:00:00Z");
    ExpiryScheduler scheduler = new ExpiryScheduler(jobs());
    scheduler.runDue(); // catch-up for the 19th: the token is one day out, so it gets a notice
    List<Mail> before = received();
    assertThat(before).hasSize(1);
    assertThat(before.get(0).subject()).isEqualTo(SOON_ONE);
    assertThat(before.get(0).text()).contains("expires on 2026-03-20 at 00:00 UTC");

    at("2026-03-20T01:00:00Z");
    assertThat(scheduler.runDue()).isEqualTo(1); // expiry date is today: outside tomorrow..+7
    assertThat(received()).hasSize(1);

    at("2026-03-20T02:00:00Z");
    assertThat(scheduler.runDue()).isEqualTo(1);

    List<Mail> mails = received();
    assertThat(mails).hasSize(2);
    Mail mail = mails.get(1);
    assertThat(mail.to()).isEqualTo("bob@example.org");
    assertThat(mail.subject()).isEqualTo(TODAY_ONE);
    assertThat(mail.tokenNames()).containsExactly("today");
    assertThat(mail.text()).contains("expired today (2026-03-20) at 00:00 UTC",
        "expired on 2026-03-20 at 00:00 UTC");
    assertThat(mail.html()).contains("today", "expired on 2026-03-20 at 00:00 UTC");
  }

  @Test
  void aSecondRunSendsNothing() throws Exception {
    personal(BOB, "seven", "2026-03-27");
    personal(CAROL, "five", "2026-03-25");

    at("2026-03-20T01:00:00Z");
    ExpiryNotifications.RunReport first = jobs().runExpiresSoon();
    assertThat(first.messagesSent()).isEqualTo(2);
    assertThat(received()).hasSize(2);

    // the same check again the same day (another instance, fresh claimant) ...
    ExpiryNotifications.RunReport again = jobs().runExpiresSoon();
    // ... and on the following day, when both tokens are still in the window
    at("2026-03-21T01:00:00Z");
    ExpiryNotifications.RunReport nextDay = jobs().runExpiresSoon();

    assertThat(again.tokensRead()).isEqualTo(2);
    assertThat(again.messagesSent()).isZero();
    assertThat(nextDay.tokensRead()).isEqualTo(2);
    assertThat(nextDay.messagesSent()).isZero();
    List<Mail> mails = received();
    assertThat(mails).extracting(Mail::to)
        .containsExactlyInAnyOrder("bob@example.org", "carol@example.org");
    assertThat(onlyMailTo(mails, "bob@example.org").tokenNames()).containsExactly("seven");
    assertThat(onlyMailTo(mails, "carol@example.org").tokenNames()).containsExactly("five");
  }

  @Test
  void oneMailPerOwnerListsAllTheirTokens() throws Exception {
    personal(BOB, "laptop", "2026-03-25");
    personal(BOB, "backup", "2026-03-22");
    personal(BOB, "far-away", "2026-04-30");
    personal(CAROL, "ci", "2026-03-23");

    at("2026-03-20T01:00:00Z");
    ExpiryNotifications.RunReport report = jobs().runExpiresSoon();

    assertThat(report.messagesSent()).isEqualTo(2);
    List<Mail> mails = received();
    assertThat(mails).hasSize(2);
    Mail bob = onlyMailTo(mails, "bob@example.org");
    assertThat(bob.subject()).isEqualTo("Your access tokens expire soon (2 tokens)");
    assertThat(bob.tokenNames()).containsExactly("backup", "laptop"); // soonest first
    assertThat(bob.text()).contains("expires on 2026-03-22 at 00:00 UTC",
        "expires on 2026-03-25 at 00:00 UTC").doesNotContain("far-away");
    assertThat(bob.html()).contains("backup", "laptop").doesNotContain("far-away");
    Mail carol = onlyMailTo(mails, "carol@example.org");
    assertThat(carol.subject()).isEqualTo(SOON_ONE);
    assertThat(carol.tokenNames()).containsExactly("ci");
    assertThat(carol.text()).contains("Hello carol,", "expires on 2026-03-23 at 00:00 UTC")
        .doesNotContain("laptop", "backup");
  }

  @Test
  void aProjectBotTokensMailGoesToTheProjectsMaintainers() throws Exception {
    CreatedToken bot = auth.resourceTokens().create(BOB, API,
        TokenSpec.of("deployer", Scope.READ_API).expiringOn(LocalDate.parse("2026-03-24")), null);
    values.add(bot.value());
    personal(CAROL, "own", "2026-04-30"); // carol has a token, but not in the window

    at("2026-03-20T01:00:00Z");
    ExpiryNotifications.RunReport report = jobs().runExpiresSoon();

    assertThat(report.tokensRead()).isEqualTo(1);
    List<Mail> mails = received();
    // bob maintains acme/api; carol is only a developer there; the bot itself gets nothing
    assertThat(mails).extracting(Mail::to).containsExactly("bob@example.org");
    Mail mail = mails.get(0);
    assertThat(mail.subject()).isEqualTo(SOON_ONE);
    assertThat(mail.tokenNames()).containsExactly("deployer");
    assertThat(mail.text()).contains("\"deployer\" (project access token of acme/api)",
        "expires on 2026-03-24 at 00:00 UTC");
    assertThat(mail.html()).contains("project access token of acme/api");

    // a maintainer added on the parent group is reached too, once, on the next day's run
    directory.addMember(CAROL, ACME, Role.MAINTAINER);
    at("2026-03-21T01:00:00Z");
    jobs().runExpiresSoon();
    List<Mail> after = received();
    assertThat(after).extracting(Mail::to)
        .containsExactlyInAnyOrder("bob@example.org", "carol@example.org");
    assertThat(onlyMailTo(after, "carol@example.org").tokenNames()).containsExactly("deployer");
  }

  @Test
  void smtpDownOnTheFirstRunThenDeliveredOnTheNextExactlyOnce() throws Exception {
    personal(BOB, "seven", "2026-03-27");
    int port = freePort();
    ExpiryNotifications jobs = jobs(notifier(port, Duration.ofMillis(500)));

    at("2026-03-20T01:00:00Z");
    long start = System.nanoTime();
    ExpiryNotifications.RunReport down = jobs.runExpiresSoon();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    assertThat(down.noticesClaimed()).isEqualTo(1);
    assertThat(down.messagesFailed()).isEqualTo(1);
    assertThat(down.messagesSent()).isZero();

    GreenMail server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    server.start();
    try {
      assertThat(received(server.getReceivedMessages())).isEmpty();

      at("2026-03-20T01:05:00Z");
      ExpiryNotifications.RunReport next = jobs.runExpiresSoon();
      assertThat(next.messagesSent()).isEqualTo(1);
      assertThat(next.messagesFailed()).isZero();
      List<Mail> mails = received(server.getReceivedMessages());
      assertThat(mails).hasSize(1);
      Mail mail = mails.get(0);
      assertThat(mail.to()).isEqualTo("bob@example.org");
      assertThat(mail.subject()).isEqualTo(SOON_ONE);
      assertThat(mail.tokenNames()).containsExactly("seven");
      assertThat(mail.text()).contains("expires on 2026-03-27 at 00:00 UTC");

      at("2026-03-21T01:00:00Z");
      ExpiryNotifications.RunReport third = jobs.runExpiresSoon();
      assertThat(third.messagesSent()).isZero();
      assertThat(received(server.getReceivedMessages())).hasSize(1);
    } finally {
      server.stop();
    }
    assertThat(greenMail.getReceivedMessages()).isEmpty();
  }
}
