package org.monitoringstack.gate.policy.check;

import static org.monitoringstack.gate.policy.ParsedYaml.isFalse;
import static org.monitoringstack.gate.policy.ParsedYaml.isTrue;
import static org.monitoringstack.gate.policy.ParsedYaml.list;
import static org.monitoringstack.gate.policy.ParsedYaml.map;
import static org.monitoringstack.gate.policy.ParsedYaml.str;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;

/**
 * {@code clusters.delivery} (GitOps delivery, no guide statement): how the sync objects of a
 * cluster deliver the stack.
 *
 * <ul>
 *   <li>With {@code pinnedRevisions} (production): every Argo CD Application source and every
 *       GitRepository a Flux Kustomization reads syncs a pinned revision, a release tag such as
 *       {@code v1.2.3} or a 40-hex commit; never a branch, {@code HEAD} or a semver range.
 *   <li>The CRD layers (sources at a CRD folder pinned in {@code validator/toolchain.properties})
 *       sync strictly before the stack layers (sources in {@code ownRepositories}): a lower
 *       {@code argocd.argoproj.io/sync-wave} (default 0), or the CRD Kustomization in the
 *       stack's {@code dependsOn} (transitively).
 *   <li>Argo CD: automated sync with {@code prune} and {@code selfHeal}, and {@code
 *       ServerSideApply=true}. Flux: {@code prune: true}, not suspended (Flux always applies
 *       server-side and corrects drift on every interval).
 * </ul>
 */
final class ClusterDeliveryCheck extends Check {

  static final String WAVE = "argocd.argoproj.io/sync-wave";
  private static final Pattern TAG =
      Pattern.compile("v?[0-9]+\\.[0-9]+\\.[0-9]+([-+][0-9A-Za-z.+-]+)?");
  private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
  private static final String PINNED = "a release tag like v1.2.3 or a 40-hex commit";

  private final Path repoRoot;

  ClusterDeliveryCheck(Path repoRoot) {
    // GitOps delivery: no statement of the guide; REQUIREMENTS.md proposes no ID
    super("clusters.delivery", "",
        "Production sync objects follow pinned revisions, sync the CRDs strictly before the"
            + " stack, server-side, with prune and self-heal.");
    this.repoRoot = Objects.requireNonNull(repoRoot, "repoRoot").toAbsolutePath().normalize();
  }

  /** One reconciliation layer: an Application or a Flux Kustomization, and what it syncs. */
  private record Layer(Resource owner, boolean argo, boolean crds, boolean stack) {
    String display() {
      return StackComponents.display(owner);
    }
  }

  @Override
  protected void run(CheckContext context, List<Finding> out) {
    boolean pinned = context.params().bool("pinnedRevisions", false);
    List<String> own = context.params().strings("ownRepositories").stream()
        .map(ClusterSourcesCheck::repoKey).toList();
    List<Layer> layers = new ArrayList<>();
    List<ClusterSourcesCheck.Pin> pins = null;
    for (Resource r : context.resources()) {
      boolean argo = r.is("Application") && r.group().equals("argoproj.io");
      boolean flux = r.is("Kustomization") && r.group().equals("kustomize.toolkit.fluxcd.io");
      if (!argo && !flux) {
        continue;
      }
      if (pins == null) {
        pins = ClusterSourcesCheck.pins(repoRoot, id());
      }
      List<String[]> sources = new ArrayList<>(); // {url, dir}
      if (argo) {
        argoSources(r).forEach(path -> {
          Map<String, Object> s = map(r.at(path).orElse(null));
          sources.add(new String[] {str(s.get("repoURL")), str(s.get("path"))});
          if (pinned) {
            revision(context, out, r, path + ".targetRevision", str(s.get("targetRevision")),
                str(s.get("repoURL")));
          }
        });
        argoSync(context, out, r);
      } else {
        Optional<Resource> repo = gitRepository(context, r);
        repo.ifPresent(g -> {
          sources.add(new String[] {str(g.at("spec.url").orElse(null)),
              r.at("spec.path").map(Object::toString).orElse("")});
          if (pinned) {
            fluxRevision(context, out, r, g);
          }
        });
        fluxSync(context, out, r);
      }
      boolean crds = false;
      boolean stack = false;
      for (String[] s : sources) {
        String key = ClusterSourcesCheck.repoKey(s[0]);
        String dir = ClusterSourcesCheck.normalizeDir(s[1]);
        stack |= own.contains(key);
        crds |= pins.stream().anyMatch(p -> ClusterSourcesCheck.repoKey(p.repository())
            .equals(key) && p.dirs().contains(dir));
      }
      layers.add(new Layer(r, argo, crds, stack));
    }
    order(context, out, layers);
  }

