package org.monitoringstack.gate.pipeline;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.model.Target;
import org.monitoringstack.gate.policy.PolicySet;

/**
 * A {@link PolicySet} that is still being loaded: loading the policies (YAML, schemas) overlaps
 * with resolving the tools and rendering, and the first question waits for it. A failed load
 * ({@code PolicyException}) is thrown, unwrapped, by that first question.
 */
record LazyPolicySet(CompletableFuture<PolicySet> loading) implements PolicySet {

  @Override
  public Optional<String> profileFor(Target target) {
    return GateFactory.join(loading).profileFor(target);
  }

  @Override
  public List<Finding> evaluate(Target target, List<Resource> resources) {
    return GateFactory.join(loading).evaluate(target, resources);
  }

  @Override
  public WaiverOutcome applyWaivers(List<Finding> findings, List<Target> targetsRun,
      LocalDate today) {
    return GateFactory.join(loading).applyWaivers(findings, targetsRun, today);
  }
}
