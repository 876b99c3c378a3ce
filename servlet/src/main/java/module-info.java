/** The jakarta.servlet 6 filter and the v4 token REST API servlet over wvs-auth. */
module io.wvs.auth.servlet {
  requires transitive io.wvs.auth;
  requires transitive jakarta.servlet;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.datatype.jsr310;
  requires org.slf4j;

  exports io.wvs.auth.servlet;
}
