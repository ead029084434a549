package org.monitoringstack.gate.live;

import static org.monitoringstack.gate.model.Resource.at;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.monitoringstack.gate.exec.ProcessRunner;
import org.monitoringstack.gate.exec.ToolException;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.ObjectRef;
import org.monitoringstack.gate.model.RenderedTarget;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.model.Severity;

/**
 * The live stage: what a sync would do, on a real API server. Per target it starts a private
 * etcd and kube-apiserver ({@link ControlPlane}), applies the pinned CRDs the target needs, the
 * target's Namespaces (and CRDs), the {@link Assumptions}, then every other object with
 * server-side apply, first {@code dryRun=All} and then for real, as Argo CD does (field manager
 * {@code argocd-controller}, strict field validation). It asks Pod Security admission about the
 * pods of every workload (a dry-run Pod from its template), runs the real Prometheus Operator
 * against the result as the repository's operator ServiceAccount ({@link OperatorRun}), and
 * checks the configurations the operator generates with the pinned promtool and amtool.
 *
 * <p>Every answer of the API server becomes a finding at the object's source file: {@code
 * live.apply}, {@code live.admission}, {@code live.warning}, {@code live.rbac}, {@code
 * live.reconcile}, {@code live.prometheus-config}, {@code live.alertmanager-config}. A server
 * that cannot start or dies is a {@link ToolException} (exit code 2). Every process is stopped
 * by its PID, and its data deleted, when the target is done, also on failure.
 */
public final class LiveStage implements LiveVerifier {

  public static final String APPLY = "live.apply";
  public static final String ADMISSION = "live.admission";
  public static final String WARNING = "live.warning";
  public static final String RBAC = "live.rbac";
  public static final String RECONCILE = "live.reconcile";
  public static final String PROMETHEUS_CONFIG = "live.prometheus-config";
  public static final String ALERTMANAGER_CONFIG = "live.alertmanager-config";

  /** PRE-1: a running Kubernetes cluster accepts and runs what is synced. */
  static final String REQUIREMENT = "PRE-1";
  static final String SETUP_MANAGER = "gitops-validate-live";
  private static final Duration ESTABLISHED_TIMEOUT = Duration.ofMinutes(3);
  private static final Pattern POD_SECURITY_WARNING = Pattern.compile(
      "would violate PodSecurity \"([a-z]+):[^\"]*\"");
  private static final Set<String> WORKLOAD_KINDS =
      Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob");

  /** The binaries the stage runs, each at its pinned version. */
  public record Binaries(Path etcd, Path kubeApiserver, Path operator, Path promtool,
      Path amtool) {}

  private final Binaries binaries;
  private final List<Map<String, Object>> pinnedCrds;
  private final Assumptions assumptions;
  private final ProcessRunner runner;
  private final Duration timeout;
  private final Consumer<String> progress;

  /**
   * @param pinnedCrds the CustomResourceDefinitions of the pinned CRD sources (the schema
   *     catalog's), as parsed objects
   * @param timeout how long one target may take, servers' start included
   */
  public LiveStage(Binaries binaries, List<Map<String, Object>> pinnedCrds, Path repoRoot,
      ProcessRunner runner, Duration timeout, Consumer<String> progress) {
    this.binaries = Objects.requireNonNull(binaries, "binaries");
    this.pinnedCrds = List.copyOf(pinnedCrds);
    this.assumptions = Assumptions.load(repoRoot);
    this.runner = Objects.requireNonNull(runner, "runner");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.progress = Objects.requireNonNull(progress, "progress");
  }

  /** Puts {@code rendered} through a private API server and the operator. */
  @Override
  public Result verify(RenderedTarget rendered) {
    String target = rendered.target().id();
    long start = System.nanoTime();
    try (ControlPlane plane = ControlPlane.start(
        binaries.etcd(), binaries.kubeApiserver(), Duration.ofMinutes(2), progress)) {
      Result result = new Run(rendered, plane).all();
      progress.accept("live: " + target + " applied and reconciled ("
          + seconds(System.nanoTime() - start) + ", " + result.findings().size()
          + (result.findings().size() == 1 ? " finding)" : " findings)"));
      return result;
    } catch (ToolException e) {
      throw new ToolException("live stage of " + target + ": " + e.getMessage(), e);
    }
  }

