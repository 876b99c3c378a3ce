/**
 * wvs-auth core: token types, scopes, the token format, the authenticator, the management
 * services, policies, the expiry jobs ({@code io.wvs.auth}) and the SPIs a host implements or
 * picks ({@code io.wvs.auth.spi}).
 */
module io.wvs.auth {
  requires com.github.benmanes.caffeine;
  requires com.google.common;
  requires org.bouncycastle.provider;
  requires org.slf4j;

  exports io.wvs.auth;
  exports io.wvs.auth.spi;
}
