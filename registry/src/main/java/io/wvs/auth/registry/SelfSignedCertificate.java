package io.wvs.auth.registry;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.Objects;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * A self-signed X.509 v3 certificate built from BouncyCastle's ASN.1 classes and signed with the
 * JDK's {@link Signature}: what a registry's {@code rootcertbundle} holds. Stateless.
 */
final class SelfSignedCertificate {
  private static final Pattern COMMON_NAME = Pattern.compile("[A-Za-z0-9 ._-]{1,64}");

  private SelfSignedCertificate() {}

  static X509Certificate make(KeyPair keyPair, String commonName, Clock clock, Duration validity) {
    Objects.requireNonNull(commonName, "commonName");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(validity, "validity");
    if (!COMMON_NAME.matcher(commonName).matches()) {
      throw new IllegalArgumentException(
          "the common name must be 1 to 64 letters, digits, spaces, '.', '-' or '_'");
    }
    if (validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException("the validity must be positive, was " + validity);
    }
    PrivateKey privateKey = keyPair.getPrivate();
    boolean ec = privateKey instanceof ECPrivateKey;
    String jcaAlgorithm = ec ? "SHA256withECDSA" : "SHA256withRSA";
    AlgorithmIdentifier signatureAlgorithm = ec
        ? new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256)
        : new AlgorithmIdentifier(PKCSObjectIdentifiers.sha256WithRSAEncryption, DERNull.INSTANCE);
    // A minute back, so a registry whose clock is a little behind already trusts it.
    Instant notBefore = clock.instant().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
    Instant notAfter = notBefore.plus(validity);
    X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    byte[] spki = keyPair.getPublic().getEncoded();
    V3TBSCertificateGenerator tbs = new V3TBSCertificateGenerator();
    tbs.setSerialNumber(new ASN1Integer(serial(spki, notBefore)));
    tbs.setIssuer(name);
    tbs.setSubject(name);
    tbs.setStartDate(new Time(Date.from(notBefore)));
    tbs.setEndDate(new Time(Date.from(notAfter)));
    tbs.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(spki));
    tbs.setSignature(signatureAlgorithm);
    TBSCertificate certificate = tbs.generateTBSCertificate();
    try {
      Signature signer = Signature.getInstance(jcaAlgorithm);
      signer.initSign(privateKey);
      signer.update(certificate.getEncoded(ASN1Encoding.DER));
      ASN1EncodableVector parts = new ASN1EncodableVector();
      parts.add(certificate);
      parts.add(signatureAlgorithm);
      parts.add(new DERBitString(signer.sign()));
      byte[] der = new DERSequence(parts).getEncoded(ASN1Encoding.DER);
      return (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(der));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("cannot sign a certificate with this key: " + e.getClass().getSimpleName(), e);
    }
  }

  /** A positive 127-bit serial derived from the key and the start, so each certificate differs. */
  private static BigInteger serial(byte[] spki, Instant notBefore) {
    byte[] digest = sha256(spki, notBefore.toString().getBytes(StandardCharsets.US_ASCII));
    return new BigInteger(1, Arrays.copyOf(digest, 16)).shiftRight(1).add(BigInteger.ONE);
  }

  /** Whether {@code publicKey} verifies what {@code privateKey} signs: the two are one pair. */
  static boolean pairs(PrivateKey privateKey, PublicKey publicKey, String jcaAlgorithm) {
    byte[] probe = "wvs-auth registry key check".getBytes(StandardCharsets.US_ASCII);
    try {
      Signature signer = Signature.getInstance(jcaAlgorithm);
      signer.initSign(privateKey);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(jcaAlgorithm);
      verifier.initVerify(publicKey);
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** The base64url SHA-256 thumbprint of a certificate's DER ({@code x5t#S256}). */
  static String thumbprint(byte[] der) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(der));
  }

  private static byte[] sha256(byte[]... parts) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (byte[] part : parts) {
        digest.update(part);
      }
      return digest.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
