package io.wvs.auth.tck;

import io.wvs.auth.spi.TokenDigest;
import io.wvs.auth.spi.TokenRecord;
import io.wvs.auth.spi.TokenStore;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;

/**
 * The behaviour every {@link TokenStore} must have. Each implementation's test class extends this
 * one and says how to make a store; the JDBC store runs it unchanged against PostgreSQL, H2 and
 * MariaDB.
 *
 * <p>The contract is made of parts, each a focused interface of tests that a store's test class
 * may also implement alone: {@link TokenStoreInsertContract}, {@link TokenStoreLookupContract},
 * {@link TokenStoreRevocationContract}, {@link TokenStoreRotationContract},
 * {@link TokenStoreLastUsedContract}, {@link TokenStoreRekeyingContract} and
 * {@link TokenStoreRotationGraceContract}. This class runs them all.
 *
 * <p>How to subclass:
 * <ul>
 *   <li>{@link #newStore()} is called once before each test (from a {@code @BeforeEach} of this
 *       class, which JUnit runs before the subclass's own), and must return an empty store or one
 *       whose leftovers cannot matter. The tests never assume ids start at 1, that ids grow, or
 *       that the store holds only their own tokens: every test works on user and resource ids of
 *       its own, and asserts relative to what it inserted.</li>
 *   <li>{@link #secondInstance(TokenStore)} may return a second store instance over the same
 *       backing data (another pool on the same database), so that every cross-instance guarantee
 *       is exercised; the races alternate between the two instances.</li>
 *   <li>{@link #raceRounds()} and {@link #tokensPerRace()} (public) trade thoroughness of the concurrency
 *       tests for time.</li>
 * </ul>
 *
 * <p>All times are fixed instants with whole milliseconds (see {@link ContractFixtures}); no test
 * reads the clock. Linearizability is checked by racing operations on the same token and
 * accepting exactly the final states that some sequential order of the racing calls produces.
 */
public abstract class TokenStoreContract implements TokenStoreInsertContract,
    TokenStoreLookupContract, TokenStoreRevocationContract, TokenStoreRotationContract,
    TokenStoreLastUsedContract, TokenStoreRekeyingContract, TokenStoreRotationGraceContract {

  /** The first store instance; recreated before each test. */
  protected TokenStore store;

  /** A second instance over the same data as {@link #store} (or the same instance). */
  protected TokenStore other;

  /**
   * A fresh store for one test.
   *
   * @return a store that is empty, or holds nothing the test could mistake for its own
   */
  protected abstract TokenStore newStore();

  /**
   * Another store instance over the same backing data as {@code first}, as a second application
   * instance would have. The default returns {@code first} itself.
   *
   * @param first the first store instance
   * @return a store over the same data as {@code first}
   */
  protected TokenStore secondInstance(TokenStore first) {
    return first;
  }

  /** Creates {@link #store} and {@link #other} before each test. */
  @BeforeEach
  protected final void createStores() {
    store = newStore();
    other = secondInstance(store);
  }

  @Override
  public final TokenStore store() {
    return store;
  }

  @Override
  public final TokenStore other() {
    return other;
  }

  /**
   * The stored token {@code id}, read through the first instance; fails when absent.
   *
   * @param id the token's id
   * @return the stored token
   */
  protected final TokenRecord stored(long id) {
    return StoreChecks.stored(store, id);
  }

  /**
   * The token stored under {@code digest}, read through the first instance; fails when absent.
   *
   * @param digest the token's digest
   * @return the stored token
   */
  protected final TokenRecord byDigest(TokenDigest digest) {
    return StoreChecks.byDigest(store, digest);
  }

  /**
   * Every token of {@code userId}, of any type.
   *
   * @param userId the owner
   * @return the owner's tokens, read through the first instance
   */
  protected final List<TokenRecord> tokensOf(long userId) {
    return StoreChecks.tokensOf(store, userId);
  }
}
