package org.monitoringstack.gate.policy.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;
import org.monitoringstack.gate.policy.ClusterValues;
import org.monitoringstack.gate.policy.PolicyException;

/**
 * {@code fleet.unique-values} (SCA-3, fleet wiring): the values of a cluster that must be its
 * own (param {@code keys}, {@code data} keys of the values files; default the {@code cluster}
 * external label, the UI hosts, the Thanos bucket and the admin network) differ from those of
 * every other cluster folder under {@code clusters/} with a values file, unless the value is
 * declared shared (param {@code shared}, a list of values). A copied cluster that kept its
 * source's bucket, hostnames or admin network fails here, at the line of its values file. The
 * admin networks ({@link ClusterValues#ADMIN_KEYS}) are compared with every admin network of the
 * other clusters, whichever key holds it; comma-separated values are compared one by one.
 */
final class FleetUniqueValuesCheck extends Check {

  static final List<String> DEFAULT_KEYS = List.of("cluster", "grafanaHost", "prometheusHost",
      "alertmanagerHost", "thanosBucket", "adminCidr", "additionalAdminCidr");

  private final Path repoRoot;

  FleetUniqueValuesCheck(Path repoRoot) {
    super("fleet.unique-values", "SCA-3",
        "A cluster's external label, hostnames, bucket and admin networks are its own, unless"
            + " declared shared.");
    this.repoRoot = Objects.requireNonNull(repoRoot, "repoRoot").toAbsolutePath().normalize();
  }

  @Override
  protected void run(CheckContext context, List<Finding> out) {
    Optional<ClusterValues> own = ClusterValues.read(repoRoot, context.target().dir());
    if (own.isEmpty()) {
      return;
    }
    List<String> keys = context.params().strings("keys", DEFAULT_KEYS);
    List<String> shared = context.params().strings("shared");
    List<ClusterValues> others = others(context.target().dir());
    for (String key : keys) {
      for (String value : split(own.get().get(key).orElse(""))) {
        if (shared.contains(value)) {
          continue;
        }
        for (ClusterValues other : others) {
          for (String otherKey : ClusterValues.ADMIN_KEYS.contains(key) ? ClusterValues.ADMIN_KEYS
              : List.of(key)) {
            if (!split(other.get(otherKey).orElse("")).contains(value)) {
              continue;
            }
            out.add(context.fileFinding(own.get().at(key), "data." + key + " " + value
                + " is also the " + otherKey + " of " + folderOf(other) + " ("
                + other.at(otherKey) + "); expected a value of this cluster's own, or the value"
                + " declared shared",
                "set this cluster's own " + key + " in " + own.get().file() + " (a copied"
                    + " cluster keeps its source's values), or list " + value + " under"
                    + " params.shared of " + id() + " in the profile"));
          }
        }
      }
    }
  }

  private static String folderOf(ClusterValues v) {
    return v.file().substring(0, v.file().lastIndexOf('/'));
  }

  private static List<String> split(String value) {
    return Stream.of(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /** The values files of the other folders under {@code clusters/}, sorted by folder. */
  private List<ClusterValues> others(Path own) {
    Path clusters = repoRoot.resolve("clusters");
    Path self = own.getFileName();
    try (Stream<Path> list = Files.list(clusters)) {
      return list.filter(Files::isDirectory).filter(p -> !p.getFileName().equals(self)).sorted()
          .flatMap(p -> ClusterValues.read(repoRoot, p).stream()).toList();
    } catch (IOException e) {
      throw new PolicyException("check " + id() + ": cannot list " + clusters + ": "
          + e.getMessage());
    }
  }
}
