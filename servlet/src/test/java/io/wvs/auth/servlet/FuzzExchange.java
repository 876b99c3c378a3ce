package io.wvs.auth.servlet;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.Filter;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One HTTP exchange of the servlet fuzz tests, run in process so that every byte the fuzzer
 * chooses reaches the filter: some containers refuse a CR or a 100 KiB value in a header, others
 * hand it on, and the adapter must hold up behind any of them.
 *
 * <p>An input is a raw request read as ISO-8859-1, so any bytes are a request and non-UTF-8 bytes
 * arrive as a container that reads headers as ISO-8859-1 passes them on: the request line
 * ({@code METHOD target}), {@code Name: value} header lines, an empty line and the body. First,
 * placeholders are replaced, so a checked-in seed is readable and can carry the valid tokens of
 * the test's own world: {@code {name}} by the test's secret of that name, {@code {N*text}} by
 * {@code text} repeated N times (1 MiB in all at most), then {@code {b64:text}} by the base64 of
 * {@code text}'s bytes. The pseudo-header {@code Fuzz-Store: down} asks for the token store to be
 * down during the exchange.
 */
final class FuzzExchange {
  static final String STORE_HEADER = "Fuzz-Store";
  private static final Pattern REPEAT = Pattern.compile("\\{(\\d{1,6})\\*([^{}]*)}");
  private static final Pattern BASE64 = Pattern.compile("\\{b64:([^{}]*)}");
  private static final int MAX_REPEATED = 1 << 20;
  /** Fragments of a Java stack trace or exception text; no answer may contain one. */
  private static final Pattern STACK_TRACE = Pattern.compile(
      "\tat |\\bat (java|jakarta|io\\.wvs|com\\.fasterxml|org\\.eclipse)\\.|[a-z]\\.[A-Za-z]*(Exception|Error)\\b");

  private FuzzExchange() {}

  /**
   * A request parsed from a fuzz input.
   *
   * @param secretsUsed the names of the secrets whose placeholders the input holds
   */
  record Request(String method, String target, List<Map.Entry<String, String>> headers, byte[] body,
      boolean storeDown, Set<String> secretsUsed) {
    /** The first value of a header (names ignore case), or null. */
    String header(String name) {
      return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
          .findFirst().orElse(null);
    }
  }

