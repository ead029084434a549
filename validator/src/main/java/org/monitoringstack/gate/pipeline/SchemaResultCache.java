package org.monitoringstack.gate.pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.RenderedTarget;
import org.monitoringstack.gate.schema.SchemaValidator;

/**
 * Remembers the schema findings of a rendered target, keyed by every object of it (content and
 * source location) and by the schema identity (the catalog and the kubeconform binary), in the
 * git-ignored {@code .cache/schema-results/}. Targets seen before skip kubeconform; the others
 * still go to the wrapped validator in one call. A cache that cannot be read or written is
 * ignored.
 */
final class SchemaResultCache implements SchemaValidator {

  private static final String FORMAT = "schema-results-2";

  private final SchemaValidator inner;
  private final FindingStore store;
  private final String identity;

  SchemaResultCache(SchemaValidator inner, Path dir, String identity) {
    this.inner = Objects.requireNonNull(inner, "inner");
    this.store = new FindingStore(dir);
    this.identity = Objects.requireNonNull(identity, "identity");
  }

  @Override
  public Map<String, List<Finding>> validate(List<RenderedTarget> targets) {
    Map<String, List<Finding>> out = new LinkedHashMap<>();
    Map<String, String> keys = new LinkedHashMap<>();
    List<RenderedTarget> misses = new ArrayList<>();
    for (RenderedTarget t : targets) {
      String key = key(t);
      Optional<List<Finding>> cached = store.read(key);
      if (cached.isPresent()) {
        out.put(t.target().id(), cached.get());
      } else {
        misses.add(t);
        keys.put(t.target().id(), key);
      }
    }
    if (!misses.isEmpty()) {
      Map<String, List<Finding>> fresh = inner.validate(misses);
      for (RenderedTarget t : misses) {
        List<Finding> findings = fresh.getOrDefault(t.target().id(), List.of());
        out.put(t.target().id(), findings);
        store.write(keys.get(t.target().id()), findings);
      }
    }
    return out;
  }

  private String key(RenderedTarget t) {
    return new CanonicalText().add(FORMAT).add(identity).add(t.target().id())
        .add(t.resources()).digest();
  }
}
