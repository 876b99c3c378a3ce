package io.wvs.auth.benchmarks;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.lang.reflect.Proxy;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;

/**
 * A minimal in-process HTTP exchange for the filter benchmark: a request with a method, a path (a
 * new string each pass, as a container builds one per request), a query string, the client's
 * address and headers (a list of fields scanned for a name ignoring
 * case, as Jetty's {@code HttpFields} and Tomcat's {@code MimeHeaders} keep them), request
 * attributes (a {@code HashMap}), a response that keeps its status, and a chain that notes what it was given. Only what a pass
 * through the filter reads is implemented; anything else throws
 * {@link UnsupportedOperationException} (the wrappers delegate to a proxy that refuses every call),
 * so the self-check fails loudly if the filter ever needs more, instead of measuring a stub that
 * answers nonsense.
 */
final class InProcessExchange {
  private InProcessExchange() {}

  private static <T> T refusing(Class<T> type) {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
        (proxy, method, args) -> {
          throw new UnsupportedOperationException("not in the in-process exchange: "
              + type.getSimpleName() + "." + method.getName());
        }));
  }

  private static final HttpServletRequest NO_REQUEST = refusing(HttpServletRequest.class);
  private static final HttpServletResponse NO_RESPONSE = refusing(HttpServletResponse.class);

  /** A request; {@link #reset()} forgets the attributes of the last pass, as a new request would. */
  static final class Request extends HttpServletRequestWrapper {
    private final String method;
    /**
     * Copies of the request URI, one per pass in turn: a container builds a new URI string for
     * each request, so the filter never gets the instance (or the cached hash) of the pass
     * before. Sixteen of them, about 1 KiB: a string the container has just built is in the
     * processor's first-level cache, and so are these; a thousand copies (56 KiB) would hand the
     * filter a string from the second-level cache each pass, which no container does.
     */
    private final String[] uris = new String[16];
    private int pass;
    private final String query;
    private final String remoteAddr;
    /** The header fields in arrival order: names and values at the same index. */
    private final String[] headerNames;
    private final String[] headerValues;
    private final Map<String, Object> attributes = new HashMap<>();

    Request(String method, String uri, String query, String remoteAddr, Map<String, String> headers) {
      super(NO_REQUEST);
      this.method = method;
      for (int i = 0; i < uris.length; i++) {
        uris[i] = new String(uri.toCharArray());
      }
      this.query = query;
      this.remoteAddr = remoteAddr;
      this.headerNames = headers.keySet().toArray(new String[0]);
      this.headerValues = new String[headerNames.length];
      for (int i = 0; i < headerNames.length; i++) {
        headerValues[i] = headers.get(headerNames[i]);
      }
    }

    void reset() {
      attributes.clear();
      pass = (pass + 1) & (uris.length - 1);
    }

    @Override
    public String getMethod() {
      return method;
    }

    @Override
    public String getRequestURI() {
      return uris[pass];
    }

    @Override
    public String getQueryString() {
      return query;
    }

    @Override
    public String getRemoteAddr() {
      return remoteAddr;
    }

    @Override
    public String getContextPath() {
      return "";
    }

    @Override
    public String getContentType() {
      return null;
    }

    @Override
    public String getHeader(String name) {
      int i = find(name, 0);
      return i < 0 ? null : headerValues[i];
    }

    /**
     * The values of the fields named {@code name}, read as they are enumerated: one object per
     * call, as Tomcat's {@code MimeHeaders.values} and Jetty's {@code HttpFields.getValues} give.
     */
    @Override
    public Enumeration<String> getHeaders(String name) {
      return new Enumeration<>() {
        private int next = find(name, 0);

        @Override
        public boolean hasMoreElements() {
          return next >= 0;
        }

        @Override
        public String nextElement() {
          if (next < 0) {
            throw new NoSuchElementException(name);
          }
          String value = headerValues[next];
          next = find(name, next + 1);
          return value;
        }
      };
    }

    /** The index of the first field named {@code name} at or after {@code from}, or -1. */
    private int find(String name, int from) {
      for (int i = from; i < headerNames.length; i++) {
        if (headerNames[i].equalsIgnoreCase(name)) {
          return i;
        }
      }
      return -1;
    }

    @Override
    public Object getAttribute(String name) {
      return attributes.get(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
      if (value == null) {
        attributes.remove(name);
      } else {
        attributes.put(name, value);
      }
    }

    @Override
    public void removeAttribute(String name) {
      attributes.remove(name);
    }
  }

  /** A response that keeps its status and headers; nothing is written on the success path. */
  static final class Response extends HttpServletResponseWrapper {
    private int status = 200;
    private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    Response() {
      super(NO_RESPONSE);
    }

    void clear() {
      status = 200;
      headers.clear();
    }

    @Override
    public int getStatus() {
      return status;
    }

    @Override
    public void setStatus(int sc) {
      status = sc;
    }

    @Override
    public void setHeader(String name, String value) {
      headers.put(name, value);
    }

    @Override
    public boolean isCommitted() {
      return false;
    }
  }

  /** The application behind the filter: notes the user it was handed and the request it got. */
  static final class Chain implements FilterChain {
    String remoteUser;
    int passes;

    void reset() {
      remoteUser = null;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response) {
      remoteUser = ((HttpServletRequest) request).getRemoteUser();
      passes++;
    }
  }
}
