package org.monitoringstack.gate.policy.check;

import static org.monitoringstack.gate.policy.ParsedYaml.list;
import static org.monitoringstack.gate.policy.ParsedYaml.map;
import static org.monitoringstack.gate.policy.ParsedYaml.str;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;
import org.monitoringstack.gate.policy.PolicyException;

/**
 * {@code clusters.source-exists} (GitOps wiring, no guide statement): every Argo CD Application
 * ({@code spec.source}, {@code spec.sources[]}) and Flux Kustomization ({@code spec.path} of the
 * GitRepository its {@code sourceRef} names, which must be in the render) points either at this
 * repository (param {@code ownRepositories}, URLs) and a folder that exists under the repository
 * root, or at an external repository pinned in {@code validator/toolchain.properties} ({@code
 * crd.<name>.module/.version/.dirs}: the module path is the repository, without a {@code /vN}
 * major suffix), at one of the pin's dirs and at the pin's version. With param {@code
 * requirePinnedRevisions} (production) an external revision must be a tag, semver or commit
 * SHA, never HEAD or a branch.
 */
final class ClusterSourcesCheck extends Check {

  static final String TOOLCHAIN = "validator/toolchain.properties";

  private final Path repoRoot;

  ClusterSourcesCheck(Path repoRoot) {
    // GitOps wiring: no statement of the guide; REQUIREMENTS.md proposes no ID
    super("clusters.source-exists", "",
        "Argo CD Applications and Flux Kustomizations point at existing folders of this"
            + " repository or at pinned external sources.");
    this.repoRoot = Objects.requireNonNull(repoRoot, "repoRoot").toAbsolutePath().normalize();
  }

  /** One pinned external source. */
  record Pin(String name, String module, String version, List<String> dirs) {
    String repository() {
      return module.replaceAll("/v[0-9]+$", "");
    }
  }

  /** One place an object syncs from. */
  private record Source(Resource owner, String path, String what, String url, String dir,
      String dirPath, Resource revisionOwner, String revision, String revisionPath,
      boolean revisionPinned) {}

  @Override
  protected void run(CheckContext context, List<Finding> out) {
    List<String> own = context.params().strings("ownRepositories",
        List.of("https://git.example.com/platform/monitoring-gitops.git"));
    boolean requirePinned = context.params().bool("requirePinnedRevisions", false);
    List<Pin> pins = null;
    for (Resource r : context.resources()) {
      List<Source> sources = new ArrayList<>();
      if (isApplication(r)) {
        sourcePaths(r).forEach(path -> sources.add(argo(r, path)));
      } else if (isFluxKustomization(r)) {
        flux(context, r, out).ifPresent(sources::add);
      }
      for (Source s : sources) {
        if (pins == null) {
          pins = pins(repoRoot, id());
        }
        check(context, s, own, pins, requirePinned, out);
      }
    }
  }

  static boolean isApplication(Resource r) {
    return r.is("Application") && r.group().equals("argoproj.io");
  }

  static boolean isFluxKustomization(Resource r) {
    return r.is("Kustomization") && r.group().equals("kustomize.toolkit.fluxcd.io");
  }

  /** Where an Argo CD Application's sources are: {@code spec.source}, {@code spec.sources.<i>}. */
  static List<String> sourcePaths(Resource app) {
    List<String> paths = new ArrayList<>();
    if (app.at("spec.source").isPresent()) {
      paths.add("spec.source");
    }
    List<Object> many = list(app.at("spec.sources").orElse(null));
    for (int i = 0; i < many.size(); i++) {
      paths.add("spec.sources." + i);
    }
    return paths;
  }

  /** The GitRepository of the render that a Flux Kustomization's {@code sourceRef} names. */
  static Optional<Resource> gitRepository(List<Resource> resources, Resource kustomization) {
    Map<String, Object> ref = map(kustomization.at("spec.sourceRef").orElse(null));
    String namespace = str(ref.get("namespace")).isEmpty() ? kustomization.namespace()
        : str(ref.get("namespace"));
    return resources.stream().filter(g -> g.is("GitRepository")
        && g.group().equals("source.toolkit.fluxcd.io") && g.name().equals(str(ref.get("name")))
        && g.namespace().equals(namespace)).findFirst();
  }

