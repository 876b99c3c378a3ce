package io.wvs.auth.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import io.wvs.auth.AdminTokenService;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.spi.Notifier;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v4/credentials/revoke} with {@code {"credentials": ["<value>", …]}}: anyone who
 * found a leaked token revokes it, without authenticating (holding the value is the proof). Up to
 * 100 values; the answer is 202 {@code {"message":"202 Accepted"}} whatever they were (unknown,
 * malformed, revoked or revoked now), so it tells nothing about any value. Rate-limited per client
 * address ({@link RevocationLimiter}; 429 with {@code Retry-After} beyond it). The owner of each
 * token revoked is told through the notifier. Values are never logged or echoed.
 */
final class CredentialRevocation {
  private static final Logger LOG = LoggerFactory.getLogger(CredentialRevocation.class);
  private static final int MAX_VALUE_LENGTH = 1024;

  private final WvsAuth auth;
  private final Notifier notifier;
  private final RevocationLimiter limiter;

  CredentialRevocation(WvsAuth auth, Notifier notifier) {
    this.auth = auth;
    this.notifier = notifier;
    this.limiter = new RevocationLimiter(auth.clock());
  }

  /** Whether {@code path} is {@code /api/v4/credentials/revoke}. */
  static boolean isItsPath(Optional<RequestPath> path) {
    return path.isPresent() && isItsPath(path.get());
  }

  /** Whether {@code path} is {@code /api/v4/credentials/revoke}. */
  static boolean isItsPath(RequestPath path) {
    return path.size() == 4 && path.is(0, "api") && path.is(1, "v4") && path.is(2, "credentials")
        && path.is(3, "revoke");
  }

  Reply handle(HttpServletRequest request, HttpServletResponse response, String method)
      throws ApiException, IOException {
    if (!method.equals("POST")) {
      response.setHeader("Allow", "POST");
      throw new ApiException(405, Json.message("405 Method Not Allowed"));
    }
    long retryAfter = limiter.acquire(request.getRemoteAddr());
    if (retryAfter > 0) {
      response.setHeader("Retry-After", Long.toString(retryAfter));
      throw new ApiException(429, Json.message("429 Too Many Requests"));
    }
    if (RequestPath.query(request) == null || !RequestPath.query(request).isEmpty()) {
      // Values in a URL end up in access logs: the body only.
      throw ApiException.badRequest("the credentials go in a JSON body, never in the URL");
    }
    if (!ApiParams.isJson(request)) {
      throw new ApiException(415, Json.message("415 Unsupported Media Type"));
    }
    JsonNode body = Json.readBody(ApiParams.readBody(request));
    JsonNode list = body.isObject() ? body.get("credentials") : null;
    if (list == null || !list.isArray() || list.isEmpty()
        || list.size() > AdminTokenService.MAX_REPORTED) {
      throw ApiException.invalidParameter("credentials must be a list of 1 to "
          + AdminTokenService.MAX_REPORTED + " token values");
    }
    List<String> values = new ArrayList<>(list.size());
    for (JsonNode n : list) {
      if (!n.isTextual() || n.asText().isEmpty() || n.asText().length() > MAX_VALUE_LENGTH) {
        throw ApiException.invalidParameter("credentials must be a list of 1 to "
            + AdminTokenService.MAX_REPORTED + " token values");
      }
      values.add(n.asText());
    }
    int revoked = auth.adminTokens().revokeReportedLeaksAndNotify(values, notifier);
    if (revoked > 0) {
      LOG.info("revoked {} token(s) reported leaked", revoked);
    }
    return new Reply(202, Json.message("202 Accepted"));
  }
}
