package org.monitoringstack.gate.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.monitoringstack.gate.exec.SystemProcessRunner;
import org.monitoringstack.gate.exec.ToolException;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.ObjectRef;
import org.monitoringstack.gate.model.RenderedTarget;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.model.SourceLocation;
import org.monitoringstack.gate.model.Target;
import org.monitoringstack.gate.toolchain.ModuleFetcher;
import org.monitoringstack.gate.toolchain.TestToolchain;
import org.monitoringstack.gate.toolchain.Toolchain;
import org.monitoringstack.gate.yaml.SafeYaml;

/**
 * The live stage against a real private etcd and kube-apiserver, on small renders that each make
 * one kind of mistake a sync would hit, and the same render without it.
 */
class LiveStageTest {

  static final Path ROOT = TestToolchain.repositoryRoot();
  static LiveStage.Binaries binaries;
  static LiveStage stage;

  @BeforeAll
  static void tools() {
    Toolchain tc = TestToolchain.resolve(List.of("etcd", "kube-apiserver", "prometheus-operator",
        "promtool", "amtool"));
    binaries = new LiveStage.Binaries(tc.path("etcd"), tc.path("kube-apiserver"),
        tc.path("prometheus-operator"), tc.path("promtool"), tc.path("amtool"));
    List<Map<String, Object>> crds = PinnedCrds.load(tc.pins(),
        new ModuleFetcher(new SystemProcessRunner(), System.getenv()));
    stage = new LiveStage(binaries, crds, ROOT, new SystemProcessRunner(),
        Duration.ofMinutes(2), line -> System.err.println("[live] " + line));
  }

  @Test
  void an_object_in_a_namespace_that_nothing_creates_is_refused() {
    List<Finding> findings = stage.verify(render(
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: monitoring\n",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: schedule\n  namespace: velero\n"
            + "data:\n  a: b\n")).findings();

    Finding f = only(findings);
    assertEquals(LiveStage.APPLY, f.check());
    assertEquals("test/doc-2.yaml:1", f.location().toString());
    assertEquals(new ObjectRef("v1", "ConfigMap", "velero", "schedule"), f.object());
    assertTrue(f.message().startsWith("server-side apply (dry run) refused: "), f.message());
    assertTrue(f.message().contains("namespaces \"velero\" not found"), f.message());
  }

  @Test
  void a_pod_that_breaks_the_namespaces_pod_security_level_is_refused_and_a_hardened_one_is_not() {
    String namespace = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: apps\n  labels:\n"
        + "    pod-security.kubernetes.io/enforce: restricted\n";
    String privileged = deployment("    securityContext:\n      privileged: true\n");
    String hardened = deployment("""
            securityContext:
              allowPrivilegeEscalation: false
              runAsNonRoot: true
              runAsUser: 65534
              capabilities:
                drop: [ALL]
              seccompProfile:
                type: RuntimeDefault
        """);

    Finding f = only(stage.verify(render(namespace, privileged)).findings());
    List<Finding> none = stage.verify(render(namespace, hardened)).findings();

    assertEquals(LiveStage.ADMISSION, f.check());
    assertEquals("Deployment/web", f.object().display());
    assertTrue(f.message().startsWith("a pod of Deployment/web is refused by the API server: "),
        f.message());
    assertTrue(f.message().contains("violates PodSecurity \"restricted:"), f.message());
    assertTrue(f.message().contains("privileged"), f.message());
    assertEquals(List.of(), none);
  }

