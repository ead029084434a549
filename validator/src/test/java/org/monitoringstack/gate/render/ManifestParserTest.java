package org.monitoringstack.gate.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.model.SourceLocation;
import org.monitoringstack.gate.model.Target;

class ManifestParserTest {

  @TempDir Path tmp;
  Path repo;
  Path wrapper;
  Target target;
  ManifestParser parser;

  @BeforeEach
  void setUp() throws Exception {
    repo = TestRepos.copy("skeleton", tmp);
    wrapper = Files.createDirectories(tmp.resolve("work/1-overlays_kind"));
    target = new Target("overlays/kind", Target.Kind.OVERLAY, repo.resolve("overlays/kind"));
    parser = new ManifestParser(repo);
  }

  private String origin(String field, String path) {
    return "    config.kubernetes.io/origin: |\n      " + field + ": " + path + "\n";
  }

  @Test
  void takes_source_file_and_line_from_origin_when_object_comes_from_a_file() {
    String stream = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  annotations:\n"
        + origin("path", "../../skeleton/base/app/app-deployment.yaml")
        + "  name: app\n  namespace: monitoring\nspec:\n  replicas: 1\n";
    ManifestParser.Parsed parsed = parser.parse(target, stream, wrapper);
    Resource r = parsed.resources().get(0);
    assertEquals(new SourceLocation("base/app/app-deployment.yaml", 2), r.source());
    assertEquals("Deployment", r.kind());
    assertEquals("monitoring", r.namespace());
    assertFalse(((Map<?, ?>) r.body().get("metadata")).containsKey("annotations"),
        "an annotations map left empty is removed");
  }

  @Test
  void keeps_other_annotations_when_stripping_origin() {
    String stream = "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  annotations:\n"
        + origin("path", "../../skeleton/base/app/app-serviceAccount.yaml")
        + "    team: sre\n  name: app\n";
    Resource r = parser.parse(target, stream, wrapper).resources().get(0);
    assertEquals(Map.of("team", "sre"), r.at("metadata.annotations").orElseThrow());
    assertEquals(new SourceLocation("base/app/app-serviceAccount.yaml", 1), r.source());
  }

  @Test
  void points_at_generator_when_object_is_generated() {
    String stream = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  annotations:\n"
        + "    config.kubernetes.io/origin: |\n"
        + "      configuredIn: ../../skeleton/overlays/kind/kustomization.yaml\n"
        + "      configuredBy:\n        apiVersion: builtin\n        kind: ConfigMapGenerator\n"
        + "  name: app-config-5h7c2dk2g8\n";
    Resource r = parser.parse(target, stream, wrapper).resources().get(0);
    assertEquals(new SourceLocation("overlays/kind/kustomization.yaml", 6), r.source());
  }

  @Test
  void leaves_location_unknown_when_object_has_no_origin() {
    Resource r = parser.parse(target, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n",
        wrapper).resources().get(0);
    assertEquals(SourceLocation.UNKNOWN, r.source());
  }

  @Test
  void throws_not_manifests_when_output_is_not_yaml() {
    ManifestParser.NotManifests e = assertThrows(ManifestParser.NotManifests.class,
        () -> parser.parse(target, "hello: [\n", wrapper));
    assertEquals("while parsing a flow node: expected the node content, but found '<stream end>'"
        + " (column 1) (output line 2)", e.getMessage());
  }

  @Test
  void throws_not_manifests_when_a_document_is_not_an_object() {
    ManifestParser.NotManifests e = assertThrows(ManifestParser.NotManifests.class,
        () -> parser.parse(target, "apiVersion: v1\nkind: Namespace\n---\nhello\n", wrapper));
    assertEquals("a document that is not an object: hello", e.getMessage());
  }

  @Test
  void reports_render_yaml_when_output_exceeds_the_alias_limit() {
    StringBuilder stream = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata:\n"
        + "  name: x\n  labels: &l {a: b}\ndata:\n");
    for (int i = 0; i <= 60; i++) {
      stream.append("  k").append(i).append(": *l\n");
    }
    ManifestParser.Parsed parsed = parser.parse(target, stream.toString(), wrapper);
    assertTrue(parsed.resources().isEmpty());
    Finding f = parsed.findings().get(0);
    assertEquals("render.yaml", f.check());
    assertEquals("kustomize output is not readable YAML: too many aliases (more than 50 "
        + "collections reached through aliases); refusing what looks like an alias bomb "
        + "(output line 5)", f.message());
    assertEquals(SourceLocation.of("overlays/kind"), f.location());
  }

  @Test
  void parses_every_document_in_order_when_stream_has_several() {
    String stream = "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: a\n---\n"
        + "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: b\n";
    List<String> names = parser.parse(target, stream, wrapper).resources().stream()
        .map(Resource::name).toList();
    assertEquals(List.of("a", "b"), names);
  }
}
