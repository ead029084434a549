package org.monitoringstack.gate.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.monitoringstack.gate.kustomization.Kustomization;
import org.monitoringstack.gate.kustomization.KustomizationException;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.model.SourceLocation;
import org.monitoringstack.gate.model.Target;
import org.monitoringstack.gate.yaml.SafeYaml;
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
 * <p>Overlay patches: the locator made for a target by {@link #forTarget} first looks through the
 * patches of the target's kustomization tree (files and inline {@code patches:} entries, strategic
 * merge and JSON 6902, the resources' and components' own kustomizations included, in the order
 * kustomize applies them) and, when the last patch that applies to the object sets the field,
 * points at that line of the patch. Otherwise (no patch sets it, e.g. the field is missing, or the
 * patch is too dynamic to follow, such as a regex name with a list index) it is the deepest
 * existing parent of the field: in the source file the object was declared in, usually the base,
 * unless a strategic-merge patch sets more of the path (e.g. a container the patch adds, whose
 * missing resources are then located at the container in the patch); the finding still names
 * the right object and field. When the file cannot be read or parsed, or the object is not a
 * document of that file (a kustomize generator's output, whose source is the kustomization that
 * configures it), the object's own location is returned.
 */
public final class SourceLocator implements CheckContext.Locator {

  private final Path repoRoot;
  private final Path root;
  private final Map<String, List<Node>> cache = new ConcurrentHashMap<>();
  private final Map<String, List<Patch>> patchCache = new ConcurrentHashMap<>();

  public SourceLocator(Path repoRoot) {
    this.repoRoot = Objects.requireNonNull(repoRoot, "repoRoot");
    this.root = repoRoot.toAbsolutePath().normalize();
  }

  @Override
  public SourceLocation locate(Resource resource, String fieldPath) {
    return declared(resource, fieldPath).location();
  }

  /**
   * A location, how many steps of the field path exist there (0: only the object), and the node
   * reached (null when unknown).
   */
  private record Located(SourceLocation location, int depth, Node reached) {
    Located(SourceLocation location, int depth) {
      this(location, depth, null);
    }
  }

  /** An ApplicationSet template value that is one parameter of a cluster's values file. */
  private static final java.util.regex.Pattern VALUES_PARAMETER =
      java.util.regex.Pattern.compile("\\{\\{-?\\s*\\.?data\\.([A-Za-z0-9_]+)\\s*-?}}");

  /** Where the object's own source declares the field, or its deepest existing parent. */
  private Located declared(Resource resource, String fieldPath) {
    SourceLocation source = resource.source();
    if (!source.isKnown()) {
      return new Located(source, 0);
    }
    List<Node> docs = documents(source.file());
    Node doc = pick(docs, resource);
    if (doc != null && resource.is("Application") && "ApplicationSet".equals(scalar(doc, "kind"))
        && fieldPath != null) {
      // an Application an ApplicationSet generated: its fields are those of its generator's
      // template where that sets them, else those of spec.template
      String path = fieldPath.isEmpty() ? "" : "." + fieldPath;
      Located common = walk(doc, "spec.template" + path, source);
      String own = generatorTemplate(doc, resource.name());
      if (own != null) {
        Located generator = walk(doc, own + path, source);
        if (generator.depth() - own.split("\\.").length
            >= common.depth() - "spec.template".split("\\.").length) {
          return generator;
        }
      }
      return common;
    } else if (doc == null || !resource.kind().equals(scalar(doc, "kind"))) {
      // not declared as a document of its own there (e.g. made by a generator in a
      // kustomization file): the renderer's line is the best there is
      return new Located(source, 0);
    }
    return walk(doc, fieldPath, source);
  }

  /**
   * The path of the template of the ApplicationSet's generator that names an Application {@code
   * name} ({@code spec.generators.1.git.template}): the first whose {@code metadata.name},
   * parameters taken as wildcards, matches; null when none does.
   */
  private static String generatorTemplate(Node doc, String name) {
    if (!(node(doc, "spec.generators") instanceof SequenceNode seq)) {
      return null;
    }
    for (int i = 0; i < seq.getValue().size(); i++) {
      if (!(seq.getValue().get(i) instanceof MappingNode g)) {
        continue;
      }
      for (NodeTuple t : g.getValue()) {
        String key = t.getKeyNode() instanceof ScalarNode k ? k.getValue() : "";
        Node named = node(t.getValueNode(), "template.metadata.name");
        if (named instanceof ScalarNode n && java.util.regex.Pattern.compile(
            java.util.Arrays.stream(n.getValue().split("\\{\\{.*?}}", -1))
                .map(java.util.regex.Pattern::quote)
                .collect(java.util.stream.Collectors.joining(".*"))).matcher(name).matches()) {
          return "spec.generators." + i + "." + key + ".template";
        }
      }
    }
    return null;
  }

