package org.monitoringstack.gate.mutation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.monitoringstack.gate.exec.ProcessRunner;
import org.monitoringstack.gate.exec.SystemProcessRunner;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.GateReport;
import org.monitoringstack.gate.model.Target;
import org.monitoringstack.gate.pipeline.GateFactory;
import org.monitoringstack.gate.render.TargetDiscovery;
import org.monitoringstack.gate.schema.SchemaCatalog;
import org.monitoringstack.gate.toolchain.ModuleFetcher;
import org.monitoringstack.gate.toolchain.Toolchain;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * A cache never decides a verdict: on a copy of the repository whose production overlay keeps
 * 1d of data (PERF-1 fails), the real gate still fails after its cached render was edited back
 * to 15d, or after the findings were deleted from its cached policy results, and {@code
 * --no-cache} gives the same verdict. Only {@code overlays/production} is gated, to keep it
 * fast.
 */
class PoisonedCacheTest {

  private static final String TARGET = "overlays/production";
  private static final String PATCH = "overlays/production/prometheus-retention.yaml";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static final ProcessRunner RUNNER = new SystemProcessRunner();
  private static final Map<String, String> ENV = new HashMap<>(System.getenv());

  @TempDir Path tmp;

  @BeforeAll
  static void resolve_the_tools_once() {
    Path repo = ProductionMutationTest.REPO;
    Toolchain tools = Toolchain.resolve(repo, System.getenv(), RUNNER, line -> { });
    SchemaCatalog.ensure(repo, tools.pins(), new ModuleFetcher(RUNNER, System.getenv()),
        line -> { });
    ENV.put("KUSTOMIZE_BIN", tools.kustomize().toString());
    ENV.put("KUBECONFORM_BIN", tools.kubeconform().toString());
    ENV.put("AMTOOL_BIN", tools.path("amtool").toString());
  }

  /** A copy of the repository with {@code retention: 1d} in production. */
  private Path copyKeeping1d() throws IOException {
    Path copy = RepositoryCopy.of(ProductionMutationTest.REPO, tmp, "repo");
    Path patch = copy.resolve(PATCH);
    String text = Files.readString(patch, StandardCharsets.UTF_8);
    assertTrue(text.contains("retention: 15d\n"), text);
    Files.writeString(patch, text.replace("retention: 15d\n", "retention: 1d\n"));
    return copy;
  }

  private static GateReport gate(Path copy, boolean caches) {
    List<Target> targets = new TargetDiscovery(copy).all().stream()
        .filter(t -> t.id().equals(TARGET)).toList();
    return new GateFactory(GateFactory.STANDARD, RUNNER)
        .create(copy, ENV, GateFactory.DEFAULT_RENDER_TIMEOUT, line -> { }, caches)
        .run(targets);
  }

  private static List<String> findings(GateReport report) {
    return report.targets().stream().flatMap(t -> t.findings().stream())
        .map(f -> f.location() + ": [" + f.check() + "] " + f.severity().label() + ": "
            + f.message())
        .toList();
  }

  /** The report of the 1d copy: it fails on PERF-1, at the patch that sets the value. */
  private static GateReport failsOnRetention(Path copy) {
    GateReport report = gate(copy, true);
    assertFalse(report.passed(), String.join("\n", findings(report)));
    List<Finding> retention = report.targets().stream().flatMap(t -> t.findings().stream())
        .filter(f -> f.blocks() && f.check().equals("prometheus.retention")).toList();
    assertEquals(1, retention.size(), String.join("\n", findings(report)));
    assertEquals(PATCH, retention.get(0).location().file());
    assertEquals("PERF-1", retention.get(0).requirement());
    return report;
  }

  private static List<Path> entries(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(Files::isRegularFile).sorted().toList();
    }
  }

  @Test
  void fails_when_the_cached_render_is_edited_back_to_15d() throws IOException {
    Path copy = copyKeeping1d();
    GateReport first = failsOnRetention(copy);

    int edited = 0;
    for (Path entry : entries(copy.resolve(".cache/render"))) {
      String text = Files.readString(entry, StandardCharsets.UTF_8);
      if (text.contains("retention: 1d\n")) {
        Files.writeString(entry, text.replace("retention: 1d\n", "retention: 15d\n"));
        edited++;
      }
    }
    // the fast render without origins, and the render with them that located the findings
    assertEquals(2, edited, "the cached renders of production");

    GateReport second = gate(copy, true);
    assertFalse(second.passed(), "a poisoned render cache passed the gate");
    assertEquals(findings(first), findings(second));
    assertEquals(new GateReport.CacheStats(0, 1), second.renderCache(), "the edited entry is a miss");
    assertEquals(new GateReport.CacheStats(1, 0), gate(copy, true).renderCache(), "and was rewritten");
  }

  @Test
  void fails_when_findings_are_deleted_from_the_cached_policy_results() throws IOException {
    Path copy = copyKeeping1d();
    GateReport first = failsOnRetention(copy);

    int deleted = 0;
    for (Path entry : entries(copy.resolve(".cache/policy-results"))) {
      String text = Files.readString(entry, StandardCharsets.UTF_8);
      int newline = text.indexOf('\n');
      ArrayNode kept = JSON.createArrayNode();
      for (JsonNode finding : JSON.readTree(text.substring(newline + 1))) {
        if (finding.get("severity").asString().equals("error")) {
          deleted++;
        } else {
          kept.add(finding);
        }
      }
      // the header is left as it was: a stray edit does not know the digests
      Files.writeString(entry, text.substring(0, newline + 1) + JSON.writeValueAsString(kept));
    }
    assertTrue(deleted >= 1, "the cached errors of production");

    GateReport second = gate(copy, true);
    assertFalse(second.passed(), "a poisoned policy-result cache passed the gate");
    assertEquals(findings(first), findings(second));
  }

  @Test
  void gives_the_same_verdict_with_no_cache_and_writes_no_cache_entry() throws IOException {
    Path copy = copyKeeping1d();
    GateReport cached = failsOnRetention(copy);
    for (String cache : List.of("render", "schema-results", "policy-results")) {
      RepositoryCopy.delete(copy.resolve(".cache").resolve(cache));
    }

    GateReport uncached = gate(copy, false);
    assertFalse(uncached.passed());
    assertEquals(findings(cached), findings(uncached));
    for (String cache : List.of("render", "schema-results", "policy-results")) {
      assertFalse(Files.exists(copy.resolve(".cache").resolve(cache)), cache);
    }
  }
}
