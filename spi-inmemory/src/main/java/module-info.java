/** Thread-safe in-memory implementations of every wvs-auth SPI. */
module io.wvs.auth.inmemory {
  requires transitive io.wvs.auth;

  exports io.wvs.auth.inmemory;
}