  /** The node at a dotted path of map keys, or null when some key is missing. */
  private static Node node(Node root, String path) {
    List<String> steps = List.of(path.split("\\."));
    Reached at = follow(root, steps, null);
    return at.depth() == steps.size() ? at.node() : null;
  }

  /** How many steps of a path exist, the line of the last one (0: none), and the node there. */
  private record Reached(int depth, int line, Node node) {}

  /**
   * Follows {@code steps} from {@code from} as far as they exist: a step is a map key, or in a
   * list the item that {@code item} picks for the step's index (null: lists are not entered).
   */
  private static Reached follow(Node from, List<String> steps,
      BiFunction<SequenceNode, Integer, Node> item) {
    Node current = from;
    int line = 0;
    int depth = 0;
    for (String step : steps) {
      NodeTuple t = SafeYaml.entry(current, step); // null unless a map with that key
      Node next = t != null ? t.getValueNode()
          : current instanceof SequenceNode seq && item != null ? item.apply(seq, depth) : null;
      if (next == null) {
        break;
      }
      line = SafeYaml.line(t != null ? t.getKeyNode() : next);
      current = next;
      depth++;
    }
    return new Reached(depth, line, current);
  }

  /** The line of the field in the document, or of its deepest existing parent. */
  private static Located walk(Node doc, String fieldPath, SourceLocation source) {
    List<String> steps = fieldPath == null || fieldPath.isEmpty()
        ? List.of() : List.of(fieldPath.split("\\."));
    Reached at = follow(doc, steps, (seq, i) -> {
      String step = steps.get(i);
      return step.matches("\\d+") && Integer.parseInt(step) < seq.getValue().size()
          ? seq.getValue().get(Integer.parseInt(step)) : null;
    });
    return new Located(source.withLine(at.depth() == 0 ? SafeYaml.line(doc) : at.line()),
        at.depth(), at.node());
  }

  /**
   * A locator for the objects of one rendered target: a field set by one of the target's patches
   * is located in that patch, everything else as {@link #locate} does. When its objects include
   * GitOps sync objects (Argo CD Applications, Flux Kustomizations), the folders of this
   * repository they sync from are searched for patches too, as the renderer renders them into
   * the target.
   */
  public CheckContext.Locator forTarget(Target target, List<Resource> rendered) {
    List<Patch> patches = patchCache.computeIfAbsent(target.id(), id -> {
      List<Patch> out = new ArrayList<>();
      Set<Path> seen = new HashSet<>();
      try {
        collect(target.dir().toAbsolutePath().normalize(), seen, out);
        for (String path : syncedPaths(rendered)) {
          collect(root.resolve(path).normalize(), seen, out);
        }
      } catch (RuntimeException e) {
        return List.of(); // an unreadable kustomization: the render stage reports it
      }
      Collections.reverse(out); // the last patch applied has the last word
      return List.copyOf(out);
    });
    return (resource, fieldPath) -> {
      if (fieldPath == null || fieldPath.isEmpty()) {
        return locate(resource, fieldPath);
      }
      List<Patch> applying = patches.stream().filter(p -> p.appliesTo(resource)).toList();
      for (Patch patch : applying) {
        int line = patch.lineOf(resource, fieldPath);
        if (line > 0) {
          return new SourceLocation(patch.file(), line);
        }
      }
      // nothing sets the field (e.g. it is missing): its deepest existing parent, in the
      // object's source or in a patch that adds more of the path (a container a patch adds)
      Located best = declared(resource, fieldPath);
      for (Patch patch : applying) {
        Located deepest = patch.deepest(resource, fieldPath);
        if (deepest.depth() > best.depth()) {
          best = deepest;
        }
      }
      return valuesLine(best, target).orElse(best.location());
    };
  }

