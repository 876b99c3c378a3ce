package io.wvs.auth.registry;

import com.nimbusds.jose.JWSAlgorithm;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * The key the token service signs with, and the certificate a registry verifies its tokens with
 * ({@code auth.token.rootcertbundle} of a Distribution registry). ES256 for a P-256 EC key, RS256
 * for an RSA key of at least 2048 bits; nothing else is accepted. Every token carries the
 * certificate in its {@code x5c} header and the certificate's SHA-256 thumbprint as {@code kid}.
 *
 * <p>The host supplies the key: keep it where its other secrets are, and give the registry the
 * certificate (or the public key). A new key, or a new certificate, needs the registry's bundle
 * updated. Immutable and thread-safe; {@link #toString()} never shows the private key.
 *
 * <pre>{@code
 * RegistrySigningKey key = RegistrySigningKey.selfSigned(keyPair, "wvs-registry-auth", clock, Duration.ofDays(3650));
 * Files.writeString(dir.resolve("registry-auth.crt"), key.certificatePem());
 * }</pre>
 *
 * @since 0.1
 */
public final class RegistrySigningKey {
  private static final int MIN_RSA_BITS = 2048;
  private static final int P256_BITS = 256;

  private final PrivateKey privateKey;
  private final X509Certificate certificate;
  private final JWSAlgorithm algorithm;
  private final byte[] certificateDer;

  private RegistrySigningKey(PrivateKey privateKey, X509Certificate certificate) {
    this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
    this.certificate = Objects.requireNonNull(certificate, "certificate");
    this.algorithm = algorithmOf(privateKey, certificate.getPublicKey());
    try {
      this.certificateDer = certificate.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("the certificate cannot be encoded", e);
    }
  }

  /**
   * A key with the host's own certificate for it (issued by the host's CA, say).
   *
   * @param privateKey the signing key: P-256 EC or RSA of at least 2048 bits
   * @param certificate the certificate of its public key
   * @return the signing key
   * @throws IllegalArgumentException if the key is of another kind or size, or the certificate is
   *     not of the key's public key
   */
  public static RegistrySigningKey of(PrivateKey privateKey, X509Certificate certificate) {
    return new RegistrySigningKey(privateKey, certificate);
  }

  /**
   * A key with a self-signed certificate made now (from {@code clock}) for {@code validity}.
   *
   * @param keyPair the key pair: P-256 EC or RSA of at least 2048 bits
   * @param commonName the certificate's subject and issuer common name, e.g.
   *     {@code wvs-registry-auth} (letters, digits, {@code .-_} and spaces)
   * @param clock the clock the validity starts from
   * @param validity how long the certificate is valid (a registry refuses tokens after that)
   * @return the signing key
   * @throws IllegalArgumentException if the key is of another kind or size, the name is not as
   *     described or the validity is not positive
   */
  public static RegistrySigningKey selfSigned(KeyPair keyPair, String commonName, Clock clock,
      Duration validity) {
    Objects.requireNonNull(keyPair, "keyPair");
    algorithmOf(keyPair.getPrivate(), keyPair.getPublic());
    return new RegistrySigningKey(keyPair.getPrivate(),
        SelfSignedCertificate.make(keyPair, commonName, clock, validity));
  }

  /** {@return the JWS algorithm of this key: ES256 or RS256} */
  public String algorithm() {
    return algorithm.getName();
  }

  /** {@return the certificate a registry verifies the tokens with} */
  public X509Certificate certificate() {
    return certificate;
  }

  /** {@return the certificate in PEM, for the registry's {@code auth.token.rootcertbundle}} */
  public String certificatePem() {
    return pem("CERTIFICATE", certificateDer);
  }

  /** {@return the public key in PEM (an X.509 {@code SubjectPublicKeyInfo})} */
  public String publicKeyPem() {
    return pem("PUBLIC KEY", certificate.getPublicKey().getEncoded());
  }

  /**
   * The key id every token names in its {@code kid} header: the base64url SHA-256 thumbprint of
   * the certificate ({@code x5t#S256}).
   *
   * @return the key id
   */
  public String keyId() {
    return SelfSignedCertificate.thumbprint(certificateDer);
  }

  PrivateKey privateKey() {
    return privateKey;
  }

  JWSAlgorithm jwsAlgorithm() {
    return algorithm;
  }

  byte[] certificateDer() {
    return Arrays.copyOf(certificateDer, certificateDer.length);
  }

  static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private static JWSAlgorithm algorithmOf(PrivateKey privateKey, PublicKey publicKey) {
    Objects.requireNonNull(privateKey, "privateKey");
    if (privateKey instanceof ECPrivateKey ec && publicKey instanceof ECPublicKey) {
      if (ec.getParams().getCurve().getField().getFieldSize() != P256_BITS) {
        throw new IllegalArgumentException("an EC signing key must be on the P-256 curve (ES256)");
      }
      requireSameKey(SelfSignedCertificate.pairs(privateKey, publicKey, "SHA256withECDSA"));
      return JWSAlgorithm.ES256;
    }
    if (privateKey instanceof RSAPrivateKey rsa && publicKey instanceof RSAPublicKey rsaPublic) {
      if (rsa.getModulus().bitLength() < MIN_RSA_BITS) {
        throw new IllegalArgumentException("an RSA signing key needs at least " + MIN_RSA_BITS + " bits");
      }
      requireSameKey(rsa.getModulus().equals(rsaPublic.getModulus()));
      return JWSAlgorithm.RS256;
    }
    throw new IllegalArgumentException(
        "the signing key must be a P-256 EC key (ES256) or an RSA key (RS256) with its public key");
  }

  private static void requireSameKey(boolean same) {
    if (!same) {
      throw new IllegalArgumentException("the certificate is not of the signing key's public key");
    }
  }

  @Override
  public String toString() {
    return "RegistrySigningKey{" + algorithm + ", kid=" + keyId() + ", subject="
        + certificate.getSubjectX500Principal().getName() + ", privateKey=[masked]}";
  }
}