  @Test
  void a_crd_validation_rule_that_offline_schemas_drop_is_enforced() {
    String prometheus = """
        apiVersion: monitoring.coreos.com/v1
        kind: Prometheus
        metadata:
          name: main
          namespace: monitoring
        spec:
          updateStrategy:
            type: OnDelete
            rollingUpdate:
              maxUnavailable: 1
        """;

    Finding f = only(stage.verify(render(
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: monitoring\n", prometheus))
        .findings());

    assertEquals(LiveStage.ADMISSION, f.check());
    assertEquals("Prometheus/main", f.object().display());
    assertTrue(f.message().contains("rollingUpdate requires type to be RollingUpdate"),
        f.message());
  }

  @Test
  void a_killed_api_server_is_a_tool_failure_and_no_process_is_left() {
    ControlPlane plane = ControlPlane.start(binaries.etcd(), binaries.kubeApiserver(),
        Duration.ofMinutes(2), line -> { });
    List<Long> pids = plane.pids();
    try {
      assertEquals(200, plane.api().get("/readyz").status());
      ProcessHandle.of(pids.get(1)).orElseThrow().destroyForcibly();
      waitUntil(() -> ProcessHandle.of(pids.get(1)).map(p -> !p.isAlive()).orElse(true));

      ToolException e = assertThrows(ToolException.class, () -> plane.api().get("/readyz"));
      assertTrue(e.getMessage().startsWith("the private kube-apiserver at " + plane.server()
          + " did not answer GET /readyz"), e.getMessage());
    } finally {
      plane.close();
    }
    for (long pid : pids) {
      assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
          "process " + pid + " is still running");
    }
    assertFalse(java.nio.file.Files.exists(plane.dir()), "the data folder is deleted");
  }

  @Test
  void an_api_server_that_cannot_start_is_one_clear_tool_failure() throws Exception {
    Path fake = java.nio.file.Files.createTempFile("kube-apiserver", ".sh");
    java.nio.file.Files.writeString(fake, "#!/bin/sh\necho 'error: bad flag' >&2\nexit 3\n");
    fake.toFile().setExecutable(true);
    try {
      ToolException e = assertThrows(ToolException.class, () -> ControlPlane.start(
          binaries.etcd(), fake, Duration.ofMinutes(1), line -> { }));

      assertTrue(e.getMessage().startsWith("kube-apiserver exited with code 3 while starting:"),
          e.getMessage());
      assertTrue(e.getMessage().contains("error: bad flag"), e.getMessage());
    } finally {
      java.nio.file.Files.delete(fake);
    }
  }

  @Test
  void the_production_overlay_with_an_operator_role_too_narrow_is_an_rbac_finding_at_the_role()
      throws Exception {
    // the overlay as it is passes: RepositoryGateTest runs every target through the live stage
    RenderedTarget production = production();
    RenderedTarget narrowed = edit(production, r -> {
      if (!r.is("ClusterRole") || !r.name().equals("prometheus-operator")) {
        return r.body();
      }
      Map<String, Object> body = copy(r.body());
      ((List<?>) body.get("rules")).removeIf(rule -> String.valueOf(
          ((Map<?, ?>) rule).get("resources")).contains("storageclasses"));
      return body;
    });
    List<Finding> findings = stage.verify(narrowed).findings();

    Finding f = only(findings);
    assertEquals(LiveStage.RBAC, f.check());
    assertEquals("base/prometheus-operator/prometheusOperator-clusterRole.yaml",
        f.location().file());
    assertEquals("ClusterRole/prometheus-operator", f.object().display());
    assertTrue(f.message().startsWith("the Prometheus Operator, as ServiceAccount "
        + "monitoring/prometheus-operator, was refused: get storageclasses (API group "
        + "storage.k8s.io), when it checked its permissions at startup"), f.message());
  }

  @Test
  void a_scrape_configuration_the_operator_passes_through_unchecked_is_caught_by_promtool()
      throws Exception {
    String extra = """
        apiVersion: v1
        kind: Secret
        metadata:
          name: additional-scrape-configs
          namespace: monitoring
        stringData:
          jobs.yaml: |
            - job_name: legacy-hosts
              scrape_interval: 30 seconds
              static_configs:
              - targets: ['legacy.example.invalid:9100']
        """;
    RenderedTarget production = production();
    List<Resource> resources = new java.util.ArrayList<>(edit(production, r -> {
      if (!r.is("Prometheus")) {
        return r.body();
      }
      Map<String, Object> body = copy(r.body());
      @SuppressWarnings("unchecked")
      Map<String, Object> spec = (Map<String, Object>) body.get("spec");
      spec.put("additionalScrapeConfigs",
          Map.of("name", "additional-scrape-configs", "key", "jobs.yaml"));
      return body;
    }).resources());
    resources.addAll(render(extra).resources());

    List<Finding> findings = stage.verify(new RenderedTarget(production.target(), resources,
        List.of())).findings();

    Finding f = only(live(findings));
    assertEquals(LiveStage.PROMETHEUS_CONFIG, f.check());
    assertEquals("Prometheus/main", f.object().display());
    assertTrue(f.message().startsWith("`promtool check config` rejects the configuration the"
        + " Prometheus Operator generates for Prometheus/main:"), f.message());
    assertTrue(f.message().contains("30 seconds"), f.message());
  }

  @Test
  void refusals_are_read_from_both_forms_of_the_operators_log() {
    assertEquals(java.util.Optional.of("create statefulsets (API group apps)"),
        LiveStage.forbidden("level=ERROR msg=\"sync failed\" err=\"statefulsets.apps is forbidden:"
            + " User \\\"system:serviceaccount:monitoring:prometheus-operator\\\" cannot create"
            + " resource \\\"statefulsets\\\" in API group \\\"apps\\\" in the namespace"
            + " \\\"monitoring\\\"\""));
    assertEquals(java.util.Optional.of("get storageclasses (API group storage.k8s.io), when it"
            + " checked its permissions at startup; it runs without what needs it"),
        LiveStage.forbidden("level=WARN msg=\"missing permission on resource \\\"storageclasses"
            + "\\\" (group: \\\"storage.k8s.io/v1\\\")\" reason=\"missing \\\"get\\\" permission"
            + " on resource \\\"storageclasses\\\" (group: \\\"storage.k8s.io\\\") for all"
            + " namespaces\""));
    assertEquals(java.util.Optional.empty(),
        LiveStage.forbidden("level=INFO msg=\"sync prometheus\" key=monitoring/main"));
  }

  /** The production overlay, rendered by the pinned kustomize. */
  static RenderedTarget production() throws java.io.IOException {
    Target target = new org.monitoringstack.gate.render.TargetDiscovery(ROOT).all().stream()
        .filter(t -> t.id().equals("overlays/production")).findFirst().orElseThrow();
    Path work = java.nio.file.Files.createTempDirectory("live-render");
    try {
      RenderedTarget rendered = new org.monitoringstack.gate.render.KustomizeRenderer(ROOT,
          TestToolchain.tool("kustomize"), new SystemProcessRunner(), Duration.ofMinutes(2),
          work).render(target);
      assertEquals(List.of(), rendered.findings());
      return rendered;
    } finally {
      try (var files = java.nio.file.Files.walk(work)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** {@code rendered} with each object's body replaced by {@code edit}'s, at the same source. */
  static RenderedTarget edit(RenderedTarget rendered,
      java.util.function.Function<Resource, Map<String, Object>> edit) {
    return new RenderedTarget(rendered.target(), rendered.resources().stream()
        .map(r -> new Resource(r.ref(), edit.apply(r), r.source())).toList(), List.of());
  }

  /** A modifiable deep copy. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> copy(Map<String, Object> body) {
    return (Map<String, Object>) SafeYaml.load(KubeApi.json(body));
  }

  /** Findings of the live stage that block (its warnings aside). */
  static List<Finding> live(List<Finding> findings) {
    return findings.stream().filter(f -> f.severity() != org.monitoringstack.gate.model.Severity
        .WARNING).toList();
  }

  static String deployment(String containerSecurity) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: apps
        spec:
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: web
                image: registry.invalid/web:1.0
        """ + containerSecurity.replaceAll("(?m)^(?=.)", "    ");
  }

  /** A render of one object per document, each from {@code test/doc-N.yaml} line 1. */
  @SuppressWarnings("unchecked")
  static RenderedTarget render(String... docs) {
    List<Resource> resources = new java.util.ArrayList<>();
    for (int i = 0; i < docs.length; i++) {
      Map<String, Object> body = (Map<String, Object>) SafeYaml.load(docs[i]);
      Map<String, Object> meta = (Map<String, Object>) body.get("metadata");
      resources.add(new Resource(new ObjectRef(String.valueOf(body.get("apiVersion")),
          String.valueOf(body.get("kind")), (String) meta.get("namespace"),
          String.valueOf(meta.get("name"))), body, new SourceLocation("test/doc-" + (i + 1)
          + ".yaml", 1)));
    }
    return new RenderedTarget(new Target("overlays/test", Target.Kind.OVERLAY,
        ROOT.resolve("overlays/test")), resources, List.of());
  }

  static Finding only(List<Finding> findings) {
    assertEquals(1, findings.size(), findings.stream()
        .map(f -> f.check() + " " + f.object().display() + ": " + f.message())
        .collect(Collectors.joining("\n")));
    return findings.get(0);
  }

  static void waitUntil(java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out");
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