  /**
   * Where the cluster's values file sets the field, when the field of an Application an
   * ApplicationSet generated is one parameter of it ({@code targetRevision: '{{ .data.revision
   * }}'}): the line to edit for that cluster, not the template all clusters share.
   */
  private Optional<SourceLocation> valuesLine(Located located, Target target) {
    if (!(located.reached() instanceof ScalarNode scalar)) {
      return Optional.empty();
    }
    java.util.regex.Matcher m = VALUES_PARAMETER.matcher(scalar.getValue().strip());
    if (!m.matches()) {
      return Optional.empty();
    }
    return ClusterValues.read(repoRoot, target.dir())
        .filter(v -> v.lines().containsKey(m.group(1)))
        .map(v -> v.at(m.group(1)));
  }

  /** Repository paths that Argo CD Applications and Flux Kustomizations sync from. */
  private static List<String> syncedPaths(List<Resource> rendered) {
    return rendered.stream().flatMap(r -> r.syncPaths().stream())
        .map(p -> p.startsWith("./") ? p.substring(2) : p)
        .filter(p -> !p.isEmpty() && !p.startsWith("/") && !p.contains("://")).toList();
  }


  /** One patch document: where it is, its line offset (inline patches), and its target. */
  private record Patch(String file, Node doc, int offset, Map<String, Object> target) {

    boolean appliesTo(Resource r) {
      if (target == null) {
        return sameObject(doc, r);
      }
      return matches(target.get("kind"), r.kind(), false)
          && matches(target.get("name"), r.name(), true)
          && matches(target.get("namespace"), r.namespace(), false)
          && matches(target.get("group"), r.group(), false)
          && labels(target.get("labelSelector"), r.labels());
    }

    private static boolean matches(Object wanted, String actual, boolean regex) {
      if (wanted == null) {
        return true;
      }
      String w = String.valueOf(wanted);
      if (!regex) {
        return w.equals(actual);
      }
      try {
        return java.util.regex.Pattern.compile(w).matcher(actual).matches();
      } catch (java.util.regex.PatternSyntaxException e) {
        return w.equals(actual);
      }
    }

    /** Equality-based label selectors ({@code a=b,c!=d,e}); anything else counts as a match. */
    private static boolean labels(Object selector, Map<String, String> labels) {
      if (selector == null) {
        return true;
      }
      for (String term : String.valueOf(selector).split(",")) {
        String t = term.trim();
        if (t.contains("!=")) {
          String[] kv = t.split("!=", 2);
          if (kv[1].trim().equals(labels.get(kv[0].trim()))) {
            return false;
          }
        } else if (t.contains("=")) {
          String[] kv = t.split("==?", 2);
          if (!kv[1].trim().equals(labels.get(kv[0].trim()))) {
            return false;
          }
        } else if (!t.isEmpty() && !t.contains(" ") && !t.startsWith("!")
            && !labels.containsKey(t)) {
          return false;
        }
      }
      return true;
    }

    /** The line (in the patch's file) where it sets the field, or 0 when it does not set it. */
    int lineOf(Resource r, String fieldPath) {
      List<String> steps = List.of(fieldPath.split("\\."));
      if (doc instanceof SequenceNode ops) {
        return jsonPatchLine(r, ops, steps);
      }
      Located deepest = deepest(r, fieldPath);
      return deepest.depth() == steps.size() ? deepest.location().line() : 0;
    }

    /**
     * How many steps of the field path a strategic-merge patch sets, and where (in the patch's
     * file) it sets the deepest one: depth 0 when it sets none, and always for JSON 6902 patches
     * (whose ops {@link #lineOf} matches by path prefix already).
     */
    Located deepest(Resource r, String fieldPath) {
      if (doc instanceof SequenceNode) {
        return new Located(SourceLocation.UNKNOWN, 0);
      }
      List<String> steps = List.of(fieldPath.split("\\."));
      Reached at = follow(doc, steps, (seq, i) -> {
        if (!steps.get(i).matches("\\d+")) {
          return null;
        }
        // list items merge by name: find the patch item named like the rendered one
        Object name = Resource.at(r.body(), String.join(".", steps.subList(0, i + 1)) + ".name")
            .orElse(null);
        return name == null ? null : seq.getValue().stream()
            .filter(n -> String.valueOf(name).equals(scalar(n, "name")))
            .reduce((first, last) -> last).orElse(null);
      });
      return at.line() == 0 ? new Located(SourceLocation.UNKNOWN, 0)
          : new Located(new SourceLocation(file, offset + at.line()), at.depth());
    }

