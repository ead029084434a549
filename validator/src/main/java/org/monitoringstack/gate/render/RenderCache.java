package org.monitoringstack.gate.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.monitoringstack.gate.cache.ContentStore;
import org.monitoringstack.gate.cache.Digest;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.ObjectRef;
import org.monitoringstack.gate.model.RenderedTarget;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.model.Severity;
import org.monitoringstack.gate.model.SourceLocation;
import org.monitoringstack.gate.model.Target;
import org.monitoringstack.gate.model.TargetInputs;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Rendered targets stored on disk ({@code <repo>/.cache/render/}, git-ignored), keyed by a
 * SHA-256 over everything a render depends on: the target, the paths and contents of its input
 * files ({@link TargetInputs}, from the kustomization graph; every file of an input folder), the
 * kustomize version and binary, and its flags. Any change to one of them is a different key, so
 * a stale entry is never read. A render with inputs outside the repository has no key. Entries
 * are YAML (so parsed values keep their types) in a {@link ContentStore}: an edited, torn or
 * foreign entry is a miss, rendered again and replaced. Safe for parallel use.
 */
public final class RenderCache {

  /** Where the cache lives, relative to the repository root. */
  public static final String FOLDER = ".cache/render";

  /** Bumped whenever the entry layout changes, so old entries are never read. */
  static final String FORMAT = "render-cache/2";

  private final Path root;
  private final ContentStore store;
  private final String kustomize;
  private final List<String> flags;

  /**
   * @param repoRoot the repository root; entries go to {@code <repoRoot>/.cache/render/}
   * @param kustomize the kustomize that renders: its version, and the binary's identity (an
   *     override binary need not be the pinned version)
   * @param flags kustomize's flags, and anything else that changes a render (e.g. the
   *     validator's own build)
   */
  public RenderCache(Path repoRoot, String kustomize, List<String> flags) {
    this.root = repoRoot.toAbsolutePath().normalize();
    this.store = new ContentStore(root.resolve(FOLDER));
    this.kustomize = Objects.requireNonNull(kustomize, "kustomize");
    this.flags = List.copyOf(flags);
  }

  /**
   * The key of a target's render given its inputs (a SHA-256 in hex), or empty when the render
   * reads something outside the repository and cannot be cached.
   */
  public Optional<String> key(TargetInputs inputs) {
    if (!inputs.local()) {
      return Optional.empty();
    }
    Digest digest = new Digest().add(FORMAT).add("kustomize " + kustomize);
    flags.forEach(f -> digest.add("flag " + f));
    Target t = inputs.target();
    digest.add("target " + t.kind() + " " + t.id());
    inputs.files().forEach(file -> content(digest, file));
    for (String folder : inputs.folders()) {
      digest.add("folder " + folder);
      Path p = root.resolve(folder.isEmpty() ? "." : folder);
      if (!Files.isDirectory(p)) {
        digest.add("missing");
        continue;
      }
      try (Stream<Path> walk = Files.walk(p)) {
        walk.filter(Files::isRegularFile)
            .map(f -> root.relativize(f).toString().replace('\\', '/'))
            .filter(f -> !f.startsWith(".git/") && !f.startsWith(".cache/")
                && !f.startsWith(".tools/"))
            .sorted().forEach(f -> content(digest, f));
      } catch (IOException e) {
        digest.add("unreadable " + e.getMessage());
      }
    }
    return Optional.of(digest.hex());
  }

  private void content(Digest digest, String file) {
    digest.add("file " + file).addFile(root.resolve(file));
  }

  /** The stored render for a key; empty when absent, edited, torn or of another target. */
  public Optional<RenderedTarget> get(String key, Target target) {
    try {
      return store.read(key).map(text -> decode(text, target));
    } catch (RuntimeException e) {
      return Optional.empty(); // a foreign entry: render again and overwrite it
    }
  }

  /**
   * Stores a render. Returns false (and stores nothing) when it cannot be stored, e.g. the cache
   * folder is not writable: the cache is an optimisation and never fails a run.
   */
  public boolean put(String key, RenderedTarget rendered) {
    try {
      return store.write(key, encode(rendered));
    } catch (RuntimeException e) {
      return false;
    }
  }

  // ---- the entry format ----

  static String encode(RenderedTarget rendered) {
    List<Map<String, Object>> resources = rendered.resources().stream()
        .map(r -> map("ref", ref(r.ref()), "source", location(r.source()), "body", r.body()))
        .toList();
    List<Object> findings = new ArrayList<>();
    for (Finding f : rendered.findings()) {
      if (f.isWaived()) {
        throw new IllegalArgumentException("waivers are applied after rendering");
      }
      findings.add(map("check", f.check(), "severity", f.severity().label(),
          "requirement", f.requirement(), "target", f.target(), "object", ref(f.object()),
          "location", location(f.location()), "message", f.message(), "hint", f.hint()));
    }
    Map<String, Object> doc = map("format", FORMAT, "target", rendered.target().id(),
        "resources", resources, "findings", findings);
    DumperOptions options = new DumperOptions();
    options.setDereferenceAliases(true);
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setWidth(Integer.MAX_VALUE);
    options.setSplitLines(false);
    return new Yaml(new SafeConstructor(new LoaderOptions()), new Representer(options), options)
        .dump(doc);
  }

  @SuppressWarnings("unchecked")
  static RenderedTarget decode(String text, Target target) {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(0);
    options.setAllowDuplicateKeys(false);
    options.setCodePointLimit(Integer.MAX_VALUE);
    options.setNestingDepthLimit(200);
    Object loaded = new Yaml(new SafeConstructor(options)).load(text);
    if (!(loaded instanceof Map<?, ?> doc) || !FORMAT.equals(doc.get("format"))
        || !target.id().equals(doc.get("target"))) {
      throw new IllegalArgumentException("not a render cache entry for " + target.id());
    }
    List<Resource> resources = ((List<Map<String, Object>>) doc.get("resources")).stream()
        .map(m -> new Resource(ref(m.get("ref")), (Map<String, Object>) m.get("body"),
            location(m.get("source"))))
        .toList();
    List<Finding> findings = ((List<Map<String, Object>>) doc.get("findings")).stream()
        .map(m -> Finding.of((String) m.get("check"), Severity.parse((String) m.get("severity")),
            (String) m.get("requirement"), (String) m.get("target"), ref(m.get("object")),
            location(m.get("location")), (String) m.get("message"), (String) m.get("hint")))
        .toList();
    return new RenderedTarget(target, resources, findings);
  }

  /** A map of the given keys and values, in that order (the order of the entry's YAML). */
  private static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  private static Map<String, Object> ref(ObjectRef ref) {
    return map("apiVersion", ref.apiVersion(), "kind", ref.kind(), "namespace", ref.namespace(),
        "name", ref.name());
  }

  private static ObjectRef ref(Object o) {
    Map<?, ?> m = (Map<?, ?>) o;
    return new ObjectRef((String) m.get("apiVersion"), (String) m.get("kind"),
        (String) m.get("namespace"), (String) m.get("name"));
  }

  private static Map<String, Object> location(SourceLocation l) {
    return map("file", l.file(), "line", l.line());
  }

  private static SourceLocation location(Object o) {
    Map<?, ?> m = (Map<?, ?>) o;
    return new SourceLocation((String) m.get("file"), ((Number) m.get("line")).intValue());
  }
}
