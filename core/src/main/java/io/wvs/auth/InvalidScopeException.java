package io.wvs.auth;

import java.util.Collection;

/**
 * A scope name is unknown, a scope list is empty, or a scope is not allowed for the token type
 * or the user. The message lists the scopes that would be valid.
 *
 * @since 0.1
 */
public final class InvalidScopeException extends InvalidTokenRequestException {
  private static final long serialVersionUID = 1L;

  private InvalidScopeException(String message) {
    super(message);
  }

  static InvalidScopeException unknown(String id) {
    String shown = id == null ? "null" : id.length() > 32 ? id.substring(0, 32) + "…" : id;
    return new InvalidScopeException(
        "unknown scope '" + printable(shown) + "'; valid scopes: " + Scopes.validIds());
  }

  static InvalidScopeException problem(String problem) {
    return new InvalidScopeException(problem + "; valid scopes: " + Scopes.validIds());
  }

  static InvalidScopeException notAllowed(String problem, Collection<Scope> allowed) {
    String list = allowed.isEmpty() ? "none" : Scopes.format(allowed);
    return new InvalidScopeException(problem + "; allowed here: " + list);
  }

  private static String printable(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      b.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return b.toString();
  }
}
