package org.monitoringstack.gate.policy.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.ObjectRef;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.model.Severity;
import org.monitoringstack.gate.model.SourceLocation;
import org.monitoringstack.gate.model.Target;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;
import org.monitoringstack.gate.policy.Params;

/** {@code fleet.own-source} and {@code fleet.unique-values} on a repository of values files. */
class FleetChecksTest {

  static final String OWN = "https://git.example.com/platform/monitoring-gitops.git";

  @TempDir Path repo;

  private Target cluster(String name, String cluster, String bucket, String cidr)
      throws IOException {
    Path dir = Files.createDirectories(repo.resolve("clusters/" + name));
    Files.writeString(dir.resolve("values.yaml"), """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: cluster-values
        data:
          cluster: %s
          grafanaHost: grafana.%s.example.com
          thanosBucket: %s
          adminCidr: %s
        """.formatted(cluster, name, bucket, cidr.replace(", ", "\n  additionalAdminCidr: ")));
    return new Target("clusters/" + name, Target.Kind.CLUSTER, dir);
  }

  private static Resource application(String path) {
    Map<String, Object> body = Map.of("apiVersion", "argoproj.io/v1alpha1", "kind", "Application",
        "metadata", Map.of("name", "stack", "namespace", "argocd"),
        "spec", Map.of("source", Map.of("repoURL", OWN, "path", path)));
    return new Resource(new ObjectRef("argoproj.io/v1alpha1", "Application", "argocd", "stack"),
        body, new SourceLocation("fleet/monitoring-applicationSet.yaml", 5));
  }

  private static List<String> run(Check check, Target target, List<Resource> resources,
      Map<String, Object> params) {
    CheckContext ctx = new CheckContext(check, target, resources, new Params(check.id(), params),
        Severity.ERROR, CheckContext.Locator.OBJECT_SOURCE);
    return check.evaluate(ctx).stream().map(FleetChecksTest::show).toList();
  }

  private static String show(Finding f) {
    return f.location() + " [" + f.check() + "] " + (f.object().equals(ObjectRef.NONE) ? ""
        : f.object().display() + ": ") + f.message();
  }

  private List<String> unique(Target t, Map<String, Object> params) {
    return run(new FleetUniqueValuesCheck(repo), t, List.of(), params);
  }

  @Test
  void unique_values_pass_when_every_cluster_has_its_own() throws IOException {
    Target a = cluster("prod-a", "prod-a", "bucket-a", "10.10.10.0/24");
    cluster("prod-b", "prod-b", "bucket-b", "10.10.20.0/24");
    assertEquals(List.of(), unique(a, Map.of()));
  }

  @Test
  void unique_values_report_a_copied_bucket_and_admin_network_at_the_values_line()
      throws IOException {
    cluster("prod-a", "prod-a", "bucket-a", "10.10.10.0/24");
    Target b = cluster("prod-b", "prod-b", "bucket-a", "10.10.20.0/24, 10.10.10.0/24");
    assertEquals(List.of(
        "clusters/prod-b/values.yaml:8 [fleet.unique-values] data.thanosBucket bucket-a is also"
            + " the thanosBucket of clusters/prod-a (clusters/prod-a/values.yaml:8); expected a"
            + " value of this cluster's own, or the value declared shared",
        "clusters/prod-b/values.yaml:10 [fleet.unique-values] data.additionalAdminCidr"
            + " 10.10.10.0/24 is also the adminCidr of clusters/prod-a"
            + " (clusters/prod-a/values.yaml:9); expected a value of this cluster's own, or the"
            + " value declared shared"),
        unique(b, Map.of()));
  }

  @Test
  void unique_values_accept_a_value_declared_shared() throws IOException {
    cluster("prod-a", "prod-a", "bucket-a", "10.10.0.0/24");
    Target b = cluster("prod-b", "prod-b", "bucket-b", "10.10.0.0/24");
    assertEquals(List.of(), unique(b, Map.of("shared", List.of("10.10.0.0/24"))));
  }

  @Test
  void unique_values_ignore_a_target_without_values_file() throws IOException {
    cluster("prod-a", "prod-a", "bucket-a", "10.10.10.0/24");
    Path kind = Files.createDirectories(repo.resolve("clusters/kind"));
    assertEquals(List.of(), unique(new Target("clusters/kind", Target.Kind.CLUSTER, kind),
        Map.of()));
  }

  private List<String> ownSource(Target t, Resource... resources) {
    return run(new FleetOwnSourceCheck(repo), t, List.of(resources),
        Map.of("ownRepositories", List.of(OWN)));
  }

  @Test
  void own_source_passes_when_the_cluster_syncs_its_own_folder() throws IOException {
    Target a = cluster("prod-a", "prod-a", "bucket-a", "10.10.10.0/24");
    assertEquals(List.of(), ownSource(a, application("clusters/prod-a")));
  }

  @Test
  void own_source_reports_a_path_into_another_cluster() throws IOException {
    Target a = cluster("prod-a", "prod-a", "bucket-a", "10.10.10.0/24");
    cluster("prod-b", "prod-b", "bucket-b", "10.10.20.0/24");
    assertEquals(List.of(
        "fleet/monitoring-applicationSet.yaml:5 [fleet.own-source] Application/stack:"
            + " syncs clusters/prod-b of this repository on cluster prod-a: expected the"
            + " cluster's own folder clusters/prod-a (a copied cluster keeps its source's path)",
        "clusters/prod-a/values.yaml:5 [fleet.own-source] no Argo CD Application or Flux"
            + " Kustomization syncs clusters/prod-a: expected the fleet's ApplicationSets to"
            + " generate one from clusters/prod-a/values.yaml (their git files generators name"
            + " the folders they select)"),
        ownSource(a, application("./clusters/prod-b/")));
  }

  @Test
  void own_source_reports_a_values_file_naming_another_cluster() throws IOException {
    Target b = cluster("prod-b", "prod-a", "bucket-b", "10.10.20.0/24");
    assertEquals(List.of("clusters/prod-b/values.yaml:6 [fleet.own-source] data.cluster is"
        + " prod-a in the values file of clusters/prod-b: expected prod-b, the folder's name (it"
        + " names the cluster's Applications and the cluster they deliver to)"),
        ownSource(b, application("clusters/prod-b")));
  }
}
