package io.wvs.auth.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The parameters of an API request, as the platform reads them: the query string, merged with a
 * form-encoded or JSON body (the body wins). Bodies are capped at {@value #MAX_BODY_BYTES} bytes;
 * malformed query strings, forms and JSON (bad escapes, non-UTF-8, duplicate keys, a non-object
 * root) are 400s; an oversized body is a 413. Immutable once read.
 */
final class ApiParams {
  static final int MAX_BODY_BYTES = 64 * 1024;
  /**
   * Request attribute of a JSON body the filter already parsed (to look for {@code sudo}): the
   * body is parsed once per request.
   */
  static final String JSON_BODY_ATTRIBUTE = ApiParams.class.getName() + ".json";
  static final int MAX_DRAIN_BYTES = 1024 * 1024;
  private static final int MAX_VALUE_LENGTH = 8 * 1024;

  private final Map<String, List<String>> params;
  private final JsonNode json;

  private ApiParams(Map<String, List<String>> params, JsonNode json) {
    this.params = params;
    this.json = json;
  }

  static ApiParams read(HttpServletRequest request, boolean withBody) throws ApiException, IOException {
    Map<String, List<String>> params = RequestPath.query(request);
    if (params == null) {
      throw ApiException.badRequest("the query string is malformed");
    }
    if (!withBody) {
      return new ApiParams(params, null);
    }
    long length = request.getContentLengthLong();
    if (length > MAX_BODY_BYTES) {
      throw tooLarge(request.getInputStream());
    }
    if (CredentialResolver.isForm(request)) {
      Map<String, String[]> form;
      try {
        form = request.getParameterMap();
      } catch (RuntimeException e) {
        throw ApiException.badRequest("the form body is malformed or too large");
      }
      Map<String, List<String>> merged = new LinkedHashMap<>();
      form.forEach((k, v) -> merged.put(k, new ArrayList<>(Arrays.asList(v))));
      return new ApiParams(merged, null);
    }
    if (isJson(request)) {
      JsonNode node;
      if (request.getAttribute(JSON_BODY_ATTRIBUTE) instanceof JsonNode parsed) {
        node = parsed;
      } else {
        byte[] body = readCapped(request.getInputStream());
        if (body.length == 0) {
          return new ApiParams(params, null);
        }
        node = Json.readBody(body);
      }
      if (node.isMissingNode() || node.isNull()) {
        return new ApiParams(params, null);
      }
      if (!node.isObject()) {
        throw ApiException.badRequest("the body must be a JSON object");
      }
      return new ApiParams(params, node);
    }
    // Other bodies (multipart, text) are not read: only the query string counts.
    return new ApiParams(params, null);
  }

  /**
   * The whole body, at most {@value #MAX_BODY_BYTES} bytes.
   *
   * @throws ApiException 413 when the declared or actual length is larger
   */
  static byte[] readBody(HttpServletRequest request) throws IOException, ApiException {
    if (request.getContentLengthLong() > MAX_BODY_BYTES) {
      throw tooLarge(request.getInputStream());
    }
    return readCapped(request.getInputStream());
  }

  /** Whether the request's body is JSON ({@code application/json} or {@code application/*+json}). */
  static boolean isJson(HttpServletRequest request) {
    String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
    return type.startsWith("application/json") || (type.startsWith("application/") && type.contains("+json"));
  }

  private static byte[] readCapped(InputStream in) throws IOException, ApiException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int n;
    while ((n = in.read(buffer)) > 0) {
      if (out.size() + n > MAX_BODY_BYTES) {
        throw tooLarge(in);
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  /**
   * 413. Up to {@value #MAX_DRAIN_BYTES} bytes of the rest are read and dropped first, so an
   * ordinary client that is still sending sees the answer instead of a reset connection; beyond
   * that the container closes the connection.
   */
  private static ApiException tooLarge(InputStream in) {
    byte[] sink = new byte[8192];
    long drained = 0;
    try {
      int n;
      while (drained < MAX_DRAIN_BYTES && (n = in.read(sink)) > 0) {
        drained += n;
      }
    } catch (IOException e) {
      // The client went away; the answer is the same.
    }
    return new ApiException(413, Json.message("413 Request Entity Too Large"));
  }

  /** Whether {@code name} was given at all (even empty). */
  boolean has(String name) {
    return (json != null && json.has(name)) || params.containsKey(name) || params.containsKey(name + "[]");
  }

  /**
   * The value of {@code name}: a JSON string, number or boolean as text, else the last query or
   * form value; null when absent or JSON null.
   *
   * @throws ApiException 400 {@code "<name> is invalid"} for JSON arrays and objects, values
   *     longer than 8 KiB, and values no store keeps as given (see {@link #isStorable})
   */
  String string(String name) throws ApiException {
    String value;
    if (json != null && json.has(name)) {
      JsonNode node = json.get(name);
      if (node.isNull()) {
        return null;
      }
      if (!node.isValueNode()) {
        throw ApiException.invalidParameter(name + " is invalid");
      }
      value = node.asText();
    } else {
      List<String> values = params.get(name);
      value = values == null || values.isEmpty() ? null : values.get(values.size() - 1);
    }
    if (value != null && (value.length() > MAX_VALUE_LENGTH || !isStorable(value))) {
      throw ApiException.invalidParameter(name + " is invalid");
    }
    return value;
  }

  /**
   * Whether {@code value} is text: no unpaired surrogate (a JSON escape of half a surrogate pair
   * makes one; it is not Unicode, and a database stores '?') and no control character but tab, CR
   * and LF (PostgreSQL refuses NUL).
   */
  private static boolean isStorable(String value) {
    return StandardCharsets.UTF_8.newEncoder().canEncode(value)
        && value.chars().noneMatch(c -> c < 0x20 && c != '\t' && c != '\n' && c != '\r');
  }

  /**
   * The values of a list parameter: a JSON array of strings (or one string), or the query or form
   * values of {@code name[]} and {@code name}. Each value may itself be comma-separated; spaces
   * around the parts are dropped. Null when absent.
   *
   * @throws ApiException 400 {@code "<name> is invalid"} for a value that is not a string, longer
   *     than 8 KiB, not {@linkplain #isStorable storable}, or holding any control character (tab,
   *     CR and LF included: list values are identifiers, and trimming must not turn
   *     {@code "api\u0000"} or {@code "api\n"} into {@code api})
   */
  List<String> list(String name) throws ApiException {
    List<String> raw = new ArrayList<>();
    if (json != null && json.has(name)) {
      JsonNode node = json.get(name);
      if (node.isNull()) {
        return null;
      }
      if (node.isArray()) {
        for (JsonNode element : node) {
          if (!element.isTextual()) {
            throw ApiException.invalidParameter(name + " is invalid");
          }
          raw.add(element.asText());
        }
      } else if (node.isTextual()) {
        raw.add(node.asText());
      } else {
        throw ApiException.invalidParameter(name + " is invalid");
      }
    } else {
      List<String> bracketed = params.get(name + "[]");
      List<String> plain = params.get(name);
      if (bracketed == null && plain == null) {
        return null;
      }
      if (bracketed != null) {
        raw.addAll(bracketed);
      }
      if (plain != null) {
        raw.addAll(plain);
      }
    }
    List<String> out = new ArrayList<>();
    for (String value : raw) {
      if (value.length() > MAX_VALUE_LENGTH || !isStorable(value)
          || value.chars().anyMatch(Character::isISOControl)) {
        throw ApiException.invalidParameter(name + " is invalid");
      }
      for (String part : value.split(",")) {
        String trimmed = part.trim();
        if (!trimmed.isEmpty()) {
          out.add(trimmed);
        }
      }
    }
    return out;
  }

  /**
   * A date parameter: {@code YYYY-MM-DD}, or an ISO-8601 date-time whose UTC date is taken. Null
   * when absent or empty.
   */
  LocalDate date(String name) throws ApiException {
    Instant at = instant(name);
    return at == null ? null : LocalDate.ofInstant(at, ZoneOffset.UTC);
  }

  /**
   * A date-time parameter: ISO-8601 with or without an offset (UTC when absent), or a date
   * (00:00 UTC). Null when absent or empty.
   */
  Instant instant(String name) throws ApiException {
    String value = string(name);
    if (value == null || value.isBlank()) {
      return null;
    }
    value = value.trim();
    try {
      if (value.length() == 10) {
        return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return toInstant(value);
    } catch (DateTimeException e) {
      throw ApiException.invalidParameter(name + " is invalid");
    }
  }

  private static Instant toInstant(String value) {
    if (value.length() > 40) {
      throw new DateTimeException("too long");
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeException e) {
      return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
    }
  }

  /** A boolean parameter ({@code true}/{@code false}); null when absent. */
  Boolean bool(String name) throws ApiException {
    String value = string(name);
    if (value == null || value.isEmpty()) {
      return null;
    }
    switch (value.toLowerCase(Locale.ROOT)) {
      case "true":
      case "1":
        return Boolean.TRUE;
      case "false":
      case "0":
        return Boolean.FALSE;
      default:
        throw ApiException.invalidParameter(name + " is invalid");
    }
  }

  /** A positive integer parameter up to {@code max}; {@code otherwise} when absent. */
  int integer(String name, int otherwise, int max) throws ApiException {
    String value = string(name);
    if (value == null || value.isEmpty()) {
      return otherwise;
    }
    if (!value.matches("[0-9]{1,9}")) {
      throw ApiException.invalidParameter(name + " is invalid");
    }
    int n = Integer.parseInt(value);
    return Math.min(Math.max(n, 1), max);
  }
}
