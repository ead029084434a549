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
import tools.jackson.databind.node.ObjectNode;

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
      ObjectNode n = array.addObject();
      n.put("check", f.check());
      n.put("severity", f.severity().label());
      n.put("requirement", f.requirement());
      n.put("target", f.target());
      n.put("apiVersion", f.object().apiVersion());
      n.put("kind", f.object().kind());
      n.put("namespace", f.object().namespace());
      n.put("name", f.object().name());
      n.put("file", f.location().file());
      n.put("line", f.location().line());
      n.put("message", f.message());
      n.put("hint", f.hint());
    }
    try {
      store.write(key, Json.MAPPER.writeValueAsString(array));
    } catch (JacksonException e) {
      // not representable: no cache entry
    }
  }
}
