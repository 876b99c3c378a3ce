package io.wvs.auth.jdbc;

import io.wvs.auth.tck.ChannelRulesContract;
import io.wvs.auth.tck.DeployTokenRotationRulesContract;
import io.wvs.auth.tck.DeployTokenRulesContract;
import io.wvs.auth.tck.LastUsedIpsRulesContract;
import io.wvs.auth.tck.RotationGraceRulesContract;
import io.wvs.auth.tck.ResourceTokenRulesContract;
import io.wvs.auth.tck.SelfRotationRulesContract;
import io.wvs.auth.spi.TokenStore;
import org.junit.jupiter.api.Nested;

/** As {@link AbstractJdbcDatabaseTest}, and the token rule suites over the same database. */
abstract class AbstractJdbcRulesTest extends AbstractJdbcDatabaseTest {

  protected AbstractJdbcRulesTest(JdbcStoreFixture database, int defaultRaceRounds) {
    super(database, defaultRaceRounds);
  }

  /** The project and group access token rules over this database. */
  @Nested
  class ResourceTokens extends ResourceTokenRulesContract {
    @Override
    protected TokenStore newStore() {
      return database.newStore();
    }
  }

  /** The deploy token rules over this database. */
  @Nested
  class DeployTokens extends DeployTokenRulesContract {
    @Override
    protected TokenStore newStore() {
      return database.newStore();
    }
  }

  /** The deploy token rotation rules over this database. */
  @Nested
  class DeployTokenRotation extends DeployTokenRotationRulesContract {
    @Override
    protected TokenStore newStore() {
      return database.newStore();
    }
  }

  /** The self-rotation rules over this database. */
  @Nested
  class SelfRotation extends SelfRotationRulesContract {
    @Override
    protected TokenStore newStore() {
      return database.newStore();
    }
  }

  /** The channel rules over this database. */
  @Nested
  class Channels extends ChannelRulesContract {
    @Override
    protected TokenStore newStore() {
      return database.newStore();
    }
  }

  /** The last-used address rules over this database. */
  @Nested
  class LastUsedIps extends LastUsedIpsRulesContract {
    @Override
    protected TokenStore newStore() {
      return database.newStore();
    }
  }

  /** The rotation grace rules over this database. */
  @Nested
  class RotationGrace extends RotationGraceRulesContract {
    @Override
    protected TokenStore newStore() {
      return database.newStore();
    }
  }
}