  /** One target's run against one control plane. */
  private final class Run {
    private final RenderedTarget rendered;
    private final String target;
    private final ControlPlane plane;
    private final KubeApi api;
    private final List<Finding> findings = new ArrayList<>();
    private final List<String> used = new ArrayList<>();
    private final Map<String, String> enforced = new LinkedHashMap<>();

    Run(RenderedTarget rendered, ControlPlane plane) {
      this.rendered = rendered;
      this.target = rendered.target().id();
      this.plane = plane;
      this.api = plane.api();
    }

    Result all() {
      List<Resource> resources = rendered.resources();
      applyCrds(resources);
      List<Resource> first = resources.stream()
          .filter(r -> r.is("Namespace") || r.is("CustomResourceDefinition")).toList();
      for (Resource r : first) {
        apply(r, false);
        if (r.is("Namespace")) {
          Object level = r.labels().get("pod-security.kubernetes.io/enforce");
          enforced.put(r.name(), level == null ? "privileged" : String.valueOf(level));
          // what the controller manager's ServiceAccount controller does in every namespace
          api.apply(Map.of("apiVersion", "v1", "kind", "ServiceAccount",
              "metadata", Map.of("name", "default", "namespace", r.name())), SETUP_MANAGER, false);
        }
      }
      waitEstablished(first.stream().filter(r -> r.is("CustomResourceDefinition"))
          .map(Resource::name).toList());
      applyAssumptions(resources);
      List<Resource> rest = resources.stream().filter(r -> !first.contains(r)).toList();
      List<Resource> accepted = new ArrayList<>();
      for (Resource r : rest) {
        if (apply(r, true)) {
          accepted.add(r);
        }
      }
      for (Resource r : accepted) {
        apply(r, false);
      }
      for (Resource r : accepted) {
        if (WORKLOAD_KINDS.contains(r.kind())) {
          podTemplate(r.body(), r.kind()).ifPresent(t -> admitPod(r, r.ref(), t, ""));
        }
      }
      OperatorRun.Outcome operator = new OperatorRun(plane, binaries, runner, progress)
          .run(rendered, timeout);
      findings.addAll(operator.findings());
      used.addAll(operator.assumptions());
      for (OperatorRun.Generated pod : operator.generatedWorkloads()) {
        admitPod(pod.owner(), pod.workload(), pod.template(),
            " (the pods the operator generates for " + pod.owner().ref().display() + ")");
      }
      return new Result(findings, used);
    }

    private void applyCrds(List<Resource> resources) {
      Set<String> wanted =
          resources.stream().map(r -> r.group() + "/" + r.kind()).collect(Collectors.toSet());
      boolean operator = OperatorRun.deployment(resources).isPresent();
      List<String> names = new ArrayList<>();
      for (Map<String, Object> crd : pinnedCrds) {
        String group = String.valueOf(at(crd, "spec.group").orElse(""));
        String kind = String.valueOf(at(crd, "spec.names.kind").orElse(""));
        // the operator watches every kind of its group, so all of them must exist
        if (wanted.contains(group + "/" + kind) || (operator && group.equals(OperatorRun.GROUP))) {
          KubeApi.Outcome o = api.apply(crd, SETUP_MANAGER, false);
          if (!o.ok()) {
            throw new ToolException("the pinned CustomResourceDefinition "
                + at(crd, "metadata.name").orElse("?") + " was refused: " + o.message());
          }
          names.add(String.valueOf(at(crd, "metadata.name").orElse("")));
        }
      }
      waitEstablished(names);
    }

    private void waitEstablished(List<String> crds) {
      long deadline = System.nanoTime() + ESTABLISHED_TIMEOUT.toNanos();
      for (String name : crds) {
        while (!established(name)) {
          if (System.nanoTime() > deadline) {
            throw new ToolException("CustomResourceDefinition " + name + " was not Established"
                + " within " + ESTABLISHED_TIMEOUT.toSeconds() + "s");
          }
          sleep(200);
        }
      }
      api.forgetDiscovery();
    }

