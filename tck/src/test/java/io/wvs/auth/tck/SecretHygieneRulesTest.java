package io.wvs.auth.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.AuthRequest;
import io.wvs.auth.AuthResult;
import io.wvs.auth.Channel;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.Scope;
import io.wvs.auth.ScopeRequirement;
import io.wvs.auth.StoreUnavailableException;
import io.wvs.auth.TokenPolicy;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.TokenType;
import io.wvs.auth.TokenView;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.spi.TokenQuery;
import io.wvs.auth.spi.TokenRecord;
import io.wvs.auth.spi.TokenStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Seed 000: "Save the personal access token somewhere safe. After you leave the page, you no longer
 * have access to the token." Design brief: "no raw token in any stored row, log line, exception
 * message or toString".
 *
 * <p>Logging goes to {@code target/test-log.txt} at debug level (see
 * {@code src/test/resources/simplelogger.properties}).
 */
class SecretHygieneRulesTest {
  private static final Path LOG = Path.of("target", "test-log.txt");

  private final SeedWorld world = new SeedWorld();
  private final WvsAuth auth = world.auth();
  private final List<String> secrets = new ArrayList<>();
  private final List<String> texts = new ArrayList<>();
  private final List<Throwable> thrown = new ArrayList<>();

  private String remember(String secret) {
    secrets.add(secret);
    return secret;
  }

  private AuthResult authenticate(AuthRequest request) {
    AuthResult result = auth.authenticator().authenticate(request);
    texts.add(request.toString());
    texts.add(result.toString());
    if (result instanceof AuthResult.Failure f) {
      texts.add(f.message());
    }
    return result;
  }

