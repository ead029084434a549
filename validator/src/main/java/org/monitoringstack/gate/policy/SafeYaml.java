package org.monitoringstack.gate.policy;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;
import java.util.regex.Pattern;

/**
 * SnakeYAML behind safe limits: no custom tags or Java types, at most {@value #MAX_ALIASES}
 * aliases, nesting depth {@value #MAX_DEPTH}, 8 MiB of text, and duplicate mapping keys rejected.
 * It composes node trees (which keep line marks) and turns them into plain values (maps, lists,
 * strings, numbers, booleans; timestamps stay strings).
 */
public final class SafeYaml {

  static final int MAX_ALIASES = 50;
  static final int MAX_DEPTH = 64;
  private static final int MAX_CODE_POINTS = 8 * 1024 * 1024;

  private SafeYaml() {}

  /** The YAML could not be read; {@code line} is 1-based, 0 when unknown. */
  public static final class YamlException extends RuntimeException {
    private final int line;

    public YamlException(String message, int line) {
      super(message);
      this.line = line;
    }

    public int line() {
      return line;
    }
  }

  private static Yaml yaml() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setNestingDepthLimit(MAX_DEPTH);
    options.setCodePointLimit(MAX_CODE_POINTS);
    options.setAllowRecursiveKeys(false);
    DumperOptions dumper = new DumperOptions();
    return new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options,
        new CoreSchemaResolver());
  }

  /** Every document of a YAML stream as a node tree (empty documents dropped). */
  public static List<Node> composeAll(String text) {
    List<Node> out = new ArrayList<>();
    try {
      for (Node node : yaml().composeAll(new StringReader(text))) {
        if (node != null && !(node instanceof ScalarNode s && Tag.NULL.equals(s.getTag()))) {
          checkDuplicates(node, new HashSet<>());
          out.add(node);
        }
      }
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
      throw new YamlException(oneLine(e.getProblem() == null ? e.getMessage() : e.getProblem()),
          line);
    } catch (YAMLException e) {
      throw new YamlException(oneLine(e.getMessage()), 0);
    }
    return out;
  }

  /** The single document of a file; a stream of several documents is an error. */
  public static Node composeOne(String text) {
    List<Node> docs = composeAll(text);
    if (docs.size() != 1) {
      throw new YamlException("expected exactly one YAML document, found " + docs.size(), 1);
    }
    return docs.get(0);
  }

  /** 1-based line where a node starts. */
  public static int line(Node node) {
    return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
  }

  /** The plain value of a node tree. */
  public static Object toPlain(Node node) {
    if (node instanceof MappingNode map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (NodeTuple t : map.getValue()) {
        out.put(keyOf(t), toPlain(t.getValueNode()));
      }
      return out;
    }
    if (node instanceof SequenceNode seq) {
      List<Object> out = new ArrayList<>();
      seq.getValue().forEach(n -> out.add(toPlain(n)));
      return out;
    }
    ScalarNode s = (ScalarNode) node;
    String v = s.getValue();
    Tag tag = s.getTag();
    if (Tag.NULL.equals(tag)) {
      return null;
    }
    if (Tag.BOOL.equals(tag)) {
      return Boolean.parseBoolean(v.toLowerCase(java.util.Locale.ROOT));
    }
    if (Tag.INT.equals(tag)) {
      try {
        long l = Long.parseLong(v.replace("_", ""));
        return l == (int) l ? (Object) (int) l : (Object) l;
      } catch (NumberFormatException e) {
        return v;
      }
    }
    if (Tag.FLOAT.equals(tag)) {
      try {
        return Double.parseDouble(v.replace("_", ""));
      } catch (NumberFormatException e) {
        return v;
      }
    }
    return v;
  }

  /** The value of a mapping entry's key as text. */
  public static String keyOf(NodeTuple tuple) {
    return tuple.getKeyNode() instanceof ScalarNode k ? k.getValue() : "?";
  }

  /** The entry of a mapping node under a key, or null. */
  public static NodeTuple entry(Node node, String key) {
    if (node instanceof MappingNode map) {
      for (NodeTuple t : map.getValue()) {
        if (key.equals(keyOf(t))) {
          return t;
        }
      }
    }
    return null;
  }

  private static void checkDuplicates(Node node, Set<Node> seen) {
    if (!seen.add(node)) {
      return;
    }
    if (node instanceof MappingNode map) {
      Set<String> keys = new HashSet<>();
      for (NodeTuple t : map.getValue()) {
        String key = keyOf(t);
        if (!keys.add(key)) {
          throw new YamlException("duplicate key '" + key + "'", line(t.getKeyNode()));
        }
        checkDuplicates(t.getValueNode(), seen);
      }
    } else if (node instanceof SequenceNode seq) {
      seq.getValue().forEach(n -> checkDuplicates(n, seen));
    }
  }

  /**
   * YAML 1.2 core-schema scalars: only true/false are booleans (so {@code severity: off} and
   * {@code on}/{@code yes}/{@code no} stay strings, as Kubernetes' own YAML reads them), and
   * dates stay strings.
   */
  private static final class CoreSchemaResolver extends Resolver {
    private static final Pattern BOOLEAN =
        Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$");

    @Override
    protected void addImplicitResolvers() {
      addImplicitResolver(Tag.BOOL, BOOLEAN, "tfTF");
      addImplicitResolver(Tag.INT, INT, "-+0123456789");
      addImplicitResolver(Tag.FLOAT, FLOAT, "-+0123456789.");
      addImplicitResolver(Tag.MERGE, MERGE, "<");
      addImplicitResolver(Tag.NULL, NULL, "~nN\0");
      addImplicitResolver(Tag.NULL, EMPTY, null);
    }
  }

  private static String oneLine(String s) {
    return s == null ? "unreadable YAML" : s.replaceAll("\\s+", " ").trim();
  }
}
