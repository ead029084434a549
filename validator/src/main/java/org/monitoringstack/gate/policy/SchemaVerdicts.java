package org.monitoringstack.gate.policy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Remembers which policy files their JSON Schema accepted, in the git-ignored {@code
 * .cache/policy-schemas/}: an empty file named by the digest of the file's text, its kind, the
 * schema and the validator that checked it (the jar or classes folder holding the JSON Schema
 * library: path, size, modification time). A file seen before skips the schema validator,
 * whose first use costs a run about 60 ms of CPU. Only acceptance is remembered: a file with
 * problems is validated every time, so its messages are always current. A cache that cannot be
 * read or written is ignored.
 */
final class SchemaVerdicts { // one per load, used by one thread

  private static final String FORMAT = "policy-schemas-1";

  private final Path dir;
  private Optional<String> validator;

  SchemaVerdicts(Path dir) {
    this.dir = Objects.requireNonNull(dir, "dir");
  }

  /** True when a file of this kind with exactly this text was accepted before. */
  boolean accepted(PolicySchemas.Kind kind, String text) {
    return key(kind, text).map(k -> Files.isRegularFile(dir.resolve(k))).orElse(false);
  }

  /** Records that the schema accepted a file of this kind with this text. */
  void remember(PolicySchemas.Kind kind, String text) {
    key(kind, text).ifPresent(k -> {
      try {
        Files.createDirectories(dir);
        Path file = dir.resolve(k);
        if (!Files.exists(file)) {
          Files.createFile(file);
        }
      } catch (IOException e) {
        // read-only checkout: validate again next time
      }
    });
  }

  private Optional<String> key(PolicySchemas.Kind kind, String text) {
    if (validator == null) {
      validator = codeIdentity(com.networknt.schema.SchemaRegistry.class)
          .flatMap(library -> codeIdentity(SchemaVerdicts.class).map(own -> library + "|" + own));
    }
    Optional<String> schema = schemaText(kind);
    if (schema.isEmpty() || validator.isEmpty()) {
      return Optional.empty();
    }
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      return Optional.empty();
    }
    for (String part : new String[] {FORMAT, kind.name(), schema.get(), validator.get(), text}) {
      byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
      digest.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
      digest.update(bytes);
    }
    return Optional.of(HexFormat.of().formatHex(digest.digest()));
  }

  private static Optional<String> schemaText(PolicySchemas.Kind kind) {
    try (InputStream in = SchemaVerdicts.class.getResourceAsStream(kind.resourcePath())) {
      return in == null ? Optional.empty()
          : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * The jar a class comes from (path, size, modification time), or every file of its classes
   * folder when run from an IDE or a test.
   */
  static Optional<String> codeIdentity(Class<?> type) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return Optional.empty();
    }
    try {
      Path code = Path.of(source.getLocation().toURI()).toRealPath();
      if (Files.isRegularFile(code)) {
        return Optional.of(stamp(code));
      }
      StringBuilder out = new StringBuilder(code.toString());
      try (Stream<Path> walk = Files.walk(code)) {
        for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
          out.append('\n').append(stamp(f));
        }
      }
      return Optional.of(out.toString());
    } catch (IOException | URISyntaxException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static String stamp(Path file) throws IOException {
    return file + "|" + Files.size(file) + "|" + Files.getLastModifiedTime(file).toMillis();
  }
}