    private boolean established(String crd) {
      KubeApi.Outcome o =
          api.get("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/" + crd);
      return o.ok() && at(o.body(), "status.conditions").orElse(List.of()) instanceof List<?> list
          && list.stream().anyMatch(c -> c instanceof Map<?, ?> m
              && "Established".equals(m.get("type")) && "True".equals(m.get("status")));
    }

    private void applyAssumptions(List<Resource> resources) {
      Set<String> defined = new LinkedHashSet<>();
      StringBuilder text = new StringBuilder();
      for (Resource r : resources) {
        defined.add(r.kind() + "/" + r.namespace() + "/" + r.name());
        text.append(KubeApi.json(r.body()));
      }
      emulateControllers(resources, defined);
      // assumed Namespaces first, so that an assumption may live in one
      List<Assumptions.Assumption> ordered = new ArrayList<>(assumptions.all());
      ordered.sort(Comparator.comparing(a -> !a.kind().equals("Namespace")));
      for (Assumptions.Assumption a : ordered) {
        if (defined.contains(a.kind() + "/" + a.namespace() + "/" + a.name())) {
          continue; // the repository defines it: a fixture never hides the repository's object
        }
        if (!a.namespace().isEmpty() && !enforced.containsKey(a.namespace())
            && !assumedNamespace(a.namespace())) {
          continue; // its namespace is not part of this target
        }
        boolean referenced = a.kind().equals("Namespace")
            ? resources.stream().anyMatch(r -> r.namespace().equals(a.name()))
            : text.toString().contains("\"" + a.name() + "\"");
        if (!referenced) {
          continue; // nothing in this target refers to it (an assumed Namespace: holds nothing)
        }
        KubeApi.Outcome o = api.apply(a.object(), SETUP_MANAGER, false);
        if (!o.ok()) {
          throw new ToolException("the assumption " + a.file() + " (" + a.display()
              + ") was refused: " + o.message());
        }
        used.add(a.file() + " (" + a.display() + ")");
      }
    }

    /**
     * The Secrets the cluster's controllers would write for the render's own requests: a TLS
     * Secret for every cert-manager Certificate (the private API server's certificate and key
     * stand in for the issued ones), and for every ExternalSecret its target Secret, with each
     * remote value a placeholder and the template's {@code {{ .key }}} references filled with
     * it. A Secret the render defines itself is never replaced.
     */
    private void emulateControllers(List<Resource> resources, Set<String> defined) {
      String cert = read(plane.servingCertificate());
      String key = read(plane.servingCertificate().resolveSibling("apiserver.key"));
      Map<String, List<String>> written = new LinkedHashMap<>();
      for (Resource r : resources) {
        Map<String, String> data = new LinkedHashMap<>();
        String name;
        String type;
        String controller;
        if (r.is("Certificate") && r.group().equals("cert-manager.io")) {
          name = String.valueOf(r.at("spec.secretName").orElse(""));
          type = "kubernetes.io/tls";
          data.put("tls.crt", cert);
          data.put("tls.key", key);
          data.put("ca.crt", cert);
          controller = "cert-manager";
        } else if (r.is("ExternalSecret") && r.group().equals("external-secrets.io")) {
          name = String.valueOf(r.at("spec.target.name").orElse(r.name()));
          type = String.valueOf(r.at("spec.target.template.type").orElse("Opaque"));
          Map<String, String> values = new LinkedHashMap<>();
          if (r.at("spec.data").orElse(List.of()) instanceof List<?> items) {
            for (Object item : items) {
              if (item instanceof Map<?, ?> m && m.get("secretKey") instanceof String k) {
                values.put(k, "live-placeholder-" + k.replace('_', '-'));
              }
            }
          }
          Object template = r.at("spec.target.template.data").orElse(null);
          if (template instanceof Map<?, ?> t && !t.isEmpty()) {
            t.forEach((k, v) -> data.put(String.valueOf(k), fill(String.valueOf(v), values)));
          } else {
            data.putAll(values);
          }
          controller = "external-secrets";
        } else {
          continue;
        }
        if (name.isEmpty() || defined.contains("Secret/" + r.namespace() + "/" + name)) {
          continue;
        }
        Map<String, Object> secret = new LinkedHashMap<>();
        secret.put("apiVersion", "v1");
        secret.put("kind", "Secret");
        secret.put("metadata", Map.of("name", name, "namespace", r.namespace()));
        secret.put("type", type);
        secret.put("stringData", data);
        KubeApi.Outcome o = api.apply(secret, SETUP_MANAGER, false);
        if (!o.ok()) {
          findings.add(finding(APPLY, Severity.ERROR, target, r, r.ref(), "the Secret "
              + controller + " would write for " + r.ref().display() + " is refused: "
              + o.message(), ""));
          continue;
        }
        written.computeIfAbsent(controller + " for its " + r.kind() + "s",
            c -> new ArrayList<>()).add(r.namespace() + "/" + name);
      }
      written.forEach((who, secrets) -> used.add("the Secrets " + who + " ("
          + String.join(", ", secrets) + "; placeholder values)"));
    }

