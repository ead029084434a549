package org.monitoringstack.gate.render;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/** Test support: fixture mini-repositories copied to a temporary folder, and tools to run. */
public final class TestRepos {

  private TestRepos() {}

  /** The fixture {@code fixtures/repos/<scenario>} copied into {@code tmp}; returns its root. */
  public static Path copy(String scenario, Path tmp) {
    Path source = Path.of("src/test/resources/fixtures/repos", scenario);
    if (!Files.isDirectory(source)) {
      fail("no fixture repository " + source.toAbsolutePath());
    }
    Path root = tmp.resolve(scenario);
    try (Stream<Path> walk = Files.walk(source)) {
      walk.forEach(p -> {
        try {
          Path to = root.resolve(source.relativize(p).toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(to);
          } else {
            Files.copy(p, to);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return root;
  }

  /** The validator module's repository root (the parent of {@code validator/}). */
  public static Path repositoryRoot() {
    return Path.of("").toAbsolutePath().getParent();
  }

  private static Path kustomize;
  private static String bootstrapError = "the toolchain package is not in this build";

  /**
   * The kustomize binary for tests that need the real tool: {@code KUSTOMIZE_BIN}, else the
   * bootstrap's {@code .tools/bin/kustomize}, else the pinned one that the toolchain bootstrap
   * installs (so that the tests work on a fresh clone whatever order they run in), else
   * {@code kustomize} on the PATH.
   */
  public static synchronized Path kustomize() {
    if (kustomize != null) {
      return kustomize;
    }
    Optional<Path> found = Optional.ofNullable(System.getenv("KUSTOMIZE_BIN")).map(Path::of)
        .filter(Files::isExecutable)
        .or(() -> Optional.of(repositoryRoot().resolve(".tools/bin/kustomize"))
            .filter(Files::isExecutable))
        .or(TestRepos::bootstrap)
        .or(() -> Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
            .filter(s -> !s.isEmpty())
            .map(dir -> Path.of(dir, "kustomize"))
            .filter(Files::isExecutable).findFirst());
    if (found.isPresent()) {
      kustomize = found.get();
    } else {
      fail("kustomize not found: set KUSTOMIZE_BIN, or run validator/bin/gitops-validate once "
          + "so that the bootstrap installs .tools/bin/kustomize (bootstrap: " + bootstrapError
          + ")");
    }
    return kustomize;
  }

  /**
   * {@code Toolchain.resolve(repoRoot, env, runner, progress).kustomize()}, called by name: the
   * toolchain package is built alongside this one, and a build without it skips this step.
   */
  private static Optional<Path> bootstrap() {
    try {
      Class<?> toolchain = Class.forName("org.monitoringstack.gate.toolchain.Toolchain");
      Object resolved = toolchain.getMethod("resolve", Path.class, java.util.Map.class,
              org.monitoringstack.gate.exec.ProcessRunner.class,
              java.util.function.Consumer.class)
          .invoke(null, repositoryRoot(), System.getenv(),
              new org.monitoringstack.gate.exec.SystemProcessRunner(),
              (java.util.function.Consumer<String>) line -> { });
      return Optional.of((Path) toolchain.getMethod("kustomize").invoke(resolved));
    } catch (java.lang.reflect.InvocationTargetException e) {
      bootstrapError = String.valueOf(e.getCause().getMessage());
      return Optional.empty();
    } catch (ReflectiveOperationException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
