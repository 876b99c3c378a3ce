package io.wvs.auth;

import io.wvs.auth.spi.Resource;
import io.wvs.auth.spi.User;
import io.wvs.auth.spi.TokenQuery;
import io.wvs.auth.spi.TokenRecord;
import java.util.List;
import java.util.function.Function;

/**
 * What the services of tokens that belong to a project or group share (access tokens, deploy
 * tokens): the maintainer check, finding one token of a resource, listing, viewing and revoking.
 * Each service holds one, configured with the type its tokens have for a resource.
 */
final class ResourceScopedTokens {
  private final Engine engine;
  private final TokenIssuer issuer;
  private final Function<ResourceRef, TokenType> typeOf;
  /** How messages name one such token, e.g. "deploy token". */
  private final String singular;
  /** How permission messages name the managed tokens, e.g. "deploy tokens". */
  private final String plural;

  ResourceScopedTokens(Engine engine, TokenIssuer issuer, Function<ResourceRef, TokenType> typeOf,
      String singular, String plural) {
    this.engine = engine;
    this.issuer = issuer;
    this.typeOf = typeOf;
    this.singular = singular;
    this.plural = plural;
  }

  /** The type of this service's tokens of {@code resource}. */
  TokenType typeOf(ResourceRef resource) {
    return typeOf.apply(resource);
  }

  /**
   * The actor's role in {@code resource}, at least Maintainer (direct or inherited; administrators
   * count as Owner). The walk up the resource chain stops once {@code enough} is found: pass
   * {@link Role#OWNER} when the exact role matters (creating, rotating, revoking), Maintainer when
   * only the check does.
   *
   * @throws PermissionDeniedException if the actor is below Maintainer, unknown or blocked
   */
  Role requireMaintainer(long actorId, ResourceRef resource, Role enough) {
    return Memberships.requireRole(engine, issuer.requireActor(actorId), resource, Role.MAINTAINER,
        enough, plural);
  }

  /**
   * The token {@code tokenId} if it is one of this service's tokens of {@code resource}.
   *
   * @throws TokenNotFoundException if it does not exist, has another type or another resource
   */
  TokenRecord requireToken(ResourceRef resource, long tokenId) {
    return engine.store.findById(tokenId)
        .filter(t -> t.type() == typeOf(resource) && resource.equals(t.resource()))
        .orElseThrow(() -> new TokenNotFoundException(
            singular + " " + tokenId + " not found for " + resource));
  }

  /** Every token of {@code resource}, active and inactive, for a maintainer. */
  List<TokenView> list(long actorId, ResourceRef resource) {
    requireMaintainer(actorId, resource, Role.MAINTAINER);
    return issuer.views(TokenQuery.ofResource(resource, typeOf(resource)));
  }

  /**
   * Every token of {@code resource}, for an actor and a resource already loaded in this decision:
   * neither is looked up again.
   */
  List<TokenView> list(User actor, Resource resource) {
    if (actor.blocked()) {
      throw new PermissionDeniedException("user " + actor.id() + " is blocked");
    }
    Memberships.requireRole(engine, actor, resource, Role.MAINTAINER, Role.MAINTAINER, plural);
    return issuer.views(TokenQuery.ofResource(resource.ref(), typeOf(resource.ref())));
  }

  /** One token of {@code resource}, for a maintainer. */
  TokenView get(long actorId, ResourceRef resource, long tokenId) {
    requireMaintainer(actorId, resource, Role.MAINTAINER);
    return issuer.view(requireToken(resource, tokenId));
  }

  /** Revokes {@code token} (idempotent) and returns it as it now is. */
  TokenView revoke(TokenRecord token, Long actorId) {
    issuer.revoke(token, actorId);
    return issuer.view(engine.store.findById(token.id()).orElse(token));
  }
}