  /**
   * What came back.
   *
   * @param passedOn whether the filter ran the chain
   * @param seen the request the chain got (the application's view), or null
   */
  record Answer(boolean passedOn, HttpServletRequest seen, int status, Map<String, List<String>> headers,
      String contentType, byte[] body) {
    String text() {
      return new String(body, UTF_8);
    }

    String header(String name) {
      List<String> values = headers.get(name);
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Every header line of the answer, for checks that apply to all of them. */
    String allHeaders() {
      StringBuilder b = new StringBuilder();
      headers.forEach((k, v) -> v.forEach(x -> b.append(k).append(": ").append(x).append('\n')));
      return b.toString();
    }
  }

  static Request parse(byte[] input, Map<String, String> secrets) {
    Set<String> used = new LinkedHashSet<>();
    String text = new String(input, ISO_8859_1);
    for (Map.Entry<String, String> secret : secrets.entrySet()) {
      String placeholder = "{" + secret.getKey() + "}";
      if (text.contains(placeholder)) {
        used.add(secret.getKey());
        text = text.replace(placeholder, secret.getValue());
      }
    }
    int[] budget = {MAX_REPEATED};
    text = replace(REPEAT, text, m -> {
      String unit = m.group(2);
      int times = unit.isEmpty() ? 0 : Math.min(Integer.parseInt(m.group(1)), budget[0] / unit.length());
      budget[0] -= times * unit.length();
      return unit.repeat(times);
    });
    text = replace(BASE64, text, m -> Base64.getEncoder().encodeToString(m.group(1).getBytes(ISO_8859_1)));

    int split = text.indexOf("\n\n");
    String head = split < 0 ? text : text.substring(0, split);
    byte[] body = split < 0 ? new byte[0] : text.substring(split + 2).getBytes(ISO_8859_1);
    String[] lines = head.split("\n", -1);
    int space = lines[0].indexOf(' ');
    String method = space < 0 ? lines[0] : lines[0].substring(0, space);
    String target = space < 0 ? "/" : lines[0].substring(space + 1);
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    boolean storeDown = false;
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i];
      int colon = line.indexOf(':');
      String name = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(line.startsWith(": ", colon) ? colon + 2 : colon + 1);
      if (name.equalsIgnoreCase(STORE_HEADER)) {
        storeDown = true;
      } else {
        headers.add(Map.entry(name, value));
      }
    }
    return new Request(method, target, headers, body, storeDown, used);
  }

  private static String replace(Pattern pattern, String text, Function<MatchResult, String> by) {
    Matcher m = pattern.matcher(text);
    return m.find() ? m.reset().replaceAll(r -> Matcher.quoteReplacement(by.apply(r))) : text;
  }

  /** Runs {@code request} through {@code filter}, with {@code servlet} (or nothing) behind it. */
  static Answer exchange(Request request, Filter filter, HttpServlet servlet) throws Exception {
    Recorder recorder = new Recorder();
    HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(
        FuzzExchange.class.getClassLoader(), new Class<?>[] {HttpServletResponse.class}, recorder);
    HttpServletRequest[] seen = {null};
    filter.doFilter(new InProcessRequest(request), response, (req, res) -> {
      seen[0] = (HttpServletRequest) req;
      if (servlet != null) {
        servlet.service(req, res);
      }
    });
    if (recorder.writer != null) {
      recorder.writer.flush();
    }
    return new Answer(seen[0] != null, seen[0], recorder.status, recorder.headers, recorder.contentType,
        recorder.body.toByteArray());
  }

  /** No stack trace or exception text in the answer's body or headers. */
  static void assertNoStackTrace(Answer answer) {
    assertThat(answer.text()).doesNotContainPattern(STACK_TRACE);
    assertThat(answer.allHeaders()).doesNotContainPattern(STACK_TRACE);
  }

  /** None of {@code values} appears in the answer's body or headers. */
  static void assertNotEchoed(Answer answer, Iterable<String> values) {
    String body = answer.text();
    String headers = answer.allHeaders();
    for (String value : values) {
      assertThat(body).as("body echoes a credential").doesNotContain(value);
      assertThat(headers).as("headers echo a credential").doesNotContain(value);
    }
  }

  /**
   * The request as a container hands it on. Parameters are the query string's and, for a
   * form-encoded body, the body's; malformed ones make the parameter getters throw, as Jetty's do.
   */
  private static final class InProcessRequest extends HttpServletRequestWrapper {
    private final Request request;
    private final Map<String, Object> attributes = new HashMap<>();
    private Map<String, String[]> parameters;

    InProcessRequest(Request request) {
      super(StubRequest.of(request.method(), request.target()));
      this.request = request;
    }

    @Override
    public String getHeader(String name) {
      return request.header(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
      return Collections.enumeration(request.headers().stream()
          .filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).toList());
    }

    @Override
    public Enumeration<String> getHeaderNames() {
      return Collections.enumeration(request.headers().stream().map(Map.Entry::getKey).distinct().toList());
    }

    @Override
    public String getContentType() {
      return request.header("Content-Type");
    }

    @Override
    public String getCharacterEncoding() {
      return null;
    }

    @Override
    public long getContentLengthLong() {
      String declared = request.header("Content-Length");
      try {
        return declared == null ? request.body().length : Long.parseLong(declared.trim());
      } catch (NumberFormatException e) {
        return -1;
      }
    }

    @Override
    public int getContentLength() {
      return (int) Math.max(-1, Math.min(Integer.MAX_VALUE, getContentLengthLong()));
    }

    @Override
    public ServletInputStream getInputStream() {
      return new BodyStream(request.body());
    }

    @Override
    public StringBuffer getRequestURL() {
      return new StringBuffer("http://localhost").append(getRequestURI());
    }

    // Where absolute links start without a configured external URL (never the Host header).
    @Override
    public String getScheme() {
      return "http";
    }

    @Override
    public String getLocalAddr() {
      return "127.0.0.1";
    }

    @Override
    public int getLocalPort() {
      return 8080;
    }

    @Override
    public Object getAttribute(String name) {
      return attributes.get(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
      attributes.put(name, value);
    }

    @Override
    public void removeAttribute(String name) {
      attributes.remove(name);
    }

    @Override
    public Enumeration<String> getAttributeNames() {
      return Collections.enumeration(attributes.keySet());
    }

    @Override
    public Map<String, String[]> getParameterMap() {
      if (parameters == null) {
        Map<String, List<String>> all = new LinkedHashMap<>();
        add(all, getQueryString());
        if (CredentialResolver.isForm(this)) {
          add(all, new String(request.body(), ISO_8859_1));
        }
        Map<String, String[]> out = new LinkedHashMap<>();
        all.forEach((k, v) -> out.put(k, v.toArray(String[]::new)));
        parameters = Collections.unmodifiableMap(out);
      }
      return parameters;
    }

    private static void add(Map<String, List<String>> all, String encoded) {
      Map<String, List<String>> parsed = RequestPath.parseQuery(encoded);
      if (parsed == null) {
        throw new IllegalArgumentException("malformed or too large parameters (as Jetty's BadMessageException)");
      }
      parsed.forEach((k, v) -> all.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
    }

    @Override
    public String[] getParameterValues(String name) {
      return getParameterMap().get(name);
    }

    @Override
    public String getParameter(String name) {
      String[] values = getParameterValues(name);
      return values == null ? null : values[0];
    }

    @Override
    public Enumeration<String> getParameterNames() {
      return Collections.enumeration(getParameterMap().keySet());
    }
  }

  private static final class BodyStream extends ServletInputStream {
    private final ByteArrayInputStream in;

    BodyStream(byte[] body) {
      this.in = new ByteArrayInputStream(body);
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
      throw new UnsupportedOperationException("blocking only");
    }

    @Override
    public int read() {
      return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) {
      return in.read(b, off, len);
    }
  }

  /** Records what the code under test does to the response; any other call fails the exchange. */
  private static final class Recorder implements InvocationHandler {
    int status = 200;
    String contentType;
    final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    final ByteArrayOutputStream body = new ByteArrayOutputStream();
    PrintWriter writer;

    @Override
    public Object invoke(Object proxy, Method m, Object[] args) {
      switch (m.getName()) {
        case "setStatus":
          status = (Integer) args[0];
          return null;
        case "getStatus":
          return status;
        case "setHeader":
          headers.remove((String) args[0]);
          headers.computeIfAbsent((String) args[0], k -> new ArrayList<>()).add((String) args[1]);
          return null;
        case "addHeader":
          headers.computeIfAbsent((String) args[0], k -> new ArrayList<>()).add((String) args[1]);
          return null;
        case "getHeader":
          List<String> values = headers.get((String) args[0]);
          return values == null ? null : values.get(0);
        case "containsHeader":
          return headers.containsKey((String) args[0]);
        case "setContentType":
          contentType = (String) args[0];
          return null;
        case "getContentType":
          return contentType;
        case "getCharacterEncoding":
          return "UTF-8";
        case "isCommitted":
          return false;
        case "setContentLength":
        case "setContentLengthLong":
        case "setCharacterEncoding":
        case "flushBuffer":
          return null;
        case "getOutputStream":
          return new BodySink(body);
        case "getWriter":
          if (writer == null) {
            writer = new PrintWriter(new OutputStreamWriter(body, UTF_8));
          }
          return writer;
        case "hashCode":
          return System.identityHashCode(proxy);
        case "equals":
          return proxy == args[0];
        case "toString":
          return "response " + status;
        default:
          throw new UnsupportedOperationException("the fuzz response does not record " + m.getName());
      }
    }
  }

  private static final class BodySink extends ServletOutputStream {
    private final ByteArrayOutputStream out;

    BodySink(ByteArrayOutputStream out) {
      this.out = out;
    }

    @Override
    public boolean isReady() {
      return true;
    }

    @Override
    public void setWriteListener(WriteListener listener) {
      throw new UnsupportedOperationException("blocking only");
    }

    @Override
    public void write(int b) {
      out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      out.write(b, off, len);
    }
  }
}
