package org.monitoringstack.gate.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.monitoringstack.gate.exec.SystemProcessRunner;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.ObjectRef;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.model.Severity;
import org.monitoringstack.gate.model.SourceLocation;
import org.monitoringstack.gate.model.Target;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;
import org.monitoringstack.gate.policy.Params;
import org.monitoringstack.gate.policy.SourceLocator;
import org.monitoringstack.gate.policy.check.CheckRegistry;
import org.monitoringstack.gate.yaml.SafeYaml;

class ApplicationSetsTest {

  @TempDir Path repo;

  private static final String SET = """
      apiVersion: argoproj.io/v1alpha1
      kind: ApplicationSet
      metadata: {name: stack, namespace: argocd}
      spec:
        goTemplate: true
        generators:
          - git:
              repoURL: https://git.example.com/platform/monitoring-gitops.git
              files:
                - path: clusters/prod-*/values.yaml
                - path: clusters/prod-skip/values.yaml
                  exclude: true
        template:
          metadata:
            name: '{{ .data.cluster }}-stack'
            annotations: {argocd.argoproj.io/sync-wave: "0"}
          spec:
            source:
              targetRevision: '{{.data.revision}}'
              path: '{{ .path.path }}'
            destination: {name: '{{ .data.cluster }}', namespace: monitoring}
      """;

  private Target cluster(String name, String values) throws IOException {
    Path dir = Files.createDirectories(repo.resolve("clusters/" + name));
    Files.writeString(dir.resolve("values.yaml"), values);
    return new Target("clusters/" + name, Target.Kind.CLUSTER, dir);
  }

  @SuppressWarnings("unchecked")
  private static Resource set(String yaml) {
    Map<String, Object> body = (Map<String, Object>) SafeYaml.load(yaml);
    return new Resource(new ObjectRef("argoproj.io/v1alpha1", "ApplicationSet", "argocd",
        "stack"), body, new SourceLocation("fleet/stack-applicationSet.yaml", 1));
  }

  @Test
  void generates_the_clusters_application_from_its_values_file() throws IOException {
    Target t = cluster("prod-a", "data: {cluster: prod-a, revision: v1.2.3}\n");
    ApplicationSets.Generated g = new ApplicationSets(repo).generate(t, List.of(set(SET)));
    assertEquals(List.of(), g.findings());
    assertEquals(1, g.applications().size());
    Resource app = g.applications().get(0);
    assertEquals("Application/argocd/prod-a-stack", app.kind() + "/" + app.namespace() + "/"
        + app.name());
    assertEquals("v1.2.3", app.at("spec.source.targetRevision").orElseThrow());
    assertEquals("clusters/prod-a", app.at("spec.source.path").orElseThrow());
    assertEquals("prod-a", app.at("spec.destination.name").orElseThrow());
    assertEquals("0", app.at("metadata.annotations").map(a -> ((Map<?, ?>) a)
        .get("argocd.argoproj.io/sync-wave")).orElseThrow());
    assertEquals("fleet/stack-applicationSet.yaml", app.source().file());
  }

  @Test
  void generates_nothing_for_a_folder_no_generator_selects() throws IOException {
    Target excluded = cluster("prod-skip", "data: {cluster: prod-skip, revision: v1.0.0}\n");
    Target other = cluster("kind", "data: {cluster: kind, revision: v1.0.0}\n");
    ApplicationSets sets = new ApplicationSets(repo);
    assertEquals(List.of(), sets.generate(excluded, List.of(set(SET))).applications());
    assertEquals(List.of(), sets.generate(other, List.of(set(SET))).applications());
  }

  @Test
  void reports_a_parameter_the_values_file_does_not_set() throws IOException {
    Target t = cluster("prod-b", "data: {cluster: prod-b}\n");
    ApplicationSets.Generated g = new ApplicationSets(repo).generate(t, List.of(set(SET)));
    assertEquals(List.of(), g.applications());
    assertEquals(1, g.findings().size());
    Finding f = g.findings().get(0);
    assertEquals("render.applicationset", f.check());
    assertEquals("fleet/stack-applicationSet.yaml:1", f.location().toString());
    assertEquals("cannot generate the Application for clusters/prod-b/values.yaml:"
        + " .data.revision is not set (or not a single value)", f.message());
  }

