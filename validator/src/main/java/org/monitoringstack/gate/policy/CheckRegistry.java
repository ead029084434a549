package org.monitoringstack.gate.policy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.monitoringstack.gate.exec.ProcessRunner;
import org.monitoringstack.gate.policy.check.CoreChecks;

/** Every check the validator knows, in the order they run and appear in reports. */
public final class CheckRegistry {

  private CheckRegistry() {}

  /**
   * @param repoRoot the repository root (checks that read files beside the render need it)
   * @param runner runs external tools for the checks that need them (amtool)
   */
  public static List<Check> all(Path repoRoot, ProcessRunner runner) {
    List<Check> out = new ArrayList<>();
    // group A: resources, Prometheus settings, storage, HA, ports, images, pod security
    out.addAll(CoreChecks.all(repoRoot, runner));
    // group B: tls, network, alerting, auth, coverage, wiring
    out.addAll(org.monitoringstack.gate.policy.check.WiringChecks.all(repoRoot, runner));
    return List.copyOf(out);
  }
}
