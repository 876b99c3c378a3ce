package io.wvs.auth.servlet;

import io.wvs.auth.AuthResult;
import io.wvs.auth.Channel;
import io.wvs.auth.FailureReason;
import io.wvs.auth.MissingCapabilityException;
import io.wvs.auth.ResourceRef;
import io.wvs.auth.Scope;
import io.wvs.auth.spi.FailureLimiter;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes refusals as the platform does, like Spring Security's
 * {@code BearerTokenAuthenticationEntryPoint}: on the API and the registries a JSON body and an
 * RFC 6750 {@code WWW-Authenticate: Bearer} challenge (a {@code Basic} challenge when the credential
 * came by basic auth); on git over HTTP a plain-text body and a {@code Basic} challenge, or the
 * Git LFS JSON for LFS paths. Bodies never contain the credential. Stateless.
 */
final class FailureResponder {
  private static final Logger LOG = LoggerFactory.getLogger(FailureResponder.class);
  static final String REALM = "WVS";
  static final String EXPIRED_DESCRIPTION =
      "Token is expired. You can either do re-authorization or token refresh.";
  static final String REVOKED_DESCRIPTION =
      "Token was revoked. You have to re-authorize from the user.";
  static final String IMPERSONATION_DISABLED_DESCRIPTION =
      "Token is an impersonation token but impersonation was disabled.";
  static final String INSUFFICIENT_SCOPE_DESCRIPTION =
      "The request requires higher privileges than provided by the access token.";
  static final String AMBIGUOUS_DESCRIPTION = "Found multiple different credentials in the request";
  static final String GIT_DENIED = "HTTP Basic: Access denied";
  static final String GIT_NOT_FOUND =
      "The project you were looking for could not be found or you don't have permission to view it.";
  static final String NOT_IMPLEMENTED_DESCRIPTION =
      "This server is not configured for this feature.";
  static final String TOO_MANY_FROM_ADDRESS =
      "Too many failed authentication attempts from your address.";
  static final String TOO_MANY_PASSWORDS =
      "Too many failed password attempts for this user: passwords are refused for now, tokens"
          + " still work.";
  static final String LFS_CONTENT_TYPE = "application/vnd.git-lfs+json";

  private FailureResponder() {}

  /** Answers a refused authentication. */
  static void refuse(HttpServletResponse response, AccessRule rule, Credential credential,
      AuthResult.Failure failure, boolean lfs) throws IOException {
    if (rule.channel() == Channel.GIT_HTTP) {
      refuseGit(response, rule, failure, lfs);
    } else if (rule.channel() == Channel.CONTAINER_REGISTRY) {
      refuseRegistry(response, failure);
    } else {
      refuseApi(response, rule, credential, failure);
    }
  }

  /** Two different credentials: 400 {@code invalid_request}. */
  static void ambiguous(HttpServletResponse response, AccessRule rule, boolean lfs) throws IOException {
    if (rule.channel() == Channel.GIT_HTTP) {
      git(response, 400, lfs ? AMBIGUOUS_DESCRIPTION : GIT_DENIED + "\n" + AMBIGUOUS_DESCRIPTION, lfs);
      return;
    }
    response.setHeader("WWW-Authenticate", bearer("invalid_request", AMBIGUOUS_DESCRIPTION, null));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", "invalid_request");
    body.put("error_description", AMBIGUOUS_DESCRIPTION);
    Json.write(response, 400, body);
  }

  /** An {@code Authorization: Basic} header that is not base64 of {@code user:password}. */
  static void malformedBasic(HttpServletResponse response, AccessRule rule, boolean lfs) throws IOException {
    response.setHeader("WWW-Authenticate", basic());
    if (rule.channel() == Channel.GIT_HTTP) {
      git(response, 401, lfs ? "Access denied: malformed basic authentication header"
          : GIT_DENIED + "\nThe basic authentication header is malformed", lfs);
    } else if (rule.channel() == Channel.CONTAINER_REGISTRY) {
      registryError(response, 401, "UNAUTHORIZED", GIT_DENIED);
    } else {
      Json.write(response, 401, Json.message("401 Unauthorized"));
    }
  }

