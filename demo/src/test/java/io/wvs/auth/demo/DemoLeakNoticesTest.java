package io.wvs.auth.demo;

import static io.wvs.auth.demo.DemoHarness.postJson;
import static io.wvs.auth.demo.DemoHarness.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import io.wvs.auth.demo.DemoHarness.Answer;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * With --smtp-host and --webhook-url, a token reported leaked through the unauthenticated
 * {@code POST /api/v4/credentials/revoke} is e-mailed to its owner and posted, signed, to the
 * webhook; expiry events go to the webhook too. A real SMTP server and a real HTTP receiver.
 */
class DemoLeakNoticesTest {
  private static final String ADMIN_TOKEN = "leak-test-admin-token-1234";
  private static final String SECRET = "a-webhook-secret-of-the-demo-test";
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-10T01:00:30Z"), ZoneOffset.UTC);

  @RegisterExtension
  static final GreenMailExtension greenMail = new GreenMailExtension(
      new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());

  @TempDir
  Path tmp;

  /** One request the receiver got: its event header and body. */
  private record Event(String event, String id, String timestamp, String signature, String body) {}

  @Test
  void aTokenReportedLeakedIsMailedToItsOwnerAndPostedToTheWebhookAndExpiryEventsAreToo()
      throws Exception {
    List<Event> events = new CopyOnWriteArrayList<>();
    HttpServer receiver = HttpServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext("/hook", exchange -> {
      try (InputStream in = exchange.getRequestBody()) {
        events.add(new Event(exchange.getRequestHeaders().getFirst("X-Wvs-Event"),
            exchange.getRequestHeaders().getFirst("X-Wvs-Event-Id"),
            exchange.getRequestHeaders().getFirst("X-Wvs-Timestamp"),
            exchange.getRequestHeaders().getFirst("X-Wvs-Signature"),
            new String(in.readAllBytes(), StandardCharsets.UTF_8)));
      }
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    receiver.start();
    Path secretFile = tmp.resolve("webhook.secret");
    Files.writeString(secretFile, SECRET + "\n");
    DemoConfig config = ((DemoConfig.Run) DemoConfig.parse(new String[] {"--port", "0",
        "--data-dir", tmp.resolve("data").toString(), "--admin-token", ADMIN_TOKEN,
        "--smtp-host", "127.0.0.1", "--smtp-port", Integer.toString(greenMail.getSmtp().getPort()),
        "--webhook-url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook",
        "--webhook-secret-file", secretFile.toString()}, Map.of())).config()
        .toBuilder().clock(CLOCK).build();
    try (DemoServer server = DemoServer.start(config)) {
      assertThat(server.startupText()).contains("Webhook:   expiry and leak events to http://127.0.0.1:");
      server.runExpiryChecksNow();
      Answer created = postJson(server.baseUrl() + "/api/v4/users/3/personal_access_tokens",
          ADMIN_TOKEN, "{\"name\":\"bob-laptop\",\"scopes\":[\"read_repository\"],"
              + "\"expires_at\":\"2026-03-14\"}");
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      String value = created.json().path("token").asText();
      long id = created.json().path("id").asLong();

      server.runExpiryChecksNow();
      Answer reported = send("POST", server.baseUrl() + "/api/v4/credentials/revoke",
          "{\"credentials\":[\"" + value + "\"]}", "Content-Type", "application/json");

      assertThat(reported.status()).as(reported.body()).isEqualTo(202);
      assertThat(greenMail.waitForIncomingEmail(5_000, 2)).as("two mails arrive").isTrue();
      MimeMessage leak = List.of(greenMail.getReceivedMessages()).stream()
          .filter(m -> subject(m).contains("reported leaked")).findFirst().orElseThrow();
      assertThat(leak.getRecipients(Message.RecipientType.TO)).extracting(Object::toString)
          .containsExactly("bob@example.com");
      assertThat(GreenMailUtil.getBody(leak)).contains("bob-laptop", "(id " + id + ")",
          server.baseUrl() + "/-/profile/personal_access_tokens");
      assertThat(GreenMailUtil.getWholeMessage(leak)).doesNotContain(value);

      assertThat(events).extracting(Event::event, Event::id).containsExactly(
          org.assertj.core.groups.Tuple.tuple("token_expiring", id + "-expires_soon"),
          org.assertj.core.groups.Tuple.tuple("token_revoked_as_leaked", id + "-revoked_as_leaked"));
      for (Event e : events) {
        assertThat(e.body()).contains("\"name\":\"bob-laptop\"").doesNotContain(value);
        assertThat(signature(e.timestamp(), e.body()))
            .isEqualTo(e.signature().getBytes(StandardCharsets.US_ASCII));
      }
    } finally {
      receiver.stop(0);
    }
  }

  private static String subject(MimeMessage m) {
    try {
      return m.getSubject();
    } catch (jakarta.mail.MessagingException e) {
      throw new AssertionError(e);
    }
  }

  /** What a receiver computes: HMAC-SHA256 over "timestamp.body" with the secret (no newline). */
  private static byte[] signature(String timestamp, String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
    byte[] expected = ("sha256=" + HexFormat.of().formatHex(mac.doFinal(
        body.getBytes(StandardCharsets.UTF_8)))).getBytes(StandardCharsets.US_ASCII);
    return expected;
  }
}