    private int jsonPatchLine(Resource r, SequenceNode ops, List<String> field) {
      for (int i = ops.getValue().size() - 1; i >= 0; i--) {
        Node op = ops.getValue().get(i);
        String path = scalar(op, "path");
        if (path == null || "remove".equals(scalar(op, "op"))) {
          continue;
        }
        List<String> opSteps = new ArrayList<>();
        for (String p : path.split("/")) {
          if (p.equals("-") && "add".equals(scalar(op, "op"))) {
            // appended: the item is the last of the rendered list (unless appended to later)
            Object list = Resource.at(r.body(), String.join(".", opSteps)).orElse(null);
            opSteps.add(list instanceof List<?> l && !l.isEmpty()
                ? String.valueOf(l.size() - 1) : "-");
          } else if (!p.isEmpty()) {
            opSteps.add(p.replace("~1", "/").replace("~0", "~"));
          }
        }
        if (field.size() >= opSteps.size() && field.subList(0, opSteps.size()).equals(opSteps)) {
          NodeTuple value = SafeYaml.entry(op, "value");
          Reached at = follow(value == null ? null : value.getValueNode(),
              field.subList(opSteps.size(), field.size()), null);
          return offset + (at.depth() == 0 ? SafeYaml.line(op) : at.line());
        }
        if (opSteps.size() > field.size() && opSteps.subList(0, field.size()).equals(field)) {
          return offset + SafeYaml.line(op);
        }
      }
      return 0;
    }
  }

  /** The patches of a kustomization and of everything it includes, in application order. */
  private void collect(Path dir, Set<Path> seen, List<Patch> out) {
    if (!seen.add(dir) || !dir.startsWith(root)) {
      return;
    }
    Kustomization k;
    try {
      k = Kustomization.readDir(dir).orElse(null);
    } catch (KustomizationException e) {
      return;
    }
    if (k == null) {
      return;
    }
    Stream.of(k.resources(), k.bases(), k.components()).flatMap(List::stream)
        .filter(ref -> !ref.value().contains("://"))
        .map(ref -> dir.resolve(ref.value()).normalize()).filter(Files::isDirectory)
        .forEach(sub -> collect(sub, seen, out));
    k.patchesStrategicMerge().stream().filter(p -> p.path() != null)
        .forEach(p -> addFile(dir.resolve(p.path().value()).normalize(), null, out));
    k.patchesJson6902().stream().filter(p -> p.path() != null && p.target() != null)
        .forEach(p -> addFile(dir.resolve(p.path().value()).normalize(), p.target(), out));
    for (Kustomization.Patch patch : k.patches()) {
      if (patch.path() != null) {
        addFile(dir.resolve(patch.path().value()).normalize(), patch.target(), out);
      }
      if (patch.inline() != null) {
        try {
          for (Node doc : SafeYaml.composeAll(patch.inline().value(), SafeYaml.Scalars.CORE)) {
            out.add(new Patch(relative(k.file()), doc, patch.inline().line(), patch.target()));
          }
        } catch (SafeYaml.YamlException e) {
          // kustomize reports an unreadable inline patch
        }
      }
    }
  }

  private void addFile(Path file, Map<String, Object> selector, List<Patch> out) {
    String rel = relative(file);
    if (rel == null) {
      return;
    }
    for (Node doc : documents(rel)) {
      out.add(new Patch(rel, doc, 0, selector));
    }
  }

  private String relative(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    return abs.startsWith(root) ? root.relativize(abs).toString().replace('\\', '/') : null;
  }

  private List<Node> documents(String file) {
    return cache.computeIfAbsent(file, f -> {
      try {
        return SafeYaml.composeAll(Files.readString(repoRoot.resolve(f)), SafeYaml.Scalars.CORE);
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
    return docs.stream().filter(d -> sameObject(d, resource)).findFirst()
        .orElse(containing != null ? containing : docs.size() == 1 ? docs.get(0) : null);
  }

  private static boolean sameObject(Node doc, Resource resource) {
    return resource.kind().equals(scalar(doc, "kind"))
        && resource.name().equals(scalar(node(doc, "metadata"), "name"));
  }

  private static String scalar(Node node, String key) {
    NodeTuple t = SafeYaml.entry(node, key);
    return t != null && t.getValueNode() instanceof ScalarNode s ? s.getValue() : null;
  }
}
