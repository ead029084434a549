package org.monitoringstack.gate.policy.check;

import static org.monitoringstack.gate.policy.ParsedYaml.isFalse;
import static org.monitoringstack.gate.policy.ParsedYaml.isTrue;
import static org.monitoringstack.gate.policy.ParsedYaml.list;
import static org.monitoringstack.gate.policy.ParsedYaml.map;
import static org.monitoringstack.gate.policy.ParsedYaml.maps;
import static org.monitoringstack.gate.policy.check.StackComponents.component;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;
import org.monitoringstack.gate.policy.Workload;

/**
 * {@code security.pod-hardening}: every pod runs as non-root with the RuntimeDefault seccomp
 * profile (pod-level, or on every container), and every container has a read-only root
 * filesystem, no privilege escalation, no privileged mode, and drops ALL capabilities. Host access
 * (hostNetwork, hostPID, hostIPC, hostPath volumes, hostPort) is refused except for the components
 * in {@code hostAccessAllowed} (node-exporter), whose hostPath mounts must still be read-only.
 * Containers in {@code writableRootAllowed} may have a writable root filesystem.
 *
 * <p>For the operator's Prometheus and Alertmanager: {@code spec.securityContext} is the pod
 * security context (when unset the operator runs the pod as non-root user 1000, but sets no
 * seccomp profile); the containers the operator generates are hardened by it, so only entries of
 * {@code spec.containers} / {@code spec.initContainers} that set a securityContext are checked.
 */
final class PodHardeningCheck extends Check {

  PodHardeningCheck() {
    super("security.pod-hardening", "",
        "Pods run as non-root with RuntimeDefault seccomp; containers are read-only, "
            + "unprivileged and drop ALL capabilities; only allowed components use host access.");
  }

  @Override
  protected void run(CheckContext ctx, List<Finding> out) {
    List<String> hostAllowed = ctx.params().strings("hostAccessAllowed");
    List<String> writableAllowed = ctx.params().strings("writableRootAllowed");
    for (Workload w : Workload.all(ctx.resources())) {
      Resource r = w.resource();
      boolean operator = r.group().equals("monitoring.coreos.com");
      String pod = w.podSpecPath();
      Map<String, Object> podSc = map(w.podSpec().get("securityContext"));
      List<Map<String, Object>> all = new ArrayList<>(w.initContainers());
      all.addAll(w.containers());
      List<Map<String, Object>> checked = operator
          ? all.stream().filter(c -> c.containsKey("securityContext")).toList() : all;

      boolean nonRoot = isTrue(podSc.get("runAsNonRoot")) || (operator && podSc.isEmpty())
          || (!all.isEmpty() && all.stream().allMatch(c ->
              isTrue(map(c.get("securityContext")).get("runAsNonRoot"))));
      if (!nonRoot) {
        out.add(ctx.finding(r, pod + ".securityContext.runAsNonRoot",
            "does not set runAsNonRoot: true (pod securityContext or every container); "
            + "expected its pods never to run as root",
            "set " + pod + ".securityContext.runAsNonRoot: true and a non-zero runAsUser"));
      }
      boolean seccomp = "RuntimeDefault".equals(map(podSc.get("seccompProfile")).get("type"))
          || (!all.isEmpty() && all.stream().allMatch(c -> "RuntimeDefault".equals(
              map(map(c.get("securityContext")).get("seccompProfile")).get("type"))));
      if (!seccomp) {
        out.add(ctx.finding(r, pod + ".securityContext.seccompProfile",
            "has no RuntimeDefault seccomp profile (seccompProfile.type); expected "
            + "RuntimeDefault on the pod or every container",
            "set " + pod + ".securityContext.seccompProfile.type: RuntimeDefault"));
      }
      hostAccess(ctx, out, w, all, hostAllowed);
      for (Map<String, Object> c : checked) {
        container(ctx, out, w, c, writableAllowed);
      }
    }
  }

