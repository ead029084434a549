package org.monitoringstack.gate.yaml;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * The only way this validator reads YAML: SnakeYAML's safe constructor (no custom tags or Java
 * types) with at most {@value #MAX_ALIASES} collections reached through aliases, nesting depth
 * {@value #MAX_NESTING}, {@value #MAX_CODE_POINTS} code points per stream, and duplicate and
 * recursive keys rejected. Timestamps always stay strings (as Kubernetes sees them).
 *
 * <p>Two ways to resolve plain scalars, see {@link Scalars}: {@link Scalars#KUBERNETES} for
 * manifests (YAML 1.1 booleans such as {@code yes}/{@code on}), {@link Scalars#CORE} for the
 * validator's own policy files, where {@code severity: off} must stay the word "off".
 *
 * <p>{@code load*} build plain Java values; {@code compose*} build node trees that keep the line
 * of every node ({@link #line(Node)}), and {@link #toPlain(Node)} turns one into plain values.
 * A SnakeYAML {@link Yaml} is not thread-safe, so every call makes its own.
 */
public final class SafeYaml {

  /** Collections reached through aliases, per document stream: enough for real files. */
  public static final int MAX_ALIASES = 50;

  /** Nesting depth of collections: deep CRD schemas stay well below it. */
  public static final int MAX_NESTING = 100;

  /** Code points per stream: generous for a rendered target, bounded for a hostile one. */
  public static final int MAX_CODE_POINTS = 64 * 1024 * 1024;

  /** How plain (unquoted) scalars resolve to booleans; dates stay strings in both. */
  public enum Scalars {
    /**
     * YAML 1.1 without timestamps, as Kubernetes reads manifests: {@code yes}/{@code no}/
     * {@code on}/{@code off} are booleans.
     */
    KUBERNETES,
    /**
     * YAML 1.2 core schema: only {@code true}/{@code false} are booleans, so a policy file's
     * {@code severity: off} (and {@code on}/{@code yes}/{@code no}) stays a word.
     */
    CORE
  }

  private SafeYaml() {}

  /** The YAML could not be read; {@code line} is 1-based, 0 when unknown. */
  public static final class YamlException extends YAMLException {
    private final int line;

    public YamlException(String message, int line) {
      super(message);
      this.line = line;
    }

    public int line() {
      return line;
    }
  }

  /** What is wrong with a YAML stream, as a one-line message and a 1-based line (0 unknown). */
  public record Problem(String message, int line) {}

  /**
   * The boolean that a plain scalar with this text is when read like Kubernetes (YAML 1.1:
   * {@code true}, {@code yes}, {@code on} and their negations, each in lower, capitalised or upper
   * case), else empty ({@code tRuE}, {@code 1}, {@code " true"} are text).
   */
  public static Optional<Boolean> kubernetesBoolean(String text) {
    return Resolver.BOOL.matcher(text).matches() ? Optional.of(isTrueWord(text))
        : Optional.empty();
  }

  /** Of the words a resolver tags as booleans, the ones that mean true. */
  private static boolean isTrueWord(String word) {
    return Set.of("true", "yes", "on").contains(word.toLowerCase(Locale.ROOT));
  }

  /** The loader options every loader shares: the limits above. */
  public static LoaderOptions options() {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setAllowDuplicateKeys(false);
    options.setAllowRecursiveKeys(false);
    options.setNestingDepthLimit(MAX_NESTING);
    options.setCodePointLimit(MAX_CODE_POINTS);
    options.setWrappedToRootException(false);
    return options;
  }

  /** A fresh loader (SnakeYAML instances are not thread-safe). */
  public static Yaml loader(Scalars scalars) {
    LoaderOptions options = options();
    DumperOptions dumper = new DumperOptions();
    return new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options,
        new Schema(scalars));
  }

  /**
   * Every document of a stream as plain Java values, read like Kubernetes; null for an empty
   * document.
   *
   * @throws YAMLException when the text is not strict YAML
   */
  public static List<Object> loadAll(String text) {
    return loadAll(text, Scalars.KUBERNETES);
  }

  /** Every document of a stream as plain Java values; null for an empty document. */
  public static List<Object> loadAll(String text, Scalars scalars) {
    List<Object> out = new ArrayList<>();
    loader(scalars).loadAll(text).forEach(out::add);
    return out;
  }

  /**
   * The single document of a stream (YAML or JSON) as plain Java values, read like Kubernetes.
   *
   * @throws YAMLException when the text is not strict YAML or holds several documents
   */
  public static Object load(String text) {
    return loader(Scalars.KUBERNETES).load(text);
  }

  /**
   * Every document of a stream as a node tree with line marks, empty documents dropped.
   *
   * @throws YamlException when the text is not strict YAML (with the line of the problem)
   */
  public static List<Node> composeAll(String text, Scalars scalars) {
    List<Node> out = new ArrayList<>();
    try {
      for (Node node : loader(scalars).composeAll(new StringReader(text))) {
        if (node != null && !(node instanceof ScalarNode s && Tag.NULL.equals(s.getTag()))) {
          // composing does not construct, so SnakeYAML's own duplicate-key check never runs
          checkDuplicates(node, new HashSet<>());
          out.add(node);
        }
      }
    } catch (YamlException e) {
      throw e;
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
      throw new YamlException(
          collapse(e.getProblem() == null ? e.getMessage() : e.getProblem()), line);
    } catch (YAMLException e) {
      // a limit or a forbidden character: no mark, but describe finds the line
      Problem p = describe(e, text);
      throw new YamlException(p.message(), p.line());
    }
    return out;
  }

  /**
   * The single document of a file as a node tree; a stream of several documents is an error.
   *
   * @throws YamlException when the text is not strict YAML or not exactly one document
   */
  public static Node composeOne(String text, Scalars scalars) {
    List<Node> docs = composeAll(text, scalars);
    if (docs.size() != 1) {
      throw new YamlException("expected exactly one YAML document, found " + docs.size(), 1);
    }
    return docs.get(0);
  }

  /** Empty when {@code text} loads cleanly through the safe loader (read like Kubernetes). */
  public static Optional<Problem> check(String text) {
    try {
      loadAll(text);
      return Optional.empty();
    } catch (YAMLException e) {
      return Optional.of(describe(e, text));
    } catch (RuntimeException e) {
      // SnakeYAML signals some limits with plain runtime exceptions
      return Optional.of(new Problem(oneLine(e.getMessage()), 0));
    }
  }

  private static final Pattern ANCHOR = Pattern.compile("(^|[\\s\\[{,:-])&[^\\s\\[\\]{},]+");

  /** Turns a SnakeYAML exception into a message and line, for a finding. */
  public static Problem describe(YAMLException e, String text) {
    if (e instanceof YamlException ours) {
      return new Problem(ours.getMessage(), ours.line());
    }
    if (e instanceof MarkedYAMLException marked) {
      Mark mark = marked.getProblemMark() != null ? marked.getProblemMark() : marked.getContextMark();
      String context = marked.getContext() == null ? "" : marked.getContext().trim();
      String problem = marked.getProblem() == null ? null : marked.getProblem().trim();
      String message = problem == null ? context
          : context.isEmpty() ? problem : context + ": " + problem;
      return new Problem((message.isEmpty() ? oneLine(e.getMessage()) : message)
          + (mark == null ? "" : " (column " + (mark.getColumn() + 1) + ")"),
          mark == null ? 0 : mark.getLine() + 1);
    }
    if (e instanceof ReaderException reader) {
      int[] at = lineAndColumn(text, reader.getPosition());
      return new Problem(String.format(Locale.ROOT, "character U+%04X is not allowed in YAML"
          + " (column %d)", reader.getCodePoint(), at[1]), at[0]);
    }
    String message = oneLine(e.getMessage());
    if (message.startsWith("Nesting Depth exceeded")) {
      return new Problem("nested more than " + MAX_NESTING + " levels deep; refusing what looks"
          + " like a nesting bomb", deepestLine(text));
    }
    if (message.contains("aliases")) {
      // the alias limit has no position: point at the first anchor, where the bomb starts
      return new Problem(
          "too many aliases (more than " + MAX_ALIASES + " collections reached through aliases);"
              + " refusing what looks like an alias bomb",
          firstLineMatching(text, ANCHOR));
    }
    return new Problem(message, 0);
  }

  /** 1-based line and column of the code point at {@code index} (SnakeYAML counts code points). */
  private static int[] lineAndColumn(String text, int index) {
    int line = 1;
    int column = 1;
    for (int i = 0, cp = 0; i < text.length() && cp < index; cp++) {
      int c = text.codePointAt(i);
      line += c == '\n' ? 1 : 0;
      column = c == '\n' ? 1 : column + 1;
      i += Character.charCount(c);
    }
    return new int[] {line, column};
  }

  /**
   * The line where the text nests deepest (SnakeYAML's nesting limit has no position): block
   * levels by indentation and {@code - } items, plus the open flow brackets outside quotes. An
   * estimate, but the nesting a bomb builds is on that line or just before it.
   */
  static int deepestLine(String text) {
    String[] lines = text.split("\n", -1);
    java.util.ArrayDeque<Integer> indents = new java.util.ArrayDeque<>();
    int flow = 0;
    int deepest = 0;
    int at = 0;
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n];
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      if (flow == 0) {
        int indent = line.length() - line.stripLeading().length();
        while (!indents.isEmpty() && indents.peek() >= indent) {
          indents.pop();
        }
        indents.push(indent);
        for (int i = indent; line.startsWith("- ", i); i += 2) {
          indents.push(i + 1);
        }
      }
      char quote = 0;
      int lineDepth = indents.size() + flow; // the deepest this line gets
      for (int i = 0; i < line.length(); i++) {
        char c = line.charAt(i);
        if (quote != 0) {
          quote = c == quote ? 0 : quote;
        } else if (c == '"' || c == '\'') {
          quote = c;
        } else if (c == '#' && (i == 0 || line.charAt(i - 1) == ' ')) {
          break;
        } else if (c == '[' || c == '{') {
          flow++;
          lineDepth = Math.max(lineDepth, indents.size() + flow);
        } else if ((c == ']' || c == '}') && flow > 0) {
          flow--;
        }
      }
      if (lineDepth > deepest) {
        deepest = lineDepth;
        at = n + 1;
      }
    }
    return at;
  }

  /** 1-based line where a node starts, 0 when unknown. */
  public static int line(Node node) {
    return node == null || node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
  }

  /** The value of a mapping entry's key as text ("?" for a complex key). */
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

  /**
   * The plain value of a node tree: maps, lists, strings, integers, doubles, booleans, null.
   * A number SnakeYAML resolved but Java cannot parse (hex, sexagesimal) stays text.
   */
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
      return isTrueWord(v);
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

  /** A message on one line (SnakeYAML's span several). */
  public static String oneLine(String s) {
    if (s == null) {
      return "unreadable YAML";
    }
    return s.replaceAll("\\s*\\n\\s*", " ").trim();
  }

  private static String collapse(String s) {
    return s == null ? "unreadable YAML" : s.replaceAll("\\s+", " ").trim();
  }

  private static int firstLineMatching(String text, Pattern pattern) {
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (pattern.matcher(lines[i]).find() && !lines[i].trim().startsWith("#")) {
        return i + 1;
      }
    }
    return 0;
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
   * Resolution without timestamps (Kubernetes keeps dates as strings): YAML 1.1 booleans, or for
   * {@link Scalars#CORE} the YAML 1.2 core-schema ones (only true/false).
   */
  private static final class Schema extends Resolver {
    private static final Pattern CORE_BOOLEAN =
        Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$");

    Schema(Scalars scalars) {
      boolean core = scalars == Scalars.CORE;
      addImplicitResolver(Tag.BOOL, core ? CORE_BOOLEAN : BOOL, core ? "tfTF" : "yYnNtTfFoO");
      addImplicitResolver(Tag.INT, INT, "-+0123456789");
      addImplicitResolver(Tag.FLOAT, FLOAT, "-+0123456789.");
      addImplicitResolver(Tag.MERGE, MERGE, "<");
      addImplicitResolver(Tag.NULL, NULL, "~nN\0");
      addImplicitResolver(Tag.NULL, EMPTY, null);
    }

    @Override
    protected void addImplicitResolvers() {
      // Resolver's constructor calls this before `scalars` is known: ours adds them instead
    }
  }
}
