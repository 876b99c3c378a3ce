package io.wvs.auth.spring;

import io.wvs.auth.AuthRequest;
import io.wvs.auth.Channel;
import io.wvs.auth.Scope;
import io.wvs.auth.ScopeRequirement;
import io.wvs.auth.TokenAuthenticator;
import java.util.Arrays;
import java.util.Objects;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * Authenticates a {@link WvsCredential} on the API channel with any scope: the application's
 * authorization rules ({@code hasAuthority("SCOPE_read_api")}) decide what the token may do. For
 * hosts that take tokens from somewhere {@link WvsAuthConfigurer} does not look (a WebSocket
 * handshake, a message header): {@code authenticationManager.authenticate(new WvsCredential(token))}
 * answers a {@link WvsAuthentication} or throws {@link WvsAuthenticationException}. Thread-safe.
 *
 * @since 0.1
 */
public final class WvsAuthenticationProvider implements AuthenticationProvider {
  /** Any scope at all: a token is authenticated here, the host's rules check its scopes. */
  static final ScopeRequirement ANY_SCOPE = ScopeRequirement.anyOf(Scope.values()[0],
      Arrays.copyOfRange(Scope.values(), 1, Scope.values().length));

  private final TokenAuthenticator authenticator;

  /** @param authenticator from {@link io.wvs.auth.WvsAuth#authenticator()} */
  public WvsAuthenticationProvider(TokenAuthenticator authenticator) {
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
  }

  @Override
  public Authentication authenticate(Authentication authentication) throws AuthenticationException {
    String token = ((WvsCredential) authentication).getCredentials();
    if (token == null) {
      throw new WvsAuthenticationException(io.wvs.auth.FailureReason.MALFORMED);
    }
    return AuthResults.authenticated(authenticator.authenticate(
        AuthRequest.builder(token).channel(Channel.API).require(ANY_SCOPE).build()));
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return WvsCredential.class.isAssignableFrom(authentication);
  }

  @Override
  public String toString() {
    return "WvsAuthenticationProvider";
  }
}
