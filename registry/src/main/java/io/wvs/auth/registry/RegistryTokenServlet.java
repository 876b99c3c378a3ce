package io.wvs.auth.registry;

import com.nimbusds.jose.util.JSONObjectUtils;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The HTTP face of a {@link RegistryTokenService}: {@code GET <realm>?service=…&scope=…} with
 * {@code Authorization: Basic} (username and token), as a registry client sends it. Mount it at
 * the realm the registry names ({@code /jwt/auth} on the platform).
 *
 * <ul>
 *   <li>200 {@code {"token", "access_token", "expires_in", "issued_at"}} (both token fields hold
 *       the same JWT; {@code expires_in} in seconds, {@code issued_at} RFC 3339 UTC);
 *   <li>400, 401 (with a {@code Basic} challenge), 403 and 503 with the registry's error body
 *       {@code {"errors":[{"code":"UNAUTHORIZED","message":"…"}]}}; 405 for another method than
 *       GET.
 * </ul>
 *
 * <p>Every answer is {@code Cache-Control: no-store}. The credential is never logged or echoed.
 * Thread-safe.
 *
 * @since 0.1
 */
public final class RegistryTokenServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final int MAX_HEADER = 4096;

  /** Not serializable state: a servlet container never serializes this servlet. */
  private final transient RegistryTokenService service;

  /**
   * A servlet answering with {@code service}.
   *
   * @param service the token service
   */
  public RegistryTokenServlet(RegistryTokenService service) {
    this.service = Objects.requireNonNull(service, "service");
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    response.setHeader("Cache-Control", "no-store");
    if (!"GET".equals(request.getMethod())) {
      response.setHeader("Allow", "GET");
      error(response, 405, "UNSUPPORTED", "only GET is supported");
      return;
    }
    String[] credentials = basic(request.getHeader("Authorization"));
    String[] scopes = request.getParameterValues("scope");
    RegistryTokenAnswer answer = service.issue(credentials[0], credentials[1],
        request.getParameter("service"), scopes == null ? List.of() : List.of(scopes));
    if (answer instanceof RegistryTokenAnswer.Issued issued) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("token", issued.token());
      body.put("access_token", issued.token());
      body.put("expires_in", issued.expiresIn().toSeconds());
      body.put("issued_at", DateTimeFormatter.ISO_INSTANT.format(issued.issuedAt()));
      write(response, 200, body);
      return;
    }
    RegistryTokenAnswer.Refused refused = (RegistryTokenAnswer.Refused) answer;
    if (refused.code() == RegistryTokenAnswer.Code.UNAUTHORIZED) {
      response.setHeader("WWW-Authenticate", "Basic realm=\"" + service.service() + "\"");
    }
    if (refused.code() == RegistryTokenAnswer.Code.UNAVAILABLE) {
      response.setHeader("Retry-After", "5");
    }
    error(response, refused.code().status(), refused.code().name(), refused.message());
  }

  /**
   * Username and password of a {@code Basic} header; {@code {null, null}} when there is none or
   * it is malformed (refused as no credential).
   */
  static String[] basic(String header) {
    String[] none = {null, null};
    if (header == null || header.length() > MAX_HEADER || header.length() < 6
        || !header.substring(0, 6).toLowerCase(Locale.ROOT).equals("basic ")) {
      return none;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return none;
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return none;
    }
    return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
  }

  private static void error(HttpServletResponse response, int status, String code, String message)
      throws IOException {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    write(response, status, Collections.singletonMap("errors", List.of(error)));
  }

  private static void write(HttpServletResponse response, int status, Map<String, Object> body)
      throws IOException {
    byte[] bytes = JSONObjectUtils.toJSONString(body).getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType("application/json");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }
}
