/** The expiry e-mail notifier over Jakarta Mail (Angus Mail). */
module io.wvs.auth.smtp {
  requires transitive io.wvs.auth;
  requires jakarta.mail;
  requires org.slf4j;

  exports io.wvs.auth.smtp;
}
