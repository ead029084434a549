package org.monitoringstack.gate.policy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.ObjectRef;
import org.monitoringstack.gate.model.Severity;
import org.monitoringstack.gate.model.Target;
import org.monitoringstack.gate.model.Waiver;

/**
 * Applies {@code policies/waivers.yaml} to a run's findings. A waiver's {@code resource} is
 * {@code *}, {@code Kind/namespace/name}, or {@code Kind/name} as findings print it: the latter
 * matches a cluster-scoped object, or a namespaced one when the findings it matches on a target
 * are all in one namespace (otherwise it is ambiguous there and waives none of them). A waiver
 * that waives nothing says why and names the closest findings of its check.
 */
final class Waivers {

  /** How many of the closest findings an unused waiver names. */
  private static final int SUGGESTIONS = 3;

  private Waivers() {}

  static PolicySet.WaiverOutcome apply(List<Waiver> waivers, List<Finding> findings,
      List<Target> targetsRun, LocalDate today) {
    Objects.requireNonNull(today, "today");
    Map<Waiver, Map<String, Set<String>>> ambiguous = ambiguities(waivers, findings);
    Set<Waiver> used = new HashSet<>();
    List<Finding> marked = new ArrayList<>();
    for (Finding f : findings) {
      Optional<Waiver> waiver = f.isWaived() ? Optional.empty() : waivers.stream()
          .filter(w -> !w.expires().isBefore(today) && covers(w, f)
              && !ambiguous.getOrDefault(w, Map.of()).containsKey(f.target()))
          .findFirst();
      waiver.ifPresent(used::add);
      marked.add(waiver.map(f::withWaiver).orElse(f));
    }
    List<Finding> about = new ArrayList<>();
    for (Waiver w : waivers) {
      String what = "waiver of " + w.check() + " for " + w.resource() + " on " + w.target();
      if (w.expires().isBefore(today)) {
        about.add(Finding.of(PolicyFiles.WAIVER_EXPIRED, Severity.ERROR, "", w.target(),
            ObjectRef.NONE, w.declaredAt(),
            what + " (owner " + w.owner() + ") expired on " + w.expires() + "; today is " + today
                + ", so it no longer waives anything",
            "fix the finding it covered and delete the waiver, or agree a new expiry date with "
                + w.owner() + " and update it"));
      } else if (!used.contains(w) && ambiguous.containsKey(w)) {
        Map.Entry<String, Set<String>> first = ambiguous.get(w).entrySet().iterator().next();
        String[] parts = w.resource().split("/", -1);
        about.add(Finding.of(PolicyFiles.WAIVER_UNUSED, Severity.WARNING, "", w.target(),
            ObjectRef.NONE, w.declaredAt(),
            what + " is ambiguous on " + first.getKey() + ": it matches " + w.resource()
                + " in namespaces " + String.join(", ", first.getValue())
                + ", so it waives none of them; expected Kind/namespace/name",
            "write the namespace, e.g. resource: " + parts[0] + "/"
                + first.getValue().iterator().next() + "/" + parts[1]));
      } else if (!used.contains(w) && targetsRun.stream()
          .anyMatch(t -> PolicyFiles.Glob.matches(w.target(), t.id()))) {
        about.add(Finding.of(PolicyFiles.WAIVER_UNUSED, Severity.WARNING, "", w.target(),
            ObjectRef.NONE, w.declaredAt(),
            what + " matches no finding of this run; expected it to cover at least one"
                + closest(w, findings),
            "delete the waiver if the problem was fixed, or correct its check, target or "
                + "resource"));
      }
    }
    return new PolicySet.WaiverOutcome(marked, about);
  }

  /** True when the waiver is about this finding's check, target and object. */
  static boolean covers(Waiver w, Finding f) {
    if (!w.check().equals(f.check()) || !PolicyFiles.Glob.matches(w.target(), f.target())) {
      return false;
    }
    if (w.resource().equals("*")) {
      return true;
    }
    String[] parts = w.resource().split("/", -1);
    ObjectRef o = f.object();
    return switch (parts.length) {
      case 2 -> PolicyFiles.Glob.matches(parts[0], o.kind())
          && PolicyFiles.Glob.matches(parts[1], o.name());
      case 3 -> PolicyFiles.Glob.matches(parts[0], o.kind())
          && PolicyFiles.Glob.matches(parts[1], o.namespace())
          && PolicyFiles.Glob.matches(parts[2], o.name());
      default -> false;
    };
  }

  /**
   * The {@code Kind/name} waivers that match findings in more than one namespace of a target:
   * waiver -> target -> those namespaces.
   */
  private static Map<Waiver, Map<String, Set<String>>> ambiguities(List<Waiver> waivers,
      List<Finding> findings) {
    Map<Waiver, Map<String, Set<String>>> out = new LinkedHashMap<>();
    for (Waiver w : waivers) {
      if (w.resource().split("/", -1).length != 2) {
        continue;
      }
      Map<String, Set<String>> namespaces = new TreeMap<>();
      for (Finding f : findings) {
        if (covers(w, f)) {
          namespaces.computeIfAbsent(f.target(), t -> new TreeSet<>()).add(f.object().namespace());
        }
      }
      namespaces.values().removeIf(n -> n.size() < 2);
      if (!namespaces.isEmpty()) {
        out.put(w, namespaces);
      }
    }
    return out;
  }

  /**
   * {@code ; the closest findings of <check>: Kind/ns/name on target, ...}, or that there is none.
   */
  private static String closest(Waiver w, List<Finding> findings) {
    List<Finding> sameCheck = findings.stream().filter(f -> f.check().equals(w.check())).toList();
    if (sameCheck.isEmpty()) {
      return "; this run has no finding of " + w.check();
    }
    Set<String> candidates = sameCheck.stream()
        .sorted(Comparator.comparingInt((Finding f) -> remoteness(w, f))
            .thenComparing(f -> resource(f.object())))
        .map(f -> resource(f.object()) + " on " + f.target())
        .collect(Collectors.toCollection(LinkedHashSet::new));
    return "; the closest findings of " + w.check() + ": "
        + candidates.stream().limit(SUGGESTIONS).collect(Collectors.joining(", "));
  }

  /** How far a finding is from what the waiver says: edits to its resource and target. */
  private static int remoteness(Waiver w, Finding f) {
    int resource = 0;
    if (!w.resource().equals("*")) {
      boolean kindAndName = w.resource().split("/", -1).length == 2;
      resource = distance(w.resource(),
          kindAndName ? f.object().display() : resource(f.object()));
    }
    return resource + (PolicyFiles.Glob.matches(w.target(), f.target()) ? 0
        : distance(w.target(), f.target()));
  }

  /** The object as a waiver names it: {@code Kind/namespace/name} or {@code Kind/name}. */
  static String resource(ObjectRef o) {
    return o.equals(ObjectRef.NONE) ? "*"
        : o.kind() + "/" + (o.namespace().isEmpty() ? "" : o.namespace() + "/") + o.name();
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