  private static List<String> argoSources(Resource r) {
    List<String> paths = new ArrayList<>();
    if (r.at("spec.source").isPresent()) {
      paths.add("spec.source");
    }
    List<Object> many = list(r.at("spec.sources").orElse(null));
    for (int i = 0; i < many.size(); i++) {
      paths.add("spec.sources." + i);
    }
    return paths;
  }

  private void revision(CheckContext ctx, List<Finding> out, Resource r, String path,
      String revision, String url) {
    if (TAG.matcher(revision).matches() || COMMIT.matcher(revision).matches()) {
      return;
    }
    String shown = revision.isEmpty() ? "HEAD (targetRevision unset)" : revision;
    out.add(ctx.finding(r, path, "syncs revision " + shown + " of " + url
        + ", which moves with every push; expected a pinned revision: " + PINNED,
        "set " + path + " to the release tag or commit to deploy; promote by changing it"));
  }

  private void fluxRevision(CheckContext ctx, List<Finding> out, Resource k, Resource repo) {
    Map<String, Object> ref = map(repo.at("spec.ref").orElse(null));
    String who = "as the source of " + StackComponents.display(k) + ", ";
    for (String field : List.of("commit", "name", "tag", "semver", "branch")) {
      String v = str(ref.get(field));
      if (v.isEmpty()) {
        continue;
      }
      boolean ok = switch (field) {
        case "commit" -> COMMIT.matcher(v).matches();
        case "name" -> v.startsWith("refs/tags/")
            && TAG.matcher(v.substring("refs/tags/".length())).matches();
        case "tag" -> TAG.matcher(v).matches();
        case "semver" -> TAG.matcher(v.startsWith("=") ? v.substring(1).trim() : v).matches();
        default -> false;
      };
      if (!ok) {
        out.add(ctx.finding(repo, "spec.ref." + field, who + "follows " + field + " " + v
            + ", which can move; expected a pinned revision: " + PINNED,
            "set spec.ref.tag (or spec.ref.commit) to the release to deploy"));
      }
      return;
    }
    out.add(ctx.finding(repo, "spec.ref", who + "follows the default branch (spec.ref unset);"
        + " expected a pinned revision: " + PINNED,
        "set spec.ref.tag (or spec.ref.commit) to the release to deploy"));
  }

  private void argoSync(CheckContext ctx, List<Finding> out, Resource r) {
    Map<String, Object> policy = map(r.at("spec.syncPolicy").orElse(null));
    Object automated = policy.get("automated");
    Map<String, Object> auto = map(automated);
    List<String> missing = new ArrayList<>();
    if (automated == null || isFalse(auto.get("enabled"))) {
      missing.add("automated sync");
    }
    if (!isTrue(auto.get("prune"))) {
      missing.add("prune");
    }
    if (!isTrue(auto.get("selfHeal"))) {
      missing.add("selfHeal");
    }
    if (!missing.isEmpty()) {
      out.add(ctx.finding(r, automated == null ? "spec.syncPolicy" : "spec.syncPolicy.automated",
          "syncs without " + String.join(", ", missing) + ", so removed objects stay and drift"
              + " is not corrected; expected spec.syncPolicy.automated with prune: true and"
              + " selfHeal: true",
          "set spec.syncPolicy.automated: {prune: true, selfHeal: true}"));
    }
    List<String> options = list(policy.get("syncOptions")).stream().map(String::valueOf)
        .toList();
    if (!options.contains("ServerSideApply=true")) {
      out.add(ctx.finding(r, policy.containsKey("syncOptions") ? "spec.syncPolicy.syncOptions"
              : "spec.syncPolicy",
          "applies client-side (syncOptions " + options + "); expected ServerSideApply=true, "
              + "as large objects such as the CRDs exceed the client-side annotation limit",
          "add ServerSideApply=true to spec.syncPolicy.syncOptions"));
    }
  }

  private void fluxSync(CheckContext ctx, List<Finding> out, Resource k) {
    if (!isTrue(k.at("spec.prune").orElse(null))) {
      out.add(ctx.finding(k, k.at("spec.prune").isPresent() ? "spec.prune" : "spec",
          "does not prune, so objects removed from git stay in the cluster; expected "
              + "spec.prune: true", "set spec.prune: true"));
    }
    if (isTrue(k.at("spec.suspend").orElse(null))) {
      out.add(ctx.finding(k, "spec.suspend", "is suspended, so drift is not corrected;"
          + " expected it reconciled (spec.suspend unset or false)", "remove spec.suspend"));
    }
  }

