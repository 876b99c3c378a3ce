package io.wvs.auth.demo;

import static io.wvs.auth.demo.DemoServer.ROOT_SCOPES;

import io.wvs.auth.AuthRequest;
import io.wvs.auth.AuthResult;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.FailureReason;
import io.wvs.auth.TokenConflictException;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.TokenView;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.demo.DemoServer.RootToken;
import java.util.EnumSet;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The administrator's token at start: a fresh random one (earlier generated ones revoked), or the
 * predetermined {@code --admin-token} kept or stored once, whichever instance sharing the
 * database stores it first.
 */
final class RootTokenIssuer {
  /** The start-up lines keep the server's logger name. */
  private static final Logger LOG = LoggerFactory.getLogger(DemoServer.class);

  private RootTokenIssuer() {}

  /**
   * Issues the administrator's token: the predetermined {@code adminToken} (at least 20 characters; kept when
   * it is already in the store, also when another instance sharing the database stores it at the
   * same moment), or a fresh random one.
   */
  static RootToken issue(WvsAuth auth, Fixture fixture, String adminToken) {
    return issueRootToken(auth, fixture, adminToken, true);
  }

  private static RootToken issueRootToken(WvsAuth auth, Fixture fixture, String adminToken,
      boolean mayRetry) {
    Optional<Fixture.FixtureUser> admin = fixture.user("root").filter(Fixture.FixtureUser::admin)
        .or(() -> fixture.users().stream().filter(u -> u.admin() && !u.blocked()).findFirst());
    if (admin.isEmpty()) {
      if (adminToken != null) {
        throw new IllegalArgumentException("--admin-token needs an administrator in the fixture");
      }
      LOG.warn("the fixture has no administrator: no root token is issued");
      return null;
    }
    long rootId = admin.get().id();
    String username = admin.get().username();
    TokenSpec spec = new TokenSpec(adminToken == null ? "demo root token" : "demo admin token",
        EnumSet.copyOf(ROOT_SCOPES), null);
    if (adminToken == null) {
      CreatedToken created = auth.personalTokens().create(rootId, rootId, spec);
      revokeEarlierGeneratedRootTokens(auth, rootId, created.token());
      return new RootToken(username, created.value(), created.token().expiresOn(), false);
    }
    AuthResult existing = auth.authenticator().authenticate(AuthRequest.api(adminToken, "GET"));
    if (existing instanceof AuthResult.Success ok) {
      if (ok.principal().id() != rootId || !(ok.via() instanceof AuthResult.Via.Token t)
          || !t.type().belongsToUser()) {
        throw new IllegalArgumentException("the admin token is already the token of "
            + ok.principal().username() + " in this database; choose another value");
      }
      TokenView view = auth.personalTokens().get(rootId, t.id());
      return new RootToken(username, null, view.expiresOn(), true);
    }
    FailureReason reason = ((AuthResult.Failure) existing).reason();
    switch (reason) {
      case UNKNOWN, MALFORMED -> {
        try {
          TokenView view = auth.personalTokens().createWithValue(rootId, spec, adminToken);
          return new RootToken(username, null, view.expiresOn(), true);
        } catch (TokenConflictException raced) {
          if (!mayRetry) {
            throw raced;
          }
          // Another instance sharing the database stored it between the check and the insert:
          // it is there now, so check it again and keep it (one row, whichever instance won).
          return issueRootToken(auth, fixture, adminToken, false);
        }
      }
      case REVOKED, EXPIRED -> throw new IllegalArgumentException("the admin token was used before in"
          + " this database and is now " + (reason == FailureReason.REVOKED ? "revoked" : "expired")
          + "; choose another value, or start with a fresh --data-dir");
      default -> throw new IllegalStateException("could not check the admin token: " + reason.description());
    }
  }

  /**
   * Revokes the root tokens earlier starts generated (the active tokens of the administrator with
   * the same name and scopes as {@code fresh}), so only the token printed at this start works.
   */
  private static void revokeEarlierGeneratedRootTokens(WvsAuth auth, long rootId, TokenView fresh) {
    for (TokenView earlier : auth.personalTokens().list(rootId, rootId)) {
      if (earlier.active() && earlier.id() != fresh.id() && earlier.name().equals(fresh.name())
          && earlier.scopes().equals(fresh.scopes())) {
        auth.personalTokens().revoke(rootId, earlier.id());
      }
    }
  }
}
