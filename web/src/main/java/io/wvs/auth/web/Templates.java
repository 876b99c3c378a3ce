package io.wvs.auth.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;

/**
 * The JTE templates, precompiled at build time into {@code io.wvs.auth.web.view}: no compiler at
 * runtime. {@link ContentType#Html} escapes every value by where it lands (element text,
 * attribute), so user text is never markup.
 */
final class Templates {
  private final TemplateEngine engine = TemplateEngine.createPrecompiled(null, ContentType.Html,
      Templates.class.getClassLoader(), "io.wvs.auth.web.view");

  /** {@code template} (e.g. {@code tokens.jte}) rendered with its one parameter {@code page}. */
  String render(String template, Object page) {
    StringOutput out = new StringOutput();
    engine.render(template, page, out);
    return out.toString();
  }
}
