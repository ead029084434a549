package org.monitoringstack.gate.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.monitoringstack.gate.stack.StackTools.list;
import static org.monitoringstack.gate.stack.StackTools.map;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The stack's own manifests, read file by file (no tools needed): the naming contract, scrape
 * wiring (ServiceMonitor -> Service -> pods, port names), pod hardening and sizing, network
 * policy coverage, pinned images, and the kind overlay's shape. The gate checks rendered
 * output of every target; these tests keep base/ and overlays/kind honest on their own.
 */
class StackManifestsTest {

  private static final Path ROOT = StackTools.repoRoot();
  private static final Path BASE = ROOT.resolve("base");
  private static final Path KIND = ROOT.resolve("overlays").resolve("kind");
  private static final List<String> COMPONENTS = List.of("namespace", "prometheus-operator",
      "prometheus", "alertmanager", "grafana", "node-exporter", "kube-state-metrics", "rules");
  private static final Set<String> WORKLOAD_KINDS = Set.of("Deployment", "DaemonSet", "StatefulSet");
  private static final Set<String> OPERATED_KINDS = Set.of("Prometheus", "Alertmanager");
  private static final Pattern IMAGE = Pattern.compile(
      "(?:image:\\s*|--prometheus-config-reloader=)([\\w./-]+):([\\w.+-]+)");

  /** One object of the base, with the file it lives in. */
  record Manifest(Path file, Map<String, Object> object) {
    String kind() {
      return String.valueOf(object.get("kind"));
    }

    String name() {
      return String.valueOf(map(object.get("metadata")).get("name"));
    }

    Map<String, Object> spec() {
      return map(object.get("spec"));
    }

    @Override
    public String toString() {
      return kind() + "/" + name() + " (" + ROOT.relativize(file) + ")";
    }
  }

  static List<Manifest> base() {
    List<Manifest> manifests = new ArrayList<>();
    for (String component : COMPONENTS) {
      Path dir = BASE.resolve(component);
      Map<String, Object> kustomization = StackTools.loadMap(dir.resolve("kustomization.yaml"));
      for (Object resource : list(kustomization.get("resources"))) {
        Path file = dir.resolve(String.valueOf(resource));
        manifests.add(new Manifest(file, StackTools.loadMap(file)));
      }
    }
    return manifests;
  }

  static Stream<String> components() {
    return COMPONENTS.stream();
  }

