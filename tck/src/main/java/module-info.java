/**
 * The wvs-auth test kit: the contract suites every token store must pass, a clock tests move by
 * hand, and forwarding and counting SPI doubles.
 */
module io.wvs.auth.tck {
  requires transitive io.wvs.auth;
  requires transitive io.wvs.auth.inmemory;
  requires transitive org.junit.jupiter.api;
  requires transitive org.assertj.core;
  requires java.management;
  requires java.sql;

  exports io.wvs.auth.tck;
  // JUnit finds and runs the contracts' test methods by reflection.
  opens io.wvs.auth.tck to org.junit.platform.commons;
}
