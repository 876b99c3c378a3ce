package io.wvs.auth.servlet;

import io.wvs.auth.FailureReason;
import io.wvs.auth.Scope;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collection;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The refusals {@link WvsAuthFilter} writes on the API, for an adapter that authenticates a
 * bearer credential elsewhere (a Spring Security entry point and access-denied handler, say), so
 * that both answer alike: the same status, RFC 6750 {@code WWW-Authenticate: Bearer} challenge
 * (realm {@code WVS}) and JSON body. Bodies and headers never contain the credential. Stateless.
 *
 * @since 0.1
 */
public final class ApiRefusals {
  private ApiRefusals() {}

  /**
   * 401: without a reason (no credential), a bare {@code Bearer realm="WVS"} challenge and
   * {@code {"message":"401 Unauthorized"}}; for an expired or revoked token, or an impersonation
   * token while impersonation is disabled, an {@code invalid_token} challenge and OAuth body with
   * its description; for any other reason an {@code invalid_token} challenge and the plain body.
   *
   * @param response where the refusal is written
   * @param reason why the credential was refused, or null when there was none
   * @throws IOException if the response cannot be written
   */
  public static void unauthorized(HttpServletResponse response, FailureReason reason) throws IOException {
    Objects.requireNonNull(response, "response");
    if (reason == null) {
      response.setHeader("WWW-Authenticate", FailureResponder.bearer(null, null, null));
      Json.write(response, 401, Json.message("401 Unauthorized"));
      return;
    }
    String oauth = FailureResponder.oauthDescription(reason);
    FailureResponder.invalidToken(response, false, oauth != null ? oauth : reason.description(), oauth != null);
  }

  /**
   * 403 {@code insufficient_scope}, naming {@code scopes} in the challenge (when there are any)
   * and in the body's {@code scope}.
   *
   * @param response where the refusal is written
   * @param scopes the scopes the request needs, in the order to name them; may be empty
   * @throws IOException if the response cannot be written
   */
  public static void insufficientScope(HttpServletResponse response, Collection<Scope> scopes)
      throws IOException {
    Objects.requireNonNull(response, "response");
    FailureResponder.insufficientScope(response, false,
        scopes.stream().map(Scope::id).collect(Collectors.joining(" ")));
  }

  /**
   * 503 with {@code Retry-After}: the store or the directory could not answer, never a pass.
   *
   * @param response where the refusal is written
   * @throws IOException if the response cannot be written
   */
  public static void unavailable(HttpServletResponse response) throws IOException {
    FailureResponder.unavailable(Objects.requireNonNull(response, "response"), null, false);
  }
}