  @Test
  void reports_a_template_function_it_cannot_expand() throws IOException {
    Target t = cluster("prod-c", "data: {cluster: prod-c, revision: v1.0.0}\n");
    String withFunction = SET.replace("'{{ .path.path }}'", "'{{ .path.path | upper }}'");
    ApplicationSets.Generated g =
        new ApplicationSets(repo).generate(t, List.of(set(withFunction)));
    assertEquals(1, g.findings().size());
    assertTrue(g.findings().get(0).message().endsWith(
        "{{ .path.path | upper }} is not a plain parameter reference"),
        g.findings().get(0).message());
  }

  @Test
  void reports_a_values_file_that_is_not_one_mapping() throws IOException {
    Target t = cluster("prod-d", "- a\n- b\n");
    ApplicationSets.Generated g = new ApplicationSets(repo).generate(t, List.of(set(SET)));
    assertEquals(List.of(), g.applications());
    assertEquals("clusters/prod-d/values.yaml, which ApplicationSet/stack generates"
        + " Applications from, is not one YAML mapping; expected the cluster's values object",
        g.findings().get(0).message());
  }

  // One ApplicationSet for both layers, ordered by its RollingSync steps, as fleet/ has it.
  private static final String OWN = "https://git.example.com/platform/monitoring-gitops.git";
  private static final String FLEET = "fleet/monitoring-applicationSet.yaml";
  private static final String ROLLING = """
      apiVersion: argoproj.io/v1alpha1
      kind: ApplicationSet
      metadata: {name: monitoring, namespace: argocd}
      spec:
        goTemplate: true
        strategy:
          type: RollingSync
          rollingSync:
            steps:
              - matchExpressions:
                  - {key: layer, operator: In, values: [crds]}
              - matchExpressions:
                  - {key: layer, operator: In, values: [stack]}
        generators:
          - git:
              repoURL: %1$s
              files: [{path: clusters/prod-*/values.yaml}]
              template:
                metadata:
                  name: '{{ .data.cluster }}-crds'
                  labels: {layer: crds}
                  annotations: {argocd.argoproj.io/sync-wave: "-1"}
                spec:
                  project: monitoring
                  source:
                    repoURL: https://github.com/prometheus-operator/prometheus-operator.git
                    targetRevision: v0.94.1
                    path: example/prometheus-operator-crd-full
                  destination: {name: '{{ .data.cluster }}', namespace: monitoring}
          - git:
              repoURL: %1$s
              files: [{path: clusters/prod-*/values.yaml}]
              template:
                metadata:
                  name: '{{ .data.cluster }}-stack'
                  labels: {layer: stack}
                  annotations: {argocd.argoproj.io/sync-wave: "0"}
                  finalizers: [resources-finalizer.argocd.argoproj.io/foreground]
                spec:
                  project: monitoring
                  source: {repoURL: %1$s, targetRevision: '{{ .data.revision }}', path: '{{ .path.path }}'}
                  destination: {name: '{{ .data.cluster }}', namespace: monitoring}
        template:
          metadata:
            labels: {app.kubernetes.io/part-of: monitoring-stack, cluster: '{{ .data.cluster }}'}
          spec:
            project: monitoring
            destination: {name: '{{ .data.cluster }}', namespace: monitoring}
            syncPolicy:
              automated: {prune: true, selfHeal: true}
              syncOptions: [ServerSideApply=true]
      """.formatted(OWN);

  /** {@code clusters.delivery} on what the fleet files generate for cluster prod-a. */
  private List<String> delivery(Map<String, String> fleet) throws IOException {
    return delivery(fleet, "data: {cluster: prod-a, revision: v1.2.3}\n");
  }

