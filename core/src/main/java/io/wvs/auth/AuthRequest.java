package io.wvs.auth;

import java.util.Objects;

/**
 * One presented credential and what it is presented for: the channel, the scope requirement, and
 * optionally the project or group addressed, the basic-auth username, a {@code sudo} target and
 * the client's address. Immutable; {@link #toString()} never shows the credential, the username,
 * the sudo target or the client address.
 *
 * <pre>{@code
 * AuthRequest.api(token, "GET");
 * AuthRequest.builder(password).channel(Channel.GIT_HTTP).username("alice")
 *     .require(ScopeRequirement.anyOf(Scope.WRITE_REPOSITORY)).resource(ResourceRef.project(7)).build();
 * }</pre>
 *
 * @since 0.1
 */
public final class AuthRequest {
  private final String credential;
  private final Channel channel;
  private final ScopeRequirement requirement;
  private final ResourceRef resource;
  private final String username;
  private final String sudo;
  private final String clientAddress;

  private AuthRequest(Builder b) {
    this.credential = b.credential;
    this.channel = b.channel == null ? Channel.API : b.channel;
    this.requirement = b.requirement;
    this.resource = b.resource;
    this.username = b.username;
    this.sudo = b.sudo;
    this.clientAddress = b.clientAddress;
  }

  /**
   * An API request with HTTP {@code method}: {@code read_api} suffices for GET and HEAD.
   *
   * @param credential the presented token or password, exactly as received (null or garbage is a
   *     failure, not an error)
   * @param method the HTTP method, e.g. {@code GET}
   * @return an API request with HTTP {@code method}: {@code read_api} suffices for GET and HEAD
   */
  public static AuthRequest api(String credential, String method) {
    return builder(credential).require(ScopeRequirement.forApiMethod(method)).build();
  }

  /**
   * A request on the API channel needing {@code requirement}.
   *
   * @param credential the presented token or password, exactly as received (null or garbage is a
   *     failure, not an error)
   * @param requirement the scopes the operation needs
   * @return a request on the API channel needing {@code requirement}
   */
  public static AuthRequest api(String credential, ScopeRequirement requirement) {
    return builder(credential).require(requirement).build();
  }

  /**
   * Starts a request for {@code credential} (may be null or garbage: that is a failure, not an error).
   *
   * @param credential the presented token or password, exactly as received (null or garbage is a
   *     failure, not an error)
   * @return a builder of the request
   */
  public static Builder builder(String credential) {
    return new Builder(credential);
  }

  /** {@return the presented credential, exactly as received} */
  public String credential() {
    return credential;
  }

  /** {@return the channel the credential is presented on} */
  public Channel channel() {
    return channel;
  }

  /** {@return the scopes the operation needs} */
  public ScopeRequirement requirement() {
    return requirement;
  }

  /** {@return the project or group addressed, or null when the request addresses none} */
  public ResourceRef resource() {
    return resource;
  }

  /** {@return the basic-auth username presented with the credential, or null} */
  public String username() {
    return username;
  }

  /** {@return the username or numeric id to act as ({@code sudo}), or null} */
  public String sudo() {
    return sudo;
  }

  /**
   * {@return the address of the client that presented the credential, as the host resolved it, or
   * null when unknown: the failed-authentication limiter counts by it (passwords per username only
   * without it) and a token records it among its last-used addresses}
   */
  public String clientAddress() {
    return clientAddress;
  }

  @Override
  public String toString() {
    return "AuthRequest{channel=" + channel + ", requirement=" + requirement
        + (resource == null ? "" : ", resource=" + resource)
        // Usernames are masked too: clients put tokens there, and they may carry CR/LF.
        + (username == null ? "" : ", username=[masked]")
        + (sudo == null ? "" : ", sudo=[masked]")
        + ", credential=" + (credential == null ? "none" : "[masked]") + "}";
  }

  /**
   * Builds an {@link AuthRequest}; not thread-safe. Each setting may be made once (a second one is
   * refused with the first value named); {@link #build()} names what is missing.
   */
  public static final class Builder {
    private final String credential;
    private Channel channel;
    private ScopeRequirement requirement;
    private ResourceRef resource;
    private String username;
    private String sudo;
    private String clientAddress;

    private Builder(String credential) {
      this.credential = credential;
    }

    /**
     * The channel; {@link Channel#API} unless set.
     *
     * @param channel where the credential is presented
     * @return this builder
     */
    public Builder channel(Channel channel) {
      Objects.requireNonNull(channel, "channel");
      once(this.channel, "channel", this.channel);
      this.channel = channel;
      return this;
    }

    /**
     * What the operation needs; required.
     *
     * @param requirement the scopes the operation needs
     * @return this builder
     */
    public Builder require(ScopeRequirement requirement) {
      Objects.requireNonNull(requirement, "requirement");
      once(this.requirement, "requirement", this.requirement);
      this.requirement = requirement;
      return this;
    }

    /**
     * The project or group the request addresses.
     *
     * @param resource the project or group, or null
     * @return this builder
     */
    public Builder resource(ResourceRef resource) {
      once(this.resource, "resource", this.resource);
      this.resource = resource;
      return this;
    }

    /**
     * The basic-auth username sent with the credential.
     *
     * @param username the basic-auth username, or null
     * @return this builder
     */
    public Builder username(String username) {
      // The earlier value may be a credential a client put there: never named.
      once(this.username, "username", "[masked]");
      this.username = username;
      return this;
    }

    /**
     * Act as this user (username or numeric id); needs an administrator's token with {@code sudo}.
     *
     * @param usernameOrId the username or numeric id of the user to act as
     * @return this builder
     */
    public Builder sudo(String usernameOrId) {
      once(this.sudo, "sudo", "[masked]");
      this.sudo = usernameOrId;
      return this;
    }

    /**
     * The address of the client presenting the credential (an IPv4 or IPv6 literal): the servlet
     * filter gives the request's remote address, or what the host's resolver says behind a proxy
     * (a forwarded address only from proxies it trusts, never a {@code X-Forwarded-For} header any
     * client can set). The failed-authentication limiter ({@link io.wvs.auth.spi.FailureLimiter})
     * counts by it, and a token records it among its
     * {@linkplain TokenView#lastUsedIps() last-used addresses}; text that is no IP literal is not
     * recorded and never fails the request.
     *
     * @param address the client's address, or null when unknown
     * @return this builder
     */
    public Builder clientAddress(String address) {
      once(this.clientAddress, "clientAddress", "[masked]");
      this.clientAddress = address;
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     * @throws IllegalStateException if no {@linkplain #require requirement} was set
     */
    public AuthRequest build() {
      if (requirement == null) {
        throw new IllegalStateException("AuthRequest needs requirement to be set");
      }
      return new AuthRequest(this);
    }

    private static void once(Object current, String name, Object shown) {
      if (current != null) {
        throw new IllegalStateException(name + " was already set to " + shown);
      }
    }
  }
}
