package io.wvs.auth;

import io.wvs.auth.spi.LeakRevocation;
import io.wvs.auth.spi.Notifier;
import io.wvs.auth.spi.TokenDigest;
import io.wvs.auth.spi.TokenOwner;
import io.wvs.auth.spi.TokenQuery;
import io.wvs.auth.spi.TokenRecord;
import io.wvs.auth.spi.User;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The administrator's view of every token, whatever its type: find a token by its value, revoke
 * it by value or by id, and move digests to the current pepper. What an operator's console or an
 * administrator's API offers. Obtain one from {@link WvsAuth#adminTokens()}. Thread-safe.
 *
 * <p>A value is looked up as the authenticator looks it up: text that cannot be a token (wrong
 * shape, a generated token whose checksum fails) is refused before any store call, and a
 * well-formed one is digested under every key of the keyring (current and retired) and compared
 * in constant time. A value is never stored, logged or put in a message. Revocations are audited
 * ({@link io.wvs.auth.spi.AuditEvent.Type#REVOKED}, with the acting administrator).
 *
 * <p>Methods taking an {@code adminId} require that user to exist, not to be blocked and to be an
 * administrator ({@link PermissionDeniedException} otherwise); store failures surface as
 * {@link StoreUnavailableException}.
 *
 * @since 0.1
 */
public final class AdminTokenService {
  private static final Logger LOG = LoggerFactory.getLogger(AdminTokenService.class);
  private final Engine engine;
  private final TokenIssuer issuer;
  private final ResourceTokenService resourceTokens;

  AdminTokenService(Engine engine, TokenIssuer issuer, ResourceTokenService resourceTokens) {
    this.engine = engine;
    this.issuer = issuer;
    this.resourceTokens = resourceTokens;
  }

  /**
   * The token whose value is {@code value}, of any type, active or not: its type, owner, scopes,
   * state, expiry and last use, never its value.
   *
   * @param adminId the administrator asking
   * @param value the token value; null or text that cannot be a token finds nothing, without a
   *     store call
   * @return the token, or empty when no token has this value
   * @throws PermissionDeniedException if the actor is no active administrator
   */
  public Optional<TokenView> inspect(long adminId, String value) {
    requireAdmin(adminId);
    return findByValue(value).map(issuer::view);
  }

  /**
   * Revokes the token whose value is {@code value}, of any type. Idempotent: revoking a revoked
   * token answers it as it is. A project or group access token's bot user is deleted when no
   * other active token of it remains, as {@link ResourceTokenService#revoke} does.
   *
   * @param adminId the administrator revoking it
   * @param value the token value
   * @return the token as it now is
   * @throws PermissionDeniedException if the actor is no active administrator
   * @throws TokenNotFoundException if no token has this value (also for text that cannot be a
   *     token); the message never contains the value
   */
  public TokenView revokeByValue(long adminId, String value) {
    requireAdmin(adminId);
    TokenRecord token = findByValue(value)
        .orElseThrow(() -> new TokenNotFoundException("no token has this value"));
    return revoke(token, adminId);
  }

  /**
   * Revokes the token {@code tokenId}, of any type. Idempotent, as {@link #revokeByValue}.
   *
   * @param adminId the administrator revoking it
   * @param tokenId the token's id
   * @return the token as it now is
   * @throws PermissionDeniedException if the actor is no active administrator
   * @throws TokenNotFoundException if no token has this id
   */
  public TokenView revokeById(long adminId, long tokenId) {
    requireAdmin(adminId);
    TokenRecord token = engine.store.findById(tokenId)
        .orElseThrow(() -> new TokenNotFoundException("token " + tokenId + " not found"));
    return revoke(token, adminId);
  }

  /**
   * Every token of the user or bot user {@code userId}, of any type, active and inactive, ordered
   * by id.
   *
   * @param adminId the administrator asking
   * @param userId the owner
   * @return the tokens
   * @throws PermissionDeniedException if the actor is no active administrator
   */
  public List<TokenView> listOfUser(long adminId, long userId) {
    requireAdmin(adminId);
    return issuer.views(new TokenQuery(userId, null, EnumSet.allOf(TokenType.class)));
  }

  /**
   * Every token of the project or group {@code resource} (access and deploy tokens), active and
   * inactive, ordered by id; not those of its subgroups or projects.
   *
   * @param adminId the administrator asking
   * @param resource the project or group
   * @return the tokens
   * @throws PermissionDeniedException if the actor is no active administrator
   */
  public List<TokenView> listOfResource(long adminId, ResourceRef resource) {
    requireAdmin(adminId);
    return issuer.views(new TokenQuery(null, Objects.requireNonNull(resource, "resource"),
        EnumSet.allOf(TokenType.class)));
  }

  /**
   * Moves to the current pepper every stored digest that is under another key and whose value
   * the library can recover: the CI deploy tokens, whose value is sealed under the CI secret key.
   * Any other token keeps its digest until its next use, when the authenticator re-keys it: a
   * digest is one-way, so without the value nothing can compute the new one. The report counts
   * those, so an operator knows when a retired pepper is no longer needed (no active token under
   * it).
   *
   * <p>Tokens are read in id order from {@code afterId} on, one page of {@code batchSize} at a time
   * ({@link io.wvs.auth.spi.TokenStore#findAfter}), so memory stays bounded by the batch size;
   * {@code progress} hears after each batch. Each move is one conditional replacement
   * ({@link io.wvs.auth.spi.TokenStore#replaceDigest}), so this runs beside live authentication
   * (which re-keys on use the same way), and running it again, or from the last reported id, is
   * safe: it resumes.
   *
   * @param afterId start after this token id (0 for all)
   * @param batchSize tokens per batch, 1 to 100,000
   * @param progress hears the running totals after each batch; may be a no-op
   * @return the final totals
   * @throws IllegalArgumentException if {@code batchSize} is out of range
   */
  public RekeyReport rekey(long afterId, int batchSize, Consumer<RekeyReport> progress) {
    if (batchSize < 1 || batchSize > 100_000) {
      throw new IllegalArgumentException("batch size must be 1 to 100000, was " + batchSize);
    }
    Objects.requireNonNull(progress, "progress");
    String current = engine.keyring.currentKeyId();
    List<String> known = engine.keyring.keyIds();
    RekeyReport report = RekeyReport.start(engine.store.countAfter(afterId), afterId);
    // One page in memory at a time, whatever the store holds.
    for (List<TokenRecord> batch = engine.store.findAfter(afterId, batchSize); !batch.isEmpty();
        batch = engine.store.findAfter(report.lastId(), batchSize)) {
      long moved = 0;
      long onUse = 0;
      long lost = 0;
      long atCurrent = 0;
      for (TokenRecord t : batch) {
        String keyId = t.digest().keyId();
        if (keyId.equals(current)) {
          atCurrent++;
        } else if (!issuer.view(t).active()) {
          continue; // refused anyway: nothing depends on its key
        } else if (rekeyable(t) && rekeySealed(t)) {
          moved++;
        } else if (known.contains(keyId)) {
          onUse++;
        } else {
          lost++;
        }
      }
      report = report.plus(batch.size(), atCurrent, moved, onUse, lost,
          batch.get(batch.size() - 1).id());
      progress.accept(report);
    }
    return report;
  }

  private boolean rekeyable(TokenRecord t) {
    return t.type() == TokenType.DEPLOY && t.sealedSecret() != null && engine.sealer != null
        && t.resource() != null;
  }

  private boolean rekeySealed(TokenRecord t) {
    String value;
    try {
      value = engine.sealer.open(t.sealedSecret(), DeployTokenService.sealContext(t.resource()));
    } catch (RuntimeException e) {
      return false; // sealed under another CI key, or damaged: it waits for its next use
    }
    List<TokenDigest> digests = engine.keyring.digests(value);
    // Only a value whose digest under its own key matches the stored one is moved: a sealed secret
    // that does not belong to this row must never give it a new digest.
    boolean matches = false;
    for (TokenDigest d : digests) {
      matches |= d.equals(t.digest()); // constant time (TokenDigest.equals)
    }
    return matches && engine.store.replaceDigest(t.id(), t.digest(), digests.get(0));
  }

  /**
   * Revokes the tokens whose values someone reported leaked: anyone holding a value may revoke it
   * (holding it is the proof), so no actor is needed. Text that cannot be a token never reaches the
   * store (the checksum refuses junk first); unknown, malformed and already revoked values are
   * skipped alike, and nothing here tells them apart. Each token this call revokes is audited
   * without an actor, its bot user released as on any revocation, and handed to {@code notify} so
   * its owner learns why; a failing notifier is logged and changes nothing.
   *
   * @param values the reported values, at most {@value #MAX_REPORTED} of them
   * @param notify told of each token this call revoked (by its view, never its value)
   * @return how many tokens this call revoked (for the host's metrics; never show it to the reporter)
   * @throws IllegalArgumentException if more than {@value #MAX_REPORTED} values are given
   */
  public int revokeReportedLeaks(List<String> values, Consumer<TokenView> notify) {
    Objects.requireNonNull(notify, "notify");
    return revokeReported(values, (record, view) -> notify.accept(view));
  }

  /**
   * As {@link #revokeReportedLeaks(List, Consumer)}, telling {@code notifier} of each token this
   * call revoked with who is to be told (the owner of a personal or impersonation token, the
   * maintainers of an access or deploy token's project or group, as for expiry notices) and what
   * it belongs to. Only the call whose revocation took effect tells it, so two reports of one value
   * on two instances tell it once.
   *
   * @param values the reported values, at most {@value #MAX_REPORTED} of them
   * @param notifier told of each token this call revoked ({@link Notifier#tokenRevokedAsLeaked(
   *     LeakRevocation)})
   * @return how many tokens this call revoked (for the host's metrics; never show it to the reporter)
   * @throws IllegalArgumentException if more than {@value #MAX_REPORTED} values are given
   */
  public int revokeReportedLeaksAndNotify(List<String> values, Notifier notifier) {
    Objects.requireNonNull(notifier, "notifier");
    TokenRecipients recipients = new TokenRecipients(engine);
    return revokeReported(values, (record, view) -> notifier.tokenRevokedAsLeaked(
        new LeakRevocation(view, recipients.describe(record), recipients.of(record, new HashMap<>()),
            recipients.chainOf(record))));
  }

  private int revokeReported(List<String> values, BiConsumer<TokenRecord, TokenView> notify) {
    if (values.size() > MAX_REPORTED) {
      throw new IllegalArgumentException("at most " + MAX_REPORTED + " values per report");
    }
    int revoked = 0;
    for (String value : values) {
      Optional<TokenRecord> found = findByValue(value);
      if (found.isEmpty() || found.get().isRevokedAt(engine.now())) {
        continue;
      }
      // Only the call whose conditional revocation took effect tells the owner: a report racing
      // another one (on this or another instance) for the same value tells nobody twice.
      if (!issuer.revoke(found.get(), null)) {
        continue;
      }
      TokenView view = revoke(found.get(), null);
      revoked++;
      try {
        notify.accept(found.get(), view);
      } catch (RuntimeException e) {
        LOG.warn("could not tell the owner of token {} it was revoked as leaked: {}", view.id(),
            e.toString());
      }
    }
    return revoked;
  }

  /** The most values one leak report may carry: 100. */
  public static final int MAX_REPORTED = 100;

  private TokenView revoke(TokenRecord token, Long adminId) {
    if (token.type().ownerKind() == TokenOwner.Kind.BOT) {
      return resourceTokens.revokeAndReleaseBot(token, adminId);
    }
    issuer.revoke(token, adminId);
    return issuer.view(engine.store.findById(token.id()).orElse(token));
  }

  private Optional<TokenRecord> findByValue(String value) {
    if (engine.format.classify(value) == TokenFormat.Shape.MALFORMED) {
      return Optional.empty();
    }
    return engine.findByValue(value);
  }

  private void requireAdmin(long adminId) {
    User actor = issuer.requireActor(adminId);
    if (!actor.admin()) {
      throw new PermissionDeniedException("only administrators may manage every token");
    }
  }
}
