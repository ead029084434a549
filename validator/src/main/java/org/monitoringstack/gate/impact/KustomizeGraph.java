package org.monitoringstack.gate.impact;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.monitoringstack.gate.model.Target;
import org.monitoringstack.gate.model.TargetInputs;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * For each target, the repository files kustomize reads to render it.
 *
 * <p>From a kustomization folder it follows {@code resources} (files and folders), {@code bases},
 * {@code components}, {@code patches[].path}, {@code patchesStrategicMerge}, {@code
 * patchesJson6902[].path}, {@code configMapGenerator}/{@code secretGenerator} {@code files},
 * {@code envs} and {@code env}, {@code crds}, {@code configurations}, {@code generators}, {@code
 * transformers} and {@code validators} (and the files their configurations name), {@code
 * openapi.path}, {@code replacements[].path}, and {@code helmCharts} values files and chart home.
 * Every kustomization file name kustomize accepts counts in each folder it visits (adding a
 * second one breaks the build). A kustomization it cannot parse, or a folder without one, counts
 * whole.
 *
 * <p>A cluster target also reads its whole folder and every in-repo path that the Argo CD
 * Applications ({@code spec.source.path}, {@code spec.sources[].path}) and Flux Kustomizations
 * ({@code spec.path}) in that folder point at (patches that set such a path included). A path that
 * does not exist in the repository counts as a folder (it is external now; if it appears, it
 * matters). Every cluster target also reads {@code fleet/}, whose ApplicationSets generate the
 * Applications of the cluster folders their git files generators match; for the paths those
 * point at, the cluster folder itself (read whole) is what they sync.
 *
 * <p>What a render reads from outside the repository is recorded as {@link
 * TargetInputs#external()}: a remote base or component (a URL, {@code git@...}, a {@code ?ref=}, or
 * {@code host.domain/org/repo//path} that is not a local path), a path that leaves the
 * repository, and Helm charts (which kustomize may fetch). Such a render is never cached.
 *
 * <p>The same inputs key the render cache and select targets for {@code --changed-since}, so a
 * file this graph misses would both serve a stale render and skip a target: {@code
 * ChangedTargetsTest} changes every file of a repository in turn and compares with kustomize.
 */
public final class KustomizeGraph {

  /** The file names kustomize looks for in a kustomization folder. */
  /** The folder of the fleet's Argo CD ApplicationSets (render.KustomizeRenderer.FLEET). */
  static final String FLEET = "fleet";

  public static final List<String> KUSTOMIZATION_FILES =
      List.of("kustomization.yaml", "kustomization.yml", "Kustomization");

  private static final List<String> FILE_OR_DIR_LISTS = List.of(
      "resources", "bases", "components", "generators", "transformers", "validators");
  private static final List<String> FILE_LISTS = List.of("crds", "configurations");

  /** A kustomize remote base written as {@code host.domain/org/repo//path}. */
  private static final java.util.regex.Pattern REMOTE_HOST =
      java.util.regex.Pattern.compile("^[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+/.*");

  private final Path root;
  private final Map<String, TargetInputs> byTarget;

  private KustomizeGraph(Path root, Map<String, TargetInputs> byTarget) {
    this.root = root;
    this.byTarget = byTarget;
  }

  /** Computes the inputs of every target of a repository. */
  public static KustomizeGraph of(Path repoRoot, List<Target> targets) {
    Path root = repoRoot.toAbsolutePath().normalize();
    Map<String, TargetInputs> map = new LinkedHashMap<>();
    for (Target t : targets) {
      Walk walk = new Walk(root);
      String dir = walk.relative(t.dir().isAbsolute() ? t.dir() : root.resolve(t.dir()));
      if (dir == null) {
        dir = t.id();
      }
      if (t.kind() == Target.Kind.CLUSTER) {
        walk.folders.add(dir + "/");
        // the ApplicationSets there generate this cluster's Applications
        walk.folders.add(FLEET + "/");
        walk.kustomization(dir);
        for (String path : syncPaths(root.resolve(dir))) {
          walk.syncPath(path);
        }
      } else {
        walk.kustomization(dir);
      }
      map.put(t.id(), new TargetInputs(t, walk.files, walk.folders, walk.external));
    }
    return new KustomizeGraph(root, map);
  }

  public Path root() {
    return root;
  }

  /** The inputs of every target, in the order the targets were given. */
  public List<TargetInputs> inputs() {
    return List.copyOf(byTarget.values());
  }

  public TargetInputs inputsOf(Target target) {
    TargetInputs in = byTarget.get(target.id());
    if (in == null) {
      throw new IllegalArgumentException("not a target of this graph: " + target.id());
    }
    return in;
  }

  /** The targets whose render reads the repository path. */
  public List<Target> targetsReading(String path) {
    return byTarget.values().stream().filter(i -> i.reads(path)).map(TargetInputs::target)
        .toList();
  }

  /** The in-repo paths the sync objects in a cluster folder point at (not yet resolved). */
  static List<String> syncPaths(Path clusterDir) {
    List<String> out = new ArrayList<>();
    if (!Files.isDirectory(clusterDir)) {
      return out;
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(clusterDir)) {
      files = walk.filter(Files::isRegularFile)
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .sorted().toList();
    } catch (IOException e) {
      return out;
    }
    for (Path file : files) {
      for (Object doc : loadAll(file)) {
        collectSyncPaths(doc, out);
      }
    }
    return out;
  }

  private static void collectSyncPaths(Object doc, List<String> out) {
    if (doc instanceof List<?> ops) {
      // a JSON 6902 patch that sets a source path
      for (Object op : ops) {
        if (op instanceof Map<?, ?> m && m.get("path") instanceof String p
            && (p.endsWith("/path")) && m.get("value") instanceof String v) {
          out.add(v);
        }
      }
      return;
    }
    if (!(doc instanceof Map<?, ?> m)) {
      return;
    }
    String apiVersion = String.valueOf(m.get("apiVersion"));
    String kind = String.valueOf(m.get("kind"));
    if (apiVersion.startsWith("argoproj.io/")) {
      Object spec = m.get("spec");
      if (kind.equals("ApplicationSet") && spec instanceof Map<?, ?> s
          && s.get("template") instanceof Map<?, ?> tpl) {
        spec = tpl.get("spec");
      }
      if (spec instanceof Map<?, ?> s) {
        if (s.get("source") instanceof Map<?, ?> src && src.get("path") instanceof String p) {
          out.add(p);
        }
        if (s.get("sources") instanceof List<?> sources) {
          for (Object src : sources) {
            if (src instanceof Map<?, ?> sm && sm.get("path") instanceof String p) {
              out.add(p);
            }
          }
        }
      }
    } else if (apiVersion.startsWith("kustomize.toolkit.fluxcd.io/")
        && kind.equals("Kustomization")
        && m.get("spec") instanceof Map<?, ?> s && s.get("path") instanceof String p) {
      out.add(p);
    }
  }

  static List<Object> loadAll(Path file) {
    List<Object> docs = new ArrayList<>();
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      LoaderOptions options = new LoaderOptions();
      options.setMaxAliasesForCollections(50);
      options.setCodePointLimit(8 * 1024 * 1024);
      for (Object doc : new Yaml(new SafeConstructor(options)).loadAll(text)) {
        if (doc != null) {
          docs.add(doc);
        }
      }
    } catch (IOException | RuntimeException e) {
      // unreadable or not YAML: the caller counts the file (or its folder) as an input anyway
      return List.of();
    }
    return docs;
  }

  /** One traversal: the inputs found so far and the kustomization folders already visited. */
  private static final class Walk {
    final Path root;
    final TreeSet<String> files = new TreeSet<>();
    final TreeSet<String> folders = new TreeSet<>();
    final TreeSet<String> external = new TreeSet<>();
    final Set<String> visited = new HashSet<>();

    Walk(Path root) {
      this.root = root;
    }

    /** Repository-relative path with {@code /}, or null when outside the repository. */
    String relative(Path absolute) {
      Path p = absolute.toAbsolutePath().normalize();
      if (!p.startsWith(root)) {
        return null;
      }
      String rel = root.relativize(p).toString().replace('\\', '/');
      return rel;
    }

    String resolve(String dir, String entry) {
      return relative(root.resolve(dir).resolve(entry));
    }

    boolean isDir(String rel) {
      return Files.isDirectory(root.resolve(rel));
    }

    void syncPath(String path) {
      String p = path.trim();
      while (p.startsWith("./")) {
        p = p.substring(2);
      }
      if (p.isEmpty() || p.equals(".")) {
        return; // the repository root: never a target layout we render
      }
      String rel = relative(root.resolve(p));
      if (rel == null || rel.isEmpty()) {
        return;
      }
      if (isDir(rel)) {
        kustomization(rel);
      } else {
        folders.add(rel + "/");
        files.add(rel);
      }
    }

    /** Visits a kustomization folder. */
    void kustomization(String dir) {
      if (!visited.add(dir)) {
        return;
      }
      String prefix = dir.isEmpty() ? "" : dir + "/";
      Path found = null;
      for (String name : KUSTOMIZATION_FILES) {
        files.add(prefix + name);
        Path candidate = root.resolve(prefix + name);
        if (found == null && Files.isRegularFile(candidate)) {
          found = candidate;
        }
      }
      if (found == null) {
        folders.add(prefix);
        return;
      }
      List<Object> docs = loadAll(found);
      if (docs.size() != 1 || !(docs.get(0) instanceof Map<?, ?> k)) {
        folders.add(prefix); // cannot tell what it reads: all of it
        return;
      }
      for (String field : FILE_OR_DIR_LISTS) {
        for (String entry : strings(k.get(field))) {
          fileOrDir(dir, entry, field.equals("generators") || field.equals("transformers")
              || field.equals("validators"));
        }
      }
      for (String field : FILE_LISTS) {
        strings(k.get(field)).forEach(e -> file(dir, e));
      }
      for (String field : List.of("patches", "patchesJson6902", "replacements")) {
        if (k.get(field) instanceof List<?> list) {
          for (Object item : list) {
            if (item instanceof Map<?, ?> m && m.get("path") instanceof String p) {
              file(dir, p);
            }
          }
        }
      }
      for (String entry : strings(k.get("patchesStrategicMerge"))) {
        if (!entry.contains("\n")) {
          file(dir, entry);
        }
      }
      for (String field : List.of("configMapGenerator", "secretGenerator")) {
        if (k.get(field) instanceof List<?> list) {
          list.forEach(g -> generatorFiles(dir, g));
        }
      }
      if (k.get("openapi") instanceof Map<?, ?> o && o.get("path") instanceof String p) {
        file(dir, p);
      }
      if (k.get("helmCharts") instanceof List<?> charts && !charts.isEmpty()) {
        external.add(prefix + "kustomization: helmCharts");
        String home = "charts";
        if (k.get("helmGlobals") instanceof Map<?, ?> g && g.get("chartHome") instanceof String h) {
          home = h;
        }
        folder(dir, home);
        for (Object chart : charts) {
          if (chart instanceof Map<?, ?> c) {
            if (c.get("valuesFile") instanceof String v) {
              file(dir, v);
            }
            strings(c.get("additionalValuesFiles")).forEach(v -> file(dir, v));
          }
        }
      }
    }

    /** A file of a configMapGenerator/secretGenerator (or a generator configuration). */
    void generatorFiles(String dir, Object generator) {
      if (!(generator instanceof Map<?, ?> g)) {
        return;
      }
      for (String entry : strings(g.get("files"))) {
        int eq = entry.indexOf('=');
        String path = eq >= 0 ? entry.substring(eq + 1) : entry;
        fileOrFolder(dir, path);
      }
      strings(g.get("envs")).forEach(e -> file(dir, e));
      if (g.get("env") instanceof String e) {
        file(dir, e);
      }
    }

    void fileOrDir(String dir, String entry, boolean pluginConfig) {
      if (isRemote(entry) || (REMOTE_HOST.matcher(entry).matches()
          && !Files.exists(root.resolve(dir).resolve(entry)))) {
        external.add(entry);
        return;
      }
      String rel = resolve(dir, entry);
      if (rel == null) {
        external.add(entry);
        return;
      }
      if (isDir(rel)) {
        kustomization(rel);
        return;
      }
      files.add(rel);
      if (!Files.exists(root.resolve(rel))) {
        folders.add(rel + "/"); // if it appears as a folder, it matters too
        return;
      }
      if (pluginConfig) {
        // a generator or transformer configuration: the files it names, relative to dir
        for (Object doc : loadAll(root.resolve(rel))) {
          if (doc instanceof Map<?, ?> m) {
            generatorFiles(dir, m);
            if (m.get("path") instanceof String p) {
              file(dir, p);
            }
            if (m.get("valuesFile") instanceof String v) {
              file(dir, v);
            }
          }
        }
      }
    }

    void file(String dir, String entry) {
      if (isRemote(entry)) {
        external.add(entry);
        return;
      }
      String rel = resolve(dir, entry);
      if (rel != null) {
        files.add(rel);
      } else {
        external.add(entry);
      }
    }

    void fileOrFolder(String dir, String entry) {
      String rel = resolve(dir, entry);
      if (rel == null) {
        external.add(entry);
        return;
      }
      if (isDir(rel)) {
        folders.add(rel + "/");
      } else {
        files.add(rel);
      }
    }

    void folder(String dir, String entry) {
      String rel = resolve(dir, entry);
      if (rel != null) {
        folders.add(rel.isEmpty() ? "" : rel + "/");
      } else {
        external.add(entry);
      }
    }

    /** A remote reference by its form (never by host name). */
    static boolean isRemote(String entry) {
      return entry.contains("://") || entry.startsWith("git@") || entry.contains("?ref=");
    }

    static List<String> strings(Object value) {
      if (!(value instanceof List<?> list)) {
        return List.of();
      }
      List<String> out = new ArrayList<>();
      for (Object o : list) {
        if (o instanceof String s) {
          out.add(s);
        }
      }
      return out;
    }
  }

  @Override
  public String toString() {
    return "KustomizeGraph" + Objects.toString(byTarget.keySet());
  }
}
