package org.monitoringstack.gate.policy;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.monitoringstack.gate.yaml.SafeYaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Our JSON Schemas for the policy files (classpath {@code policy-schemas/<kind>.schema.json}),
 * applied to YAML node trees with the networknt validator; each schema error is mapped back to
 * the line of the offending node through the YAML node marks.
 */
public final class PolicySchemas {

  /** The kinds of policy file; each schema is named after its kind in lower case. */
  public enum Kind {
    PROFILE, BINDINGS, WAIVERS;

    public String schemaName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public String resourcePath() {
      return "/policy-schemas/" + schemaName() + ".schema.json";
    }
  }

  /** One schema violation: a message and the 1-based line it refers to. */
  public record Problem(String message, int line) {}

  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Map<Kind, Schema> SCHEMAS = new ConcurrentHashMap<>();

  private PolicySchemas() {}

  /** Validates one document; problems ordered by line. */
  public static List<Problem> validate(Kind kind, Node document) {
    JsonNode instance = JSON.valueToTree(SafeYaml.toPlain(document));
    return schema(kind).validate(instance).stream()
        .map(e -> new Problem(describe(e),
            SafeYaml.line(nodeAt(document, e.getInstanceLocation(), e.getProperty()))))
        .sorted(Comparator.comparingInt(Problem::line).thenComparing(Problem::message))
        .distinct().toList();
  }

  private static Schema schema(Kind kind) {
    return SCHEMAS.computeIfAbsent(kind, k -> {
      try (InputStream in = PolicySchemas.class.getResourceAsStream(k.resourcePath())) {
        if (in == null) {
          throw new IllegalStateException("schema missing from the classpath: " + k.resourcePath());
        }
        return REGISTRY.getSchema(in, InputFormat.JSON);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  private static String describe(Error e) {
    String message = e.getMessage();
    String where = e.getInstanceLocation() == null ? "" : e.getInstanceLocation().toString();
    if (where.isEmpty()) {
      return "top level: " + message;
    }
    return message.startsWith(where) ? message : where + ": " + message;
  }

  /**
   * The node at an instance location; for an error about a named property (e.g. an unexpected
   * one), that property's key when it exists. Steps that do not exist stop the walk.
   */
  static Node nodeAt(Node root, NodePath path, String property) {
    Node current = root;
    for (int i = 0; path != null && i < path.getNameCount(); i++) {
      Node next = step(current, path.getElement(i));
      if (next == null) {
        return current;
      }
      current = next;
    }
    NodeTuple t = property == null ? null : SafeYaml.entry(current, property);
    return t == null ? current : t.getKeyNode();
  }

  private static Node step(Node node, Object element) {
    if (node instanceof MappingNode && element instanceof String key) {
      NodeTuple t = SafeYaml.entry(node, key);
      return t == null ? null : t.getValueNode();
    }
    if (node instanceof SequenceNode seq && element instanceof Number n) {
      int i = n.intValue();
      return i >= 0 && i < seq.getValue().size() ? seq.getValue().get(i) : null;
    }
    return null;
  }
}
