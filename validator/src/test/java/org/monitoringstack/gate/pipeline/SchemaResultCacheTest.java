package org.monitoringstack.gate.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.ObjectRef;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.model.Severity;
import org.monitoringstack.gate.model.SourceLocation;
import org.monitoringstack.gate.model.Target;
import org.monitoringstack.gate.model.RenderedTarget;
import org.monitoringstack.gate.schema.SchemaValidator;

class SchemaResultCacheTest {

  @TempDir Path tmp;

  static RenderedTarget rendered(String id, int replicas) {
    Resource r = new Resource(new ObjectRef("apps/v1", "Deployment", "monitoring", "grafana"),
        Map.of("kind", "Deployment", "spec", Map.of("replicas", replicas)),
        new SourceLocation("base/grafana/grafana-deployment.yaml", 1));
    return new RenderedTarget(new Target(id, Target.Kind.OVERLAY, Path.of("/r", id)),
        List.of(r), List.of());
  }

  /** Records which targets it was asked about; finds one error per target. */
  static final class Recording implements SchemaValidator {
    final List<List<String>> calls = new ArrayList<>();

    @Override
    public Map<String, List<Finding>> validate(List<RenderedTarget> targets) {
      calls.add(targets.stream().map(t -> t.target().id()).toList());
      Map<String, List<Finding>> out = new java.util.HashMap<>();
      for (RenderedTarget t : targets) {
        Resource r = t.resources().get(0);
        out.put(t.target().id(), List.of(Finding.of("schema.kubeconform", Severity.ERROR, "",
            t.target().id(), r.ref(), r.source(), "spec.replicas: expected string", "")));
      }
      return out;
    }
  }

  @Test
  void validates_only_targets_whose_objects_changed_since_the_last_run() {
    Recording inner = new Recording();
    Path dir = tmp.resolve(".cache/schema-results");

    Map<String, List<Finding>> first = new SchemaResultCache(inner, dir, "catalog-a")
        .validate(List.of(rendered("overlays/kind", 1), rendered("overlays/production", 2)));
    Map<String, List<Finding>> second = new SchemaResultCache(inner, dir, "catalog-a")
        .validate(List.of(rendered("overlays/kind", 1), rendered("overlays/production", 3)));

    assertEquals(List.of(List.of("overlays/kind", "overlays/production"),
        List.of("overlays/production")), inner.calls);
    assertEquals(first.get("overlays/kind"), second.get("overlays/kind"),
        "findings come back from the cache as they were");
  }

  @Test
  void validates_again_when_the_schemas_change() {
    Recording inner = new Recording();
    Path dir = tmp.resolve("cache");
    new SchemaResultCache(inner, dir, "catalog-a").validate(List.of(rendered("overlays/kind", 1)));
    new SchemaResultCache(inner, dir, "catalog-b").validate(List.of(rendered("overlays/kind", 1)));
    assertEquals(2, inner.calls.size());
  }

  @Test
  void validates_again_when_a_cache_file_is_corrupt() throws Exception {
    Recording inner = new Recording();
    Path dir = tmp.resolve("cache");
    new SchemaResultCache(inner, dir, "id").validate(List.of(rendered("overlays/kind", 1)));
    try (var files = Files.list(dir)) {
      Files.writeString(files.findFirst().orElseThrow(), "{not json");
    }
    Map<String, List<Finding>> again =
        new SchemaResultCache(inner, dir, "id").validate(List.of(rendered("overlays/kind", 1)));
    assertEquals(2, inner.calls.size());
    assertEquals("spec.replicas: expected string", again.get("overlays/kind").get(0).message());
  }
}
