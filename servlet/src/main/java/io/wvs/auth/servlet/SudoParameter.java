package io.wvs.auth.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the {@code sudo} target of an API request everywhere the platform reads it: the
 * {@code Sudo} header, the {@code sudo} query parameter, and the {@code sudo} parameter of a
 * form-encoded body (every method; the container parses POST bodies only, so the others are read
 * here), the top-level {@code "sudo"} of a JSON object body (a string or a number), or a
 * {@code sudo} field of a {@code multipart/form-data} body (through the container's multipart
 * support when the servlet behind has it, else read here). A request whose target cannot be told is
 * refused, never run as the caller:
 *
 * <ul>
 *   <li>different values in two places: 400 {@code invalid_request};
 *   <li>a query string or form body too malformed to read that may hold one: 400;
 *   <li>a malformed or non-UTF-8 JSON body: 400; a {@code "sudo"} that is not a string or number: 400;
 *   <li>a malformed multipart body: 400;
 *   <li>a form, JSON or (without the container's multipart support) multipart body over
 *       {@value ApiParams#MAX_BODY_BYTES} bytes: 413.
 * </ul>
 *
 * <p>Other bodies (text, binary) are not read. Stateless.
 */
final class SudoParameter {
  static final String HEADER = "Sudo";
  static final String NAME = "sudo";
  static final String CONFLICT_DESCRIPTION = "sudo was given more than once, with different values";
  private static final int MAX_LENGTH = 255;

  private SudoParameter() {}

  /**
   * Reads the body of {@code request} if it is JSON, a form the container has not parsed, or
   * multipart the container cannot parse. Idempotent.
   *
   * @return the request to read parameters from and pass on: {@code request} itself, or a
   *     {@link BufferedBodyRequest} when the body was read here
   * @throws ApiException the platform's 400 for a malformed body, 413 for an oversized one
   */
  static HttpServletRequest withReadableBody(HttpServletRequest request) throws ApiException, IOException {
    if (request instanceof BufferedBodyRequest) {
      return request;
    }
    if (isMultipart(request)) {
      return withReadableMultipart(request);
    }
    boolean form = CredentialResolver.isForm(request);
    if (form && containerParsesForm(request)) {
      return request;
    }
    if (!form && !ApiParams.isJson(request)) {
      return request;
    }
    return withBufferedBody(request, form);
  }

  /** A multipart request, with its body read here when the container cannot parse it. */
  private static HttpServletRequest withReadableMultipart(HttpServletRequest request)
      throws ApiException, IOException {
    Collection<Part> parts;
    try {
      parts = request.getParts();
    } catch (ServletException | IOException | RuntimeException e) {
      if (!isIllegalState(e)) {
        throw ApiException.badRequest("the multipart body is malformed or too large");
      }
      // No multipart support for the servlet behind (Jetty wraps that IllegalStateException in
      // a ServletException), or over its limits, when the read below fails too: read the body
      // here, up to the cap.
      parts = null;
    }
    if (parts != null) {
      // The container parsed it, for the servlet too: the sudo part is read from there.
      return request;
    }
    return new BufferedBodyRequest(request, ApiParams.readBody(request), null);
  }

  /** A JSON or form request whose body the container has not read, with its body read here. */
  private static HttpServletRequest withBufferedBody(HttpServletRequest request, boolean form)
      throws ApiException, IOException {
    byte[] body = ApiParams.readBody(request);
    if (!form) {
      return new BufferedBodyRequest(request, body, null);
    }
    Map<String, List<String>> query = RequestPath.query(request);
    Map<String, List<String>> fields =
        RequestPath.parseForm(new String(body, StandardCharsets.ISO_8859_1), ApiParams.MAX_BODY_BYTES);
    if (fields == null) {
      throw ApiException.badRequest("the form body is malformed or too large");
    }
    Map<String, List<String>> all = new LinkedHashMap<>();
    if (query != null) {
      query.forEach((k, v) -> all.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
    }
    fields.forEach((k, v) -> all.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
    return new BufferedBodyRequest(request, body, all);
  }

  private static boolean isIllegalState(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof IllegalStateException) {
        return true;
      }
    }
    return false;
  }

  /** Containers parse form bodies of POST requests (the servlet specification's rule). */
  private static boolean containerParsesForm(HttpServletRequest request) {
    return "POST".equals(StandardRouteRules.upperCase(request.getMethod()));
  }

  /**
   * The one sudo target {@code request} asks for, or null.
   *
   * @param request as returned by {@link #withReadableBody}, or, when {@code bodies} is false, as
   *     the container passed it
   * @param bodies whether JSON and multipart bodies count (API routes); without, only the header,
   *     the query string and a form body the container parsed do (package routes, whose bodies are
   *     uploads)
   * @throws ApiException 400 when the places disagree or one cannot be read
   */
  static String target(HttpServletRequest request, boolean bodies) throws ApiException, IOException {
    Target values = new Target();
    Enumeration<String> headers = request.getHeaders(HEADER);
    while (headers != null && headers.hasMoreElements()) {
      values.add(headers.nextElement());
    }
    String query = request.getQueryString();
    Map<String, List<String>> params = RequestPath.query(request);
    if (params == null) {
      // Unreadable (malformed or over-long): if it may name a sudo target, refuse rather than
      // silently act as the token's owner.
      if (query.contains(NAME)) {
        throw unreadable();
      }
    } else {
      for (String v : params.getOrDefault(NAME, List.of())) {
        values.add(v);
      }
    }
    if (CredentialResolver.isForm(request)) {
      addForm(values, request);
    } else if (bodies && isMultipart(request)) {
      addMultipart(values, request);
    } else if (bodies && request instanceof BufferedBodyRequest) {
      addJson(values, request);
    }
    if (values.conflict) {
      throw invalidRequest(CONFLICT_DESCRIPTION);
    }
    return values.value;
  }

  /** The targets of a form body the container parses. */
  private static void addForm(Target values, HttpServletRequest request) throws ApiException {
    String[] form;
    try {
      form = request.getParameterValues(NAME);
    } catch (RuntimeException e) {
      // The container could not parse the body: it may hold a target.
      throw ApiException.badRequest("the form body is malformed or too large");
    }
    if (form != null) {
      for (String v : form) {
        values.add(v);
      }
    }
  }

  /** The targets found so far: the first, and whether another one differs from it. */
  private static final class Target {
    String value;
    boolean conflict;

    void add(String raw) {
      if (raw == null || raw.isBlank()) {
        return;
      }
      String v = raw.trim();
      // An over-long target cannot name a user; keep it bounded so it is refused cheaply.
      v = v.length() > MAX_LENGTH ? v.substring(0, MAX_LENGTH + 1) : v;
      if (value == null) {
        value = v;
      } else if (!value.equals(v)) {
        conflict = true;
      }
    }
  }

  private static void addJson(Target values, HttpServletRequest request) throws ApiException, IOException {
    byte[] body = request.getInputStream().readAllBytes();
    if (body.length == 0) {
      return;
    }
    // Duplicate keys are refused: {"sudo":"a","sudo":"b"} names no single target.
    JsonNode node = Json.readBody(body);
    // Parsed once: the token API reads its parameters from this same tree.
    request.setAttribute(ApiParams.JSON_BODY_ATTRIBUTE, node);
    if (!node.isObject() || !node.has(NAME) || node.get(NAME).isNull()) {
      return;
    }
    JsonNode sudo = node.get(NAME);
    if (!sudo.isTextual() && !sudo.isIntegralNumber()) {
      throw ApiException.invalidParameter(NAME + " is invalid");
    }
    values.add(sudo.asText());
  }

  static boolean isMultipart(HttpServletRequest request) {
    String type = request.getContentType();
    return type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
  }

  /** The {@code sudo} fields of a multipart body: the container's parts, or the body read here. */
  private static void addMultipart(Target values, HttpServletRequest request)
      throws ApiException, IOException {
    if (request instanceof BufferedBodyRequest) {
      byte[] body = request.getInputStream().readAllBytes();
      List<String> fields = Multipart.fields(request.getContentType(), body, NAME);
      if (fields == null) {
        throw ApiException.badRequest("the multipart body is malformed or too large");
      }
      for (String v : fields) {
        values.add(v);
      }
      return;
    }
    try {
      for (Part part : request.getParts()) {
        if (NAME.equals(part.getName())) {
          try (InputStream in = part.getInputStream()) {
            String v = RequestPath.decodeUtf8(in.readNBytes(MAX_LENGTH * 4 + 1));
            if (v == null) {
              throw ApiException.invalidParameter(NAME + " is invalid");
            }
            values.add(v);
          }
        }
      }
    } catch (ServletException | RuntimeException e) {
      throw ApiException.badRequest("the multipart body is malformed or too large");
    }
  }

  private static ApiException unreadable() {
    return invalidRequest("the query string cannot be read and may name a sudo target");
  }

  /** 400 {@code {"error":"invalid_request","error_description":...}}, as for two credentials. */
  private static ApiException invalidRequest(String description) {
    Map<String, Object> body = Json.object("error", "invalid_request");
    body.put("error_description", description);
    return new ApiException(400, body);
  }
}
