package org.monitoringstack.gate.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.monitoringstack.gate.model.SourceLocation;
import org.monitoringstack.gate.model.Target;
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
}
