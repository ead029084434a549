package org.monitoringstack.gate.cache;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Text entries on disk by key ({@code <dir>/<key>}), each verified before use. An entry's first
 * line carries the SHA-256 of its key and of its payload; {@link #read} answers a miss for an
 * entry that is absent, unreadable, torn, of another key (copied or renamed) or whose payload
 * does not match its digest (edited), so the caller computes the value afresh and {@link #write}
 * replaces the entry. Writes go to a temporary file moved into place, so a reader never sees
 * half an entry. A folder that cannot be written (a read-only checkout) means no cache, never a
 * failed run. Safe for parallel use.
 */
public final class ContentStore {

  /** Bumped whenever the entry layout changes, so old entries are never read. */
  static final String FORMAT = "gate-cache/1";

  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

  private final Path dir;

  public ContentStore(Path dir) {
    this.dir = Objects.requireNonNull(dir, "dir");
  }

  /** The payload stored under {@code key}, when there is one that matches its digests. */
  public Optional<String> read(String key) {
    Path file = file(key);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    int newline = text.indexOf('\n');
    if (newline < 0 || !text.substring(0, newline).equals(header(key, text.substring(newline + 1)))) {
      return Optional.empty();
    }
    return Optional.of(text.substring(newline + 1));
  }

  /** Stores {@code payload} under {@code key}; false (and nothing stored) when it cannot. */
  public boolean write(String key, String payload) {
    Path file = file(key);
    try {
      Files.createDirectories(dir);
      Path temp = Files.createTempFile(dir, key, ".tmp");
      try {
        Files.writeString(temp, header(key, payload) + "\n" + payload, StandardCharsets.UTF_8);
        try {
          Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE,
              StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(temp);
      }
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private Path file(String key) {
    if (!KEY.matcher(key).matches()) {
      throw new IllegalArgumentException("not a cache key: " + key);
    }
    return dir.resolve(key);
  }

  private static String header(String key, String payload) {
    return FORMAT + " key=" + Digest.of(key) + " sha256=" + Digest.of(payload);
  }
}
