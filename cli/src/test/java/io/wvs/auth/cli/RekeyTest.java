package io.wvs.auth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wvs.auth.AuthRequest;
import io.wvs.auth.AuthResult;
import io.wvs.auth.DeployTokenService;
import io.wvs.auth.DeployTokenSpec;
import io.wvs.auth.DigestKeyring;
import io.wvs.auth.ResourceRef;
import io.wvs.auth.Scope;
import io.wvs.auth.ScopeRequirement;
import io.wvs.auth.TokenType;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.spi.NewToken;
import io.wvs.auth.spi.TokenDigest;
import io.wvs.auth.spi.TokenOwner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * {@code keys rekey} over 100,000 tokens of a PostgreSQL store, while the application keeps
 * authenticating them: no request is refused during the run, every digest whose value can be
 * recovered is moved to the new pepper, every other active token is counted until its next use,
 * and the run resumes from the id it reported last.
 */
class RekeyTest {
  private static final int TOKENS = 100_000;
  private static final int CI_PROJECTS = 1;
  private static final int THREADS = 8;
  private static final ObjectMapper JSON = new ObjectMapper();

  private static String value(int i) {
    return "bulk-token-value-" + String.format("%06d", i);
  }

  /** The digest the application stores for {@code value} under pepper {@code k1}. */
  private static TokenDigest k1(Mac mac, String value) {
    return TokenDigest.of("k1", mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void rekeyingAHundredThousandTokensKeepsTheAuthenticatorWorkingThroughout() throws Exception {
    try (Site site = Site.postgres()) {
      WvsAuth before = site.app(); // registers k1
      String ci = before.deployTokens().create(3, ResourceRef.project(1),
          DeployTokenSpec.of(DeployTokenService.CI_TOKEN_NAME, Scope.READ_REPOSITORY)).value();
      long insertStart = System.nanoTime();
      insert(site, TOKENS);
      long insertMillis = (System.nanoTime() - insertStart) / 1_000_000;

      byte[] newPepper = Site.key(5);
      Path newPepperFile = Files.writeString(site.dir.resolve("pepper-k2.key"),
          Base64.getEncoder().encodeToString(newPepper));
      WvsAuth after = site.app(DigestKeyring.builder().current("k2", newPepper)
          .retired("k1", site.pepper).build());
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicLong ok = new AtomicLong();
      List<String> refused = new ArrayList<>();
      Thread traffic = new Thread(() -> {
        int i = 0;
        while (running.get()) {
          String v = value((i++ * 7919) % TOKENS);
          AuthResult r = after.authenticator().authenticate(
              AuthRequest.api(v, ScopeRequirement.anyOf(Scope.READ_USER)));
          if (r instanceof AuthResult.Success) {
            ok.incrementAndGet();
          } else {
            synchronized (refused) {
              refused.add(r.toString());
            }
          }
        }
      });
      traffic.start();

      long rekeyStart = System.nanoTime();
      CliRun run = CliRun.run(rotated(site, newPepperFile, "keys", "rekey", "--key-id", "k2",
          "--retired-pepper-file", "k1=" + site.pepperFile, "--ci-key-file",
          site.ciKeyFile.toString(), "--batch-size", "10000", "--json"));
      long rekeyMillis = (System.nanoTime() - rekeyStart) / 1_000_000;
      running.set(false);
      traffic.join();

      assertThat(run.exitCode()).as(run.err()).isZero();
      JsonNode report = JSON.readTree(run.out());
      long scanned = report.get("scanned").asLong();
      assertThat(scanned).isEqualTo(TOKENS + CI_PROJECTS);
      assertThat(report.get("rekeyed").asLong()).isEqualTo(CI_PROJECTS);
      assertThat(report.get("unknown_key").asLong()).isZero();
      assertThat(report.get("already_current").asLong() + report.get("pending_next_use").asLong())
          .isEqualTo(TOKENS);
      assertThat(run.errLines()).hasSize(TOKENS / 10_000 + 1)
          .allMatch(l -> l.startsWith("rekey ["));
      assertThat(run.errLines().get(run.errLines().size() - 1)).contains("100% 100001/100001");
      assertThat(refused).isEmpty();
      assertThat(ok.get()).isPositive();
      // The CI deploy token's digest moved: the new pepper alone finds it.
      WvsAuth newOnly = site.app(DigestKeyring.of("k2", newPepper));
      assertThat(newOnly.authenticator().authenticate(AuthRequest.builder(ci)
          .channel(io.wvs.auth.Channel.GIT_HTTP).username(newOnly.adminTokens()
              .inspect(1, ci).orElseThrow().username())
          .require(ScopeRequirement.anyOf(Scope.READ_REPOSITORY)).build()))
          .isInstanceOf(AuthResult.Success.class);
      // Resuming after the last id reported finds nothing left to look at.
      CliRun resumed = CliRun.run(rotated(site, newPepperFile, "keys", "rekey", "--key-id", "k2",
          "--retired-pepper-file", "k1=" + site.pepperFile, "--after-id",
          report.get("last_id").asText(), "--json"));
      assertThat(JSON.readTree(resumed.out()).get("scanned").asLong()).isZero();
      System.out.printf("inserted %d tokens in %d ms; rekey run %d ms; %d authentications"
          + " meanwhile, none refused%n", TOKENS, insertMillis, rekeyMillis, ok.get());
    }
  }

  /** The site's options with {@code pepperFile} as the current pepper, then {@code more}. */
  private static String[] rotated(Site site, Path pepperFile, String... more) {
    List<String> args = new ArrayList<>(List.of(site.args(more)));
    args.set(args.lastIndexOf(site.pepperFile.toString()), pepperFile.toString());
    return args.toArray(String[]::new);
  }

  /**
   * Inserts {@code count} personal tokens of alice under k1, through the store, on several threads
   * (each insert is one round trip and one transaction).
   */
  private static void insert(Site site, int count) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> parts = new ArrayList<>();
      int per = count / THREADS;
      for (int t = 0; t < THREADS; t++) {
        int from = t * per;
        int to = t == THREADS - 1 ? count : from + per;
        parts.add(pool.submit(() -> {
          Mac mac = Mac.getInstance("HmacSHA256");
          mac.init(new SecretKeySpec(site.pepper, "HmacSHA256"));
          Instant now = Instant.now();
          for (int i = from; i < to; i++) {
            site.store.insert(NewToken.builder().type(TokenType.PERSONAL)
                .owner(TokenOwner.user(2)).name("bulk " + i).scopes(Set.of(Scope.READ_USER))
                .digest(k1(mac, value(i))).createdAt(now).expiresOn(LocalDate.now().plusDays(30))
                .build());
          }
          return null;
        }));
      }
      for (Future<?> f : parts) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }
}
