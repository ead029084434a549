package org.monitoringstack.gate.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.monitoringstack.gate.exec.SystemProcessRunner;
import org.monitoringstack.gate.exec.ToolException;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.GateReport;
import org.monitoringstack.gate.model.ObjectRef;
import org.monitoringstack.gate.model.Target;
import org.monitoringstack.gate.model.TargetReport;
import org.monitoringstack.gate.policy.PolicyException;
import org.monitoringstack.gate.render.TargetDiscovery;

/**
 * The pull-request gate: the real repository's targets through the real gate, the live stage
 * included (each target applied to a private API server and reconciled by the real operator), one
 * container per target and one test per check that has findings ({@code overlays/production ›
 * schema.kubeconform}, {@code clusters/kind › live.apply}), so a failing overlay fails the build
 * under a readable name. A stage
 * without findings shows as a passing {@code render} / {@code schema} test.
 *
 * <p>Targets bound to the {@code production} profile must have no finding at all (a warning or a
 * waived error fails too); the others (kind) no unwaived error. The repository's own targets
 * must all be there, bound to their profiles.
 */
class RepositoryGateTest {

  static final String SEP = " \u203a ";
  /**
   * {@code mvn test -Dgate.skipLive=true} leaves out the live stage (private API servers and the
   * operator) for a quicker local run; refused when {@code CI=true}.
   */
  static final String SKIP_LIVE = "gate.skipLive";
  static final String STRICT_PROFILE = "production";
  /** The repository's targets and the profile each must be checked against. */
  static final Map<String, String> EXPECTED_PROFILES = Map.of(
      "overlays/kind", "kind",
      "clusters/kind", "kind",
      "overlays/production", STRICT_PROFILE,
      "clusters/prod-eu-west", STRICT_PROFILE,
      "clusters/prod-us-east", STRICT_PROFILE);

  @TestFactory
  List<DynamicNode> repository_targets_pass_the_gate() {
    // the repository this module lives in; -Dgate.repo=DIR points the gate at another checkout
    Path repo = Path.of(System.getProperty("gate.repo",
        Path.of("").toAbsolutePath().getParent().toString()));
    List<Target> targets = new TargetDiscovery(repo).all();
    if (targets.isEmpty()) {
      return List.of(dynamicTest("no targets found", () -> fail(
          "no targets found under " + repo + "/overlays or " + repo + "/clusters")));
    }
    boolean skipLive = Boolean.getBoolean(SKIP_LIVE);
    if (skipLive && "true".equals(System.getenv("CI"))) {
      return List.of(dynamicTest("the live stage runs in CI", () -> fail(
          "-D" + SKIP_LIVE + " is for local runs: CI always runs the live stage")));
    }
    GateReport report;
    try {
      report = new GateFactory(GateFactory.STANDARD, new SystemProcessRunner())
          .create(repo, System.getenv(), GateFactory.DEFAULT_RENDER_TIMEOUT,
              line -> System.err.println("[gate] " + line), true, !skipLive)
          .run(targets);
    } catch (ToolException | PolicyException e) {
      return List.of(dynamicTest("the gate could not run", () -> fail(e.getMessage())));
    }
    List<DynamicNode> nodes = new ArrayList<>();
    Map<String, String> profiles = new LinkedHashMap<>();
    for (TargetReport t : report.targets()) {
      profiles.put(t.target().id(), t.profile());
      List<DynamicTest> tests = new ArrayList<>();
      String id = t.target().id();
      int objects = t.resources();
      tests.add(dynamicTest(id + SEP + "rendered objects", () -> assertTrue(objects > 0,
          id + " rendered no objects")));
      tests.addAll(tests(id, t.findings(), t.profile().equals(STRICT_PROFILE)));
      nodes.add(dynamicContainer(id, tests));
    }
    nodes.add(dynamicTest("targets bound to their profiles", () -> {
      Map<String, String> actual = new java.util.TreeMap<>();
      EXPECTED_PROFILES.keySet().forEach(id -> actual.put(id, profiles.get(id)));
      assertEquals(new java.util.TreeMap<>(EXPECTED_PROFILES), actual);
    }));
    if (!report.runFindings().isEmpty()) {
      // an unused or expired waiver is a finding about the policies themselves: none allowed
      nodes.add(dynamicContainer("policies", tests("policies", report.runFindings(), true)));
    }
    return nodes;
  }

  /** One test per check with findings; {@code strict}: any finding fails, else unwaived errors. */
  static List<DynamicTest> tests(String name, List<Finding> findings, boolean strict) {
    Map<String, List<Finding>> byCheck = findings.stream().collect(
        Collectors.groupingBy(Finding::check, LinkedHashMap::new, Collectors.toList()));
    List<DynamicTest> tests = new ArrayList<>();
    byCheck.forEach((check, list) -> tests.add(dynamicTest(name + SEP + check, () -> {
      List<Finding> blocking = strict ? list : list.stream().filter(Finding::blocks).toList();
      if (!blocking.isEmpty()) {
        // the name again: Maven's console shows dynamic tests by index only
        fail(name + SEP + check + ": " + blocking.size()
            + (strict ? " finding(s), none allowed in " + STRICT_PROFILE : " unwaived error(s)")
            + ":\n"
            + blocking.stream()
            .map(RepositoryGateTest::line).collect(Collectors.joining("\n")));
      }
    })));
    return tests;
  }

  static String line(Finding f) {
    String where = f.location().isKnown() ? f.location().toString() : f.target();
    String object = f.object().equals(ObjectRef.NONE) ? "" : f.object().display() + ": ";
    return where + ": [" + f.check() + "] " + object + f.message()
        + (f.hint().isEmpty() ? "" : "\n  hint: " + f.hint());
  }
}
