package org.monitoringstack.gate.toolchain;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.monitoringstack.gate.exec.SystemProcessRunner;

/**
 * The real, pinned tools for tests, resolved as the gate resolves them ({@code <TOOL>_BIN}, then
 * {@code .tools/bin/} at the pinned version, then a build): tests run the same promtool and
 * amtool as CI and the images, never whatever is on PATH. Install progress goes to stderr.
 */
public final class TestToolchain {

  private static final Map<String, Path> RESOLVED = new ConcurrentHashMap<>();

  private TestToolchain() {}

  /** The repository root: the folder that holds {@code validator/toolchain.properties}. */
  public static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve(Toolchain.PINS_FILE))) {
        return p;
      }
    }
    throw new IllegalStateException("no repository root (a folder with "
        + Toolchain.PINS_FILE + ") above " + dir);
  }

  /** The binary of the pinned tool {@code name}, built on first use. */
  public static synchronized Path tool(String name) {
    Path known = RESOLVED.get(name);
    return known != null ? known : resolve(List.of(name)).path(name);
  }

  /** The pinned tools {@code names}, resolved together. */
  public static Toolchain resolve(List<String> names) {
    Toolchain toolchain = Toolchain.resolve(repositoryRoot(), System.getenv(),
        new SystemProcessRunner(), line -> System.err.println("[toolchain] " + line), names);
    toolchain.tools().forEach(RESOLVED::putIfAbsent);
    return toolchain;
  }
}
