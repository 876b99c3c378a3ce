package io.wvs.auth.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a minimal OCI image layout (oci-layout, index.json, blobs): one gzipped layer holding one
 * small file, its config and its manifest, tagged {@code latest}. What skopeo copies with
 * {@code oci:<dir>:latest}; no registry on the network needed.
 */
final class OciImageLayout {
  private OciImageLayout() {}

  /** Writes the layout into {@code dir}; returns the manifest's digest ({@code sha256:…}). */
  static String write(Path dir, String fileName, String content) {
    try {
      Files.createDirectories(dir.resolve("blobs/sha256"));
      byte[] tar = tar(fileName, content.getBytes(StandardCharsets.UTF_8));
      ByteArrayOutputStream gz = new ByteArrayOutputStream();
      try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
        out.write(tar);
      }
      byte[] layer = gz.toByteArray();
      String layerDigest = blob(dir, layer);
      byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},"
          + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + digest(tar) + "\"]}}")
          .getBytes(StandardCharsets.UTF_8);
      String configDigest = blob(dir, config);
      byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
          + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
          + configDigest + "\",\"size\":" + config.length + "},"
          + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\""
          + layerDigest + "\",\"size\":" + layer.length + "}]}").getBytes(StandardCharsets.UTF_8);
      String manifestDigest = blob(dir, manifest);
      Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
      Files.writeString(dir.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{"
          + "\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + manifestDigest
          + "\",\"size\":" + manifest.length
          + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"latest\"}}]}");
      return manifestDigest;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String blob(Path dir, byte[] bytes) throws IOException {
    String digest = digest(bytes);
    Files.write(dir.resolve("blobs/sha256").resolve(digest.substring("sha256:".length())), bytes);
    return digest;
  }

  static String digest(byte[] bytes) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** A POSIX ustar archive with one regular file. */
  private static byte[] tar(String name, byte[] content) {
    byte[] header = new byte[512];
    put(header, 0, name);
    put(header, 100, "0000644");
    put(header, 108, "0000000");
    put(header, 116, "0000000");
    put(header, 124, String.format("%011o", content.length));
    put(header, 136, String.format("%011o", 1_700_000_000L));
    header[156] = '0';
    put(header, 257, "ustar");
    put(header, 263, "00");
    for (int i = 148; i < 156; i++) {
      header[i] = ' ';
    }
    int sum = 0;
    for (byte b : header) {
      sum += b & 0xff;
    }
    put(header, 148, String.format("%06o", sum));
    header[154] = 0;
    header[155] = ' ';
    int padded = (content.length + 511) / 512 * 512;
    byte[] tar = new byte[512 + padded + 1024];
    System.arraycopy(header, 0, tar, 0, 512);
    System.arraycopy(content, 0, tar, 512, content.length);
    return tar;
  }

  private static void put(byte[] header, int offset, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(bytes, 0, header, offset, bytes.length);
  }
}
