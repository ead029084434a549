package org.monitoringstack.gate.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * The only way this validator reads YAML: SnakeYAML's safe constructor with limits on aliases,
 * nesting and size, duplicate and recursive keys rejected, and timestamps kept as strings (as
 * Kubernetes sees them). A {@link Yaml} instance is not thread-safe, so each call makes its own.
 */
public final class SafeYaml {

  /** Collections reached through aliases, per document stream: enough for real files. */
  static final int MAX_ALIASES = 50;

  static final int MAX_NESTING = 100;

  /** Code points per stream: generous for a rendered target, bounded for a hostile one. */
  static final int MAX_CODE_POINTS = 64 * 1024 * 1024;

  private SafeYaml() {}

  static LoaderOptions options() {
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
  public static Yaml loader() {
    LoaderOptions options = options();
    DumperOptions dumper = new DumperOptions();
    return new Yaml(
        new SafeConstructor(options), new Representer(dumper), dumper, options, new NoTimestamps());
  }

  /** Every document of a stream as plain Java objects; nulls for empty documents. */
  public static List<Object> loadAll(String text) {
    List<Object> out = new ArrayList<>();
    for (Object doc : loader().loadAll(text)) {
      out.add(doc);
    }
    return out;
  }

  /** Every document of a stream as nodes (with their positions), empty documents skipped. */
  public static List<Node> composeAll(String text) {
    List<Node> out = new ArrayList<>();
    for (Node node : loader().composeAll(new java.io.StringReader(text))) {
      if (node != null) {
        out.add(node);
      }
    }
    return out;
  }

  /** What is wrong with a YAML stream, as a one-line message and a 1-based line (0 unknown). */
  public record Problem(String message, int line) {}

  /** Empty when {@code text} loads cleanly through the safe loader. */
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
    if (e instanceof MarkedYAMLException marked) {
      Mark mark = marked.getProblemMark() != null ? marked.getProblemMark() : marked.getContextMark();
      StringBuilder message = new StringBuilder();
      if (marked.getContext() != null) {
        message.append(marked.getContext().trim());
      }
      if (marked.getProblem() != null) {
        if (message.length() > 0) {
          message.append(": ");
        }
        message.append(marked.getProblem().trim());
      }
      int line = mark == null ? 0 : mark.getLine() + 1;
      String text1 = message.length() == 0 ? oneLine(e.getMessage()) : message.toString();
      return new Problem(text1 + (mark == null ? "" : " (column " + (mark.getColumn() + 1) + ")"),
          line);
    }
    String message = oneLine(e.getMessage());
    if (message.contains("aliases")) {
      // the alias limit has no position: point at the first anchor, where the bomb starts
      return new Problem(
          "too many aliases (more than " + MAX_ALIASES + " collections reached through aliases);"
              + " refusing what looks like an alias bomb",
          firstLineMatching(text, ANCHOR));
    }
    return new Problem(message, 0);
  }

  static int firstLineMatching(String text, Pattern pattern) {
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      Matcher m = pattern.matcher(lines[i]);
      if (m.find() && !lines[i].trim().startsWith("#")) {
        return i + 1;
      }
    }
    return 0;
  }

  static String oneLine(String s) {
    if (s == null) {
      return "unreadable YAML";
    }
    return s.replaceAll("\\s*\\n\\s*", " ").trim();
  }

  /** YAML 1.1 resolution without timestamps: Kubernetes keeps dates as strings. */
  private static final class NoTimestamps extends Resolver {
    @Override
    protected void addImplicitResolvers() {
      addImplicitResolver(Tag.BOOL, BOOL, "yYnNtTfFoO");
      addImplicitResolver(Tag.INT, INT, "-+0123456789");
      addImplicitResolver(Tag.FLOAT, FLOAT, "-+0123456789.");
      addImplicitResolver(Tag.MERGE, MERGE, "<");
      addImplicitResolver(Tag.NULL, NULL, "~nN\0");
      addImplicitResolver(Tag.NULL, EMPTY, null);
    }
  }
}