  /** The same with the cluster's own values file. */
  private List<String> delivery(Map<String, String> fleet, String values) throws IOException {
    Target t = cluster("prod-a", values);
    Files.createDirectories(repo.resolve("validator"));
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(
        "fixtures/checks/clusters.source-exists/toolchain.properties")) {
      Files.copy(in, repo.resolve("validator/toolchain.properties"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    List<Resource> sets = new ArrayList<>();
    for (Map.Entry<String, String> f : fleet.entrySet()) {
      Files.createDirectories(repo.resolve(f.getKey()).getParent());
      Files.writeString(repo.resolve(f.getKey()), f.getValue());
      @SuppressWarnings("unchecked")
      Map<String, Object> body = (Map<String, Object>) SafeYaml.load(f.getValue());
      String name = String.valueOf(((Map<?, ?>) body.get("metadata")).get("name"));
      sets.add(new Resource(new ObjectRef("argoproj.io/v1alpha1", "ApplicationSet", "argocd",
          name), body, new SourceLocation(f.getKey(), 1)));
    }
    ApplicationSets.Generated g = new ApplicationSets(repo).generate(t, sets);
    assertEquals(List.of(), g.findings());
    List<Resource> rendered = new ArrayList<>(g.sets());
    rendered.addAll(g.applications());
    Check check = CheckRegistry.all(repo, new SystemProcessRunner()).stream()
        .filter(c -> c.id().equals("clusters.delivery")).findFirst().orElseThrow();
    CheckContext ctx = new CheckContext(check, t, rendered, new Params(check.id(),
        Map.of("pinnedRevisions", true, "ownRepositories", List.of(OWN))), Severity.ERROR,
        new SourceLocator(repo).forTarget(t, rendered));
    return check.evaluate(ctx).stream().map(f -> f.location() + " [" + f.check() + "] "
        + f.object().display() + ": " + f.message()).toList();
  }

  @Test
  void merges_each_generators_template_over_the_sets_template() throws IOException {
    Target t = cluster("prod-a", "data: {cluster: prod-a, revision: v1.2.3}\n");
    ApplicationSets.Generated g = new ApplicationSets(repo).generate(t, List.of(set(ROLLING)));
    assertEquals(List.of(), g.findings());
    assertEquals(List.of("prod-a-crds", "prod-a-stack"),
        g.applications().stream().map(Resource::name).toList());
    Resource crds = g.applications().get(0);
    Resource stack = g.applications().get(1);
    assertEquals(Map.of("layer", "crds", "app.kubernetes.io/part-of", "monitoring-stack",
        "cluster", "prod-a"), crds.labels());
    assertEquals("v0.94.1", crds.at("spec.source.targetRevision").orElseThrow());
    assertEquals(List.of("ServerSideApply=true"),
        crds.at("spec.syncPolicy.syncOptions").orElseThrow());
    assertTrue(crds.at("metadata.finalizers").isEmpty());
    assertEquals("clusters/prod-a", stack.at("spec.source.path").orElseThrow());
    assertEquals(List.of("resources-finalizer.argocd.argoproj.io/foreground"),
        stack.at("metadata.finalizers").orElseThrow());
    assertEquals(List.of(set(ROLLING).body()), g.sets().stream().map(Resource::body).toList());
  }

  @Test
  void passes_delivery_when_rolling_sync_steps_and_waves_put_the_crds_first()
      throws IOException {
    assertEquals(List.of(), delivery(Map.of(FLEET, ROLLING)));
  }

  private static final String STACK = "Application/prod-a-stack: ";
  private static final String WAVES = STACK + "syncs the stack in sync wave %s, not after"
      + " Application/prod-a-crds (wave %s), which delivers the CRDs; expected a wave above %2$s";

  @Test
  void reports_a_branch_revision_at_the_line_of_the_clusters_values_that_sets_it()
      throws IOException {
    assertEquals(List.of("clusters/prod-a/values.yaml:4 [clusters.delivery] "
        + "Application/prod-a-stack: syncs revision main of " + OWN + ", which moves with every"
        + " push; expected a pinned revision: a release tag like v1.2.3 or a 40-hex commit"),
        delivery(Map.of(FLEET, ROLLING), "# prod-a\ndata:\n  cluster: prod-a\n"
            + "  revision: main\n"));
  }

  @Test
  void reports_waves_a_template_lost_or_reversed_at_the_generators_template() throws IOException {
    assertEquals(List.of(FLEET + ":36 [clusters.delivery] " + WAVES.formatted("0", "0")),
        delivery(Map.of(FLEET, ROLLING.replace(
            "\n            annotations: {argocd.argoproj.io/sync-wave: \"-1\"}", ""))));
    assertEquals(List.of(FLEET + ":37 [clusters.delivery] " + WAVES.formatted("-2", "-1")),
        delivery(Map.of(FLEET, ROLLING.replace("sync-wave: \"0\"", "sync-wave: \"-2\""))));
  }

  @Test
  void reports_an_application_set_without_rolling_sync_at_its_spec() throws IOException {
    String allAtOnce = ROLLING.replaceAll("(?s)  strategy:.*?\n  generators:", "  generators:");
    assertEquals(List.of(FLEET + ":4 [clusters.delivery] ApplicationSet/monitoring: generates"
        + " Application/prod-a-stack and Application/prod-a-crds, which delivers the CRDs, with"
        + " strategy AllAtOnce (spec.strategy.type unset), which syncs them at the same time:"
        + " Argo CD does not order the Applications an ApplicationSet generates by their sync"
        + " waves; expected spec.strategy.type: RollingSync with a step selecting the CRDs"
        + " Application before the stack's"), delivery(Map.of(FLEET, allAtOnce)));
  }

  @Test
  void reports_rolling_sync_steps_in_the_wrong_order_or_missing_a_layer() throws IOException {
    String reversed = ROLLING.replace("values: [crds]", "values: [x]")
        .replace("values: [stack]", "values: [crds]").replace("values: [x]", "values: [stack]");
    assertEquals(List.of(FLEET + ":10 [clusters.delivery] ApplicationSet/monitoring: syncs"
        + " Application/prod-a-stack in RollingSync step 1, not after Application/prod-a-crds"
        + " (step 2), which delivers the CRDs; expected the CRDs' step before the stack's"),
        delivery(Map.of(FLEET, reversed)));
    assertEquals(List.of(FLEET + ":9 [clusters.delivery] ApplicationSet/monitoring: selects"
        + " Application/prod-a-stack in no RollingSync step, so Argo CD never syncs it"
        + " (RollingSync removes its automated sync policy); expected a step whose"
        + " matchExpressions select its labels {app.kubernetes.io/part-of=monitoring-stack,"
        + " cluster=prod-a, layer=stacks}"),
        delivery(Map.of(FLEET, ROLLING.replace("labels: {layer: stack}", "labels: {layer: stacks}"))));
  }

  @Test
  void reports_layers_of_two_application_sets_whose_waves_order_nothing() throws IOException {
    int stack = ROLLING.indexOf("    - git:", ROLLING.indexOf("    - git:") + 1);
    int template = ROLLING.indexOf("  template:\n    metadata:\n      labels");
    String crdsOnly = (ROLLING.substring(0, stack) + ROLLING.substring(template))
        .replace("{name: monitoring,", "{name: crds,");
    String stackOnly = ROLLING.substring(0, ROLLING.indexOf("    - git:"))
        + ROLLING.substring(stack);
    assertEquals(List.of("fleet/stack-applicationSet.yaml:20 [clusters.delivery] " + STACK
        + "is generated by ApplicationSet/monitoring, and Application/prod-a-crds, which"
        + " delivers the CRDs, is generated by ApplicationSet/crds: Argo CD orders nothing"
        + " between Applications of different ApplicationSets, or between a generated"
        + " Application and another (sync waves take effect only under a parent Application"
        + " that syncs both); expected both generated by one ApplicationSet whose RollingSync"
        + " steps sync the CRDs first"),
        delivery(new java.util.TreeMap<>(Map.of("fleet/crds-applicationSet.yaml", crdsOnly,
            "fleet/stack-applicationSet.yaml", stackOnly))));
  }
}
