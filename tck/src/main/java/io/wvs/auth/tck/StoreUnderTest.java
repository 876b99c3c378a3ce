package io.wvs.auth.tck;

import io.wvs.auth.spi.TokenStore;

/**
 * The store a part of the token store contract runs against. {@link TokenStoreContract} provides
 * it for every part at once; a test class that implements a part alone returns a fresh store from
 * {@link #store()} for each test (for example one created in a {@code @BeforeEach} method).
 *
 * @since 0.1
 */
public interface StoreUnderTest {

  /**
   * The first store instance of the current test: empty, or holding nothing the test could mistake
   * for its own (the tests work on user and resource ids of their own).
   *
   * @return the store under test
   */
  TokenStore store();

  /**
   * A second instance over the same backing data as {@link #store()}, as a second application
   * instance would have, so that every cross-instance guarantee is exercised; the races alternate
   * between the two. May be {@link #store()} itself.
   *
   * @return a store over the same data
   */
  TokenStore other();

  /** {@return how many rounds each concurrency test plays; each round races fresh tokens} */
  default int raceRounds() {
    return 10;
  }

  /**
   * How many tokens the racers of one round of the revoke, insert, last-used and re-keying races
   * walk through, all in the same order, so that every token is contended by every racer.
   *
   * @return the number of tokens per round
   */
  default int tokensPerRace() {
    return 16;
  }
}
