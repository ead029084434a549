package org.monitoringstack.gate.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class GateFactoryTest {

  @Test
  void schema_built_in_background_throws_its_tool_exception_when_validating() {
    org.monitoringstack.gate.exec.ToolException noGo =
        new org.monitoringstack.gate.exec.ToolException("go not found: install Go 1.2x");
    org.monitoringstack.gate.schema.SchemaValidator schema = GateFactory.inBackground(() -> {
      throw noGo;
    });
    assertSame(noGo, assertThrows(org.monitoringstack.gate.exec.ToolException.class,
        () -> schema.validate(List.of())));
  }

  @Test
  void locates_a_schema_error_at_the_patch_line_that_sets_the_field(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
    java.nio.file.Path from = org.monitoringstack.gate.policy.PolicyFixtures.ROOT
        .resolve("locator/repo");
    java.nio.file.Path repo = tmp.resolve("repo");
    try (java.util.stream.Stream<java.nio.file.Path> walk = java.nio.file.Files.walk(from)) {
      for (java.nio.file.Path p : walk.toList()) {
        java.nio.file.Path to = repo.resolve(from.relativize(p).toString());
        if (java.nio.file.Files.isDirectory(p)) {
          java.nio.file.Files.createDirectories(to);
        } else {
          java.nio.file.Files.copy(p, to);
        }
      }
    }
    java.nio.file.Path patch = repo.resolve("overlays/prod/prometheus-retention.yaml");
    java.nio.file.Files.writeString(patch,
        java.nio.file.Files.readString(patch) + "  replicass: 1\n");
    org.monitoringstack.gate.model.Resource prometheus = new org.monitoringstack.gate.model.Resource(
        new org.monitoringstack.gate.model.ObjectRef("monitoring.coreos.com/v1", "Prometheus", "",
            "main"), java.util.Map.of(),
        new org.monitoringstack.gate.model.SourceLocation("base/prometheus.yaml", 1));
    org.monitoringstack.gate.model.RenderedTarget rendered =
        new org.monitoringstack.gate.model.RenderedTarget(new org.monitoringstack.gate.model.Target(
            "overlays/prod", org.monitoringstack.gate.model.Target.Kind.OVERLAY,
            repo.resolve("overlays/prod")), List.of(prometheus), List.of());

    assertEquals(new org.monitoringstack.gate.model.SourceLocation(
        "overlays/prod/prometheus-retention.yaml", 8),
        GateFactory.fieldLocator(repo).locate(rendered, prometheus, "spec.replicass"));
  }

  @Test
  void schema_built_in_background_validates_once_built() {
    org.monitoringstack.gate.schema.SchemaValidator schema =
        GateFactory.inBackground(() -> targets -> java.util.Map.of("overlays/kind", List.of()));
    assertEquals(java.util.Map.of("overlays/kind", List.of()), schema.validate(List.of()));
  }

  /** A factory whose processes all answer as {@code runner} says, recording their argv. */
  private static GateFactory factory(List<List<String>> argv,
      java.util.function.Function<List<String>, org.monitoringstack.gate.exec.ProcessResult> runner) {
    return new GateFactory(GateFactory.STANDARD, spec -> {
      argv.add(spec.command());
      return runner.apply(spec.command());
    });
  }

  private static org.monitoringstack.gate.exec.ProcessResult result(int exit, String stdout) {
    return new org.monitoringstack.gate.exec.ProcessResult(List.of("git"), exit, stdout, "",
        java.time.Duration.ZERO);
  }

  @Test
  void names_the_commit_checked_out_when_asked_for_the_revision() {
    List<List<String>> argv = new java.util.ArrayList<>();
    String sha = "0123456789abcdef0123456789abcdef01234567";
    assertEquals(java.util.Optional.of(sha),
        factory(argv, a -> result(0, sha + "\n")).revision(java.nio.file.Path.of("/repo")));
    assertEquals(List.of(List.of("git", "rev-parse", "--verify", "--quiet", "HEAD")), argv);
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"not a work tree", "no output",
      "git missing"})
  void knows_no_revision_when_git_cannot_say(String why) {
    java.util.function.Function<List<String>, org.monitoringstack.gate.exec.ProcessResult> git =
        switch (why) {
          case "not a work tree" -> a -> result(128, "");
          case "no output" -> a -> result(0, "HEAD\n");
          default -> a -> {
            throw new org.monitoringstack.gate.exec.ToolException("cannot run git");
          };
        };
    assertEquals(java.util.Optional.empty(),
        factory(new java.util.ArrayList<>(), git).revision(java.nio.file.Path.of("/repo")));
  }
}
