package org.monitoringstack.gate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.monitoringstack.gate.exec.SystemProcessRunner;
import org.monitoringstack.gate.pipeline.GateFactory;
import org.monitoringstack.gate.render.TestRepos;
import org.monitoringstack.gate.schema.SchemaCatalog;
import org.monitoringstack.gate.toolchain.ModuleFetcher;
import org.monitoringstack.gate.toolchain.Toolchain;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * {@code gitops-validate generate} run as Argo CD runs a Config Management Plugin: in a copy of
 * this repository, with the Application's source path as the working directory and Argo CD's
 * build environment variables set, through the real wiring (pinned kustomize and kubeconform,
 * the offline schemas, the repository's policies).
 */
class GenerateCommandTest {

  private static final SystemProcessRunner RUNNER = new SystemProcessRunner();

  /** The pinned tools and the schema catalog, resolved once in this repository. */
  private static Toolchain tools;
  private static Path catalog;

  @BeforeAll
  static void resolveTools() {
    Path repo = TestRepos.repositoryRoot();
    tools = Toolchain.resolve(repo, System.getenv(), RUNNER, line -> { });
    catalog = SchemaCatalog.ensure(repo, tools.pins(), new ModuleFetcher(RUNNER, System.getenv()),
        line -> { }).dir();
  }

  @TempDir Path tmp;

  /** A copy of the repository's manifests, policies and pins, as Argo CD checks it out. */
  private Path copyOfRepository() throws IOException {
    Path from = TestRepos.repositoryRoot();
    Path to = tmp.resolve("checkout");
    for (String folder : List.of("base", "overlays", "clusters", "fleet", "policies")) {
      copy(from.resolve(folder), to.resolve(folder));
    }
    Files.createDirectories(to.resolve("validator"));
    Files.copy(from.resolve(Toolchain.PINS_FILE), to.resolve(Toolchain.PINS_FILE));
    copy(from.resolve("validator/tools"), to.resolve("validator/tools"));
    return to;
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path dest = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(p, dest);
        }
      }
    }
  }

  /**
   * Argo CD's environment for an Application whose source path is {@code sourcePath}, with the
   * sidecar's variables: the baked tools and schema catalog.
   */
  private static Map<String, String> argoEnvironment(String sourcePath) {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("KUSTOMIZE_BIN", tools.kustomize().toString());
    env.put("AMTOOL_BIN", tools.path("amtool").toString());
    env.put("PROMTOOL_BIN", tools.path("promtool").toString());
    env.put("KUBECONFORM_BIN", tools.kubeconform().toString());
    env.put(GateFactory.SCHEMAS_VARIABLE, catalog.getParent().toString());
    env.put("ARGOCD_APP_NAME", "monitoring-stack");
    env.put("ARGOCD_APP_NAMESPACE", "argocd");
    env.put("ARGOCD_APP_SOURCE_PATH", sourcePath);
    env.put("ARGOCD_APP_SOURCE_REPO_URL", "https://git.example.com/platform/monitoring-gitops.git");
    env.put("ARGOCD_APP_SOURCE_TARGET_REVISION", "main");
    env.put("ARGOCD_APP_REVISION", "4f1c2d9e0b7a");
    return env;
  }

  private static MainTest.Run generate(Path checkout, String sourcePath) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = new Main(argoEnvironment(sourcePath), checkout.resolve(sourcePath),
        new GateFactory(GateFactory.STANDARD, RUNNER), false).execute(out, err, "generate");
    assertFalse(err.toString().contains("\tat "), "no stack trace: " + err);
    return new MainTest.Run(exit, out.toString(), err.toString());
  }

  private static List<Map<?, ?>> documents(String yaml) {
    List<Map<?, ?>> docs = new ArrayList<>();
    for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
      assertTrue(doc instanceof Map<?, ?>, "every document is an object: " + doc);
      docs.add((Map<?, ?>) doc);
    }
    return docs;
  }

  @Test
  void prints_the_clusters_stack_and_nothing_else_when_the_cluster_passes() throws IOException {
    Path checkout = copyOfRepository();
    MainTest.Run r = generate(checkout, "clusters/prod-eu-west");
    assertEquals(0, r.exit(), r.err());
    assertEquals("", r.err());
    List<Map<?, ?>> docs = documents(r.out());
    assertTrue(docs.size() > 50, "the whole stack: " + docs.size());
    for (Map<?, ?> doc : docs) {
      assertTrue(doc.containsKey("apiVersion") && doc.containsKey("kind"), doc.toString());
    }
    assertTrue(docs.stream().anyMatch(d -> "Prometheus".equals(d.get("kind"))));
    assertFalse(r.out().contains("config.kubernetes.io/origin"), "no origin annotations");
    // exactly what Argo CD's own kustomize build would apply
    String plain = RUNNER.run(org.monitoringstack.gate.exec.ProcessSpec.of(
        List.of(tools.kustomize().toString(), "build",
            checkout.resolve("clusters/prod-eu-west").toString()),
        java.time.Duration.ofSeconds(120))).stdout();
    assertEquals(plain, r.out());
    assertFalse(Files.exists(checkout.resolve(".cache/schemas")),
        "the baked catalog is used; nothing is generated at sync time");
    assertFalse(Files.exists(checkout.resolve(".cache/render")),
        "the gate renders afresh for Argo CD: no render cache is read or written");
  }

  @Test
  void exits_1_with_the_finding_on_stderr_and_empty_stdout_when_retention_is_too_short()
      throws IOException {
    Path checkout = copyOfRepository();
    Path retention = checkout.resolve("overlays/production/prometheus-retention.yaml");
    String before = Files.readString(retention);
    assertTrue(before.contains("retention: 15d"), before);
    Files.writeString(retention, before.replace("retention: 15d", "retention: 1d"));
    MainTest.Run r = generate(checkout, "overlays/production");
    assertEquals(1, r.exit(), r.out() + r.err());
    assertEquals("", r.out(), "nothing for Argo CD to apply");
    List<String> lines = r.err().lines().toList();
    assertEquals("gitops-validate generate: application monitoring-stack, "
        + "https://git.example.com/platform/monitoring-gitops.git @ 4f1c2d9e0b7a, target "
        + "overlays/production (profile production) does not pass; not generating manifests:",
        lines.get(0));
    assertTrue(lines.stream().anyMatch(l -> l.startsWith(
        "overlays/production/prometheus-retention.yaml:8: [prometheus.retention] Prometheus/main:")
        && l.contains("1d")), r.err());
    assertTrue(lines.get(lines.size() - 1).startsWith("FAILED: 1 target, "), r.err());
  }
}
