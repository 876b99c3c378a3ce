package io.wvs.auth.demo;

import io.wvs.auth.AuthRequest;
import io.wvs.auth.AuthResult;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.DigestKeyring;
import io.wvs.auth.Scope;
import io.wvs.auth.ScopeRequirement;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.TokenView;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.inmemory.InMemoryTokenStore;
import io.wvs.auth.inmemory.InMemoryUserDirectory;
import io.wvs.auth.spi.User;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * A runnable walk-through of the library: issues a personal access token, uses it, revokes it, and
 * prints each decision. Uses the in-memory store and a random pepper, so nothing survives the run.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    run(Clock.systemUTC(), System.out);
  }

  static void run(Clock clock, PrintStream out) {
    InMemoryUserDirectory users = new InMemoryUserDirectory();
    users.put(User.admin(1, "root"));
    User alice = users.put(User.regular(2, "alice"));

    byte[] pepper = new byte[32];
    new SecureRandom().nextBytes(pepper);
    WvsAuth auth = WvsAuth.builder()
        .tokenStore(new InMemoryTokenStore())
        .userDirectory(users)
        .keyring(DigestKeyring.of("k1", pepper))
        .clock(clock)
        .build();

    LocalDate expires = LocalDate.now(clock.withZone(ZoneOffset.UTC)).plusDays(30);
    CreatedToken created = auth.personalTokens().create(alice.id(), alice.id(),
        TokenSpec.of("laptop", Scope.READ_API, Scope.READ_REPOSITORY).expiringOn(expires));
    out.println("Created personal access token '" + created.token().name() + "' for alice,"
        + " scopes " + created.token().scopes() + ", expires " + expires + " at 00:00 UTC.");
    out.println("  value (shown once, never stored): " + created.value());

    report(out, "GET  /api/v4/projects with the token", auth.authenticator()
        .authenticate(AuthRequest.api(created.value(), "GET")));
    report(out, "POST /api/v4/projects with the token (read_api cannot write)", auth.authenticator()
        .authenticate(AuthRequest.api(created.value(), "POST")));
    String value = created.value();
    char last = value.charAt(value.length() - 1);
    String mistyped = value.substring(0, value.length() - 1) + (last == 'x' ? 'y' : 'x');
    report(out, "GET  with a mistyped token (checksum catches it, no store lookup)",
        auth.authenticator().authenticate(AuthRequest.api(mistyped, "GET")));

    TokenView revoked = auth.personalTokens().revoke(alice.id(), created.token().id());
    out.println("Revoked token " + revoked.id() + "; active=" + revoked.active());
    report(out, "GET  /api/v4/projects with the revoked token", auth.authenticator()
        .authenticate(AuthRequest.api(created.value(), "GET")));

    auth.personalTokens().createWithValue(alice.id(),
        TokenSpec.of("automation", Scope.READ_USER).expiringOn(expires), "token-string-here123");
    report(out, "GET  /api/v4/user with the predetermined token 'token-string-here123'",
        auth.authenticator().authenticate(
            AuthRequest.api("token-string-here123", ScopeRequirement.anyOf(Scope.READ_USER))));

    out.println("Alice's tokens:");
    for (TokenView t : auth.personalTokens().list(alice.id(), alice.id())) {
      out.println("  #" + t.id() + " " + t.name() + " " + t.scopes() + " "
          + (t.active() ? "active" : "inactive") + ", last used " + t.lastUsedAt());
    }
  }

  private static void report(PrintStream out, String what, AuthResult result) {
    if (result instanceof AuthResult.Success ok) {
      out.println(what + " -> authenticated as " + ok.principal().username()
          + " (token " + ok.tokenId() + ", " + ok.type() + ")");
    } else if (result instanceof AuthResult.Failure no) {
      out.println(what + " -> refused: " + no.reason() + " (" + no.message() + ")");
    }
  }
}