  private void expectFailure(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      thrown.add(e);
      return;
    }
    throw new AssertionError("expected the call to fail");
  }

  @Test
  void rawTokenNeverAppearsInStoreLogsExceptionsOrToString() throws IOException {
    long alice = world.alice.id();
    long root = world.root.id();
    long bot = world.automationBot.id();

    CreatedToken personal = auth.personalTokens().create(alice, alice,
        TokenSpec.of("laptop", Scope.READ_API, Scope.READ_REPOSITORY));
    remember(personal.value());
    CreatedToken impersonation = auth.personalTokens().createImpersonation(root, alice,
        TokenSpec.of("support", Scope.API));
    remember(impersonation.value());
    CreatedToken admin = auth.personalTokens().create(root, root,
        TokenSpec.of("admin", Scope.API, Scope.SUDO).expiringOn(SeedWorld.TODAY.plusDays(10)));
    remember(admin.value());
    String predetermined = remember("predetermined-secret-0001");
    TokenView predeterminedView = auth.personalTokens().createWithValue(bot,
        TokenSpec.of("Automation token", Scope.READ_USER), predetermined);
    String revokedByValue = remember("predetermined-secret-0002");
    auth.personalTokens().createWithValue(bot, TokenSpec.of("to revoke", Scope.READ_USER), revokedByValue);
    texts.add(personal.toString());
    texts.add(impersonation.toString());
    texts.add(admin.toString());
    texts.add(predeterminedView.toString());
    texts.add(personal.token().toString());

    // Successes and every kind of failure, each of which the authenticator logs at debug.
    authenticate(AuthRequest.api(personal.value(), "GET"));
    authenticate(AuthRequest.api(personal.value(), "POST"));
    authenticate(AuthRequest.builder(personal.value()).channel(Channel.GIT_HTTP).username("alice")
        .require(ScopeRequirement.anyOf(Scope.WRITE_REPOSITORY)).build());
    authenticate(AuthRequest.api(impersonation.value(), "DELETE"));
    authenticate(AuthRequest.builder(admin.value()).require(ScopeRequirement.forApiMethod("GET"))
        .sudo("alice").build());
    authenticate(AuthRequest.builder(admin.value()).require(ScopeRequirement.forApiMethod("GET"))
        .sudo("nobody").build());
    authenticate(AuthRequest.api(predetermined, ScopeRequirement.anyOf(Scope.READ_USER)));
    authenticate(AuthRequest.api(predetermined, "GET"));
    String value = personal.value();
    authenticate(AuthRequest.api(value.substring(0, value.length() - 1) + "!", "GET"));
    authenticate(AuthRequest.api(value + "0", "GET"));
    authenticate(AuthRequest.api(remember("unknown-secret-value-0003"), "GET"));
    authenticate(AuthRequest.api(remember("a secret with spaces 0004"), "GET"));

    // Revocation, rotation, reuse, re-keying.
    auth.personalTokens().revoke(root, impersonation.token().id());
    authenticate(AuthRequest.api(impersonation.value(), "GET"));
    assertThat(auth.personalTokens().revokeByValue(revokedByValue)).isTrue();
    authenticate(AuthRequest.api(revokedByValue, ScopeRequirement.anyOf(Scope.READ_USER)));
    CreatedToken rotated = auth.personalTokens().rotate(alice, personal.token().id(), null);
    remember(rotated.value());
    texts.add(rotated.toString());
    CreatedToken selfRotated = auth.personalTokens().rotateByValue(rotated.value(), null);
    remember(selfRotated.value());
    texts.add(selfRotated.toString());
    authenticate(AuthRequest.api(rotated.value(), "GET"));
    world.clock.advance(Duration.ofDays(11));
    authenticate(AuthRequest.api(admin.value(), "GET"));
    world.setBlocked(world.automationBot, true);
    authenticate(AuthRequest.api(predetermined, ScopeRequirement.anyOf(Scope.READ_USER)));
    world.setBlocked(world.automationBot, false);
    // A store that fails, and one whose last-used write fails: both paths log a warning.
    WvsAuth down = world.auth(TokenPolicy.defaults(), world.keyring, new FailingStore(world.store, true));
    texts.add(down.authenticator().authenticate(AuthRequest.api(selfRotated.value(), "GET")).toString());
    WvsAuth flaky = world.auth(TokenPolicy.defaults(), world.keyring, new FailingStore(world.store, false));
    world.clock.advance(Duration.ofDays(2));
    texts.add(flaky.authenticator().authenticate(AuthRequest.api(selfRotated.value(), "GET")).toString());

    // Management calls that fail, with the raw value as their input.
    expectFailure(() -> auth.personalTokens().rotateByValue(personal.value(), null)); // reuse
    expectFailure(() -> auth.personalTokens().rotateByValue(remember("unknown-secret-value-0005"), null));
    expectFailure(() -> auth.personalTokens().createWithValue(bot,
        TokenSpec.of("dup", Scope.READ_USER), predetermined));
    expectFailure(() -> auth.personalTokens().createWithValue(bot,
        TokenSpec.of("short", Scope.READ_USER), remember("short-secret-06")));
    expectFailure(() -> auth.personalTokens().createWithValue(bot,
        TokenSpec.of("spaces", Scope.READ_USER), remember("secret with spaces 000007")));
    expectFailure(() -> auth.personalTokens().createWithValue(bot,
        TokenSpec.of("prefixed", Scope.READ_USER), remember("wvspat-secret-value-00008")));
    expectFailure(() -> auth.personalTokens().createWithValue(bot,
        TokenSpec.of("long", Scope.READ_USER), remember("s".repeat(300))));
    expectFailure(() -> auth.personalTokens().createWithValue(world.alice.id(),
        TokenSpec.of("sudo", Scope.SUDO), remember("secret-for-sudo-000009")));
    expectFailure(() -> down.personalTokens().rotateByValue(selfRotated.value(), null));
    expectFailure(() -> down.personalTokens().createWithValue(bot,
        TokenSpec.of("down", Scope.READ_USER), remember("secret-while-down-00010")));
    assertThat(thrown).hasSize(10);

    // Pepper rotation: the predetermined token is re-keyed on use.
    WvsAuth rekeying = world.auth(TokenPolicy.defaults(), io.wvs.auth.DigestKeyring.builder()
        .current("k2", SeedWorld.pepper(2)).retired("k1", SeedWorld.pepper(1)).build(), world.store);
    texts.add(rekeying.authenticator().authenticate(
        AuthRequest.api(predetermined, ScopeRequirement.anyOf(Scope.READ_USER))).toString());


    // The store: every record, every field, the digest in every form.
    List<TokenRecord> records = world.store.find(TokenQuery.ofTypes(TokenType.PERSONAL,
        TokenType.IMPERSONATION, TokenType.PROJECT_ACCESS, TokenType.GROUP_ACCESS, TokenType.DEPLOY));
    assertThat(records).hasSize(7);
    List<String> stored = new ArrayList<>();
    for (TokenRecord r : records) {
      stored.add(r.toString());
      stored.add(r.name());
      stored.add(String.valueOf(r.username()));
      stored.add(r.digest().encoded());
      stored.add(r.digest().toString());
      stored.add(new String(r.digest().bytes(), StandardCharsets.ISO_8859_1));
      stored.add(HexFormat.of().formatHex(r.digest().bytes()));
      assertThat(r.sealedSecret()).isNull();
      texts.add(auth.personalTokens().get(root, r.id()).toString());
    }
    texts.add(world.store.toString());
    world.audit.events().forEach(e -> texts.add(e.toString()));
    texts.add(auth.policy().toString());

    for (String secret : secrets) {
      String body = secret.startsWith("wvspat-") && secret.length() == 45 ? secret.substring(7, 39) : secret;
      assertThat(stored).as("stored fields").noneMatch(s -> s.contains(secret) || s.contains(body));
      assertThat(texts).as("toString and messages").noneMatch(s -> s.contains(secret) || s.contains(body));
      for (Throwable t : thrown) {
        forEachCause(t, c -> {
          assertThat(String.valueOf(c.getMessage())).as("message of %s", c.getClass()).doesNotContain(body);
          assertThat(c.toString()).doesNotContain(body);
        });
      }
    }

    assertThat(LOG).as("slf4j-simple log file (simplelogger.properties)").exists();
    String log = Files.readString(LOG, StandardCharsets.ISO_8859_1);
    assertThat(log.contains("authentication refused")).as("debug logging reached the file").isTrue();
    for (String secret : secrets) {
      String body = secret.startsWith("wvspat-") && secret.length() == 45 ? secret.substring(7, 39) : secret;
      assertThat(log.contains(body)).as("log file %s contains the secret %s", LOG, secret).isFalse();
    }
  }

  /**
   * A common client mistake on git over HTTP is to send the token as the basic-auth username
   * (for example {@code https://<token>@wvs.example.io/group/project.git}) with an empty password.
   * The refusal is logged at debug level; the token must not be in that line.
   */
  @Test
  void tokenPresentedAsGitUsernameIsNotLogged() throws IOException {
    CreatedToken token = auth.personalTokens().create(world.alice.id(), world.alice.id(),
        TokenSpec.of("git", Scope.READ_REPOSITORY));
    AuthRequest misplaced = AuthRequest.builder("").channel(Channel.GIT_HTTP).username(token.value())
        .require(ScopeRequirement.anyOf(Scope.READ_REPOSITORY)).build();
    assertThat(auth.authenticator().authenticate(misplaced).isSuccess()).isFalse();
    String body = token.value().substring(7, 39);
    assertThat(misplaced.toString()).as("AuthRequest.toString").doesNotContain(body);
    assertThat(Files.readString(LOG, StandardCharsets.ISO_8859_1).contains(body))
        .as("log file %s contains the token sent as username", LOG).isFalse();
  }

  /** Hostile usernames and sudo targets must not forge log lines (CR/LF) or flood the log. */
  @Test
  void hostileUsernameAndSudoCannotForgeOrFloodLogLines() throws IOException {
    String forged = "alice\r\n12:00:00.000 [main] INFO forged-line-" + System.nanoTime();
    String flood = "flood-" + System.nanoTime() + "-" + "y".repeat(20_000);
    auth.authenticator().authenticate(AuthRequest.builder("garbage").channel(Channel.GIT_HTTP)
        .username(forged).require(ScopeRequirement.anyOf(Scope.READ_REPOSITORY)).build());
    auth.authenticator().authenticate(AuthRequest.builder("garbage")
        .sudo(flood).require(ScopeRequirement.forApiMethod("GET")).build());
    String log = Files.readString(LOG, StandardCharsets.ISO_8859_1);
    assertThat(log.contains("\n12:00:00.000 [main] INFO forged-line-"))
        .as("a CR/LF in the username starts a forged line in %s", LOG).isFalse();
    assertThat(log.contains(flood)).as("a 20,000-character sudo value is logged in full in %s", LOG).isFalse();
  }

  private static void forEachCause(Throwable t, Consumer<Throwable> action) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      action.accept(c);
      for (Throwable s : c.getSuppressed()) {
        forEachCause(s, action);
      }
    }
  }

  /**
   * Delegates to {@code store}; fails every call after the start ({@code down}) or only last-used
   * writes.
   */
  private static final class FailingStore extends ForwardingTokenStore {
    private final TokenStore d;
    private final boolean down;

    FailingStore(TokenStore d, boolean down) {
      this.d = d;
      this.down = down;
    }

    /** The store, checked before every call: fails while {@code down}. */
    @Override
    protected TokenStore delegate() {
      if (down) {
        throw new StoreUnavailableException("connection refused");
      }
      return d;
    }

    @Override
    public boolean recordLastUsed(long id, java.time.Instant at, java.time.Instant staleBefore) {
      throw new StoreUnavailableException("replica is read-only");
    }

    /** The pepper check at start reaches the store: it went down after the instance started. */
    @Override
    public String registerKeyCheck(String keyId, String checkValue) {
      return d.registerKeyCheck(keyId, checkValue);
    }
  }
}
