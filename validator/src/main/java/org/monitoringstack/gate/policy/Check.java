package org.monitoringstack.gate.policy;

import java.util.List;
import org.monitoringstack.gate.model.Finding;

/**
 * One policy check. Stateless: everything it needs comes through the {@link CheckContext}, which
 * also builds its findings (severity, target, requirement and location are filled in there).
 */
public interface Check {

  /** Stable ID, e.g. {@code prometheus.retention}. */
  String id();

  /** The REQUIREMENTS.md ID it enforces, e.g. {@code PERF-1}. */
  String requirement();

  /** One sentence: what the check enforces (used for help text and SARIF rules). */
  String description();

  /** Evaluates the check over one rendered target. */
  List<Finding> evaluate(CheckContext context);
}
