package org.monitoringstack.gate.live;

import java.util.List;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.RenderedTarget;

/** What a sync of one rendered target does on a real API server (see {@link LiveStage}). */
@FunctionalInterface
public interface LiveVerifier {

  /** What the stage found on one target, and the assumptions it used there. */
  record Result(List<Finding> findings, List<String> assumptionsUsed) {
    public Result {
      findings = List.copyOf(findings);
      assumptionsUsed = List.copyOf(assumptionsUsed);
    }
  }

  /**
   * Applies {@code target} to a private API server and reconciles it.
   *
   * @throws org.monitoringstack.gate.exec.ToolException when a server cannot run (exit code 2)
   */
  Result verify(RenderedTarget target);
}
