package io.wvs.auth.servlet;

import io.wvs.auth.Scope;
import io.wvs.auth.TokenPolicy;
import io.wvs.auth.TokenType;
import io.wvs.auth.TokenView;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The platform's v4 JSON for tokens, field for field. Personal: {@code id, name, revoked,
 * created_at, description, scopes, user_id, last_used_at, last_used_ips, active, expires_at}
 * ({@code last_used_ips} the client addresses of the last distinct uses, most recent first; empty
 * when none was recorded or the policy records none); impersonation adds
 * {@code impersonation}; project and group access tokens add {@code access_level}; deploy tokens
 * are {@code id, name, username, expires_at, scopes, revoked, expired}, plus {@code description}
 * when the token has one (the platform's deploy tokens have none) and {@code last_used_ips}, with {@code expires_at} a
 * date-time at 00:00 UTC as the platform documents it. {@code token} is added to creation and
 * rotation answers only. Stateless.
 */
final class TokenJson {
  private TokenJson() {}

  static Map<String, Object> personal(TokenView v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", v.id());
    m.put("name", v.name());
    m.put("revoked", v.revoked());
    m.put("created_at", v.createdAt());
    m.put("description", v.description());
    m.put("scopes", scopes(v));
    m.put("user_id", v.userId());
    m.put("last_used_at", v.lastUsedAt());
    m.put("last_used_ips", v.lastUsedIps());
    m.put("active", v.active());
    m.put("expires_at", v.expiresOn());
    return m;
  }

  static Map<String, Object> impersonation(TokenView v) {
    Map<String, Object> m = personal(v);
    m.put("impersonation", true);
    return m;
  }

  /** A project or group access token; {@code accessLevel} null when its bot user is gone. */
  static Map<String, Object> resource(TokenView v, Integer accessLevel) {
    Map<String, Object> m = personal(v);
    m.put("access_level", accessLevel);
    return m;
  }

  static Map<String, Object> deploy(TokenView v, Instant now) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", v.id());
    m.put("name", v.name());
    m.put("username", v.username());
    m.put("expires_at", v.expiresOn() == null ? null : v.expiresOn().atStartOfDay(ZoneOffset.UTC).toInstant());
    m.put("scopes", scopes(v));
    m.put("revoked", v.revoked());
    m.put("expired", TokenPolicy.isExpired(v.expiresOn(), now));
    if (v.description() != null) {
      // The platform's deploy tokens have no description: the field appears only when one was
      // given, so every other deploy token keeps the platform's exact shape.
      m.put("description", v.description());
    }
    // Shown for every token type, deploy tokens included (the platform's have no last-use
    // fields): a list, empty when no address was recorded.
    m.put("last_used_ips", v.lastUsedIps());
    return m;
  }

  /** The type's name in the platform's API ({@code personal_access_token}, ...). */
  static String typeName(TokenType type) {
    return switch (type) {
      case PERSONAL -> "personal_access_token";
      case IMPERSONATION -> "impersonation_token";
      case PROJECT_ACCESS -> "project_access_token";
      case GROUP_ACCESS -> "group_access_token";
      case DEPLOY -> "deploy_token";
    };
  }

  /** {@code json} with the raw token added: only for the one answer that shows it. */
  static Map<String, Object> withToken(Map<String, Object> json, String value) {
    json.put("token", value);
    return json;
  }

  private static List<String> scopes(TokenView v) {
    List<String> ids = new ArrayList<>(v.scopes().size());
    for (Scope s : v.scopes()) {
      ids.add(s.id());
    }
    return ids;
  }
}
