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
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.model.Target;
import org.monitoringstack.gate.model.TargetInputs;
import org.monitoringstack.gate.kustomization.Kustomization;
import org.monitoringstack.gate.kustomization.KustomizationException;
import org.monitoringstack.gate.yaml.SafeYaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

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

  /** The folder of the fleet's Argo CD ApplicationSets (render.KustomizeRenderer.FLEET). */
  static final String FLEET = "fleet";

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
      String dir = Objects.requireNonNullElse(walk.relative(root.resolve(t.dir())), t.id());
      walk.kustomization(dir);
      if (t.kind() == Target.Kind.CLUSTER) {
        // fleet/: the ApplicationSets there generate this cluster's Applications
        walk.folders.addAll(List.of(dir + "/", FLEET + "/"));
        syncPaths(root.resolve(dir)).forEach(walk::syncPath);
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
    files.stream().flatMap(file -> loadAll(file).stream())
        .forEach(doc -> collectSyncPaths(doc, out));
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
      if (kind.equals("ApplicationSet")
          && Resource.at(spec, "template").orElse(null) instanceof Map<?, ?> tpl) {
        spec = tpl.get("spec");
      }
      addText(spec, "source.path", out);
      if (Resource.at(spec, "sources").orElse(null) instanceof List<?> sources) {
        sources.forEach(source -> addText(source, "path", out));
      }
    } else if (apiVersion.startsWith("kustomize.toolkit.fluxcd.io/")
        && kind.equals("Kustomization")) {
      addText(m, "spec.path", out);
    }
  }

  /** Adds the text at the dotted {@code path} under {@code node}, when there is text there. */
  private static void addText(Object node, String path, List<String> out) {
    if (Resource.at(node, path).orElse(null) instanceof String text) {
      out.add(text);
    }
  }

  static List<Object> loadAll(Path file) {
    try {
      return SafeYaml.loadAll(Files.readString(file, StandardCharsets.UTF_8)).stream()
          .filter(Objects::nonNull).toList();
    } catch (IOException | RuntimeException e) {
      // unreadable or not YAML: the caller counts the file (or its folder) as an input anyway
      return List.of();
    }
  }

  private static List<Node> nodes(Path file) {
    try {
      return SafeYaml.composeAll(Files.readString(file), SafeYaml.Scalars.CORE);
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
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
      return p.startsWith(root) ? root.relativize(p).toString().replace('\\', '/') : null;
    }

    String resolve(String dir, String entry) {
      return relative(root.resolve(dir).resolve(entry));
    }

    boolean isDir(String rel) {
      return Files.isDirectory(root.resolve(rel));
    }

    void syncPath(String path) {
      String p = path.trim().replaceFirst("^(\\./)+", "");
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
      Kustomization.FILE_NAMES.forEach(name -> files.add(prefix + name));
      Kustomization k;
      try {
        k = Kustomization.readDir(root.resolve(dir)).orElse(null);
      } catch (KustomizationException e) {
        k = null;
      }
      if (k == null) {
        folders.add(prefix); // none, or cannot tell what it reads: all of it
        return;
      }
      Stream.of(k.resources(), k.bases(), k.components()).flatMap(List::stream)
          .forEach(e -> fileOrDir(dir, e, false));
      Stream.of(k.generators(), k.transformers(), k.validators()).flatMap(List::stream)
          .forEach(e -> fileOrDir(dir, e, true));
      Stream.of(k.crds(), k.configurations(), k.replacements()).flatMap(List::stream)
          .forEach(e -> file(dir, e.value()));
      Stream.of(k.patches(), k.patchesStrategicMerge(), k.patchesJson6902()).flatMap(List::stream)
          .filter(p -> p.path() != null).forEach(p -> file(dir, p.path().value()));
      Stream.concat(k.configMapGenerator().stream(), k.secretGenerator().stream())
          .forEach(g -> generatorFiles(dir, g));
      if (k.openapi() != null) {
        file(dir, k.openapi().value());
      }
      if (!k.helmCharts().isEmpty()) {
        external.add(prefix + "kustomization: helmCharts");
        folder(dir, k.helmChartHome());
        k.helmCharts().stream().flatMap(chart -> Stream.concat(
                Stream.ofNullable(chart.valuesFile()), chart.additionalValuesFiles().stream()))
            .forEach(v -> file(dir, v.value()));
      }
    }

    /** The files of a configMapGenerator/secretGenerator (or a generator configuration). */
    void generatorFiles(String dir, Kustomization.Generator generator) {
      generator.files().forEach(e -> fileOrFolder(dir, e.value()));
      generator.envs().forEach(e -> file(dir, e.value()));
    }

    void fileOrDir(String dir, Kustomization.Entry entry, boolean pluginConfig) {
      String rel = entry.isRemote(root.resolve(dir)) ? null : resolve(dir, entry.value());
      if (rel == null) {
        external.add(entry.value());
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
        for (Node doc : nodes(root.resolve(rel))) {
          if (doc instanceof MappingNode) {
            generatorFiles(dir, Kustomization.Generator.of(doc));
            for (String key : List.of("path", "valuesFile")) {
              NodeTuple t = SafeYaml.entry(doc, key);
              if (t != null && t.getValueNode() instanceof ScalarNode v) {
                file(dir, v.getValue());
              }
            }
          }
        }
      }
    }

    void file(String dir, String entry) {
      String rel = new Kustomization.Entry(entry, 0).isRemoteForm() ? null : resolve(dir, entry);
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
      } else if (isDir(rel)) {
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
  }
}
