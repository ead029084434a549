package org.monitoringstack.gate.policy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.monitoringstack.gate.model.SourceLocation;
import org.monitoringstack.gate.yaml.SafeYaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * A production cluster's values file, {@code clusters/<name>/values.yaml}: the local-config
 * ConfigMap {@code cluster-values} that {@code overlays/components/cluster-values} applies and
 * the fleet's ApplicationSets generate from. The gate reads the same file: a cluster target's
 * admin networks are its {@code data.adminCidr} and, where the cluster lists the component
 * {@code overlays/components/additional-admin-network}, its {@code data.additionalAdminCidr}
 * ({@link #ADMIN_KEYS}); the {@code fleet.*} checks compare the files of all clusters. Each value
 * keeps its line.
 *
 * @param file repository-relative path with {@code /}
 * @param data the {@code data} entries in file order, scalars as text
 * @param lines the line of each {@code data} key (1-based)
 * @param line the line of the object (of {@code data} when present)
 */
public record ClusterValues(String file, Map<String, String> data, Map<String, Integer> lines,
    int line) {

  /** The values file's name in a cluster folder. */
  public static final String FILE = "values.yaml";

  /** The {@code data} keys that hold an admin network (one CIDR each), in this order. */
  public static final List<String> ADMIN_KEYS = List.of("adminCidr", "additionalAdminCidr");

  public ClusterValues {
    data = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(data));
    lines = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(lines));
  }

  /** The value of a {@code data} key, empty when unset or blank. */
  public Optional<String> get(String key) {
    return Optional.ofNullable(data.get(key)).map(String::trim).filter(v -> !v.isEmpty());
  }

  /** Where a {@code data} key is written (the object's line when it is not). */
  public SourceLocation at(String key) {
    return new SourceLocation(file, lines.getOrDefault(key, line));
  }

  /**
   * The cluster's admin networks (the values of {@link #ADMIN_KEYS} that are set), empty when
   * none is. A value is taken whole: an ipBlock holds one CIDR, so a comma-separated list is not
   * a network and the network checks reject it.
   */
  public List<String> adminCidrs() {
    return ADMIN_KEYS.stream().flatMap(k -> get(k).stream()).toList();
  }

  /**
   * The values file of a cluster folder: empty when the folder has none, or when it is not a
   * YAML mapping (the render reports that file then; the gate never guesses values).
   */
  public static Optional<ClusterValues> read(Path repoRoot, Path clusterDir) {
    Path file = clusterDir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    String rel = repoRoot.toAbsolutePath().normalize()
        .relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
    try {
      List<Node> docs = SafeYaml.composeAll(Files.readString(file, StandardCharsets.UTF_8),
          SafeYaml.Scalars.KUBERNETES);
      if (docs.size() != 1 || !(docs.get(0) instanceof MappingNode doc)) {
        return Optional.empty();
      }
      Map<String, String> data = new LinkedHashMap<>();
      Map<String, Integer> lines = new LinkedHashMap<>();
      int line = SafeYaml.line(doc);
      NodeTuple d = SafeYaml.entry(doc, "data");
      if (d != null && d.getValueNode() instanceof MappingNode m) {
        line = SafeYaml.line(d.getKeyNode());
        for (NodeTuple t : m.getValue()) {
          if (t.getValueNode() instanceof ScalarNode s) {
            String key = SafeYaml.keyOf(t);
            data.put(key, s.getValue());
            lines.put(key, SafeYaml.line(t.getKeyNode()));
          }
        }
      }
      return Optional.of(new ClusterValues(rel, data, lines, line));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
