package io.wvs.auth.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wvs.auth.DigestKeyring;
import io.wvs.auth.FailureReason;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.inmemory.InMemoryTokenStore;
import io.wvs.auth.inmemory.InMemoryUserDirectory;
import io.wvs.auth.spi.User;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/** The provider, for hosts that take tokens where the configurer does not look. */
class WvsAuthenticationProviderTest {
  private final InMemoryUserDirectory directory = new InMemoryUserDirectory();
  private final WvsAuth auth;
  private final ProviderManager manager;

  WvsAuthenticationProviderTest() {
    directory.put(User.regular(1, "alice"));
    auth = WvsAuth.builder().tokenStore(new InMemoryTokenStore()).userDirectory(directory)
        .keyring(DigestKeyring.of("k1", new byte[32])).build();
    manager = new ProviderManager(new WvsAuthenticationProvider(auth.authenticator()));
  }

  private String token(Scope scope) {
    return auth.personalTokens().create(1, 1,
        TokenSpec.of("t", scope).expiringOn(LocalDate.now(ZoneOffset.UTC).plusDays(5))).value();
  }

  @Test
  void aValidTokenBecomesAnAuthenticationWithItsUserAndScopeAuthorities() {
    Authentication result = manager.authenticate(new WvsCredential(token(Scope.READ_API)));
    assertThat(result).isInstanceOf(WvsAuthentication.class);
    assertThat(result.isAuthenticated()).isTrue();
    assertThat(result.getName()).isEqualTo("alice");
    assertThat(result.getCredentials()).as("the token is never kept").isNull();
    assertThat(result.getAuthorities()).extracting(GrantedAuthority::getAuthority)
        .contains("SCOPE_read_api").doesNotContain("SCOPE_api");
  }

  @Test
  void aRevokedTokenIsRefusedWithItsReason() {
    var created = auth.personalTokens().create(1, 1,
        TokenSpec.of("t", Scope.API).expiringOn(LocalDate.now(ZoneOffset.UTC).plusDays(5)));
    auth.personalTokens().revoke(1, created.token().id());
    assertThatThrownBy(() -> manager.authenticate(new WvsCredential(created.value())))
        .isInstanceOf(WvsAuthenticationException.class)
        .satisfies(e -> assertThat(((WvsAuthenticationException) e).reason()).isEqualTo(FailureReason.REVOKED))
        .message().doesNotContain(created.value());
  }

  @Test
  void theCredentialNeverShowsItsTokenAndForgetsItWhenErased() {
    String value = token(Scope.API);
    WvsCredential credential = new WvsCredential(value);
    assertThat(credential.toString()).doesNotContain(value);
    assertThat(credential.isAuthenticated()).isFalse();
    credential.eraseCredentials();
    assertThat(credential.getCredentials()).isNull();
  }
}
