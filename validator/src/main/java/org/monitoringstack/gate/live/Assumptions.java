package org.monitoringstack.gate.live;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.monitoringstack.gate.exec.ToolException;
import org.monitoringstack.gate.yaml.SafeYaml;

/**
 * What a real cluster holds that the repository does not (a StorageClass, the Secrets that
 * cert-manager and External Secrets write, a namespace of another team): one object per file in
 * {@code validator/live/assumptions/}, each with a comment saying why. They are applied after the
 * target's Namespaces and before its other objects, only where the target does not define the
 * same object itself (a repository object always wins), and the report names each one used.
 */
record Assumptions(List<Assumption> all) {

  /** Where the assumptions live, relative to the repository root. */
  static final String DIR = "validator/live/assumptions";

  /** One assumed object and the file it comes from (repository-relative). */
  record Assumption(String file, Map<String, Object> object) {
    String kind() {
      return String.valueOf(object.get("kind"));
    }

    String name() {
      return String.valueOf(metadata().get("name"));
    }

    String namespace() {
      Object ns = metadata().get("namespace");
      return ns instanceof String s ? s : "";
    }

    private Map<?, ?> metadata() {
      return object.get("metadata") instanceof Map<?, ?> m ? m : Map.of();
    }

    /** {@code Kind/namespace/name} or {@code Kind/name}. */
    String display() {
      return kind() + "/" + (namespace().isEmpty() ? "" : namespace() + "/") + name();
    }
  }

  Assumptions {
    all = List.copyOf(all);
  }

  /**
   * Reads every {@code *.yaml} of {@link #DIR} in {@code repoRoot}.
   *
   * @throws ToolException when a file is not exactly one object with kind and name
   */
  static Assumptions load(Path repoRoot) {
    Path dir = repoRoot.resolve(DIR);
    if (!Files.isDirectory(dir)) {
      return new Assumptions(List.of());
    }
    List<Assumption> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        String relative = repoRoot.relativize(file).toString().replace('\\', '/');
        List<Object> docs = SafeYaml.loadAll(Files.readString(file, StandardCharsets.UTF_8))
            .stream().filter(d -> d != null).toList();
        if (docs.size() != 1 || !(docs.get(0) instanceof Map<?, ?> map)
            || !(map.get("kind") instanceof String) || !(map.get("metadata") instanceof Map<?, ?>)) {
          throw new ToolException(relative + ": an assumption file holds exactly one object with"
              + " kind and metadata.name");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) map;
        out.add(new Assumption(relative, object));
      }
    } catch (IOException e) {
      throw new ToolException("cannot read " + dir + ": " + e.getMessage(), e);
    } catch (ToolException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ToolException("cannot parse an assumption in " + DIR + ": " + e.getMessage(), e);
    }
    return new Assumptions(out);
  }
}
