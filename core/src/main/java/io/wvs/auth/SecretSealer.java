package io.wvs.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMSIVBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Authenticated encryption of the few token values that must be recoverable (the CI deploy token,
 * handed to CI jobs): AES-256-GCM-SIV (bcprov), misuse-resistant, with a fresh random 96-bit nonce per value
 * and the owning resource as associated data, so a sealed value cannot be moved to another
 * project. Layout: {@code version(1) | nonce(12) | ciphertext+tag}. Thread-safe.
 */
final class SecretSealer {
  private static final byte VERSION = 1;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final KeyParameter key;
  private final SecureRandom random;

  SecretSealer(byte[] key, SecureRandom random) {
    if (key == null || key.length != 32) {
      throw new IllegalArgumentException("the CI secret key must be 32 bytes (AES-256)");
    }
    this.key = new KeyParameter(key.clone());
    this.random = random;
  }

  byte[] seal(String value, String context) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] plain = value.getBytes(StandardCharsets.UTF_8);
    try {
      GCMSIVBlockCipher cipher = cipher(true, nonce, context);
      byte[] out = new byte[cipher.getOutputSize(plain.length)];
      int n = cipher.processBytes(plain, 0, plain.length, out, 0);
      n += cipher.doFinal(out, n);
      return ByteBuffer.allocate(1 + NONCE_BYTES + n).put(VERSION).put(nonce).put(out, 0, n).array();
    } catch (InvalidCipherTextException e) {
      throw new IllegalStateException("AES-GCM-SIV encryption failed", e);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  /**
   * Opens a sealed value.
   *
   * @throws WvsAuthException if it was not sealed with this key for this context, or was altered
   */
  String open(byte[] sealed, String context) {
    if (sealed == null || sealed.length < 1 + NONCE_BYTES + TAG_BITS / 8 || sealed[0] != VERSION) {
      throw new WvsAuthException("sealed CI token has an unknown layout");
    }
    byte[] nonce = Arrays.copyOfRange(sealed, 1, 1 + NONCE_BYTES);
    try {
      GCMSIVBlockCipher cipher = cipher(false, nonce, context);
      int inLen = sealed.length - 1 - NONCE_BYTES;
      byte[] out = new byte[cipher.getOutputSize(inLen)];
      int n = cipher.processBytes(sealed, 1 + NONCE_BYTES, inLen, out, 0);
      n += cipher.doFinal(out, n);
      return new String(out, 0, n, StandardCharsets.UTF_8);
    } catch (InvalidCipherTextException e) {
      throw new WvsAuthException("sealed CI token cannot be opened with the configured key", e);
    }
  }

  private GCMSIVBlockCipher cipher(boolean encrypt, byte[] nonce, String context) {
    GCMSIVBlockCipher cipher = new GCMSIVBlockCipher(AESEngine.newInstance());
    cipher.init(encrypt, new AEADParameters(key, TAG_BITS, nonce,
        context.getBytes(StandardCharsets.UTF_8)));
    return cipher;
  }
}