  private void check(CheckContext context, Source s, List<String> own, List<Pin> pins,
      boolean requirePinned, List<Finding> out) {
    // the report prints the finding's object before the message: name the owner only when the
    // finding is on another object (a Flux GitRepository holding the revision)
    String who = s.what();
    String revisionWho = s.revisionOwner() == s.owner() ? who
        : "as the source of " + StackComponents.display(s.owner()) + ",";
    String key = repoKey(s.url());
    String dir = normalizeDir(s.dir());
    String shownDir = dir.isEmpty() ? "." : dir;
    if (own.stream().anyMatch(o -> repoKey(o).equals(key))) {
      Path folder;
      try {
        folder = repoRoot.resolve(dir).normalize();
      } catch (InvalidPathException e) {
        folder = null;
      }
      if (folder == null || !folder.startsWith(repoRoot) || !Files.isDirectory(folder)) {
        out.add(context.finding(s.owner(), s.dirPath(),
            who + " points at path " + shownDir + " of this repository:"
                + " expected an existing folder (relative to the repository root), found none",
            "fix the path (repository-relative, e.g. clusters/<name>/stack) or add the"
                + " folder"));
      }
      return;
    }
    Optional<Pin> pin = pins.stream().filter(p -> repoKey(p.repository()).equals(key))
        .findFirst();
    if (pin.isEmpty()) {
      out.add(context.finding(s.owner(), s.path(),
          who + " syncs from " + s.url() + ": expected this repository " + own
              + " or a source pinned in " + TOOLCHAIN + " " + pins.stream()
                  .map(Pin::module).toList() + ", found neither",
          "pin the source in " + TOOLCHAIN + " (crd.<name>.module/.version/.dirs) or vendor"
              + " it through this repository"));
      return;
    }
    Pin p = pin.get();
    if (!p.dirs().contains(dir)) {
      out.add(context.finding(s.owner(), s.dirPath(),
          who + " reads path " + shownDir + " of " + p.module()
              + ": expected one of the pinned dirs " + p.dirs() + " (crd." + p.name()
              + ".dirs), found " + shownDir,
          "use a folder listed in " + TOOLCHAIN + " or add it to crd." + p.name() + ".dirs"));
    }
    String revision = s.revision().isEmpty() ? "HEAD" : s.revision();
    if (requirePinned && !s.revisionPinned()) {
      out.add(context.finding(s.revisionOwner(), s.revisionPath(),
          revisionWho + " follows revision " + revision + " of " + p.module() + ": expected a"
              + " pinned revision (tag, semver or commit SHA) in production, found "
              + revision,
          "set the revision to " + p.version() + " (crd." + p.name() + ".version in "
              + TOOLCHAIN + ")"));
    } else if (!stripV(revision).equals(stripV(p.version()))) {
      out.add(context.finding(s.revisionOwner(), s.revisionPath(),
          revisionWho + " uses revision " + revision + " of " + p.module()
              + ": expected the pinned " + p.version() + " (crd." + p.name() + ".version), found "
              + revision,
          "set the revision to " + p.version() + ", or bump the pin in " + TOOLCHAIN
              + " (which also regenerates the schemas)"));
    }
  }

  private static Source argo(Resource r, String path) {
    String what = path.equals("spec.source") ? "source"
        : "source " + path.substring("spec.sources.".length());
    Map<String, Object> s = map(r.at(path).orElse(null));
    String revision = str(s.get("targetRevision"));
    boolean pinned = !revision.isEmpty() && (revision.matches("[0-9a-f]{7,40}")
        || revision.matches("v?[0-9]+(\\.[0-9]+){1,2}([-+].*)?"));
    String dir = s.containsKey("chart") ? "chart " + str(s.get("chart")) : str(s.get("path"));
    return new Source(r, path, what, str(s.get("repoURL")), dir,
        path + (s.containsKey("chart") ? ".chart" : ".path"), r, revision,
        path + ".targetRevision", pinned);
  }

