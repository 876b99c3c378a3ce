package io.wvs.auth.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.Collections;

/** A minimal HttpServletRequest for unit tests: method, raw URI, context path and query string. */
final class StubRequest {
  private StubRequest() {}

  static HttpServletRequest of(String method, String rawUri) {
    return of(method, "", rawUri);
  }

  static HttpServletRequest of(String method, String contextPath, String rawUriWithQuery) {
    int q = rawUriWithQuery.indexOf('?');
    String uri = q < 0 ? rawUriWithQuery : rawUriWithQuery.substring(0, q);
    String query = q < 0 ? null : rawUriWithQuery.substring(q + 1);
    return (HttpServletRequest) Proxy.newProxyInstance(StubRequest.class.getClassLoader(),
        new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> {
          switch (m.getName()) {
            case "getMethod":
              return method;
            case "getRequestURI":
              return contextPath + uri;
            case "getContextPath":
              return contextPath;
            case "getQueryString":
              return query;
            case "getHeaders":
              return Collections.emptyEnumeration();
            case "toString":
              return method + " " + rawUriWithQuery;
            case "hashCode":
              return System.identityHashCode(proxy);
            case "equals":
              return proxy == args[0];
            default:
              return null;
          }
        });
  }
}
