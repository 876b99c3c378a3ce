package io.wvs.auth;

import java.util.Objects;

/**
 * A feature was used whose host capability this instance was built without: creating a project
 * or group access token without {@link io.wvs.auth.spi.BotAccounts}, say. The message names the
 * feature, the capability and the builder method that supplies it; {@link #capability()} is that
 * method's name. A configuration error of the host, not of the request: the servlet answers 501
 * Not Implemented.
 *
 * @since 0.1
 */
public final class MissingCapabilityException extends WvsAuthException {
  private static final long serialVersionUID = 1L;

  /** The builder method that supplies the missing capability. */
  private final String capability;

  MissingCapabilityException(String feature, String capabilityName, String builderMethod) {
    super(feature + " needs " + capabilityName + ": supply WvsAuth.builder()." + builderMethod
        + "(...)");
    this.capability = Objects.requireNonNull(builderMethod, "builderMethod");
  }

  /**
   * The missing capability, as the name of the {@link WvsAuth.Builder} method that supplies it.
   *
   * @return e.g. {@code botAccounts} or {@code resourceDirectory}
   */
  public String capability() {
    return capability;
  }
}