  private static Optional<Source> flux(CheckContext context, Resource r, List<Finding> out) {
    Map<String, Object> ref = map(r.at("spec.sourceRef").orElse(null));
    String kind = str(ref.get("kind"));
    String name = str(ref.get("name"));
    String namespace = str(ref.get("namespace")).isEmpty() ? r.namespace()
        : str(ref.get("namespace"));
    Optional<Resource> repo = gitRepository(context.resources(), r);
    if (!kind.equals("GitRepository") || repo.isEmpty()) {
      out.add(context.finding(r, "spec.sourceRef",
          "syncs from " + kind + "/" + namespace + "/" + name
              + ": expected a GitRepository of that name in the render, found none",
          "add the GitRepository next to the Kustomization in the cluster folder, or fix"
              + " sourceRef"));
      return Optional.empty();
    }
    Map<String, Object> gitRef = map(repo.get().at("spec.ref").orElse(null));
    Optional<String> field = Stream.of("commit", "tag", "semver", "name", "branch")
        .filter(k -> !str(gitRef.get(k)).isEmpty()).findFirst();
    String dir = r.at("spec.path").map(Object::toString).orElse("./");
    return Optional.of(new Source(r, "spec.sourceRef", "spec.path (GitRepository "
        + repo.get().name() + ")", str(repo.get().at("spec.url").orElse(null)), dir, "spec.path",
        repo.get(), field.map(k -> str(gitRef.get(k))).orElse(""),
        field.map(k -> "spec.ref." + k).orElse("spec.ref"),
        field.filter(k -> !k.equals("branch") && !k.equals("name")).isPresent()));
  }

  /** The external sources pinned in {@link #TOOLCHAIN} under {@code repoRoot}. */
  static List<Pin> pins(Path repoRoot, String checkId) {
    Path file = repoRoot.resolve(TOOLCHAIN);
    Properties props = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      props.load(reader);
    } catch (IOException e) {
      throw new PolicyException("check " + checkId + ": cannot read " + TOOLCHAIN + ": "
          + e.getMessage());
    }
    List<Pin> out = new ArrayList<>();
    for (String key : new TreeSet<>(props.stringPropertyNames())) {
      if (!key.startsWith("crd.") || !key.endsWith(".module")) {
        continue;
      }
      String name = key.substring("crd.".length(), key.length() - ".module".length());
      String dirs = props.getProperty("crd." + name + ".dirs", "");
      out.add(new Pin(name, props.getProperty(key).trim(),
          props.getProperty("crd." + name + ".version", "").trim(),
          Arrays.stream(dirs.split(",")).map(String::trim).filter(d -> !d.isEmpty())
              .map(ClusterSourcesCheck::normalizeDir).toList()));
    }
    return out;
  }

  /** {@code https://github.com/a/b.git} and {@code git@github.com:a/b}: {@code github.com/a/b}. */
  static String repoKey(String url) {
    return url.trim().toLowerCase(Locale.ROOT)
        .replaceFirst("^[a-z+]+://", "")
        .replaceFirst("^[^@/]+@", "")
        .replaceFirst("^([^/:]+):(?![0-9]+/)", "$1/")
        .replaceFirst("/+\\z", "")
        .replaceFirst("\\.git\\z", "");
  }

  /** A folder as compared: no leading {@code ./}, no outer slashes; the root is empty. */
  static String normalizeDir(String dir) {
    String d = dir.trim().replace('\\', '/')
        .replaceFirst("^(\\./)+", "")
        .replaceFirst("^/+", "")
        .replaceFirst("/+\\z", "");
    return d.equals(".") ? "" : d;
  }

  /** A version as compared: without a semver {@code =} or a {@code v} prefix. */
  private static String stripV(String version) {
    return version.trim().replaceFirst("^=", "").trim().replaceFirst("^v", "");
  }
}