    private boolean assumedNamespace(String namespace) {
      return assumptions.all().stream().anyMatch(a -> a.kind().equals("Namespace")
          && a.name().equals(namespace));
    }

    /** Applies {@code r}; true when the server accepted it. */
    private boolean apply(Resource r, boolean dryRun) {
      KubeApi.Outcome o = api.apply(r.body(), KubeApi.ARGO_CD_MANAGER, dryRun);
      if (dryRun || !o.ok()) {
        for (String warning : o.warnings()) {
          if (!POD_SECURITY_WARNING.matcher(warning).find()) {
            findings.add(finding(WARNING, Severity.WARNING, target, r, r.ref(),
                "the API server warns: " + warning, ""));
          }
          // Pod Security's own warnings on workloads are asked again, exactly, per pod below
        }
      }
      if (o.ok()) {
        return true;
      }
      boolean admission = o.status() == 422 || o.status() == 403
          || o.reason().equals("Invalid") || o.reason().equals("Forbidden");
      findings.add(finding(admission ? ADMISSION : APPLY, Severity.ERROR, target, r, r.ref(),
          (dryRun ? "server-side apply (dry run) refused: " : "server-side apply refused: ")
              + o.message(),
          o.message().contains("namespaces \"")
              ? "create the namespace in the repository (a Namespace object in the component"
                  + " that uses it), or move the object to a namespace that exists"
              : ""));
      return false;
    }

    /** Asks admission (Pod Security first) whether a pod of {@code template} may run. */
    private void admitPod(Resource owner, ObjectRef workload, Map<String, Object> template,
        String about) {
      String namespace = workload.namespace().isEmpty() ? "default" : workload.namespace();
      Map<String, Object> metadata = new LinkedHashMap<>();
      metadata.put("name", (workload.name() + "-live-probe").toLowerCase(Locale.ROOT));
      metadata.put("namespace", namespace);
      at(template, "metadata.labels").ifPresent(l -> metadata.put("labels", l));
      Map<String, Object> pod = new LinkedHashMap<>();
      pod.put("apiVersion", "v1");
      pod.put("kind", "Pod");
      pod.put("metadata", metadata);
      pod.put("spec", at(template, "spec").orElse(Map.of()));
      KubeApi.Outcome o = api.dryRunPost("/api/v1/namespaces/" + namespace + "/pods", pod);
      if (!o.ok()) {
        findings.add(finding(ADMISSION, Severity.ERROR, target, owner, workload, "a pod of "
            + workload.kind() + "/" + workload.name() + about + " is refused by the API server: "
            + o.message(),
            o.message().contains("PodSecurity")
                ? "make the pod meet the namespace's Pod Security level ("
                    + enforced.getOrDefault(namespace, "?") + "), or run it in a namespace whose"
                    + " documented exception allows it"
                : ""));
      }
    }
  }

