package org.monitoringstack.gate.pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.monitoringstack.gate.cache.ContentStore;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.ObjectRef;
import org.monitoringstack.gate.model.Severity;
import org.monitoringstack.gate.model.SourceLocation;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * Findings kept on disk by key, as JSON in a {@link ContentStore}, for the schema and policy
 * result caches: an edited, torn or foreign entry is a miss, evaluated again and replaced.
 * Waivers are not stored: they are applied after the caches.
 */
final class FindingStore {

  /** Built on first use, not while the gate is assembled. */
  private static final class Json {
    static final JsonMapper MAPPER = JsonMapper.builder().build();
  }

  private final ContentStore store;

  FindingStore(Path dir) {
    this.store = new ContentStore(dir);
  }

  Optional<List<Finding>> read(String key) {
    Optional<String> text = store.read(key);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      List<Finding> out = new ArrayList<>();
      for (JsonNode n : Json.MAPPER.readTree(text.get())) {
        out.add(Finding.of(n.get("check").asString(), Severity.parse(n.get("severity").asString()),
            n.get("requirement").asString(), n.get("target").asString(),
            new ObjectRef(n.get("apiVersion").asString(), n.get("kind").asString(),
                n.get("namespace").asString(), n.get("name").asString()),
            new SourceLocation(n.get("file").asString(), n.get("line").asInt()),
            n.get("message").asString(), n.get("hint").asString()));
      }
      return Optional.of(List.copyOf(out));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  void write(String key, List<Finding> findings) {
    ArrayNode array = Json.MAPPER.createArrayNode();
    for (Finding f : findings) {
      array.addObject().put("check", f.check()).put("severity", f.severity().label())
          .put("requirement", f.requirement()).put("target", f.target())
          .put("apiVersion", f.object().apiVersion()).put("kind", f.object().kind())
          .put("namespace", f.object().namespace()).put("name", f.object().name())
          .put("file", f.location().file()).put("line", f.location().line())
          .put("message", f.message()).put("hint", f.hint());
    }
    try {
      store.write(key, Json.MAPPER.writeValueAsString(array));
    } catch (JacksonException e) {
      // not representable: no cache entry
    }
  }
}
