package org.monitoringstack.gate.live;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.monitoringstack.gate.exec.ProcessResult;
import org.monitoringstack.gate.exec.ProcessRunner;
import org.monitoringstack.gate.exec.ProcessSpec;
import org.monitoringstack.gate.exec.ServerProcess;
import org.monitoringstack.gate.exec.ToolException;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.ObjectRef;
import org.monitoringstack.gate.model.RenderedTarget;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.model.Severity;

/**
 * The real Prometheus Operator, out of cluster, against the private API server: started with the
 * arguments of the repository's operator Deployment (only its listen address moved to a free
 * loopback port, and a kubeconfig added), authenticated with a TokenRequest token of the
 * Deployment's ServiceAccount, so that the repository's RBAC is what it runs with. It must create
 * the StatefulSet, configuration Secret and governing Service of every Prometheus and
 * Alertmanager within a time limit; every RBAC refusal in its log is a finding, and the
 * configurations it generates are checked with the pinned promtool and amtool.
 */
record OperatorRun(ControlPlane plane, LiveStage.Binaries binaries, ProcessRunner runner,
    Consumer<String> progress) {

  static final String GROUP = "monitoring.coreos.com";
  private static final String IMAGE = "prometheus-operator/prometheus-operator:";
  private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(60);

  /** A workload the operator generated, with the custom resource it belongs to. */
  record Generated(Resource owner, ObjectRef workload, Map<String, Object> template) {}

  /** What the run found, the workloads the operator generated, and what it assumed. */
  record Outcome(List<Finding> findings, List<Generated> generatedWorkloads,
      List<String> assumptions) {}

  /** The operator's TLS file flags, and the private API server's file that stands in for each. */
  private Map<String, String> servingFiles() {
    Path cert = plane.servingCertificate();
    Path key = cert.resolveSibling("apiserver.key");
    return Map.of("--web.cert-file", cert.toString(), "--web.key-file", key.toString(),
        "--web.client-ca-file", cert.toString());
  }

  /** What the operator does with the objects already applied; none when it is not deployed. */
  Outcome run(RenderedTarget rendered, Duration limit) {
    String target = rendered.target().id();
    List<Finding> findings = new ArrayList<>();
    Optional<Resource> deployment = deployment(rendered.resources());
    if (deployment.isEmpty()) {
      return new Outcome(List.of(), List.of(), List.of());
    }
    Resource operator = deployment.get();
    Map<?, ?> container = container(operator).orElseThrow();
    String namespace = operator.namespace();
    String account = String.valueOf(
        operator.at("spec.template.spec.serviceAccountName").orElse("default"));

    KubeApi api = plane.api();
    String user = "system:serviceaccount:" + namespace + ":" + account;
    KubeApi.Outcome exists = api.get(path("v1", "serviceaccounts", namespace, account));
    if (!exists.ok()) {
      findings.add(finding(LiveStage.RECONCILE, target, operator,
          "the operator cannot run as ServiceAccount " + namespace + "/" + account + ": "
              + exists.message(), "define the ServiceAccount the Deployment names"));
      return new Outcome(findings, List.of(), List.of());
    }
    allowImpersonation(api, namespace, account, user);
    int port = ControlPlane.freePorts(1)[0];
    List<String> assumed = new ArrayList<>();
    List<String> argv = new ArrayList<>();
    argv.add(binaries.operator().toString());
    boolean listen = false;
    for (Object arg : container.get("args") instanceof List<?> l ? l : List.of()) {
      String a = String.valueOf(arg);
      if (a.startsWith("--web.listen-address")) {
        a = "--web.listen-address=127.0.0.1:" + port; // loopback only, on a free port
        listen = true;
      }
      for (Map.Entry<String, String> file : servingFiles().entrySet()) {
        if (a.startsWith(file.getKey() + "=")) {
          // a file of a Secret mounted in the pod: out of cluster, the private API server's own
          // certificate stands in for it (the operator's TLS is not what is tested here)
          assumed.add(file.getKey());
          a = file.getKey() + "=" + file.getValue();
        }
      }
      if (a.startsWith("--apiserver") || a.startsWith("--ca-file") || a.startsWith("--as=")
          || a.startsWith("--cert-file") || a.startsWith("--key-file")) {
        continue;
      }
      argv.add(a);
    }
    if (!listen) {
      argv.add("--web.listen-address=127.0.0.1:" + port);
    }
    // out of cluster: the private API server, its certificate, and the ServiceAccount's identity
    argv.add("--apiserver=" + plane.server());
    argv.add("--ca-file=" + plane.servingCertificate());
    argv.add("--as=" + user);

    List<Resource> prometheuses = crs(rendered, "Prometheus");
    List<Resource> alertmanagers = crs(rendered, "Alertmanager");
    List<Expected> expected = new ArrayList<>();
    for (Resource p : prometheuses) {
      expected.add(new Expected("StatefulSet", p.namespace(), "prometheus-" + p.name(), p));
      expected.add(new Expected("Secret", p.namespace(), "prometheus-" + p.name(), p));
      expected.add(new Expected("Service", p.namespace(), "prometheus-operated", p));
    }
    for (Resource a : alertmanagers) {
      expected.add(new Expected("StatefulSet", a.namespace(), "alertmanager-" + a.name(), a));
      expected.add(new Expected("Secret", a.namespace(),
          "alertmanager-" + a.name() + "-generated", a));
      expected.add(new Expected("Service", a.namespace(), "alertmanager-operated", a));
    }

    List<Generated> generated = new ArrayList<>();
    long start = System.nanoTime();
    try (ServerProcess process = ServerProcess.start("prometheus-operator", argv, plane.dir())) {
      long deadline = start + limit.toNanos();
      List<Expected> missing = new ArrayList<>(expected);
      while (!missing.isEmpty() && System.nanoTime() < deadline && process.isAlive()) {
        missing.removeIf(e -> api.get(e.path()).ok());
        if (!missing.isEmpty()) {
          LiveStage.sleep(500);
        }
      }
      if (!missing.isEmpty()) {
        Map<Resource, List<String>> byOwner = missing.stream().collect(Collectors.groupingBy(
            Expected::owner, LinkedHashMap::new, Collectors.mapping(
                e -> e.kind() + " " + e.namespace() + "/" + e.name(), Collectors.toList())));
        String log = lastErrors(process);
        byOwner.forEach((owner, objects) -> findings.add(finding(LiveStage.RECONCILE, target,
            owner, "the Prometheus Operator did not create " + String.join(", ", objects)
                + " for " + owner.ref().display() + " within " + limit.toSeconds() + "s"
                + (process.isAlive() ? "" : " (the operator exited with code "
                    + process.exitCode().orElse(-1) + ")")
                + "; its last errors:\n" + ControlPlane.indent(log.strip()),
            "a missing Secret, StorageClass or permission is the usual cause: see the errors")));
      } else {
        progress.accept("live: " + target + ": the operator reconciled "
            + (prometheuses.size() + alertmanagers.size()) + " custom resources in "
            + LiveStage.seconds(System.nanoTime() - start));
      }
      Set<String> refusals = process.log().stream().map(LiveStage::forbidden)
          .flatMap(Optional::stream).collect(Collectors.toCollection(LinkedHashSet::new));
      Resource role = operatorRole(rendered, namespace, account).orElse(operator);
      for (String refusal : refusals) {
        findings.add(finding(LiveStage.RBAC, target, role,
            "the Prometheus Operator, as ServiceAccount " + namespace + "/" + account
                + ", was refused: " + refusal,
            "grant it in " + role.ref().display() + " (the operator's own RBAC)"));
      }
    }

    for (Resource p : prometheuses) {
      statefulSet(api, p, "prometheus-" + p.name()).ifPresent(generated::add);
      secretFile(api, p.namespace(), "prometheus-" + p.name(), "prometheus.yaml.gz")
          .ifPresent(config -> check(findings, target, p, LiveStage.PROMETHEUS_CONFIG, config,
              List.of(binaries.promtool().toString(), "check", "config", "--syntax-only"),
              "prometheus-" + p.name() + ".yaml", "promtool check config"));
    }
    for (Resource a : alertmanagers) {
      statefulSet(api, a, "alertmanager-" + a.name()).ifPresent(generated::add);
      secretFile(api, a.namespace(), "alertmanager-" + a.name() + "-generated",
          "alertmanager.yaml.gz")
          .ifPresent(config -> check(findings, target, a, LiveStage.ALERTMANAGER_CONFIG, config,
              List.of(binaries.amtool().toString(), "check-config"),
              "alertmanager-" + a.name() + ".yaml", "amtool check-config"));
    }
    return new Outcome(findings, generated, assumed.isEmpty() ? List.of()
        : List.of("the private API server's certificate for the operator's "
            + String.join(", ", assumed) + " (the mounted Secret's files)"));
  }

  /**
   * Lets the operator's unauthenticated loopback connection act as {@code user} and nothing
   * else: the operator's own flags offer no token, so it connects without credentials and
   * impersonates its ServiceAccount ({@code --as}); every request it makes is then authorized by
   * the repository's RBAC for that ServiceAccount, as in the cluster.
   */
  private static void allowImpersonation(KubeApi api, String namespace, String account,
      String user) {
    Map<String, Object> role = Map.of(
        "apiVersion", "rbac.authorization.k8s.io/v1", "kind", "ClusterRole",
        "metadata", Map.of("name", "gitops-validate-live-impersonate-operator"),
        "rules", List.of(
            Map.of("apiGroups", List.of(""), "resources", List.of("users"),
                "verbs", List.of("impersonate"), "resourceNames", List.of(user)),
            Map.of("apiGroups", List.of(""), "resources", List.of("serviceaccounts"),
                "verbs", List.of("impersonate"), "resourceNames", List.of(account)),
            Map.of("apiGroups", List.of(""), "resources", List.of("groups"),
                "verbs", List.of("impersonate"), "resourceNames", List.of(
                    "system:serviceaccounts", "system:serviceaccounts:" + namespace,
                    "system:authenticated"))));
    Map<String, Object> binding = Map.of(
        "apiVersion", "rbac.authorization.k8s.io/v1", "kind", "ClusterRoleBinding",
        "metadata", Map.of("name", "gitops-validate-live-impersonate-operator"),
        "roleRef", Map.of("apiGroup", "rbac.authorization.k8s.io", "kind", "ClusterRole",
            "name", "gitops-validate-live-impersonate-operator"),
        "subjects", List.of(Map.of("apiGroup", "rbac.authorization.k8s.io", "kind", "User",
            "name", "system:anonymous")));
    for (Map<String, Object> object : List.of(role, binding)) {
      KubeApi.Outcome o = api.apply(object, LiveStage.SETUP_MANAGER, false);
      if (!o.ok()) {
        throw new ToolException("cannot let the operator impersonate " + user + ": "
            + o.message());
      }
    }
  }

  /** An object the operator must create for {@code owner}. */
  private record Expected(String kind, String namespace, String name, Resource owner) {
    /** StatefulSets are served by {@code apps/v1}, Secrets and Services by the core group. */
    String path() {
      return OperatorRun.path(kind.equals("StatefulSet") ? "apps/v1" : "v1",
          kind.toLowerCase(Locale.ROOT) + "s", namespace, name);
    }
  }

  /** The pods of the StatefulSet {@code name} the operator generated for {@code owner}. */
  private static Optional<Generated> statefulSet(KubeApi api, Resource owner, String name) {
    String namespace = owner.namespace();
    KubeApi.Outcome o = api.get(path("apps/v1", "statefulsets", namespace, name));
    return o.ok() ? LiveStage.podTemplate(o.body(), "StatefulSet").map(t -> new Generated(owner,
        new ObjectRef("apps/v1", "StatefulSet", namespace, name), t)) : Optional.empty();
  }

  /** The decompressed value of {@code key} in a Secret, when it is there. */
  private static Optional<String> secretFile(KubeApi api, String namespace, String name,
      String key) {
    KubeApi.Outcome o = api.get(path("v1", "secrets", namespace, name));
    if (!(o.body().get("data") instanceof Map<?, ?> map) || !(map.get(key) instanceof String b64)) {
      return Optional.empty();
    }
    byte[] bytes = Base64.getDecoder().decode(b64);
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Optional.of(new String(bytes, StandardCharsets.UTF_8));
    }
  }

  private void check(List<Finding> findings, String target, Resource owner, String check,
      String config, List<String> command, String fileName, String what) {
    Path file = plane.dir().resolve(fileName);
    try {
      Files.writeString(file, config, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ToolException("cannot write " + file + ": " + e.getMessage(), e);
    }
    List<String> argv = new ArrayList<>(command);
    argv.add(file.toString());
    ProcessResult result = runner.run(ProcessSpec.of(argv, CHECK_TIMEOUT));
    if (!result.succeeded()) {
      String output = (result.stdout() + "\n" + result.stderr()).strip()
          .replace(file.toString(), fileName);
      findings.add(finding(check, target, owner, "`" + what + "` rejects the configuration the"
          + " Prometheus Operator generates for " + owner.ref().display() + ":\n"
          + ControlPlane.indent(output), "the generated configuration comes from "
          + owner.ref().display() + " and the monitors, rules and secrets it selects"));
    }
  }

  /** The Deployment that runs the operator image, if the render has one. */
  static Optional<Resource> deployment(List<Resource> resources) {
    return resources.stream().filter(r -> r.is("Deployment") && container(r).isPresent())
        .findFirst();
  }

  private static Optional<Map<?, ?>> container(Resource deployment) {
    Object containers = deployment.at("spec.template.spec.containers").orElse(List.of());
    return containers instanceof List<?> list ? list.stream()
        .filter(c -> c instanceof Map<?, ?> m && m.get("image") instanceof String image
            && image.contains(IMAGE))
        .<Map<?, ?>>map(c -> (Map<?, ?>) c).findFirst() : Optional.empty();
  }

  private static List<Resource> crs(RenderedTarget rendered, String kind) {
    return rendered.resources().stream()
        .filter(r -> r.is(kind) && r.group().equals(GROUP)).toList();
  }

  /** The ClusterRole (or Role) bound to the operator's ServiceAccount, for RBAC findings. */
  private static Optional<Resource> operatorRole(RenderedTarget rendered, String namespace,
      String account) {
    List<Resource> resources = rendered.resources();
    return resources.stream()
        .filter(b -> (b.is("ClusterRoleBinding") || b.is("RoleBinding"))
            && b.at("subjects").orElse(List.of()) instanceof List<?> list
            && list.stream().anyMatch(s -> s instanceof Map<?, ?> m
                && "ServiceAccount".equals(m.get("kind")) && account.equals(m.get("name"))
                && namespace.equals(m.get("namespace"))))
        // the first binding whose role the render defines
        .flatMap(b -> resources.stream()
            .filter(r -> r.is(String.valueOf(b.at("roleRef.kind").orElse("")))
                && r.name().equals(String.valueOf(b.at("roleRef.name").orElse("")))))
        .findFirst();
  }

  /** The operator's distinct error messages (its {@code err=} values), the last five. */
  static String lastErrors(ServerProcess process) {
    List<String> log = process.log();
    Set<String> errors = new LinkedHashSet<>();
    for (String line : log) {
      if (line.contains("level=error")) {
        int err = line.indexOf(" err=");
        String text = err >= 0 ? line.substring(err + 1) : line.replaceFirst("^ts=\\S+ ", "");
        errors.remove(text);
        errors.add(text);
      }
    }
    List<String> shown = errors.isEmpty() ? log : new ArrayList<>(errors);
    return String.join("\n", shown.subList(Math.max(0, shown.size() - 5), shown.size()));
  }

  static String path(String apiVersion, String resource, String namespace, String name) {
    return KubeApi.prefix(apiVersion) + "/namespaces/" + namespace + "/" + resource + "/" + name;
  }

  private static Finding finding(String check, String target, Resource at, String message,
      String hint) {
    return LiveStage.finding(check, Severity.ERROR, target, at, at.ref(), message, hint);
  }
}
