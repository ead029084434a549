package org.monitoringstack.gate.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
 * Findings kept on disk by key ({@code <dir>/<key>.json}), for the schema and policy result
 * caches. Entries are written atomically (a temporary file, then a rename); an entry that cannot
 * be read is a miss and a folder that cannot be written (a read-only checkout) means no cache,
 * never a failed run. Waivers are not stored: they are applied after the caches.
 */
final class FindingStore {

  /** Built on first use, not while the gate is assembled. */
  private static final class Json {
    static final JsonMapper MAPPER = JsonMapper.builder().build();
  }

  private final Path dir;

  FindingStore(Path dir) {
    this.dir = Objects.requireNonNull(dir, "dir");
  }

  Optional<List<Finding>> read(String key) {
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
      return Optional.of(List.copyOf(out));
    } catch (IOException | RuntimeException e) {
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
