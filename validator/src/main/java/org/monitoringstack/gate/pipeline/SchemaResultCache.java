package org.monitoringstack.gate.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.ObjectRef;
import org.monitoringstack.gate.model.Severity;
import org.monitoringstack.gate.model.SourceLocation;
import org.monitoringstack.gate.render.RenderedTarget;
import org.monitoringstack.gate.schema.SchemaValidator;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Remembers the schema findings of a rendered target, keyed by every object of it (content and
 * source location) and by the schema identity (the catalog and the kubeconform binary), in the
 * git-ignored {@code .cache/schema-results/}. Targets seen before skip kubeconform; the others
 * still go to the wrapped validator in one call. A cache that cannot be read or written is
 * ignored.
 */
final class SchemaResultCache implements SchemaValidator {

  private static final String FORMAT = "schema-results-2";
  /** Built on first use, not on the main thread while the gate is assembled (~40 ms). */
  private static final class Json {
    static final JsonMapper MAPPER = JsonMapper.builder().build();
  }

  private final SchemaValidator inner;
  private final Path dir;
  private final String identity;

  SchemaResultCache(SchemaValidator inner, Path dir, String identity) {
    this.inner = Objects.requireNonNull(inner, "inner");
    this.dir = Objects.requireNonNull(dir, "dir");
    this.identity = Objects.requireNonNull(identity, "identity");
  }

  @Override
  public Map<String, List<Finding>> validate(List<RenderedTarget> targets) {
    Map<String, List<Finding>> out = new LinkedHashMap<>();
    Map<String, String> keys = new LinkedHashMap<>();
    List<RenderedTarget> misses = new ArrayList<>();
    for (RenderedTarget t : targets) {
      String key = key(t);
      Optional<List<Finding>> cached = read(key);
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
        write(keys.get(t.target().id()), findings);
      }
    }
    return out;
  }

  String key(RenderedTarget t) {
    return new CanonicalText().add(FORMAT).add(identity).add(t.target().id())
        .add(t.resources()).digest();
  }

  private Optional<List<Finding>> read(String key) {
    Path file = dir.resolve(key + ".json");
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      List<Finding> out = new ArrayList<>();
      for (JsonNode n : Json.MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8))) {
        out.add(Finding.of(n.get("check").asString(), Severity.parse(n.get("severity").asString()),
            n.get("requirement").asString(), n.get("target").asString(),
            new ObjectRef(n.get("apiVersion").asString(), n.get("kind").asString(),
                n.get("namespace").asString(), n.get("name").asString()),
            new SourceLocation(n.get("file").asString(), n.get("line").asInt()),
            n.get("message").asString(), n.get("hint").asString()));
      }
      return Optional.of(out);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private void write(String key, List<Finding> findings) {
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
      Files.createDirectories(dir);
      Path temp = Files.createTempFile(dir, key, ".tmp");
      Files.writeString(temp, Json.MAPPER.writeValueAsString(array), StandardCharsets.UTF_8);
      try {
        Files.move(temp, dir.resolve(key + ".json"), StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, dir.resolve(key + ".json"), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException | JacksonException e) {
      // read-only checkout: no cache
    }
  }
}