  private void container(CheckContext ctx, List<Finding> out, Workload w, Map<String, Object> c,
      List<String> writableAllowed) {
    Resource r = w.resource();
    String path = containerPath(w, c) + ".securityContext";
    Map<String, Object> sc = map(c.get("securityContext"));
    String who = "container '" + c.get("name") + "'";
    if (!isTrue(sc.get("readOnlyRootFilesystem"))
        && !writableAllowed.contains(String.valueOf(c.get("name")))) {
      out.add(ctx.finding(r, path + ".readOnlyRootFilesystem", who + " does not set "
          + "readOnlyRootFilesystem: true; expected a read-only root filesystem",
          "set readOnlyRootFilesystem: true and mount an emptyDir where the program writes"));
    }
    if (!isFalse(sc.get("allowPrivilegeEscalation"))) {
      out.add(ctx.finding(r, path + ".allowPrivilegeEscalation", who + " has "
          + "allowPrivilegeEscalation " + (sc.get("allowPrivilegeEscalation") == null ? "unset"
          : sc.get("allowPrivilegeEscalation")) + "; expected false",
          "set allowPrivilegeEscalation: false"));
    }
    if (isTrue(sc.get("privileged"))) {
      out.add(ctx.finding(r, path + ".privileged", who + " runs privileged; expected "
          + "privileged: false", "remove privileged: true"));
    }
    List<?> drop = list(map(sc.get("capabilities")).get("drop"));
    if (!drop.contains("ALL")) {
      out.add(ctx.finding(r, path + ".capabilities", who + " drops capabilities " + drop
          + "; expected drop: [ALL]", "set capabilities.drop: [ALL] and add back only what "
          + "the program needs"));
    }
  }

  private void hostAccess(CheckContext ctx, List<Finding> out, Workload w,
      List<Map<String, Object>> all, List<String> allowed) {
    Resource r = w.resource();
    Map<String, Object> spec = w.podSpec();
    Set<String> uses = new LinkedHashSet<>();
    for (String flag : List.of("hostNetwork", "hostPID", "hostIPC")) {
      if (isTrue(spec.get(flag))) {
        uses.add(flag);
      }
    }
    List<String> hostPathVolumes = maps(spec.get("volumes")).stream()
        .filter(v -> v.get("hostPath") != null).map(v -> String.valueOf(v.get("name"))).toList();
    hostPathVolumes.forEach(v -> uses.add("hostPath volume '" + v + "'"));
    for (Map<String, Object> c : w.containers()) {
      for (Object p : list(c.get("ports"))) {
        if (map(p).get("hostPort") != null) {
          uses.add("hostPort " + map(p).get("hostPort"));
        }
      }
    }
    if (uses.isEmpty()) {
      return;
    }
    if (!allowed.contains(component(w))) {
      out.add(ctx.finding(r, w.podSpecPath(), "uses host access ("
          + String.join(", ", uses) + "); expected none, only " + allowed + " may",
          "remove the host access, or add the component to hostAccessAllowed in the profile "
              + "with a documented reason"));
      return;
    }
    for (Map<String, Object> c : all) {
      List<?> mounts = list(c.get("volumeMounts"));
      for (int i = 0; i < mounts.size(); i++) {
        Map<String, Object> m = map(mounts.get(i));
        if (hostPathVolumes.contains(String.valueOf(m.get("name")))
            && !isTrue(m.get("readOnly"))) {
          out.add(ctx.finding(r, containerPath(w, c) + ".volumeMounts." + i,
              "container '" + c.get("name") + "' mounts hostPath volume '"
                  + m.get("name") + "' read-write; expected readOnly: true",
              "set readOnly: true on the mount (and mountPropagation: HostToContainer if "
                  + "needed)"));
        }
      }
    }
  }

  private static String containerPath(Workload w, Map<String, Object> c) {
    int i = w.initContainers().indexOf(c);
    if (i >= 0) {
      return w.podSpecPath() + ".initContainers." + i;
    }
    return w.podSpecPath() + ".containers." + w.containers().indexOf(c);
  }
}
