package io.wvs.auth.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code wvs.auth.introspection.*} properties: the endpoint this application serves to other
 * services ({@code enabled}, {@code clients}), or the endpoint it asks when it accepts wvs-auth
 * tokens without embedding the store ({@code uri}, {@code client-id}, {@code client-secret},
 * {@code cache-ttl}, {@code cache-size}). An application with {@code uri} set introspects: the
 * embedding auto-configuration (store, filter, REST API) stays off.
 *
 * @since 0.1
 */
@ConfigurationProperties("wvs.auth.introspection")
public class WvsIntrospectionProperties {
  /** Whether this application serves the introspection endpoint at /oauth/introspect. */
  private boolean enabled;

  /** The clients allowed to introspect with HTTP Basic (id and secret of each). */
  private final List<Client> clients = new ArrayList<>();

  /** The introspection endpoint to ask (set on a service that does not embed the store). */
  private String uri;

  /** This service's client id at the introspection endpoint. */
  private String clientId;

  /** Where this service's client secret at the introspection endpoint comes from (base64, at least 16 bytes). */
  private final WvsAuthProperties.Secret clientSecret = new WvsAuthProperties.Secret();

  /** How long an active answer is reused (0 = no cache, the default; at most 10m): a revocation is seen at most this much later. */
  private Duration cacheTtl = Duration.ZERO;

  /** How many answers the cache holds at most. */
  private int cacheSize = 10_000;

  /** Creates the properties with their defaults. */
  public WvsIntrospectionProperties() {}

  /** {@return whether this application serves the endpoint} */
  public boolean isEnabled() {
    return enabled;
  }

  /** @param enabled whether this application serves the endpoint */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** {@return the clients allowed to introspect} */
  public List<Client> getClients() {
    return clients;
  }

  /** {@return the endpoint to ask, or null} */
  public String getUri() {
    return uri;
  }

  /** @param uri the endpoint to ask */
  public void setUri(String uri) {
    this.uri = uri;
  }

  /** {@return this service's client id} */
  public String getClientId() {
    return clientId;
  }

  /** @param clientId this service's client id */
  public void setClientId(String clientId) {
    this.clientId = clientId;
  }

  /** {@return where this service's client secret comes from} */
  public WvsAuthProperties.Secret getClientSecret() {
    return clientSecret;
  }

  /** {@return how long an active answer is reused} */
  public Duration getCacheTtl() {
    return cacheTtl;
  }

  /** @param cacheTtl how long an active answer is reused */
  public void setCacheTtl(Duration cacheTtl) {
    this.cacheTtl = cacheTtl;
  }

  /** {@return how many answers the cache holds at most} */
  public int getCacheSize() {
    return cacheSize;
  }

  /** @param cacheSize how many answers the cache holds at most */
  public void setCacheSize(int cacheSize) {
    this.cacheSize = cacheSize;
  }

  /** A client allowed to introspect. */
  public static class Client {
    /** The client id (non-blank, no ':'). */
    private String id;

    /** Where the client's secret comes from (base64, at least 16 bytes; only its SHA-256 is kept). */
    private final WvsAuthProperties.Secret secret = new WvsAuthProperties.Secret();

    /** Creates an empty client. */
    public Client() {}

    /** {@return the client id} */
    public String getId() {
      return id;
    }

    /** @param id the client id */
    public void setId(String id) {
      this.id = id;
    }

    /** {@return where the client's secret comes from} */
    public WvsAuthProperties.Secret getSecret() {
      return secret;
    }
  }
}