  private static Optional<Resource> gitRepository(CheckContext ctx, Resource k) {
    Map<String, Object> ref = map(k.at("spec.sourceRef").orElse(null));
    String namespace = str(ref.get("namespace")).isEmpty() ? k.namespace()
        : str(ref.get("namespace"));
    return ctx.resources().stream().filter(g -> g.is("GitRepository")
        && g.group().equals("source.toolkit.fluxcd.io") && g.name().equals(str(ref.get("name")))
        && g.namespace().equals(namespace)).findFirst();
  }

  private void order(CheckContext ctx, List<Finding> out, List<Layer> layers) {
    for (Layer stack : layers.stream().filter(l -> l.stack() && !l.crds()).toList()) {
      // one tool orders only its own objects: CRDs delivered by the other tool race the stack
      List<Layer> crds = layers.stream().filter(l -> l.crds() && l.argo() == stack.argo())
          .toList();
      if (crds.isEmpty()) {
        out.add(ctx.finding(stack.owner(), "spec", "syncs the stack, but no " + tool(stack)
            + " object of the cluster delivers the CRDs before it; expected an "
            + (stack.argo() ? "Application" : "Kustomization") + " of a CRD folder pinned in "
            + ClusterSourcesCheck.TOOLCHAIN + " ordered before it",
            "add the CRD layer next to the stack's sync object, with the same tool"));
        continue;
      }
      for (Layer crd : crds) {
        if (stack.argo()) {
          waves(ctx, out, stack, crd);
        } else if (!dependsOn(ctx, stack.owner(), crd.owner())) {
          out.add(ctx.finding(stack.owner(), stack.owner().at("spec.dependsOn").isPresent()
                  ? "spec.dependsOn" : "spec",
              "syncs the stack without waiting for " + crd.display() + ", which delivers the"
                  + " CRDs; expected " + crd.owner().name() + " in spec.dependsOn",
              "add {name: " + crd.owner().name() + "} to spec.dependsOn"));
        }
      }
    }
  }

  private void waves(CheckContext ctx, List<Finding> out, Layer stack, Layer crd) {
    Optional<Integer> stackWave = wave(ctx, out, stack.owner());
    Optional<Integer> crdWave = wave(ctx, out, crd.owner());
    if (stackWave.isEmpty() || crdWave.isEmpty() || stackWave.get() > crdWave.get()) {
      return;
    }
    out.add(ctx.finding(stack.owner(), "metadata.annotations." + WAVE,
        "syncs the stack in sync wave " + stackWave.get() + ", not after " + crd.display()
            + " (wave " + crdWave.get() + "), which delivers the CRDs; expected a wave above "
            + crdWave.get(),
        "set " + WAVE + " of the stack above the CRDs' wave (e.g. CRDs \"-1\", stack \"0\")"));
  }

  /** The sync wave (default 0); empty, with a finding, when it is not a whole number. */
  private Optional<Integer> wave(CheckContext ctx, List<Finding> out, Resource r) {
    String raw = str(map(r.at("metadata.annotations").orElse(null)).get(WAVE)).trim();
    if (raw.isEmpty()) {
      return Optional.of(0);
    }
    try {
      return Optional.of(Integer.parseInt(raw));
    } catch (NumberFormatException e) {
      out.add(ctx.finding(r, "metadata.annotations." + WAVE, "has sync wave '" + raw
          + "', which is not a whole number; expected for example \"-1\" or \"0\"",
          "set " + WAVE + " to a quoted whole number"));
      return Optional.empty();
    }
  }

  /** Whether Kustomization {@code from} depends on {@code on}, directly or through others. */
  private static boolean dependsOn(CheckContext ctx, Resource from, Resource on) {
    Deque<Resource> todo = new ArrayDeque<>(List.of(from));
    Set<String> seen = new HashSet<>();
    while (!todo.isEmpty()) {
      Resource k = todo.pop();
      if (!seen.add(k.namespace() + "/" + k.name())) {
        continue;
      }
      for (Object d : list(k.at("spec.dependsOn").orElse(null))) {
        Map<String, Object> dep = map(d);
        String ns = str(dep.get("namespace")).isEmpty() ? k.namespace() : str(dep.get("namespace"));
        String name = str(dep.get("name"));
        if (name.equals(on.name()) && ns.equals(on.namespace())) {
          return true;
        }
        ctx.resources().stream().filter(x -> x.is("Kustomization")
            && x.group().equals("kustomize.toolkit.fluxcd.io") && x.name().equals(name)
            && x.namespace().equals(ns)).forEach(todo::push);
      }
    }
    return false;
  }

  private static String tool(Layer l) {
    return l.argo() ? "Argo CD" : "Flux";
  }
}
