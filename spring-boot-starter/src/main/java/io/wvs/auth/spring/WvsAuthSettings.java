package io.wvs.auth.spring;

import io.wvs.auth.DigestKeyring;
import io.wvs.auth.FailureLimits;
import io.wvs.auth.TokenPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.Consumer;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.env.Environment;

/**
 * Turns the {@code wvs.auth.*} properties into the library's values, checking each against the
 * library's own rules and naming the property in every refusal. A refusal names where a secret
 * was looked for (a variable's name, a file's path), never the secret.
 */
final class WvsAuthSettings {
  static final String HOW_TO_MAKE_A_PEPPER = "make one with 'head -c 32 /dev/urandom | base64', keep it"
      + " with the database (losing it makes every stored token unusable) and give it through"
      + " wvs.auth.pepper.env (the name of an environment variable holding it) or"
      + " wvs.auth.pepper.file (a file holding it), or define a DigestKeyring bean";

  private WvsAuthSettings() {}

  /** The keyring: the current key from {@code wvs.auth.pepper}, then the retired keys. */
  static DigestKeyring keyring(WvsAuthProperties p, Environment env) {
    WvsAuthProperties.Secret pepper = p.getPepper();
    if (pepper.getEnv() == null && pepper.getFile() == null) {
      throw new InvalidConfigurationPropertyValueException("wvs.auth.pepper", null,
          "wvs-auth needs a pepper for its token digests and has none; " + HOW_TO_MAKE_A_PEPPER);
    }
    DigestKeyring.Builder keys = DigestKeyring.builder();
    byte[] current = secret(pepper, "wvs.auth.pepper", env, DigestKeyring.MIN_PEPPER_BYTES, false);
    try {
      apply("wvs.auth.key-id", p.getKeyId(), k -> keys.current(k, current));
      for (int i = 0; i < p.getRetiredKeys().size(); i++) {
        WvsAuthProperties.RetiredKey retired = p.getRetiredKeys().get(i);
        String name = "wvs.auth.retired-keys[" + i + "]";
        if (retired.getId() == null) {
          throw new InvalidConfigurationPropertyValueException(name + ".id", null, "a retired key needs its id");
        }
        byte[] old = secret(retired, name, env, DigestKeyring.MIN_PEPPER_BYTES, false);
        try {
          apply(name + ".id", retired.getId(), k -> keys.retired(k, old));
        } finally {
          Arrays.fill(old, (byte) 0);
        }
      }
      return keys.build();
    } finally {
      Arrays.fill(current, (byte) 0);
    }
  }

  /** The CI secret key, or null when {@code wvs.auth.ci-secret-key} is not set. */
  static byte[] ciSecretKey(WvsAuthProperties p, Environment env) {
    WvsAuthProperties.Secret key = p.getCiSecretKey();
    if (key.getEnv() == null && key.getFile() == null) {
      return null;
    }
    return secret(key, "wvs.auth.ci-secret-key", env, 32, true);
  }

