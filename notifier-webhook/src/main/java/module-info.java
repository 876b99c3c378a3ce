/** The expiry webhook notifier over java.net.http. */
module io.wvs.auth.webhook {
  requires transitive io.wvs.auth;
  requires java.net.http;
  requires org.slf4j;

  exports io.wvs.auth.webhook;
}