  /** The store or directory could not answer: 503, never a pass. */
  static void unavailable(HttpServletResponse response, AccessRule rule, boolean lfs) throws IOException {
    response.setHeader("Retry-After", "5");
    if (rule != null && rule.channel() == Channel.GIT_HTTP) {
      git(response, 503, "Service temporarily unavailable, please retry", lfs);
    } else {
      Json.write(response, 503, Json.message("503 Service Unavailable"));
    }
  }

  /**
   * A feature this instance was built without (no bot accounts, say): 501 with the platform's
   * message body. The exception's message names only the capability and the builder method, never
   * request data; it is logged for the operator, the client reads a fixed text.
   */
  static ApiException notImplemented(MissingCapabilityException e) {
    LOG.warn("token API refused a feature this instance was built without: {}", e.getMessage());
    return new ApiException(501, Json.message("501 Not Implemented - " + NOT_IMPLEMENTED_DESCRIPTION));
  }

  private static void refuseApi(HttpServletResponse response, AccessRule rule, Credential credential,
      AuthResult.Failure failure) throws IOException {
    boolean basic = credential.source() == Credential.Source.BASIC;
    FailureReason reason = failure.reason();
    switch (reason) {
      case REVOKED:
        invalidToken(response, basic, REVOKED_DESCRIPTION, true);
        return;
      case EXPIRED:
        invalidToken(response, basic, EXPIRED_DESCRIPTION, true);
        return;
      case IMPERSONATION_DISABLED:
        invalidToken(response, basic, IMPERSONATION_DISABLED_DESCRIPTION, true);
        return;
      case INSUFFICIENT_SCOPE:
        insufficientScope(response, basic,
            failure.missingScopes().stream().map(Scope::id).collect(Collectors.joining(" ")));
        return;
      case RESOURCE_MISMATCH: {
        // A token of another project or group sees nothing here, as a non-member would not: the
        // token API's answer for a missing one, header for header (it marks every answer no-store).
        boolean group = rule.resource() != null && rule.resource().kind() == ResourceRef.Kind.GROUP;
        response.setHeader("Cache-Control", "no-store");
        Json.write(response, 404, Json.message(group ? "404 Group Not Found" : "404 Project Not Found"));
        return;
      }
      case USER_BLOCKED:
        Json.write(response, 403, Json.message("403 Forbidden - Your account has been blocked."));
        return;
      case SUDO_REFUSED:
        Json.write(response, 403, Json.message("403 Forbidden - " + reason.description()));
        return;
      case STORE_UNAVAILABLE:
        unavailable(response, rule, false);
        return;
      case TOO_MANY_FAILURES:
        tooMany(response, failure.blocked(), false, false);
        return;
      default:
        // MALFORMED, UNKNOWN, WRONG_CHANNEL (a deploy token on the API), USERNAME_MISMATCH,
        // TWO_FACTOR_PASSWORD_REFUSED: the platform's plain 401.
        invalidToken(response, basic, reason.description(), false);
    }
  }

  /**
   * The registry token service's refusals, in the registry's error JSON
   * ({@code {"errors":[{"code","message"}]}}): 503 when the store is down, 403 {@code DENIED} for
   * a token without a registry scope, else 401 {@code UNAUTHORIZED} with a {@code Basic} challenge.
   */
  private static void refuseRegistry(HttpServletResponse response, AuthResult.Failure failure)
      throws IOException {
    if (failure.reason() == FailureReason.STORE_UNAVAILABLE) {
      response.setHeader("Retry-After", "5");
      registryError(response, 503, "UNAVAILABLE", failure.reason().description());
    } else if (failure.reason() == FailureReason.INSUFFICIENT_SCOPE) {
      registryError(response, 403, "DENIED", "the token has no registry scope");
    } else {
      response.setHeader("WWW-Authenticate", basic());
      registryError(response, 401, "UNAUTHORIZED", GIT_DENIED);
    }
  }

  private static void registryError(HttpServletResponse response, int status, String code,
      String message) throws IOException {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    response.setHeader("Cache-Control", "no-store");
    Json.write(response, status, Map.of("errors", List.of(error)));
  }

  /** 403 {@code insufficient_scope} naming {@code scope} (ids separated by spaces; none: empty). */
  static void insufficientScope(HttpServletResponse response, boolean basic, String scope) throws IOException {
    response.setHeader("WWW-Authenticate", basic ? basic()
        : bearer("insufficient_scope", INSUFFICIENT_SCOPE_DESCRIPTION, scope.isEmpty() ? null : scope));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", "insufficient_scope");
    body.put("error_description", INSUFFICIENT_SCOPE_DESCRIPTION);
    body.put("scope", scope);
    Json.write(response, 403, body);
  }

