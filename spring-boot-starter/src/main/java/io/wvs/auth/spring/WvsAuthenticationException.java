package io.wvs.auth.spring;

import io.wvs.auth.FailureReason;
import java.util.Objects;
import org.springframework.security.core.AuthenticationException;

/**
 * A wvs-auth credential was refused. The message is the reason's fixed description, never the
 * credential.
 *
 * @since 0.1
 */
public final class WvsAuthenticationException extends AuthenticationException {
  private static final long serialVersionUID = 1L;

  private final FailureReason reason;

  /** @param reason why the library refused the credential */
  public WvsAuthenticationException(FailureReason reason) {
    super(Objects.requireNonNull(reason, "reason").description());
    this.reason = reason;
  }

  /** {@return why the library refused the credential} */
  public FailureReason reason() {
    return reason;
  }
}
