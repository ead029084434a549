package org.monitoringstack.gate.policy.check;

import static org.monitoringstack.gate.policy.ParsedYaml.map;
import static org.monitoringstack.gate.policy.ParsedYaml.str;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;
import org.monitoringstack.gate.policy.ClusterValues;

/**
 * {@code fleet.own-source} (fleet wiring, no guide statement): a cluster delivers its own
 * folder to itself.
 *
 * <ul>
 *   <li>Every Argo CD Application source and Flux Kustomization of the cluster target that syncs
 *       from this repository (param {@code ownRepositories}) points at the cluster's own folder
 *       ({@code clusters/<name>}) or a folder inside it, never at another cluster's.
 *   <li>A cluster with a values file names itself: {@code data.cluster} equals the folder name
 *       (it names the generated Applications and their destination cluster).
 *   <li>At least one of them syncs the folder: a values file no ApplicationSet generator
 *       selects (a folder named outside the generators' glob) deploys nothing.
 * </ul>
 */
final class FleetOwnSourceCheck extends Check {

  private final Path repoRoot;

  FleetOwnSourceCheck(Path repoRoot) {
    // fleet wiring: no statement of the guide; REQUIREMENTS.md proposes no ID
    super("fleet.own-source", "",
        "Every cluster syncs its own folder, names itself in its values file, and is synced.");
    this.repoRoot = Objects.requireNonNull(repoRoot, "repoRoot").toAbsolutePath().normalize();
  }

  @Override
  protected void run(CheckContext context, List<Finding> out) {
    List<String> own = context.params().strings("ownRepositories").stream()
        .map(ClusterSourcesCheck::repoKey).toList();
    String folder = context.target().id();
    String name = folder.substring(folder.lastIndexOf('/') + 1);
    boolean synced = false;
    for (Resource r : context.resources()) {
      List<String[]> sources = new ArrayList<>(); // {url, path, fieldPath}
      if (ClusterSourcesCheck.isApplication(r)) {
        ClusterSourcesCheck.sourcePaths(r).forEach(path -> sources.add(argo(r, path)));
      } else if (ClusterSourcesCheck.isFluxKustomization(r)) {
        ClusterSourcesCheck.gitRepository(context.resources(), r)
            .ifPresent(g -> sources.add(new String[] {str(g.at("spec.url").orElse(null)),
                r.at("spec.path").map(Object::toString).orElse(""), "spec.path"}));
      }
      for (String[] s : sources) {
        if (!own.contains(ClusterSourcesCheck.repoKey(s[0]))) {
          continue;
        }
        String dir = ClusterSourcesCheck.normalizeDir(s[1]);
        if (dir.equals(folder) || dir.startsWith(folder + "/")) {
          synced = true;
          continue;
        }
        out.add(context.finding(r, s[2], "syncs " + (dir.isEmpty() ? "." : dir)
            + " of this repository on cluster " + name + ": expected the cluster's own folder "
            + folder + (dir.startsWith("clusters/") ? " (a copied cluster keeps its source's"
                + " path)" : ""), "point " + s[2] + " at " + folder));
      }
    }
    Optional<ClusterValues> values = ClusterValues.read(repoRoot, context.target().dir());
    if (values.isPresent()) {
      String declared = values.get().get("cluster").orElse("");
      if (!declared.equals(name)) {
        out.add(context.fileFinding(values.get().at("cluster"), "data.cluster is "
            + (declared.isEmpty() ? "unset" : declared) + " in the values file of " + folder
            + ": expected " + name + ", the folder's name (it names the cluster's Applications"
            + " and the cluster they deliver to)", "set data.cluster: " + name + " in "
            + values.get().file()));
      }
      if (!synced) {
        out.add(context.fileFinding(values.get().at(""), "no Argo CD Application or Flux"
            + " Kustomization syncs " + folder + ": expected the fleet's ApplicationSets to"
            + " generate one from " + values.get().file() + " (their git files generators name"
            + " the folders they select)", "name the folder to match the generators' glob"
            + " (clusters/prod-*), or add the folder's sync object"));
      }
    }
  }

  private static String[] argo(Resource r, String path) {
    Map<String, Object> s = map(r.at(path).orElse(null));
    return new String[] {str(s.get("repoURL")), str(s.get("path")), path + ".path"};
  }
}
