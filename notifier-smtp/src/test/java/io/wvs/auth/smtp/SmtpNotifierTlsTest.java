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
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Implicit TLS (SMTPS) against GreenMail with a certificate made for this test (SAN IP
 * 127.0.0.1): delivered when the certificate is trusted, refused when it is not or when the host
 * name does not match. GreenMail reads its key store from system properties once per JVM; no
 * other test in this module starts a TLS server.
 */
class SmtpNotifierTlsTest {
  private static final char[] STORE_PASSWORD = "changeit".toCharArray();
  private static final ExpiryNotice NOTICE =
      soon(ALICE, token(7, "laptop", "2027-01-30", "personal access token"));

  @TempDir
  static Path dir;

  private static GreenMail server;
  private static SSLSocketFactory trusting;

  @BeforeAll
  static void startSmtps() throws Exception {
    Path keyStore = dir.resolve("greenmail.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "greenmail",
        "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=wvs-auth-test",
        "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
        "-keystore", keyStore.toString(), "-storepass", new String(STORE_PASSWORD),
        "-keypass", new String(STORE_PASSWORD))
        .redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();

    System.setProperty("greenmail.tls.keystore.file", keyStore.toString());
    System.setProperty("greenmail.tls.keystore.password", new String(STORE_PASSWORD));

    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      ks.load(in, STORE_PASSWORD);
    }
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry("test-ca", ks.getCertificate("greenmail"));
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    trusting = context.getSocketFactory();

    server = new GreenMail(
        new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS).dynamicPort());
    server.start();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.stop();
    }
    System.clearProperty("greenmail.tls.keystore.file");
    System.clearProperty("greenmail.tls.keystore.password");
  }

  private static SmtpNotifier.Builder smtps(String host) {
    return SmtpNotifier.builder()
        .host(host)
        .port(server.getSmtps().getPort())
        .tls(SmtpNotifier.TlsMode.SMTPS)
        .sender(SENDER)
        .renewUrl(RENEW_URL)
        .emailAddressResolver(RESOLVER)
        .connectTimeout(Duration.ofSeconds(2))
        .readTimeout(Duration.ofSeconds(2));
  }

  @Test
  void deliversOverImplicitTlsWhenTheCertificateIsTrusted() throws Exception {
    int before = server.getReceivedMessages().length;
    smtps("127.0.0.1").sslSocketFactory(trusting).build().send(NOTICE);
    assertThat(server.getReceivedMessages()).hasSize(before + 1);
  }

  @Test
  void refusesAnUntrustedCertificate() {
    int before = server.getReceivedMessages().length;
    assertThatThrownBy(() -> smtps("127.0.0.1").build().send(NOTICE))
        .isInstanceOf(NotificationFailedException.class)
        .hasMessageContaining("PKIX path building failed")
        .hasStackTraceContaining("SSLHandshakeException");
    assertThat(server.getReceivedMessages()).hasSize(before);
  }

  @Test
  void refusesACertificateForAnotherHost() {
    int before = server.getReceivedMessages().length;
    // trusted certificate, but it names 127.0.0.1 only, not "localhost"
    assertThatThrownBy(() -> smtps("localhost").sslSocketFactory(trusting).build().send(NOTICE))
        .isInstanceOf(NotificationFailedException.class)
        .hasMessageEndingWith("Could not connect to SMTP host: localhost, port: "
            + server.getSmtps().getPort() + "; No name matching localhost found")
        .hasMessageNotContaining("PKIX");
    assertThat(server.getReceivedMessages()).hasSize(before);
  }
}
