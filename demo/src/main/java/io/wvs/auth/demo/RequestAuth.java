package io.wvs.auth.demo;

import io.wvs.auth.AuthResult;
import io.wvs.auth.servlet.WvsAuthFilter;
import jakarta.servlet.http.HttpServletRequest;

/** Reads what the wvs-auth filter decided for a request. */
final class RequestAuth {
  private RequestAuth() {}

  /** The filter's success for {@code request}, or null when the request was not authenticated. */
  static AuthResult.Success success(HttpServletRequest request) {
    Object result = request.getAttribute(WvsAuthFilter.RESULT_ATTRIBUTE);
    return result instanceof AuthResult.Success ok ? ok : null;
  }
}
