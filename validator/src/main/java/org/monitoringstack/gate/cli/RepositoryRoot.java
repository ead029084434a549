package org.monitoringstack.gate.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.monitoringstack.gate.render.TargetSelectionException;

/**
 * Finds the repository a run works on: the folder with {@value #MARKER}, given with {@code
 * --repo}, found above a folder, or (outside any checkout) the launcher's repository.
 */
final class RepositoryRoot {

  /** The file whose presence marks a repository root. */
  static final String MARKER = "validator/toolchain.properties";

  /** Set by {@code validator/bin/gitops-validate}: its repository, used outside any checkout. */
  static final String REPO_VARIABLE = "GITOPS_VALIDATE_REPO";

  private RepositoryRoot() {}

  /**
   * {@code --repo} (resolved against {@code cwd}) when given; else the nearest root at or above
   * {@code cwd}; else {@link #REPO_VARIABLE}'s repository.
   *
   * @throws TargetSelectionException when none is a repository root
   */
  static Path of(Path given, Path cwd, Map<String, String> env) {
    if (given != null) {
      Path dir = cwd.resolve(given).normalize();
      if (!Files.isDirectory(dir)) {
        throw new TargetSelectionException("--repo " + given + ": not a folder");
      }
      return dir;
    }
    // outside any checkout: the repository the launcher script belongs to
    return above(cwd)
        .or(() -> Optional.ofNullable(env.get(REPO_VARIABLE)).map(Path::of)
            .filter(RepositoryRoot::isRoot))
        .orElseThrow(() -> notFound(cwd));
  }

  /** The nearest folder at or above {@code start} that has {@value #MARKER}. */
  static Optional<Path> above(Path start) {
    return Stream.iterate(start.toAbsolutePath().normalize(), Objects::nonNull, Path::getParent)
        .filter(RepositoryRoot::isRoot).findFirst();
  }

  static boolean isRoot(Path dir) {
    return Files.isRegularFile(dir.resolve(MARKER));
  }

  /** The message when no root is found above {@code start}. */
  static TargetSelectionException notFound(Path start) {
    return new TargetSelectionException("cannot find the repository root (a folder with "
        + MARKER + ") above " + start + "; give --repo DIR");
  }
}
