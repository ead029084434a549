package org.monitoringstack.gate.policy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.monitoringstack.gate.exec.ToolException;
import org.monitoringstack.gate.exec.ProcessRunner;
import org.monitoringstack.gate.policy.check.CoreChecks;

/** Every check the validator knows, in the order they run and appear in reports. */
public final class CheckRegistry {

  private CheckRegistry() {}

  /**
   * An amtool for registries that only list checks (IDs, descriptions): running a check that
   * needs it is a {@link ToolException}.
   */
  public static final Supplier<Path> UNRESOLVED_AMTOOL = () -> {
    throw new ToolException("amtool was not resolved for this run (the toolchain resolves it"
        + " before the checks run)");
  };

  /** The checks, for listing them: {@link #UNRESOLVED_AMTOOL}. */
  public static List<Check> all(Path repoRoot, ProcessRunner runner) {
    return all(repoRoot, runner, UNRESOLVED_AMTOOL);
  }

  /**
   * @param repoRoot the repository root (checks that read files beside the render need it)
   * @param runner runs external tools for the checks that need them (amtool)
   * @param amtool the pinned amtool the toolchain resolved, asked for when a check runs it
   */
  public static List<Check> all(Path repoRoot, ProcessRunner runner, Supplier<Path> amtool) {
    List<Check> out = new ArrayList<>();
    // group A: resources, Prometheus settings, storage, HA, ports, images, pod security
    out.addAll(CoreChecks.all(repoRoot, runner));
    // group B: tls, network, alerting, auth, coverage, wiring
    out.addAll(org.monitoringstack.gate.policy.check.WiringChecks.all(repoRoot, runner, amtool));
    return List.copyOf(out);
  }
}
