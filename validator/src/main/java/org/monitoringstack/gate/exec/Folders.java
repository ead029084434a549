package org.monitoringstack.gate.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The temporary and staging folders the tools work in. */
public final class Folders {

  private Folders() {}

  /**
   * Deletes a folder and everything in it, as far as it can: a file left behind in a temporary
   * or git-ignored folder is harmless, so a failure is not reported. A missing folder (or null)
   * is nothing to do.
   */
  public static void deleteQuietly(Path root) {
    if (root == null) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          // left for the system to clean
        }
      });
    } catch (IOException | RuntimeException e) {
      // nothing there, or not readable: nothing to delete
    }
  }
}
