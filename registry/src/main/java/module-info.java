/** The container-registry token service: signed JWTs for a Distribution registry. */
module io.wvs.auth.registry {
  requires transitive io.wvs.auth;
  requires transitive jakarta.servlet;
  requires com.nimbusds.jose.jwt;
  requires org.bouncycastle.provider;
  requires org.slf4j;

  exports io.wvs.auth.registry;
}
