package org.monitoringstack.gate.policy;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.model.Target;

/**
 * The loaded {@code policies/} folder: profiles, bindings and waivers, validated. The pipeline
 * asks it which profile a target is bound to, evaluates the profile's checks on each rendered
 * target, and at the end applies the waivers to every finding of the run.
 */
public interface PolicySet {

  /** The name of the profile bound to the target, empty when it has no binding. */
  Optional<String> profileFor(Target target);

  /**
   * Every finding of the checks the bound profile enables, at the profile's severities; for an
   * unbound target, one {@code policy.unbound-target} error.
   */
  List<Finding> evaluate(Target target, List<Resource> resources);

  /**
   * Marks the findings that a current waiver covers; returns them (same order) together with
   * findings about the waivers themselves ({@code policy.waiver-expired}, {@code
   * policy.waiver-unused} for waivers of the targets in {@code targetsRun}).
   */
  WaiverOutcome applyWaivers(List<Finding> findings, List<Target> targetsRun, LocalDate today);

  /** The result of {@link #applyWaivers}. */
  record WaiverOutcome(List<Finding> findings, List<Finding> waiverFindings) {
    public WaiverOutcome {
      findings = List.copyOf(findings);
      waiverFindings = List.copyOf(waiverFindings);
    }
  }
}
