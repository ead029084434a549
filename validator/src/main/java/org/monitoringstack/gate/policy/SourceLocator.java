package org.monitoringstack.gate.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.model.SourceLocation;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Finds the line of a field in the file an object came from. It opens the object's source file
 * (relative to the repository root, each file parsed once and cached), picks the YAML document of
 * that object (the one starting at the object's line, else the one with the same kind and name,
 * else the only one), and walks the dotted field path as far as it exists: a missing field points
 * at its deepest existing parent, or at the object itself.
 *
 * <p>Limitation: the line is that of the source file the object was declared in. When an overlay
 * patch changed or added the field, the line still points into the base file (at the field if the
 * base has it, else at its parent); the finding names the right object and field either way.
 * When the file cannot be read or parsed, or the object is not a document of that file (a
 * kustomize generator's output, whose source is the kustomization that configures it), the
 * object's own location is returned.
 */
public final class SourceLocator implements CheckContext.Locator {

  private final Path repoRoot;
  private final Map<String, List<Node>> cache = new ConcurrentHashMap<>();

  public SourceLocator(Path repoRoot) {
    this.repoRoot = Objects.requireNonNull(repoRoot, "repoRoot");
  }

  @Override
  public SourceLocation locate(Resource resource, String fieldPath) {
    SourceLocation source = resource.source();
    if (!source.isKnown()) {
      return source;
    }
    List<Node> docs = documents(source.file());
    Node doc = pick(docs, resource);
    if (doc == null || !resource.kind().equals(scalar(doc, "kind"))) {
      // not declared as a document of its own there (e.g. made by a generator in a
      // kustomization file): the renderer's line is the best there is
      return source;
    }
    int line = SafeYaml.line(doc);
    Node current = doc;
    if (fieldPath != null && !fieldPath.isEmpty()) {
      for (String step : fieldPath.split("\\.")) {
        if (current instanceof MappingNode) {
          NodeTuple t = SafeYaml.entry(current, step);
          if (t == null) {
            break;
          }
          line = SafeYaml.line(t.getKeyNode());
          current = t.getValueNode();
        } else if (current instanceof SequenceNode seq && step.matches("\\d+")) {
          int i = Integer.parseInt(step);
          if (i >= seq.getValue().size()) {
            break;
          }
          current = seq.getValue().get(i);
          line = SafeYaml.line(current);
        } else {
          break;
        }
      }
    }
    return source.withLine(line);
  }

  private List<Node> documents(String file) {
    return cache.computeIfAbsent(file, f -> {
      try {
        return SafeYaml.composeAll(Files.readString(repoRoot.resolve(f)));
      } catch (IOException | RuntimeException e) {
        return List.of();
      }
    });
  }

  private static Node pick(List<Node> docs, Resource resource) {
    int line = resource.source().line();
    Node containing = null;
    if (line > 0) {
      for (Node d : docs) {
        // a document's node starts at its first key; "---" may be the line before
        int from = SafeYaml.line(d) - 1;
        int to = d.getEndMark() == null ? from + 1 : d.getEndMark().getLine() + 1;
        if (from <= line && line <= to) {
          if (sameObject(d, resource)) {
            return d;
          }
          if (containing == null) {
            containing = d;
          }
        }
      }
    }
    for (Node d : docs) {
      if (sameObject(d, resource)) {
        return d;
      }
    }
    if (containing != null) {
      return containing;
    }
    return docs.size() == 1 ? docs.get(0) : null;
  }

  private static boolean sameObject(Node doc, Resource resource) {
    return resource.kind().equals(scalar(doc, "kind"))
        && resource.name().equals(scalar(SafeYaml.entry(doc, "metadata") == null ? null
            : SafeYaml.entry(doc, "metadata").getValueNode(), "name"));
  }

  private static String scalar(Node node, String key) {
    if (node == null) {
      return null;
    }
    NodeTuple t = SafeYaml.entry(node, key);
    return t != null && t.getValueNode() instanceof ScalarNode s ? s.getValue() : null;
  }
}