  /** The policy: the library's defaults with each property that is set. */
  static TokenPolicy policy(WvsAuthProperties.Policy p) {
    TokenPolicy.Builder b = TokenPolicy.builder();
    String prefix = "wvs.auth.policy.";
    apply(prefix + "max-lifetime-days", p.getMaxLifetimeDays(), b::maxLifetimeDays);
    apply(prefix + "expiry-required", p.getExpiryRequired(), b::expiryRequired);
    apply(prefix + "personal-expiry-enforced", p.getPersonalExpiryEnforced(), b::personalExpiryEnforced);
    apply(prefix + "impersonation-enabled", p.getImpersonationEnabled(), b::impersonationEnabled);
    apply(prefix + "last-used-interval", p.getLastUsedInterval(), b::lastUsedInterval);
    apply(prefix + "registry-enabled", p.getRegistryEnabled(), b::registryEnabled);
    apply(prefix + "user-token-prefix", p.getUserTokenPrefix(), b::userTokenPrefix);
    apply(prefix + "deploy-token-prefix", p.getDeployTokenPrefix(), b::deployTokenPrefix);
    apply(prefix + "last-used-ips-recorded", p.getLastUsedIpsRecorded(), b::lastUsedIpsRecorded);
    apply(prefix + "rotation-grace-period", p.getRotationGracePeriod(), b::rotationGracePeriod);
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationPropertyValueException(prefix + "user-token-prefix",
          p.getUserTokenPrefix(), e.getMessage() + " (see also " + prefix + "deploy-token-prefix)");
    }
  }

  /** The limiter's numbers: the library's defaults with each property that is set. */
  static FailureLimits limits(WvsLimiterProperties p) {
    FailureLimits defaults = FailureLimits.defaults();
    FailureLimits.Builder b = FailureLimits.builder();
    String prefix = "wvs.auth.limiter.";
    limit(prefix + "passwords-per-address", p.getPasswordsPerAddress(), defaults.passwordsPerAddress(),
        b::passwordsPerAddress);
    limit(prefix + "tokens-per-address", p.getTokensPerAddress(), defaults.tokensPerAddress(),
        b::tokensPerAddress);
    limit(prefix + "passwords-per-username", p.getPasswordsPerUsername(), defaults.passwordsPerUsername(),
        b::passwordsPerUsername);
    apply(prefix + "max-tracked-keys", p.getMaxTrackedKeys(), b::maxTrackedKeys);
    return b.build();
  }

  /** Sets one limit from its three properties, each unset one from the default. */
  private static void limit(String property, WvsLimiterProperties.Limit limit, FailureLimits.Limit byDefault,
      LimitSetter setter) {
    if (limit.getCount() == null && limit.getWithin() == null && limit.getBlock() == null) {
      return;
    }
    int count = limit.getCount() != null ? limit.getCount() : byDefault.failures();
    Duration within = limit.getWithin() != null ? limit.getWithin() : byDefault.within();
    Duration block = limit.getBlock() != null ? limit.getBlock() : byDefault.blockFor();
    try {
      setter.set(count, within, block);
    } catch (IllegalArgumentException e) {
      // The library's message starts with the part it refuses: failures, within or blockFor.
      String message = String.valueOf(e.getMessage());
      String part = message.startsWith("failures") ? "count" : message.startsWith("within") ? "within" : "block";
      Object value = switch (part) {
        case "count" -> count;
        case "within" -> within;
        default -> block;
      };
      throw new InvalidConfigurationPropertyValueException(property + "." + part, value,
          message.replaceFirst("^(failures|within|blockFor)", part));
    }
  }

  @FunctionalInterface
  private interface LimitSetter {
    void set(int failures, Duration within, Duration blockFor);
  }

  /** Hands {@code value} to the builder when set; the builder's refusal names the property. */
  private static <T> void apply(String property, T value, Consumer<T> setter) {
    if (value == null) {
      return;
    }
    try {
      setter.accept(value);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationPropertyValueException(property, value, e.getMessage());
    }
  }

  /**
   * Reads a base64 secret from the variable or the file {@code source} names; refuses one of the
   * wrong length (at least {@code bytes}, or exactly when {@code exact}).
   */
  static byte[] secret(WvsAuthProperties.Secret source, String property, Environment env,
      int bytes, boolean exact) {
    if (source.getEnv() != null && source.getFile() != null) {
      throw new InvalidConfigurationPropertyValueException(property + ".file", source.getFile(),
          "give " + property + ".env or " + property + ".file, not both");
    }
    String where;
    String text;
    String name;
    if (source.getEnv() != null) {
      name = property + ".env";
      where = "the environment variable " + source.getEnv();
      text = env.getProperty(source.getEnv());
      if (text == null || text.isBlank()) {
        throw new InvalidConfigurationPropertyValueException(name, source.getEnv(),
            where + " is not set or empty" + (property.equals("wvs.auth.pepper") ? "; " + HOW_TO_MAKE_A_PEPPER : ""));
      }
    } else {
      name = property + ".file";
      where = "the file " + source.getFile();
      try {
        text = Files.readString(source.getFile(), StandardCharsets.US_ASCII);
      } catch (NoSuchFileException e) {
        throw new InvalidConfigurationPropertyValueException(name, source.getFile(), where + " does not exist");
      } catch (IOException | RuntimeException e) {
        throw new InvalidConfigurationPropertyValueException(name, source.getFile(),
            where + " cannot be read (" + e.getClass().getSimpleName() + ")");
      }
    }
    String rule = exact ? "exactly " + bytes + " bytes" : "at least " + bytes + " bytes";
    byte[] key;
    try {
      // Without whitespace: base64(1) wraps its output at 76 characters.
      key = Base64.getDecoder().decode(text.replaceAll("\\s+", ""));
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationPropertyValueException(name, source.getEnv() != null ? source.getEnv()
          : source.getFile(), where + " must hold " + rule + " in base64; it is not base64");
    }
    if (exact ? key.length != bytes : key.length < bytes) {
      int length = key.length;
      Arrays.fill(key, (byte) 0);
      throw new InvalidConfigurationPropertyValueException(name, source.getEnv() != null ? source.getEnv()
          : source.getFile(), where + " must hold " + rule + " in base64, holds " + length);
    }
    return key;
  }
}
