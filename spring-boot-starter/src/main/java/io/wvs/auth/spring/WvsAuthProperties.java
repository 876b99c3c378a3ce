package io.wvs.auth.spring;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code wvs.auth.*} properties. Every policy value left unset keeps the library's default
 * ({@link io.wvs.auth.TokenPolicy#defaults()}); every value is checked when the application starts,
 * and a bad one stops it with a message that names the property.
 *
 * @since 0.1
 */
@ConfigurationProperties("wvs.auth")
public class WvsAuthProperties {
  /** Id of the current digest key (lowercase letters, digits, '-' and '_', at most 16). */
  private String keyId = "k1";

  /** Where the pepper of the token digests comes from (required unless a DigestKeyring bean is defined). */
  private final Secret pepper = new Secret();

  /** Keys that no longer digest new tokens but still verify the tokens digested with them. */
  private final List<RetiredKey> retiredKeys = new ArrayList<>();

  /** Where the AES key that seals CI deploy credentials comes from (optional; exactly 32 bytes). */
  private final Secret ciSecretKey = new Secret();

  /** The token policy. */
  private final Policy policy = new Policy();

  /** The store on the application's DataSource. */
  private final Jdbc jdbc = new Jdbc();

  /** The token REST API. */
  private final RestApi restApi = new RestApi();

  /** The expiry notification jobs. */
  private final ExpiryNotifications expiryNotifications = new ExpiryNotifications();

  /** Creates the properties with their defaults. */
  public WvsAuthProperties() {}

  /** {@return the id of the current digest key} */
  public String getKeyId() {
    return keyId;
  }

  /** @param keyId the id of the current digest key */
  public void setKeyId(String keyId) {
    this.keyId = keyId;
  }

  /** {@return where the pepper comes from} */
  public Secret getPepper() {
    return pepper;
  }

  /** {@return the retired keys} */
  public List<RetiredKey> getRetiredKeys() {
    return retiredKeys;
  }

  /** {@return where the CI secret key comes from} */
  public Secret getCiSecretKey() {
    return ciSecretKey;
  }

  /** {@return the token policy} */
  public Policy getPolicy() {
    return policy;
  }

  /** {@return the JDBC settings} */
  public Jdbc getJdbc() {
    return jdbc;
  }

  /** {@return the REST API settings} */
  public RestApi getRestApi() {
    return restApi;
  }

  /** {@return the expiry notification settings} */
  public ExpiryNotifications getExpiryNotifications() {
    return expiryNotifications;
  }

  /**
   * A secret that never sits in a properties file: the name of an environment variable (or of any
   * other property source entry) holding it in base64, or a file holding it in base64. Generate one
   * with {@code head -c 32 /dev/urandom | base64}.
   */
  public static class Secret {
    /** Name of the environment variable that holds the secret in base64, e.g. WVS_PEPPER. */
    private String env;

    /** File that holds the secret in base64 (whitespace ignored). */
    private Path file;

    /** Creates an unset source. */
    public Secret() {}

    /** {@return the variable's name, or null} */
    public String getEnv() {
      return env;
    }

    /** @param env the variable's name */
    public void setEnv(String env) {
      this.env = env;
    }

    /** {@return the file, or null} */
    public Path getFile() {
      return file;
    }

    /** @param file the file */
    public void setFile(Path file) {
      this.file = file;
    }
  }

  /** A retired digest key: its id and where its pepper comes from. */
  public static class RetiredKey extends Secret {
    /** Id of the retired key. */
    private String id;

    /** Creates an unset key. */
    public RetiredKey() {}

    /** {@return the key id} */
    public String getId() {
      return id;
    }

    /** @param id the key id */
    public void setId(String id) {
      this.id = id;
    }
  }

  /** The token policy; an unset value keeps the library's default. */
  public static class Policy {
    /** Maximum lifetime of a token in days, 1 to 365 (default 365). */
    private Integer maxLifetimeDays;

    /** Whether every new token must have an expiry date (default true). */
    private Boolean expiryRequired;

    /** Whether the maximum lifetime applies to personal tokens too (default true). */
    private Boolean personalExpiryEnforced;

    /** Whether impersonation tokens authenticate (default true). */
    private Boolean impersonationEnabled;

    /** How often a token's last-used time is written, 1 second to 7 days (default 24 hours). */
    private Duration lastUsedInterval;

    /** Whether the container registry scopes are offered (default false). */
    private Boolean registryEnabled;

    /** Prefix of personal, impersonation, project and group tokens (default wvspat-). */
    private String userTokenPrefix;

    /** Prefix of deploy tokens (default wvsdt-). */
    private String deployTokenPrefix;

    /** Whether the client addresses of a token's last uses are recorded and shown (default true). */
    private Boolean lastUsedIpsRecorded;

    /** How long a rotated token keeps working until its successor is first used, 0 to 24h (default 0). */
    private Duration rotationGracePeriod;

    /** Creates a policy that keeps every default. */
    public Policy() {}

    /** {@return the maximum lifetime in days, or null for the default} */
    public Integer getMaxLifetimeDays() {
      return maxLifetimeDays;
    }

    /** @param maxLifetimeDays the maximum lifetime in days */
    public void setMaxLifetimeDays(Integer maxLifetimeDays) {
      this.maxLifetimeDays = maxLifetimeDays;
    }

    /** {@return whether an expiry date is required, or null for the default} */
    public Boolean getExpiryRequired() {
      return expiryRequired;
    }

    /** @param expiryRequired whether an expiry date is required */
    public void setExpiryRequired(Boolean expiryRequired) {
      this.expiryRequired = expiryRequired;
    }

    /** {@return whether the lifetime applies to personal tokens, or null for the default} */
    public Boolean getPersonalExpiryEnforced() {
      return personalExpiryEnforced;
    }

    /** @param personalExpiryEnforced whether the lifetime applies to personal tokens */
    public void setPersonalExpiryEnforced(Boolean personalExpiryEnforced) {
      this.personalExpiryEnforced = personalExpiryEnforced;
    }

    /** {@return whether impersonation tokens authenticate, or null for the default} */
    public Boolean getImpersonationEnabled() {
      return impersonationEnabled;
    }

    /** @param impersonationEnabled whether impersonation tokens authenticate */
    public void setImpersonationEnabled(Boolean impersonationEnabled) {
      this.impersonationEnabled = impersonationEnabled;
    }

    /** {@return the last-used write interval, or null for the default} */
    public Duration getLastUsedInterval() {
      return lastUsedInterval;
    }

    /** @param lastUsedInterval the last-used write interval */
    public void setLastUsedInterval(Duration lastUsedInterval) {
      this.lastUsedInterval = lastUsedInterval;
    }

    /** {@return whether the registry scopes are offered, or null for the default} */
    public Boolean getRegistryEnabled() {
      return registryEnabled;
    }

    /** @param registryEnabled whether the registry scopes are offered */
    public void setRegistryEnabled(Boolean registryEnabled) {
      this.registryEnabled = registryEnabled;
    }

    /** {@return the user token prefix, or null for the default} */
    public String getUserTokenPrefix() {
      return userTokenPrefix;
    }

    /** @param userTokenPrefix the user token prefix */
    public void setUserTokenPrefix(String userTokenPrefix) {
      this.userTokenPrefix = userTokenPrefix;
    }

    /** {@return the deploy token prefix, or null for the default} */
    public String getDeployTokenPrefix() {
      return deployTokenPrefix;
    }

    /** @param deployTokenPrefix the deploy token prefix */
    public void setDeployTokenPrefix(String deployTokenPrefix) {
      this.deployTokenPrefix = deployTokenPrefix;
    }

    /** {@return whether last-used addresses are recorded, or null for the default} */
    public Boolean getLastUsedIpsRecorded() {
      return lastUsedIpsRecorded;
    }

    /** @param lastUsedIpsRecorded whether last-used addresses are recorded */
    public void setLastUsedIpsRecorded(Boolean lastUsedIpsRecorded) {
      this.lastUsedIpsRecorded = lastUsedIpsRecorded;
    }

    /** {@return the rotation grace period, or null for the default} */
    public Duration getRotationGracePeriod() {
      return rotationGracePeriod;
    }

    /** @param rotationGracePeriod the rotation grace period */
    public void setRotationGracePeriod(Duration rotationGracePeriod) {
      this.rotationGracePeriod = rotationGracePeriod;
    }
  }

  /** The store on the application's DataSource. */
  public static class Jdbc {
    /**
     * Whether to apply the bundled migrations with the library's own installer at start (when the
     * application has no Flyway, whose migration of the wvs-auth schema runs otherwise).
     */
    private boolean initializeSchema;

    /** Timeout of every statement of the store (default 5 seconds). */
    private Duration queryTimeout = Duration.ofSeconds(5);

    /** Creates the defaults. */
    public Jdbc() {}

    /** {@return whether the installer runs at start} */
    public boolean isInitializeSchema() {
      return initializeSchema;
    }

    /** @param initializeSchema whether the installer runs at start */
    public void setInitializeSchema(boolean initializeSchema) {
      this.initializeSchema = initializeSchema;
    }

    /** {@return the statement timeout} */
    public Duration getQueryTimeout() {
      return queryTimeout;
    }

    /** @param queryTimeout the statement timeout */
    public void setQueryTimeout(Duration queryTimeout) {
      this.queryTimeout = queryTimeout;
    }
  }

  /** The token REST API ({@code /api/v4/*}). */
  public static class RestApi {
    /** Whether the token REST API is served at /api/v4/*. */
    private boolean enabled;

    /** The application's external URL, for the links the API answers with (optional). */
    private String externalUrl;

    /** Creates the defaults. */
    public RestApi() {}

    /** {@return whether the API is served} */
    public boolean isEnabled() {
      return enabled;
    }

    /** @param enabled whether the API is served */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /** {@return the external URL, or null} */
    public String getExternalUrl() {
      return externalUrl;
    }

    /** @param externalUrl the external URL */
    public void setExternalUrl(String externalUrl) {
      this.externalUrl = externalUrl;
    }
  }

  /** The expiry notification jobs. */
  public static class ExpiryNotifications {
    /** Whether the daily expiry jobs run, sending through the application's Notifier bean. */
    private boolean enabled;
    /**
     * The From address of the expiry e-mails when they are sent through spring.mail.* (the
     * notifier-smtp module on the class path), e.g. {@code WVS <noreply@wvs.example.io>}.
     */
    private String sender;
    /**
     * The absolute URL of the page where users renew their tokens, linked from every expiry
     * e-mail sent through spring.mail.*.
     */
    private String renewUrl;

    /** Creates the defaults. */
    public ExpiryNotifications() {}

    /** {@return whether the jobs run} */
    public boolean isEnabled() {
      return enabled;
    }

    /** @param enabled whether the jobs run */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /** {@return the From address of the e-mails, or null} */
    public String getSender() {
      return sender;
    }

    /** @param sender the From address of the e-mails */
    public void setSender(String sender) {
      this.sender = sender;
    }

    /** {@return the URL of the page where users renew their tokens, or null} */
    public String getRenewUrl() {
      return renewUrl;
    }

    /** @param renewUrl the URL of the page where users renew their tokens */
    public void setRenewUrl(String renewUrl) {
      this.renewUrl = renewUrl;
    }
  }
}