  /** {@code {{ .key }}} (with any spacing) replaced by the value of {@code key}. */
  static String fill(String template, Map<String, String> values) {
    Matcher m = Pattern.compile("\\{\\{\\s*\\.([A-Za-z0-9_]+)\\s*}}").matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(
          values.getOrDefault(m.group(1), m.group())));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String read(Path file) {
    try {
      return java.nio.file.Files.readString(file);
    } catch (java.io.IOException e) {
      throw new ToolException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** A finding of {@code check} on {@code object}, at the source of {@code at}. */
  static Finding finding(String check, Severity severity, String target, Resource at,
      ObjectRef object, String message, String hint) {
    String requirement = check.equals(ALERTMANAGER_CONFIG) ? "HA-4" : REQUIREMENT;
    return Finding.of(check, severity, requirement, target, object, at.source(), message, hint);
  }

  /**
   * The pod template of a workload object ({@code spec.template}, a CronJob's job's); for a
   * StatefulSet with the claims of its {@code volumeClaimTemplates} added as volumes, as the
   * StatefulSet controller adds them to each pod.
   */
  @SuppressWarnings("unchecked")
  static Optional<Map<String, Object>> podTemplate(Map<String, Object> body, String kind) {
    String path = kind.equals("CronJob") ? "spec.jobTemplate.spec.template" : "spec.template";
    Optional<Map<String, Object>> template =
        at(body, path).filter(Map.class::isInstance).map(m -> (Map<String, Object>) m);
    Object claims = at(body, "spec.volumeClaimTemplates").orElse(List.of());
    if (template.isEmpty() || !kind.equals("StatefulSet") || !(claims instanceof List<?> list)
        || list.isEmpty()) {
      return template;
    }
    Map<String, Object> spec = new LinkedHashMap<>(
        (Map<String, Object>) at(template.get(), "spec").orElse(Map.of()));
    List<Object> volumes = new ArrayList<>(
        spec.get("volumes") instanceof List<?> v ? v : List.of());
    String owner = String.valueOf(at(body, "metadata.name").orElse(""));
    for (Object claim : list) {
      at(claim, "metadata.name").ifPresent(name -> volumes.add(Map.of("name", name,
          "persistentVolumeClaim", Map.of("claimName", name + "-" + owner + "-0"))));
    }
    spec.put("volumes", volumes);
    Map<String, Object> withClaims = new LinkedHashMap<>(template.get());
    withClaims.put("spec", spec);
    return Optional.of(withClaims);
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ToolException("interrupted", e);
    }
  }

  static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.1fs", nanos / 1e9);
  }

  /**
   * The verb and resource of an RBAC refusal in a log line, when it is one: a request the API
   * server refused ({@code cannot get resource "x" in API group "y"}), or a permission the
   * operator found missing when it asked at startup ({@code missing "get" permission on resource
   * "x" (group: "y")}), after which it runs without what needs it, silently in its reconciles.
   */
  static Optional<String> forbidden(String line) {
    Matcher m = FORBIDDEN.matcher(line);
    String suffix = "";
    if (!m.find()) {
      m = MISSING.matcher(line);
      if (!m.find()) {
        return Optional.empty();
      }
      suffix = ", when it checked its permissions at startup; it runs without what needs it";
    }
    String group = m.group(3) == null ? "" : m.group(3);
    return Optional.of(m.group(1) + " " + m.group(2)
        + (group.isEmpty() ? "" : " (API group " + group + ")") + suffix);
  }

  private static final Pattern FORBIDDEN = Pattern.compile(
      "cannot (\\w+) resource \\\\?\"([a-z0-9./-]+)\\\\?\"(?: in API group \\\\?\"([a-z0-9.-]*)\\\\?\")?");
  private static final Pattern MISSING = Pattern.compile(
      "missing \\\\?\"(\\w+)\\\\?\" permission on resource \\\\?\"([a-z0-9./-]+)\\\\?\""
          + " \\(group: \\\\?\"([a-z0-9.-]*)\\\\?\"\\)");
}