  @Test
  void lists_every_component_in_the_base_kustomization_each_in_its_namespace() {
    Map<String, Object> root = StackTools.loadMap(BASE.resolve("kustomization.yaml"));
    // each folder names its namespace: a namespace here would move node-exporter back
    assertEquals(null, root.get("namespace"));
    List<String> resources = list(root.get("resources")).stream().map(String::valueOf).toList();
    assertEquals(new TreeSet<>(COMPONENTS), new TreeSet<>(resources));
    for (String component : COMPONENTS) {
      Object namespace = StackTools.loadMap(BASE.resolve(component).resolve("kustomization.yaml"))
          .get("namespace");
      // the Namespace folder only holds cluster-scoped objects; node-exporter has its own
      String expected = component.equals("namespace") ? null
          : component.equals("node-exporter") ? "node-exporter" : "monitoring";
      assertEquals(expected, namespace, "namespace of base/" + component);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("components")
  void keeps_one_object_per_file_named_after_component_and_kind(String component) throws IOException {
    Path dir = BASE.resolve(component);
    Map<String, Object> kustomization = StackTools.loadMap(dir.resolve("kustomization.yaml"));
    Set<String> listed = new TreeSet<>();
    list(kustomization.get("resources")).forEach(r -> listed.add(String.valueOf(r)));
    Set<String> present = new TreeSet<>();
    StackTools.list(dir, "*.yaml").forEach(p -> present.add(p.getFileName().toString()));
    present.remove("kustomization.yaml");
    present.remove("alertmanager.yaml"); // the Alertmanager configuration, input of the secretGenerator
    assertEquals(present, listed, component + "/kustomization.yaml must list every manifest in the folder");

    String prefix = camel(component);
    for (String file : listed) {
      Path path = dir.resolve(file);
      long documents = StackTools.loadAll(Files.readString(path)).size();
      assertEquals(1, documents, file + " must hold exactly one object");
      String kind = String.valueOf(StackTools.loadMap(path).get("kind"));
      String expectedEnd = Character.toLowerCase(kind.charAt(0)) + kind.substring(1);
      assertTrue(file.matches("[a-z][A-Za-z]*-[a-z][A-Za-z]*\\.yaml"), file + " is not <component>-<kind>.yaml in lowerCamel");
      assertTrue(file.replace(".yaml", "").toLowerCase().endsWith(expectedEnd.toLowerCase()),
          file + " should be named after its kind " + kind);
      if (!component.equals("rules")) {
        assertTrue(file.startsWith(prefix + "-"), file + " should start with " + prefix + "-");
      }
    }
  }

  @Test
  void labels_every_object_with_name_component_and_version() {
    List<String> missing = new ArrayList<>();
    for (Manifest m : base()) {
      Map<String, Object> labels = map(map(m.object().get("metadata")).get("labels"));
      for (String key : List.of("app.kubernetes.io/name", "app.kubernetes.io/component", "app.kubernetes.io/version")) {
        if (!labels.containsKey(key)) {
          missing.add(m + " lacks " + key);
        }
      }
    }
    assertTrue(missing.isEmpty(), () -> String.join("\n", missing));
  }

  @Test
  void scrapes_every_service_through_a_service_monitor_whose_ports_exist() {
    List<Manifest> services = base().stream().filter(m -> m.kind().equals("Service")).toList();
    List<Manifest> monitors = base().stream().filter(m -> m.kind().equals("ServiceMonitor")).toList();
    List<String> problems = new ArrayList<>();
    Set<String> scraped = new TreeSet<>();
    for (Manifest monitor : monitors) {
      Map<String, Object> selector = map(map(monitor.spec().get("selector")).get("matchLabels"));
      List<Manifest> matched = services.stream()
          .filter(s -> matches(selector, map(map(s.object().get("metadata")).get("labels")))).toList();
      if (matched.isEmpty()) {
        problems.add(monitor + " selects no Service");
      }
      for (Manifest service : matched) {
        scraped.add(service.name());
        Set<String> ports = new TreeSet<>();
        list(service.spec().get("ports")).forEach(p -> ports.add(String.valueOf(map(p).get("name"))));
        for (Object endpoint : list(monitor.spec().get("endpoints"))) {
          String port = String.valueOf(map(endpoint).get("port"));
          if (!ports.contains(port)) {
            problems.add(monitor + " scrapes port " + port + " that Service " + service.name() + " lacks " + ports);
          }
          Object interval = map(endpoint).get("interval");
          if (interval != null && !interval.equals("30s")) {
            problems.add(monitor + " scrapes every " + interval + ", not 30s (PERF-2)");
          }
        }
      }
    }
    for (Manifest service : services) {
      if (!scraped.contains(service.name())) {
        problems.add(service + " is not scraped by any ServiceMonitor (CL-6)");
      }
    }
    assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
  }

  @Test
  void points_every_service_at_pods_of_the_stack() {
    List<Map<String, Object>> podLabels = new ArrayList<>();
    for (Manifest m : base()) {
      if (WORKLOAD_KINDS.contains(m.kind())) {
        podLabels.add(map(map(map(m.spec().get("template")).get("metadata")).get("labels")));
      } else if (OPERATED_KINDS.contains(m.kind())) {
        Map<String, Object> labels = new TreeMap<>(map(map(m.spec().get("podMetadata")).get("labels")));
        podLabels.add(labels);
      }
    }
    List<String> problems = new ArrayList<>();
    for (Manifest service : base().stream().filter(m -> m.kind().equals("Service")).toList()) {
      Map<String, Object> selector = map(service.spec().get("selector"));
      if (selector.isEmpty() || podLabels.stream().noneMatch(l -> matches(selector, l))) {
        problems.add(service + " selects no pod of the stack with " + selector);
      }
    }
    assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
  }

  @Test
  void covers_every_pod_of_the_stack_with_a_network_policy() {
    List<Map<String, Object>> selectors = base().stream().filter(m -> m.kind().equals("NetworkPolicy"))
        .map(m -> map(map(m.spec().get("podSelector")).get("matchLabels"))).toList();
    List<String> uncovered = new ArrayList<>();
    for (Manifest m : base()) {
      Map<String, Object> labels = WORKLOAD_KINDS.contains(m.kind())
          ? map(map(map(m.spec().get("template")).get("metadata")).get("labels"))
          : OPERATED_KINDS.contains(m.kind()) ? map(map(m.spec().get("podMetadata")).get("labels")) : null;
      if (labels != null && selectors.stream().noneMatch(s -> !s.isEmpty() && matches(s, labels))) {
        uncovered.add(m.toString());
      }
    }
    assertTrue(uncovered.isEmpty(), () -> "pods without a NetworkPolicy (SEC-5): " + uncovered);
  }

  @Test
  void hardens_and_sizes_every_container() {
    List<String> problems = new ArrayList<>();
    for (Manifest m : base()) {
      if (WORKLOAD_KINDS.contains(m.kind())) {
        Map<String, Object> pod = map(map(m.spec().get("template")).get("spec"));
        checkPodSecurity(m, map(pod.get("securityContext")), problems);
        for (Object c : list(pod.get("containers"))) {
          checkContainer(m, map(c), true, problems);
        }
      } else if (OPERATED_KINDS.contains(m.kind())) {
        checkPodSecurity(m, map(m.spec().get("securityContext")), problems);
        checkResources(m + " main container", map(m.spec().get("resources")), problems);
        Set<String> overridden = new TreeSet<>();
        for (Object c : list(m.spec().get("containers"))) {
          overridden.add(String.valueOf(map(c).get("name")));
          checkContainer(m, map(c), String.valueOf(map(c).get("name")).equals("config-reloader"), problems);
        }
        for (Object c : list(m.spec().get("initContainers"))) {
          overridden.add(String.valueOf(map(c).get("name")));
          checkContainer(m, map(c), true, problems);
        }
        for (String sidecar : List.of("config-reloader", "init-config-reloader")) {
          if (!overridden.contains(sidecar)) {
            problems.add(m + " does not size and harden its " + sidecar + " container (RES-7)");
          }
        }
      }
    }
    assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
  }

  @Test
  void limits_host_access_to_node_exporter() {
    for (Manifest m : base()) {
      if (!WORKLOAD_KINDS.contains(m.kind())) {
        continue;
      }
      Map<String, Object> pod = map(map(m.spec().get("template")).get("spec"));
      boolean host = Boolean.TRUE.equals(pod.get("hostNetwork")) || Boolean.TRUE.equals(pod.get("hostPID"))
          || list(pod.get("volumes")).stream().anyMatch(v -> map(v).containsKey("hostPath"));
      if (m.name().equals("node-exporter")) {
        assertTrue(host, "node-exporter needs the host network and PID namespaces");
        for (Object c : list(pod.get("containers"))) {
          for (Object mount : list(map(c).get("volumeMounts"))) {
            assertEquals(Boolean.TRUE, map(mount).get("readOnly"), m + ": host mounts must be read-only: " + mount);
          }
        }
      } else {
        assertFalse(host, m + " must not use host namespaces or hostPath volumes");
      }
    }
  }

  @Test
  void pins_every_image_to_an_exact_tag_in_exactly_one_file_of_the_base() throws IOException {
    Map<String, Set<String>> baseImages = images(List.of(BASE));
    List<String> problems = new ArrayList<>();
    baseImages.forEach((image, where) -> {
      if (where.size() > 1) {
        problems.add(image + " is pinned in more than one file: " + where);
      }
    });
    for (String expected : List.of("quay.io/prometheus-operator/prometheus-operator",
        "quay.io/prometheus-operator/prometheus-config-reloader", "quay.io/prometheus/prometheus",
        "quay.io/prometheus/alertmanager", "grafana/grafana", "quay.io/prometheus/node-exporter",
        "registry.k8s.io/kube-state-metrics/kube-state-metrics")) {
      if (!baseImages.containsKey(expected)) {
        problems.add(expected + " is not pinned anywhere in base/");
      }
    }
    // Overlays and clusters never repeat (or re-pin) an image of the base.
    images(List.of(ROOT.resolve("overlays"), ROOT.resolve("clusters"))).forEach((image, where) -> {
      if (baseImages.containsKey(image)) {
        problems.add(image + " is pinned in the base and repeated in " + where);
      }
    });
    assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
  }

  /** image repository -> the files (with tag) that pin it; tags that are not exact releases fail. */
  private static Map<String, Set<String>> images(List<Path> dirs) throws IOException {
    Map<String, Set<String>> filesByImage = new TreeMap<>();
    for (Path dir : dirs) {
      if (!Files.isDirectory(dir)) {
        continue;
      }
      List<Path> files;
      try (Stream<Path> walk = Files.walk(dir)) {
        files = walk.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
      }
      for (Path file : files) {
        Matcher matcher = IMAGE.matcher(Files.readString(file));
        while (matcher.find()) {
          String tag = matcher.group(2);
          assertTrue(tag.matches("v?\\d+\\.\\d+\\.\\d+"),
              ROOT.relativize(file) + ": " + matcher.group(1) + ":" + tag + " is not pinned to an exact release");
          filesByImage.computeIfAbsent(matcher.group(1), i -> new TreeSet<>())
              .add(ROOT.relativize(file) + " (" + tag + ")");
        }
      }
    }
    return filesByImage;
  }

  @Test
  void pins_the_operator_and_its_reloader_at_the_crd_version_of_the_toolchain() throws IOException {
    String version = null;
    for (String line : Files.readAllLines(ROOT.resolve("validator").resolve("toolchain.properties"))) {
      if (line.startsWith("crd.prometheus-operator.version=")) {
        version = line.substring(line.indexOf('=') + 1).trim();
      }
    }
    assertTrue(version != null, "toolchain.properties has no crd.prometheus-operator.version");
    String deployment = Files.readString(BASE.resolve("prometheus-operator").resolve("prometheusOperator-deployment.yaml"));
    assertTrue(deployment.contains("prometheus-operator:" + version), "operator image must be " + version);
    assertTrue(deployment.contains("prometheus-config-reloader:" + version), "config-reloader image must be " + version);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kustomizations")
  void uses_no_deprecated_kustomize_fields(Path kustomization) {
    Map<String, Object> k = StackTools.loadMap(kustomization);
    for (String field : List.of("commonLabels", "patchesStrategicMerge", "patchesJson6902", "bases", "vars", "images")) {
      assertFalse(k.containsKey(field), () -> ROOT.relativize(kustomization) + " uses " + field);
    }
  }

  static Stream<Path> kustomizations() throws IOException {
    List<Path> all = new ArrayList<>();
    for (Path dir : List.of(BASE, KIND)) {
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.filter(p -> p.getFileName().toString().equals("kustomization.yaml")).sorted().forEach(all::add);
      }
    }
    return all.stream();
  }

  @Test
  void keeps_the_kind_overlay_to_the_base_and_targeted_patches() {
    Map<String, Object> k = StackTools.loadMap(KIND.resolve("kustomization.yaml"));
    List<String> resources = list(k.get("resources")).stream().map(String::valueOf).toList();
    assertEquals("../../base", resources.get(0), "the kind overlay starts from the base");
    assertFalse(resources.contains("kind-cluster.yaml"), "the kind cluster config is not a Kubernetes object");
    for (String extra : resources.subList(1, resources.size())) {
      assertTrue(Files.isRegularFile(KIND.resolve(extra)), () -> "missing resource " + extra);
    }
    List<Object> patches = list(k.get("patches"));
    assertFalse(patches.isEmpty(), "the kind overlay should size the stack down");
    for (Object p : patches) {
      Map<String, Object> patch = map(p);
      assertFalse(map(patch.get("target")).isEmpty(), () -> "patch without an explicit target: " + patch);
      Path file = KIND.resolve(String.valueOf(patch.get("path")));
      assertTrue(Files.isRegularFile(file), () -> "missing patch file " + file);
    }
  }

  @Test
  void scrapes_the_control_plane_services_the_kind_overlay_adds() {
    List<Map<String, Object>> objects = new ArrayList<>();
    Map<String, Object> k = StackTools.loadMap(KIND.resolve("kustomization.yaml"));
    list(k.get("resources")).stream().map(String::valueOf).filter(r -> r.endsWith(".yaml"))
        .forEach(r -> objects.add(StackTools.loadMap(KIND.resolve(r))));
    List<Map<String, Object>> services = objects.stream().filter(o -> "Service".equals(o.get("kind"))).toList();
    List<Map<String, Object>> monitors = objects.stream().filter(o -> "ServiceMonitor".equals(o.get("kind"))).toList();
    assertEquals(services.size(), monitors.size(), "one ServiceMonitor per control-plane Service");
    for (Map<String, Object> monitor : monitors) {
      Map<String, Object> spec = map(monitor.get("spec"));
      Map<String, Object> selector = map(map(spec.get("selector")).get("matchLabels"));
      List<Object> namespaces = list(map(spec.get("namespaceSelector")).get("matchNames"));
      Map<String, Object> service = services.stream()
          .filter(s -> namespaces.contains(map(s.get("metadata")).get("namespace")))
          .filter(s -> matches(selector, map(map(s.get("metadata")).get("labels"))))
          .findFirst().orElseThrow(() -> new AssertionError(monitor.get("metadata") + " selects no Service of the overlay"));
      Set<String> ports = new TreeSet<>();
      list(map(service.get("spec")).get("ports")).forEach(p -> ports.add(String.valueOf(map(p).get("name"))));
      for (Object endpoint : list(spec.get("endpoints"))) {
        assertTrue(ports.contains(String.valueOf(map(endpoint).get("port"))),
            () -> monitor.get("metadata") + " scrapes a port its Service lacks: " + endpoint);
      }
    }
  }

  @Test
  void exposes_control_plane_metrics_in_the_kind_cluster_config() throws IOException {
    Map<String, Object> cluster = StackTools.loadMap(KIND.resolve("kind-cluster.yaml"));
    assertEquals("Cluster", cluster.get("kind"));
    assertEquals("kind.x-k8s.io/v1alpha4", cluster.get("apiVersion"));
    String patches = String.join("\n---\n", list(cluster.get("kubeadmConfigPatches")).stream().map(String::valueOf).toList());
    Map<String, Object> config = StackTools.loadAll(patches).stream()
        .filter(d -> "ClusterConfiguration".equals(d.get("kind"))).findFirst().orElseThrow();
    assertEquals("0.0.0.0", map(map(config.get("controllerManager")).get("extraArgs")).get("bind-address"));
    assertEquals("0.0.0.0", map(map(config.get("scheduler")).get("extraArgs")).get("bind-address"));
    assertTrue(String.valueOf(map(map(map(config.get("etcd")).get("local")).get("extraArgs")).get("listen-metrics-urls"))
        .contains("0.0.0.0"));
    Map<String, Object> proxy = StackTools.loadAll(patches).stream()
        .filter(d -> "KubeProxyConfiguration".equals(d.get("kind"))).findFirst().orElseThrow();
    assertTrue(String.valueOf(proxy.get("metricsBindAddress")).startsWith("0.0.0.0:"));
  }

  // ---------------------------------------------------------------------------------------

  private static void checkPodSecurity(Manifest m, Map<String, Object> pod, List<String> problems) {
    if (!Boolean.TRUE.equals(pod.get("runAsNonRoot"))) {
      problems.add(m + ": pod securityContext.runAsNonRoot is not true");
    }
    if (!"RuntimeDefault".equals(map(pod.get("seccompProfile")).get("type"))) {
      problems.add(m + ": pod seccompProfile is not RuntimeDefault");
    }
  }

  private static void checkContainer(Manifest m, Map<String, Object> c, boolean needsResources, List<String> problems) {
    String where = m + " container " + c.get("name");
    Map<String, Object> sc = map(c.get("securityContext"));
    if (!Boolean.FALSE.equals(sc.get("allowPrivilegeEscalation"))) {
      problems.add(where + ": allowPrivilegeEscalation is not false");
    }
    if (!Boolean.TRUE.equals(sc.get("readOnlyRootFilesystem"))) {
      problems.add(where + ": readOnlyRootFilesystem is not true");
    }
    if (!list(map(sc.get("capabilities")).get("drop")).contains("ALL")) {
      problems.add(where + ": capabilities are not all dropped");
    }
    if (needsResources) {
      checkResources(where, map(c.get("resources")), problems);
    }
  }

  private static void checkResources(String where, Map<String, Object> resources, List<String> problems) {
    for (String section : List.of("requests", "limits")) {
      for (String resource : List.of("cpu", "memory")) {
        if (map(resources.get(section)).get(resource) == null) {
          problems.add(where + ": no " + section + "." + resource + " (RES-7)");
        }
      }
    }
  }

  private static boolean matches(Map<String, Object> selector, Map<String, Object> labels) {
    return !selector.isEmpty()
        && selector.entrySet().stream().allMatch(e -> Objects.equals(String.valueOf(e.getValue()), String.valueOf(labels.get(e.getKey()))));
  }

  private static String camel(String kebab) {
    StringBuilder out = new StringBuilder();
    boolean upper = false;
    for (char ch : kebab.toCharArray()) {
      if (ch == '-') {
        upper = true;
      } else {
        out.append(upper ? Character.toUpperCase(ch) : ch);
        upper = false;
      }
    }
    return out.toString();
  }
}