  /**
   * The description of an {@code invalid_token} refusal the platform answers with an OAuth body
   * (expired, revoked, impersonation disabled), or null for its plain 401.
   */
  static String oauthDescription(FailureReason reason) {
    return switch (reason) {
      case EXPIRED -> EXPIRED_DESCRIPTION;
      case REVOKED -> REVOKED_DESCRIPTION;
      case IMPERSONATION_DISABLED -> IMPERSONATION_DISABLED_DESCRIPTION;
      default -> null;
    };
  }

  static void invalidToken(HttpServletResponse response, boolean basic, String description,
      boolean oauthBody) throws IOException {
    response.setHeader("WWW-Authenticate", basic ? basic() : bearer("invalid_token", description, null));
    if (oauthBody) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("error", "invalid_token");
      body.put("error_description", description);
      Json.write(response, 401, body);
    } else {
      Json.write(response, 401, Json.message("401 Unauthorized"));
    }
  }

  private static void refuseGit(HttpServletResponse response, AccessRule rule, AuthResult.Failure failure,
      boolean lfs) throws IOException {
    FailureReason reason = failure.reason();
    switch (reason) {
      case STORE_UNAVAILABLE:
        unavailable(response, rule, lfs);
        return;
      case TOO_MANY_FAILURES:
        tooMany(response, failure.blocked(), true, lfs);
        return;
      case RESOURCE_MISMATCH:
        git(response, 404, lfs ? "Repository or object not found" : GIT_NOT_FOUND, lfs);
        return;
      case INSUFFICIENT_SCOPE:
        git(response, 403, failure.message(), lfs);
        return;
      default:
        response.setHeader("WWW-Authenticate", basic());
        git(response, 401, lfs ? "Access denied: " + reason.description()
            : GIT_DENIED + "\n" + reason.description(), lfs);
    }
  }

  /**
   * A blocked client or username: 429 with {@code Retry-After} in whole seconds, rounded up. Git
   * prints the plain-text body as {@code remote:} lines before its own "error: 429".
   */
  private static void tooMany(HttpServletResponse response, FailureLimiter.Blocked blocked,
      boolean git, boolean lfs) throws IOException {
    long seconds = Math.max(1, (blocked.retryAfter().toMillis() + 999) / 1000);
    response.setHeader("Retry-After", Long.toString(seconds));
    String wait = seconds < 120 ? seconds + " seconds" : (seconds + 59) / 60 + " minutes";
    String message = blocked.basis() == FailureLimiter.Basis.USERNAME
        ? TOO_MANY_PASSWORDS + " Retry in " + wait + ", or use a personal access token."
        : TOO_MANY_FROM_ADDRESS + " Retry in " + wait + ".";
    if (git) {
      git(response, 429, lfs ? message : GIT_DENIED + "\n" + message, lfs);
    } else {
      Json.write(response, 429, Json.message("429 Too Many Requests - " + message));
    }
  }

  /** Git prints a plain-text body to the user; Git LFS reads {@code message} from its own JSON. */
  private static void git(HttpServletResponse response, int status, String message, boolean lfs)
      throws IOException {
    if (!lfs) {
      text(response, status, message);
      return;
    }
    byte[] bytes = Json.MAPPER.writeValueAsBytes(Json.message(message));
    response.setStatus(status);
    response.setContentType(LFS_CONTENT_TYPE);
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  private static void text(HttpServletResponse response, int status, String message) throws IOException {
    byte[] bytes = (message + "\n").getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType("text/plain;charset=utf-8");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  static String basic() {
    return "Basic realm=\"" + REALM + "\"";
  }

  /** An RFC 6750 challenge; descriptions are fixed ASCII texts without quotes or backslashes. */
  static String bearer(String error, String description, String scope) {
    StringBuilder b = new StringBuilder("Bearer realm=\"").append(REALM).append('"');
    if (error != null) {
      b.append(", error=\"").append(error).append('"');
    }
    if (description != null) {
      b.append(", error_description=\"").append(description.replace('"', '\'').replace('\\', '/')).append('"');
    }
    if (scope != null) {
      b.append(", scope=\"").append(scope).append('"');
    }
    return b.toString();
  }
}
