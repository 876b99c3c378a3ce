package io.wvs.auth.smtp;

import static io.wvs.auth.smtp.Fixtures.ALICE;
import static io.wvs.auth.smtp.Fixtures.RENEW_URL;
import static io.wvs.auth.smtp.Fixtures.RESOLVER;
import static io.wvs.auth.smtp.Fixtures.SENDER;
import static io.wvs.auth.smtp.Fixtures.soon;
import static io.wvs.auth.smtp.Fixtures.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.wvs.auth.spi.ExpiryNotice;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The server is down, silent or not secure enough: the notice is not delivered, and says so. */
class SmtpNotifierFailureTest {
  private static final ExpiryNotice NOTICE =
      soon(ALICE, token(7, "laptop", "2027-01-30", "personal access token"));

  private static SmtpNotifier.Builder shortTimeouts(int port, SmtpNotifier.TlsMode tls) {
    return SmtpNotifier.builder()
        .host("127.0.0.1")
        .port(port)
        .tls(tls)
        .sender(SENDER)
        .renewUrl(RENEW_URL)
        .emailAddressResolver(RESOLVER)
        .connectTimeout(Duration.ofMillis(500))
        .readTimeout(Duration.ofMillis(500));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void serverDownFailsWithinTheTimeoutAndARetryAfterItStartsDeliversExactlyOnce()
      throws Exception {
    int port = freePort();
    SmtpNotifier notifier = shortTimeouts(port, SmtpNotifier.TlsMode.NONE).build();

    long start = System.nanoTime();
    assertThatThrownBy(() -> notifier.send(NOTICE))
        .isInstanceOf(NotificationFailedException.class)
        .hasMessageContaining("could not deliver the expiry notice to user alice (id 2)")
        .hasMessageContaining("127.0.0.1:" + port)
        .satisfies(e -> assertThat(((NotificationFailedException) e).reason())
            .isEqualTo(NotificationFailedException.Reason.DELIVERY_FAILED));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));

    GreenMail server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    server.start();
    try {
      notifier.send(NOTICE); // the job's next run: same notice, same notifier
      assertThat(server.getReceivedMessages()).hasSize(1);
      assertThat(server.getReceivedMessages()[0].getSubject())
          .isEqualTo("Your access token expires soon");
    } finally {
      server.stop();
    }
  }

  @Test
  void aServerThatNeverAnswersTimesOutAfterTheReadTimeout() throws Exception {
    List<Socket> accepted = new ArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            Socket s = silent.accept(); // accept, then never send the 220 greeting
            synchronized (accepted) {
              accepted.add(s);
            }
          }
        } catch (IOException closed) {
          // the test is over
        }
      }, "silent-smtp");
      acceptor.setDaemon(true);
      acceptor.start();
      SmtpNotifier notifier = shortTimeouts(silent.getLocalPort(), SmtpNotifier.TlsMode.NONE)
          .build();

      long start = System.nanoTime();
      assertThatThrownBy(() -> notifier.send(NOTICE))
          .isInstanceOf(NotificationFailedException.class)
          .hasMessageContaining("127.0.0.1:" + silent.getLocalPort())
          .hasStackTraceContaining("SocketTimeoutException");
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(400))
          .isLessThan(Duration.ofSeconds(5));
    } finally {
      synchronized (accepted) {
        for (Socket s : accepted) {
          s.close();
        }
      }
    }
  }

  @Test
  void starttlsRequiredNeverFallsBackToClearText() throws Exception {
    // GreenMail's plain SMTP does not offer STARTTLS
    GreenMail server = new GreenMail(
        new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
    server.start();
    try {
      SmtpNotifier notifier =
          shortTimeouts(server.getSmtp().getPort(), SmtpNotifier.TlsMode.STARTTLS).build();
      assertThatThrownBy(() -> notifier.send(NOTICE))
          .isInstanceOf(NotificationFailedException.class)
          .hasMessageContaining("STARTTLS");
      assertThat(server.getReceivedMessages()).isEmpty();
    } finally {
      server.stop();
    }
  }
}
