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
      if (r.is("Application") && r.group().equals("argoproj.io")) {
        if (r.at("spec.source").isPresent()) {
          sources.add(argo(r, "spec.source", "source"));
        }
        List<Object> many = list(r.at("spec.sources").orElse(null));
        for (int i = 0; i < many.size(); i++) {
          sources.add(argo(r, "spec.sources." + i, "source " + i));
        }
      } else if (r.is("Kustomization") && r.group().equals("kustomize.toolkit.fluxcd.io")) {
        flux(context, r, out).ifPresent(sources::add);
      }
      for (Source s : sources) {
        if (pins == null) {
          pins = pins();
        }
        check(context, s, own, pins, requirePinned, out);
      }
    }
  }

  private void check(CheckContext context, Source s, List<String> own, List<Pin> pins,
      boolean requirePinned, List<Finding> out) {
    // the report prints the finding's object before the message: name the owner only when the
    // finding is on another object (a Flux GitRepository holding the revision)
    String who = s.what();
    String revisionWho = s.revisionOwner() == s.owner() ? who
        : "as the source of " + StackComponents.display(s.owner()) + ",";
    String key = repoKey(s.url());
    if (own.stream().anyMatch(o -> repoKey(o).equals(key))) {
      String dir = normalizeDir(s.dir());
      Path folder;
      try {
        folder = repoRoot.resolve(dir).normalize();
      } catch (InvalidPathException e) {
        folder = null;
      }
      if (folder == null || !folder.startsWith(repoRoot) || !Files.isDirectory(folder)) {
        out.add(context.finding(s.owner(), s.dirPath(),
            who + " points at path " + (dir.isEmpty() ? "." : dir) + " of this repository:"
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
    String dir = normalizeDir(s.dir());
    if (!p.dirs().contains(dir)) {
      out.add(context.finding(s.owner(), s.dirPath(),
          who + " reads path " + (dir.isEmpty() ? "." : dir) + " of " + p.module()
              + ": expected one of the pinned dirs " + p.dirs() + " (crd." + p.name()
              + ".dirs), found " + (dir.isEmpty() ? "." : dir),
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

  private static Source argo(Resource r, String path, String what) {
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
    Optional<Resource> repo = context.resources().stream()
        .filter(g -> g.is("GitRepository") && g.group().equals("source.toolkit.fluxcd.io")
            && g.name().equals(name) && g.namespace().equals(namespace))
        .findFirst();
    if (!kind.equals("GitRepository") || repo.isEmpty()) {
      out.add(context.finding(r, "spec.sourceRef",
          "syncs from " + kind + "/" + namespace + "/" + name
              + ": expected a GitRepository of that name in the render, found none",
          "add the GitRepository next to the Kustomization in the cluster folder, or fix"
              + " sourceRef"));
      return Optional.empty();
    }
    Map<String, Object> gitRef = map(repo.get().at("spec.ref").orElse(null));
    String revision = "";
    String field = "spec.ref";
    boolean pinned = false;
    for (String k : List.of("commit", "tag", "semver", "name", "branch")) {
      if (!str(gitRef.get(k)).isEmpty()) {
        revision = str(gitRef.get(k));
        field = "spec.ref." + k;
        pinned = !k.equals("branch") && !k.equals("name");
        break;
      }
    }
    String dir = r.at("spec.path").map(Object::toString).orElse("./");
    return Optional.of(new Source(r, "spec.sourceRef", "spec.path (GitRepository "
        + repo.get().name() + ")", str(repo.get().at("spec.url").orElse(null)), dir, "spec.path",
        repo.get(),
        revision,
        field, pinned));
  }

  private List<Pin> pins() {
    return pins(repoRoot, id());
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
    String u = url.trim().toLowerCase(Locale.ROOT);
    u = u.replaceFirst("^[a-z+]+://", "");
    u = u.replaceFirst("^[^@/]+@", "");
    u = u.replaceFirst("^([^/:]+):(?![0-9]+/)", "$1/");
    while (u.endsWith("/")) {
      u = u.substring(0, u.length() - 1);
    }
    if (u.endsWith(".git")) {
      u = u.substring(0, u.length() - 4);
    }
    return u;
  }

  static String normalizeDir(String dir) {
    String d = dir.trim().replace('\\', '/');
    while (d.startsWith("./")) {
      d = d.substring(2);
    }
    while (d.startsWith("/")) {
      d = d.substring(1);
    }
    while (d.endsWith("/")) {
      d = d.substring(0, d.length() - 1);
    }
    return d.equals(".") ? "" : d;
  }

  private static String stripV(String version) {
    String v = version.trim();
    if (v.startsWith("=")) {
      v = v.substring(1).trim();
    }
    return v.startsWith("v") ? v.substring(1) : v;
  }
}
