package io.wvs.auth.servlet;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON conventions of the platform's v4 API: {@code LocalDate} as {@code YYYY-MM-DD},
 * {@code Instant} as ISO-8601 UTC with milliseconds ({@code 2020-07-23T14:31:47.729Z}), nulls
 * written out. Reading is strict: duplicate keys are an error. Thread-safe.
 */
final class Json {
  static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  static final JsonMapper MAPPER = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .addModule(new SimpleModule("wvs-timestamps").addSerializer(Instant.class, new InstantSerializer()))
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .build();

  private Json() {}

  /**
   * A request body parsed as JSON, read strictly: UTF-8 only, no duplicate keys, nothing after the
   * value. Parsed from the decoded text, not the bytes: from bytes Jackson guesses the encoding,
   * and takes a body that starts with NUL bytes for UTF-32 (then throws an IOException that is no
   * JacksonException).
   *
   * @return the value, or a missing node for an empty body
   * @throws ApiException 400 when the body is not UTF-8 or not JSON
   */
  static JsonNode readBody(byte[] body) throws ApiException {
    String text = RequestPath.decodeUtf8(body);
    if (text == null) {
      throw ApiException.badRequest("the body is not valid UTF-8");
    }
    try {
      JsonNode node = MAPPER.readTree(text);
      return node == null ? MissingNode.getInstance() : node;
    } catch (JacksonException e) {
      throw ApiException.badRequest("the body is not valid JSON");
    }
  }

  /** Writes {@code body} as JSON with {@code status}. */
  static void write(HttpServletResponse response, int status, Object body) throws IOException {
    byte[] bytes = MAPPER.writeValueAsBytes(body);
    response.setStatus(status);
    response.setContentType("application/json");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  /** A one-entry object, e.g. {@code {"message": "401 Unauthorized"}}. */
  static Map<String, Object> object(String key, Object value) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(key, value);
    return m;
  }

  /** {@code {"message": message}}. */
  static Map<String, Object> message(String message) {
    return object("message", message);
  }

  private static final class InstantSerializer extends JsonSerializer<Instant> {
    @Override
    public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      gen.writeString(TIMESTAMP.format(value));
    }

    @Override
    public Class<Instant> handledType() {
      return Instant.class;
    }
  }
}
