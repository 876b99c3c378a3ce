/**
 * wvs-auth web pages: the token pages a person uses in a browser (personal, impersonation, project
 * and group access, deploy tokens), as one servlet a host mounts ({@code io.wvs.auth.web}).
 */
// The template engine's runtime is an automatic module (gg.jte.runtime, from its manifest).
@SuppressWarnings("requires-automatic")
module io.wvs.auth.web {
  requires transitive io.wvs.auth;
  requires transitive jakarta.servlet;
  requires gg.jte.runtime;
  requires org.slf4j;
  // The generated templates carry @javax.annotation.processing.Generated (source retention).
  requires static java.compiler;

  exports io.wvs.auth.web;
  // The precompiled templates are looked up by name by the template engine.
  opens io.wvs.auth.web.view to gg.jte.runtime;
}
