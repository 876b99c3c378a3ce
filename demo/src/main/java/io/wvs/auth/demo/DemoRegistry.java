package io.wvs.auth.demo;

import io.wvs.auth.WvsAuth;
import io.wvs.auth.registry.RegistrySigningKey;
import io.wvs.auth.registry.RegistryTokenService;
import io.wvs.auth.registry.RegistryTokenServlet;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

/**
 * The demo's container registry: the token service at {@value #REALM_PATH} for a Distribution
 * registry at {@code --registry <host:port>}, signing with a P-256 key generated once into
 * {@code <data-dir>/registry/} (with its self-signed certificate, what the registry trusts), and
 * the registry's configuration written next to them, ready for
 * {@code /usr/bin/docker-registry serve <data-dir>/registry/config.yml}.
 */
final class DemoRegistry {
  /** Where the token service answers: the platform's path. */
  static final String REALM_PATH = "/jwt/auth";
  /** The service name the registry and the token service share. */
  static final String SERVICE = "container_registry";
  /** The issuer of the demo's registry tokens. */
  static final String ISSUER = "wvs-demo";
  /** The command that starts Debian's Distribution registry. */
  static final String REGISTRY_BINARY = "/usr/bin/docker-registry";
  static final String KEY_FILE = "token-signing.key";
  static final String CERTIFICATE_FILE = "token-signing.crt";
  static final String CONFIG_FILE = "config.yml";
  private static final Duration CERTIFICATE_VALIDITY = Duration.ofDays(3650);

  private final String address;
  private final Path configFile;
  private final RegistryTokenService service;

  private DemoRegistry(String address, Path configFile, RegistryTokenService service) {
    this.address = address;
    this.configFile = configFile;
    this.service = service;
  }

  /**
   * Loads or creates the signing key in {@code <dataDir>/registry}, writes the registry's
   * configuration with {@code realmBase + }{@value #REALM_PATH} as its realm, and builds the token
   * service over {@code auth} (whose policy enables the registry).
   */
  static DemoRegistry open(String address, Path dataDir, WvsAuth auth, String realmBase, SecureRandom random) {
    Path dir = dataDir.resolve("registry");
    try {
      PrivateFiles.createDirectories(dir);
      RegistrySigningKey key = loadOrCreateKey(dir, auth.clock(), random);
      Path config = dir.resolve(CONFIG_FILE);
      Files.writeString(config, config(address, realmBase + REALM_PATH, dir), StandardCharsets.UTF_8);
      PrivateFiles.tighten(dir, true);
      RegistryTokenService service = RegistryTokenService.builder().auth(auth).signingKey(key)
          .issuer(ISSUER).service(SERVICE).build();
      return new DemoRegistry(address, config, service);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the registry files under " + dir + ": " + e, e);
    }
  }

  private static RegistrySigningKey loadOrCreateKey(Path dir, Clock clock, SecureRandom random)
      throws IOException {
    Path keyFile = dir.resolve(KEY_FILE);
    Path certificateFile = dir.resolve(CERTIFICATE_FILE);
    try {
      if (Files.exists(keyFile) && Files.exists(certificateFile)) {
        PrivateKey key = KeyFactory.getInstance("EC")
            .generatePrivate(new PKCS8EncodedKeySpec(pemBody(Files.readString(keyFile))));
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(certificateFile)));
        return RegistrySigningKey.of(key, certificate);
      }
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), random);
      KeyPair pair = generator.generateKeyPair();
      RegistrySigningKey key = RegistrySigningKey.selfSigned(pair, "wvs-demo-registry-auth", clock,
          CERTIFICATE_VALIDITY);
      PrivateFiles.createEmptyFile(keyFile);
      Files.writeString(keyFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
      Files.writeString(certificateFile, key.certificatePem(), StandardCharsets.US_ASCII);
      return key;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException("the registry signing key in " + dir + " cannot be used ("
          + e.getClass().getSimpleName() + "); delete " + KEY_FILE + " and " + CERTIFICATE_FILE
          + " there to make a new one, and restart the registry", e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private static byte[] pemBody(String pem) {
    String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return Base64.getDecoder().decode(body);
  }

  /** A Distribution registry configuration: filesystem storage beside it, token auth against the demo. */
  static String config(String address, String realm, Path dir) {
    return String.join("\n",
        "# Written by the wvs-auth demo: /usr/bin/docker-registry serve " + dir.resolve(CONFIG_FILE),
        "version: 0.1",
        "log:",
        "  level: info",
        "storage:",
        "  filesystem:",
        "    rootdirectory: " + quoted(dir.resolve("storage")),
        "  delete:",
        "    enabled: true",
        "http:",
        "  addr: " + quoted(address),
        "auth:",
        "  token:",
        "    realm: " + quoted(realm),
        "    service: " + SERVICE,
        "    issuer: " + ISSUER,
        "    rootcertbundle: " + quoted(dir.resolve(CERTIFICATE_FILE)),
        "");
  }

  /** A YAML double-quoted scalar: backslashes and quotes escaped. */
  private static String quoted(Object value) {
    return "\"" + value.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /**
   * The start-up lines: how to start the registry, make a deploy token, log in and push.
   *
   * @param base the demo's base URL
   * @param project the full path of a project to show, or null when there is none
   */
  String startupText(String base, String project) {
    String path = project == null ? "<group>/<project>" : project;
    StringBuilder b = new StringBuilder();
    b.append("\nContainer registry ").append(address).append(" (token service ").append(base)
        .append(REALM_PATH).append("); start it with:\n");
    b.append("  ").append(command()).append('\n');
    b.append("  # a deploy token that may pull and push images of ").append(path).append('\n');
    b.append("  curl -X POST -H \"PRIVATE-TOKEN: $TOKEN\" -H \"Content-Type: application/json\" \\\n")
        .append("       -d '{\"name\":\"ci\",\"scopes\":[\"read_registry\",\"write_registry\"]}' \\\n")
        .append("       ").append(base).append("/api/v4/projects/").append(path.replace("/", "%2F"))
        .append("/deploy_tokens\n");
    b.append("  docker login -u <username> -p <token> ").append(address).append('\n');
    b.append("  skopeo copy --dest-tls-verify=false --dest-creds <username>:<token> \\\n")
        .append("       oci:<image layout dir>:latest docker://").append(address).append('/').append(path)
        .append(":latest\n");
    return b.toString();
  }

  /** {@return the servlet to mount at {@value #REALM_PATH}} */
  RegistryTokenServlet servlet() {
    return new RegistryTokenServlet(service);
  }

  /** {@return the registry's {@code host:port}} */
  String address() {
    return address;
  }

  /** {@return the registry configuration file the demo wrote} */
  Path configFile() {
    return configFile;
  }

  /** {@return the command that starts the registry against the demo} */
  String command() {
    return REGISTRY_BINARY + " serve " + configFile;
  }
}
