package io.wvs.auth.demo;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.Utf8ByteOutput;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/**
 * Renders the demo's own HTML pages (sign-in, home, admin users) from the JTE templates
 * precompiled at build time (HTML content type: every value is escaped for where it lands), with
 * the browser-security headers of every page: no caching, no inline script, no framing, no
 * sniffing, no referrer.
 */
final class DemoPages {
  /** Same origin only; no script at all; forms post only here; never framed. */
  static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self';"
      + " frame-ancestors 'none'; base-uri 'none'";

  private final TemplateEngine engine =
      TemplateEngine.createPrecompiled(null, ContentType.Html, null, "io.wvs.auth.demo.pages");

  /** Writes {@code template} with {@code params} as a 200 page. */
  void render(HttpServletResponse resp, String template, Map<String, Object> params) throws IOException {
    render(resp, 200, template, params);
  }

  /** Writes {@code template} with {@code params} as a page with {@code status}. */
  void render(HttpServletResponse resp, int status, String template, Map<String, Object> params)
      throws IOException {
    Utf8ByteOutput out = new Utf8ByteOutput();
    engine.render(template, params, out);
    resp.setStatus(status);
    secureHeaders(resp);
    resp.setContentType("text/html;charset=utf-8");
    resp.setContentLength(out.getContentLength());
    out.writeTo(resp.getOutputStream());
  }

  /** The headers of every page and redirect of the demo's own. */
  static void secureHeaders(HttpServletResponse resp) {
    resp.setHeader("Cache-Control", "no-store");
    resp.setHeader("Content-Security-Policy", CSP);
    resp.setHeader("X-Content-Type-Options", "nosniff");
    resp.setHeader("X-Frame-Options", "DENY");
    resp.setHeader("Referrer-Policy", "no-referrer");
  }

  /** A 303 to {@code path} (a path of this site). */
  static void seeOther(HttpServletResponse resp, String path) {
    secureHeaders(resp);
    resp.setStatus(303);
    resp.setHeader("Location", path);
  }
}
