package io.wvs.auth.demo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.apache.maven.artifact.versioning.ComparableVersion;

/**
 * The artifact-level {@code maven-metadata.xml} (the one beside an artifact's version folders,
 * listing its versions) of several projects merged into one, as the group-level and instance-level
 * endpoints answer it: the {@code <versions>} of every file, each once, in Maven's version order
 * ({@link ComparableVersion}, the ordering Maven itself resolves ranges and {@code LATEST} with);
 * {@code <latest>} the highest of them, {@code <release>} the highest that is not a snapshot;
 * {@code <lastUpdated>} the latest of the files'. The same files always give the same bytes, so a
 * checksum asked for in a later request matches.
 *
 * <p>A file is read only when it is at most {@value #MAX_PARSED_BYTES} bytes, with a streaming
 * parser that takes no DTD: a file with a {@code <!DOCTYPE>} (so any entity, external or not), or
 * one that is not well-formed, is not merged. Nor is one that names another artifact than its path
 * or describes a snapshot version ({@code <snapshot>}, {@code <snapshotVersions>}): that is
 * version-level metadata, which is not merged.
 */
final class MavenMetadata {
  /** The largest metadata file merged: 1 MiB, about 30,000 versions. */
  static final long MAX_PARSED_BYTES = 1L << 20;
  /** The name of a metadata file. */
  static final String FILE_NAME = "maven-metadata.xml";

  private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{14}");
  private static final Comparator<String> MAVEN_ORDER =
      Comparator.comparing((String v) -> new ComparableVersion(v)).thenComparing(Comparator.naturalOrder());

  /** What one file says: its artifact, versions and last update (empty string if none). */
  record Parsed(String groupId, String artifactId, List<String> versions, String lastUpdated) {
    Parsed {
      versions = List.copyOf(versions);
    }
  }

  private MavenMetadata() {}

  /**
   * A new reader factory per file (a configured factory is not promised to be thread-safe), the
   * JDK's own, so no other StAX implementation on the class path can ignore these settings.
   */
  private static XMLInputFactory safeFactory() {
    XMLInputFactory f = XMLInputFactory.newDefaultFactory();
    // No DTD, so no entity of any kind: a DOCTYPE makes the file unmergeable (see parse).
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    f.setProperty(XMLInputFactory.IS_COALESCING, true);
    return f;
  }

  /**
   * The groupId and artifactId an artifact-level metadata file at {@code metadataPath} describes:
   * its folders but the last joined with dots, and the last; empty when the path has no folder
   * for both.
   */
  static Optional<String[]> coordinatesOf(MavenPath metadataPath) {
    List<String> s = metadataPath.segments();
    if (s.size() < 3) {
      return Optional.empty();
    }
    return Optional.of(new String[] {String.join(".", s.subList(0, s.size() - 2)), s.get(s.size() - 2)});
  }

  /**
   * What {@code file} says, if it is artifact-level metadata of {@code groupId:artifactId} that can
   * be merged (see the class comment); empty otherwise.
   */
  static Optional<Parsed> parse(Path file, String groupId, String artifactId) throws IOException {
    if (Files.size(file) > MAX_PARSED_BYTES) {
      return Optional.empty();
    }
    try (InputStream in = Files.newInputStream(file)) {
      XMLStreamReader r = safeFactory().createXMLStreamReader(in);
      try {
        return read(r).filter(p -> p.groupId().equals(groupId) && p.artifactId().equals(artifactId));
      } finally {
        r.close();
      }
    } catch (XMLStreamException | RuntimeException notMergeable) {
      // Not well-formed, or an entity the parser refused to resolve: this file is not merged.
      return Optional.empty();
    }
  }

  private static Optional<Parsed> read(XMLStreamReader r) throws XMLStreamException {
    List<String> path = new ArrayList<>();
    String groupId = null;
    String artifactId = null;
    String lastUpdated = "";
    List<String> versions = new ArrayList<>();
    boolean hasVersions = false;
    while (r.hasNext()) {
      int event = r.next();
      if (event == XMLStreamConstants.DTD || event == XMLStreamConstants.ENTITY_REFERENCE) {
        return Optional.empty();
      }
      if (event == XMLStreamConstants.START_ELEMENT) {
        path.add(r.getLocalName());
        String at = String.join("/", path);
        if (path.size() == 1 && !at.equals("metadata")) {
          return Optional.empty();
        }
        switch (at) {
          case "metadata/groupId" -> groupId = text(r, path);
          case "metadata/artifactId" -> artifactId = text(r, path);
          case "metadata/versioning/lastUpdated" -> lastUpdated = text(r, path);
          case "metadata/versioning/versions" -> hasVersions = true;
          case "metadata/versioning/versions/version" -> versions.add(text(r, path));
          case "metadata/versioning/snapshot", "metadata/versioning/snapshotVersions" -> {
            return Optional.empty();
          }
          default -> { }
        }
      } else if (event == XMLStreamConstants.END_ELEMENT) {
        path.remove(path.size() - 1);
      }
    }
    if (groupId == null || artifactId == null || !hasVersions) {
      return Optional.empty();
    }
    versions.removeIf(String::isEmpty);
    return Optional.of(new Parsed(groupId, artifactId, versions,
        TIMESTAMP.matcher(lastUpdated).matches() ? lastUpdated : ""));
  }

  /** The element's text (it must hold no element), trimmed; the reader is left at its end. */
  private static String text(XMLStreamReader r, List<String> path) throws XMLStreamException {
    String text = r.getElementText().trim();
    path.remove(path.size() - 1);
    return text;
  }

  /**
   * One metadata file listing the versions of all of {@code files} (at least one, of one
   * artifact), in Maven's order; see the class comment.
   */
  static byte[] merge(List<Parsed> files) {
    TreeSet<String> versions = new TreeSet<>(MAVEN_ORDER);
    String lastUpdated = "";
    for (Parsed p : files) {
      versions.addAll(p.versions());
      if (p.lastUpdated().compareTo(lastUpdated) > 0) {
        lastUpdated = p.lastUpdated();
      }
    }
    String release = versions.descendingSet().stream().filter(v -> !isSnapshot(v)).findFirst().orElse(null);
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<metadata>\n");
    element(xml, "  ", "groupId", files.get(0).groupId());
    element(xml, "  ", "artifactId", files.get(0).artifactId());
    xml.append("  <versioning>\n");
    if (!versions.isEmpty()) {
      element(xml, "    ", "latest", versions.last());
    }
    if (release != null) {
      element(xml, "    ", "release", release);
    }
    xml.append("    <versions>\n");
    for (String v : versions) {
      element(xml, "      ", "version", v);
    }
    xml.append("    </versions>\n");
    if (!lastUpdated.isEmpty()) {
      element(xml, "    ", "lastUpdated", lastUpdated);
    }
    xml.append("  </versioning>\n</metadata>\n");
    return xml.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Whether {@code version} is a snapshot, as Maven tells one: it ends with {@code SNAPSHOT}. */
  static boolean isSnapshot(String version) {
    return version.toUpperCase(Locale.ROOT).endsWith("SNAPSHOT");
  }

  private static void element(StringBuilder xml, String indent, String name, String text) {
    xml.append(indent).append('<').append(name).append('>');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> xml.append("&lt;");
        case '>' -> xml.append("&gt;");
        case '&' -> xml.append("&amp;");
        case '"' -> xml.append("&quot;");
        case '\'' -> xml.append("&apos;");
        default -> xml.append(c);
      }
    }
    xml.append("</").append(name).append(">\n");
  }
}
