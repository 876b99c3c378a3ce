package io.wvs.auth.spring;

import java.util.List;
import java.util.Objects;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * A wvs-auth token presented for authentication, not yet authenticated: what
 * {@link WvsAuthenticationProvider} accepts. Its {@link #toString()} never shows the token, and
 * {@link #eraseCredentials()} forgets it.
 *
 * @since 0.1
 */
public final class WvsCredential extends AbstractAuthenticationToken {
  private static final long serialVersionUID = 1L;

  private String token;

  /** @param token the token as the client presented it */
  public WvsCredential(String token) {
    super(List.of());
    this.token = Objects.requireNonNull(token, "token");
    setAuthenticated(false);
  }

  /** {@return the token, or null once erased} */
  @Override
  public String getCredentials() {
    return token;
  }

  /** {@return null: who presented the token is known only once it is authenticated} */
  @Override
  public Object getPrincipal() {
    return null;
  }

  @Override
  public void eraseCredentials() {
    token = null;
    super.eraseCredentials();
  }

  @Override
  public boolean equals(Object o) {
    return this == o;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }

  @Override
  public String toString() {
    return "WvsCredential{token=[hidden]}";
  }
}
