package io.wvs.auth.servlet;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request whose body the filter has read: the body is served again from memory (each call of
 * {@link #getInputStream} or {@link #getReader} starts at its beginning), and, for a
 * form-encoded body the container does not parse (it parses POST only), the parameters are the
 * query string's followed by the body's, as for a POST. Used on API routes only.
 */
final class BufferedBodyRequest extends HttpServletRequestWrapper {
  private final byte[] body;
  /** Every parameter (query, then form body), or null to leave parameters to the container. */
  private final Map<String, String[]> parameters;

  /**
   * @param body the whole body, already read from {@code request}
   * @param parameters the query's and the form body's parameters, or null when the body is not
   *     a form the filter parsed
   */
  BufferedBodyRequest(HttpServletRequest request, byte[] body, Map<String, List<String>> parameters) {
    super(request);
    this.body = body;
    if (parameters == null) {
      this.parameters = null;
    } else {
      Map<String, String[]> out = new LinkedHashMap<>();
      parameters.forEach((k, v) -> out.put(k, v.toArray(String[]::new)));
      this.parameters = Collections.unmodifiableMap(out);
    }
  }

  @Override
  public ServletInputStream getInputStream() {
    return new BodyStream(body);
  }

  @Override
  public BufferedReader getReader() {
    Charset charset = StandardCharsets.UTF_8;
    String declared = getCharacterEncoding();
    if (declared != null) {
      try {
        charset = Charset.forName(declared);
      } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
        // Unknown charset: read as UTF-8, as the API does.
      }
    }
    return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), charset));
  }

  @Override
  public String getParameter(String name) {
    if (parameters == null) {
      return super.getParameter(name);
    }
    String[] values = parameters.get(name);
    return values == null ? null : values[0];
  }

  @Override
  public String[] getParameterValues(String name) {
    if (parameters == null) {
      return super.getParameterValues(name);
    }
    String[] values = parameters.get(name);
    return values == null ? null : values.clone();
  }

  @Override
  public Map<String, String[]> getParameterMap() {
    return parameters == null ? super.getParameterMap() : parameters;
  }

  @Override
  public Enumeration<String> getParameterNames() {
    return parameters == null ? super.getParameterNames()
        : Collections.enumeration(new ArrayList<>(parameters.keySet()));
  }

  /** The body from memory; always ready, so a read listener hears of all of it at once. */
  private static final class BodyStream extends ServletInputStream {
    private final ByteArrayInputStream in;

    BodyStream(byte[] body) {
      this.in = new ByteArrayInputStream(body);
    }

    @Override
    public int read() {
      return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) {
      return in.read(b, off, len);
    }

    @Override
    public boolean isFinished() {
      return in.available() == 0;
    }

    @Override
    public boolean isReady() {
      return true;
    }

    @Override
    public void setReadListener(ReadListener listener) {
      try {
        if (in.available() > 0) {
          listener.onDataAvailable();
        }
        listener.onAllDataRead();
      } catch (IOException e) {
        listener.onError(e);
      }
    }
  }
}
