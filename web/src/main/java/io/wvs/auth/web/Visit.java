package io.wvs.auth.web;

import io.wvs.auth.WvsAuth;
import io.wvs.auth.spi.User;
import io.wvs.auth.web.view.Chrome;
import io.wvs.auth.web.view.ConfirmPage;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** One request of a signed-in user: who, the page frame, and how to answer. */
final class Visit {
  final PagesConfig config;
  final HttpServletRequest request;
  final HttpServletResponse response;
  /** The signed-in user, as the directory holds it. */
  final User me;
  final Chrome chrome;
  private final Templates templates;
  /** The context path, in front of every link. */
  private final String prefix;

  Visit(PagesConfig config, Templates templates, HttpServletRequest request,
      HttpServletResponse response, User me) {
    this.config = config;
    this.templates = templates;
    this.request = request;
    this.response = response;
    this.me = me;
    this.prefix = request.getContextPath();
    this.chrome = chrome(config, request, me);
  }

  /** The frame of a page for {@code me}, or for nobody (null) on an error page. */
  static Chrome chrome(PagesConfig config, HttpServletRequest request, User me) {
    String prefix = request.getContextPath();
    if (me == null) {
      return new Chrome(null, java.util.List.of(), prefix + Route.PERSONAL,
          prefix + config.signOutPath(), "", prefix + "/-/wvs-auth");
    }
    return new Chrome(me.username(), config.navigation().linksFor(me), prefix + Route.PERSONAL,
        prefix + config.signOutPath(), TokenPages.csrfToken(request), prefix + "/-/wvs-auth");
  }

  WvsAuth auth() {
    return config.auth();
  }

  /** Today in UTC, by the instance's clock: expiry dates are UTC dates. */
  LocalDate today() {
    return LocalDate.ofInstant(auth().clock().instant(), ZoneOffset.UTC);
  }

  /** {@code path} below the context path. */
  String link(String path) {
    return prefix + path;
  }

  /** Whether the request is a POST. */
  boolean post() {
    return "POST".equals(request.getMethod());
  }

  void render(int status, String template, Object page) throws IOException {
    write(templates, response, status, templates.render(template, page));
  }

  static void write(Templates templates, HttpServletResponse response, int status, String html)
      throws IOException {
    byte[] body = html.getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType("text/html;charset=utf-8");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  /**
   * A Revoke button's answer: the confirmation page ("Revoke &lt;name&gt;?"), whose confirm
   * button posts again with {@code confirmed=true}; then {@code revoke} runs and the browser goes
   * back to {@code page}.
   */
  void confirmThen(String kind, String name, String action, String page, Runnable revoke)
      throws IOException {
    if (post() && "true".equals(request.getParameter("confirmed"))) {
      revoke.run();
      redirect(page);
      return;
    }
    render(200, "confirm.jte", new ConfirmPage(chrome, kind, name, link(action), link(page)));
  }

  /** 303 to {@code path} below the context path: a reload of the answer never posts again. */
  void redirect(String path) {
    response.setStatus(HttpServletResponse.SC_SEE_OTHER);
    response.setHeader("Location", link(path));
  }
}
