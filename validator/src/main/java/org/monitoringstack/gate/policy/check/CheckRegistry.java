package org.monitoringstack.gate.policy.check;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.monitoringstack.gate.exec.ToolException;
import org.monitoringstack.gate.exec.ProcessRunner;
import org.monitoringstack.gate.policy.Check;

/** Every check the validator knows, in the order they run and appear in reports. */
public final class CheckRegistry {

  private CheckRegistry() {}

  /**
   * No tools, for registries that only list checks (IDs, descriptions): running a check that
   * needs one is a {@link ToolException}.
   */
  public static final Function<String, Path> UNRESOLVED_TOOLS = name -> {
    throw new ToolException(name + " was not resolved for this run (the toolchain resolves it"
        + " before the checks run)");
  };

  /** The checks, for listing them: {@link #UNRESOLVED_TOOLS}. */
  public static List<Check> all(Path repoRoot, ProcessRunner runner) {
    return all(repoRoot, runner, UNRESOLVED_TOOLS);
  }

  /**
   * @param repoRoot the repository root (checks that read files beside the render need it)
   * @param runner runs external tools for the checks that need them (amtool)
   * @param tools the binary of a pinned tool by name ({@code amtool}, {@code promtool}), as the
   *     toolchain resolved it; asked for when a check runs it
   */
  public static List<Check> all(Path repoRoot, ProcessRunner runner,
      Function<String, Path> tools) {
    List<Check> out = new ArrayList<>();
    // group A: resources, Prometheus settings, storage, HA, ports, images, pod security
    out.addAll(CoreChecks.all(repoRoot, runner));
    // group B: tls, network, alerting, auth, coverage, wiring
    out.addAll(WiringChecks.all(repoRoot, runner, tools));
    return List.copyOf(out);
  }
}
