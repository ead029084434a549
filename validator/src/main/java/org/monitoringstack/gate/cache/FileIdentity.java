package org.monitoringstack.gate.cache;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What identifies a file for a cache key without reading it: its real path, size and
 * modification time. A rebuilt binary, or a different one at the same path, is another identity.
 */
public final class FileIdentity {

  private FileIdentity() {}

  /** {@code <real path>|<size>|<modified ms>}, or {@code <path>|missing} when it is not there. */
  public static String of(Path file) {
    return find(file).orElse(file + "|missing");
  }

  /** {@code <real path>|<size>|<modified ms>}, when the file is there. */
  public static Optional<String> find(Path file) {
    try {
      Path real = file.toRealPath();
      return Optional.of(
          real + "|" + Files.size(real) + "|" + Files.getLastModifiedTime(real).toMillis());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * The build a class comes from: its jar, or every file of its classes folder (run from an IDE
   * or a test). An unknown origin is a new identity each time, so it never matches an entry.
   */
  public static String codeOf(Class<?> type) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    try {
      Path code = Path.of(source.getLocation().toURI());
      if (Files.isRegularFile(code)) {
        return of(code);
      }
      Digest digest = new Digest().add(code.toRealPath().toString());
      try (Stream<Path> walk = Files.walk(code)) {
        walk.filter(Files::isRegularFile).sorted().forEach(f -> digest.add(of(f)));
      }
      return digest.hex();
    } catch (IOException | URISyntaxException | RuntimeException e) {
      return "unknown|" + System.nanoTime();
    }
  }
}
