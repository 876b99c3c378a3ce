package io.wvs.auth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wvs.auth.AuthRequest;
import io.wvs.auth.AuthResult;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.DigestKeyring;
import io.wvs.auth.FailureReason;
import io.wvs.auth.Scope;
import io.wvs.auth.StoreUnavailableException;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.TokenView;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.inmemory.InMemoryUserDirectory;
import io.wvs.auth.spi.User;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * A row this version cannot fully read (a type or scope a newer version wrote, during a rolling
 * upgrade) is handled deliberately: authenticating or acting on that token fails closed as a store
 * failure (never the client's 400), and lists go on without it.
 */
class UnreadableRowsTest {
  private final JdbcDataSource dataSource = new JdbcDataSource();
  private final JdbcTokenStore store;
  private final WvsAuth auth;

  UnreadableRowsTest() {
    dataSource.setURL("jdbc:h2:mem:unreadable-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    dataSource.setUser("sa");
    SchemaInstaller.install(dataSource, JdbcDialect.H2);
    store = new JdbcTokenStore(dataSource, JdbcDialect.H2);
    InMemoryUserDirectory directory = new InMemoryUserDirectory();
    directory.put(User.regular(2, "alice"));
    auth = WvsAuth.builder().tokenStore(store).userDirectory(directory)
        .keyring(DigestKeyring.of("k1", new byte[32]))
        .clock(Clock.fixed(Instant.parse("2026-03-10T12:00:00Z"), ZoneOffset.UTC)).build();
  }

  @Test
  void aTokenWithAScopeOfANewerVersionFailsClosedAndListsGoOnWithoutIt() throws SQLException {
    CreatedToken future = auth.personalTokens().create(2, 2, TokenSpec.of("future", Scope.READ_API));
    CreatedToken today = auth.personalTokens().create(2, 2, TokenSpec.of("today", Scope.READ_API));
    execute("UPDATE wvs_auth_tokens SET scopes = 'read_api,read_ai_agents' WHERE id = " + future.token().id());

    assertThat(auth.authenticator().authenticate(AuthRequest.api(future.value(), "GET")))
        .isInstanceOfSatisfying(AuthResult.Failure.class,
            f -> assertThat(f.reason()).isEqualTo(FailureReason.STORE_UNAVAILABLE));
    assertThat(auth.authenticator().authenticate(AuthRequest.api(today.value(), "GET")))
        .isInstanceOf(AuthResult.Success.class);
    assertThat(auth.personalTokens().list(2, 2)).extracting(TokenView::name).containsExactly("today");
    assertThatThrownBy(() -> auth.personalTokens().revoke(2, future.token().id()))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("unreadable row for token " + future.token().id());
  }

  @Test
  void aTokenOfATypeOfANewerVersionFailsClosedAndListsGoOnWithoutIt() throws SQLException {
    CreatedToken future = auth.personalTokens().create(2, 2, TokenSpec.of("future", Scope.READ_API));
    auth.personalTokens().create(2, 2, TokenSpec.of("today", Scope.READ_API));
    execute("UPDATE wvs_auth_tokens SET type = 'SERVICE_ACCOUNT' WHERE id = " + future.token().id());

    assertThat(auth.authenticator().authenticate(AuthRequest.api(future.value(), "GET")))
        .isInstanceOfSatisfying(AuthResult.Failure.class,
            f -> assertThat(f.reason()).isEqualTo(FailureReason.STORE_UNAVAILABLE));
    assertThat(store.find(io.wvs.auth.spi.TokenQuery.ofUser(2, io.wvs.auth.TokenType.PERSONAL)))
        .extracting(r -> r.name()).containsExactly("today");
  }

  @Test
  void aRowWhoseOwnerColumnsDoNotFitItsTypeFailsClosedAndListsGoOnWithoutIt() throws SQLException {
    CreatedToken orphan = auth.personalTokens().create(2, 2, TokenSpec.of("orphan", Scope.READ_API));
    CreatedToken misplaced = auth.personalTokens().create(2, 2, TokenSpec.of("misplaced", Scope.READ_API));
    auth.personalTokens().create(2, 2, TokenSpec.of("today", Scope.READ_API));
    // A personal row turned into a deploy row without resource or username, and a personal row
    // given a project: neither is an owner its type can have.
    execute("UPDATE wvs_auth_tokens SET type = 'DEPLOY' WHERE id = " + orphan.token().id());
    execute("UPDATE wvs_auth_tokens SET resource_kind = 'PROJECT', resource_id = 1 WHERE id = "
        + misplaced.token().id());

    assertThat(auth.authenticator().authenticate(AuthRequest.api(orphan.value(), "GET")))
        .isInstanceOfSatisfying(AuthResult.Failure.class,
            f -> assertThat(f.reason()).isEqualTo(FailureReason.STORE_UNAVAILABLE));
    assertThatThrownBy(() -> store.findById(misplaced.token().id()))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("unreadable row for token " + misplaced.token().id());
    assertThat(auth.personalTokens().list(2, 2)).extracting(TokenView::name).containsExactly("today");
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.executeUpdate(sql);
    }
  }
}
