package org.monitoringstack.gate.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.TargetReport;
import org.monitoringstack.gate.model.Waiver;

/**
 * One finding as the reports show it once: the findings of several targets that say the same
 * thing at the same source line. Two findings are in one group when everything a report prints
 * about them but the target is equal: location (file and line), check ID, object, message,
 * severity, requirement, hint and waiver (none, or the same reason, owner and expiry). So a
 * severity or a waiver that differs between targets makes two groups: severity never depends on
 * a target the line does not show. A finding whose location is not known stays with its target
 * (its group has that one target), since nothing says the targets share its source.
 *
 * <p>Groups come in first-appearance order (targets in report order, each target's findings in
 * its order) and name their targets in report order, each once; an identical finding a target
 * reports twice is one line of its group. Every report format groups through {@link #of(List)}.
 *
 * @param findings the findings of the group, in report order; never empty, all with the same key
 */
public record FindingGroup(List<Finding> findings) {

  public FindingGroup {
    findings = List.copyOf(findings);
    if (findings.isEmpty()) {
      throw new IllegalArgumentException("a finding group holds at least one finding");
    }
    List<Object> key = key(findings.get(0));
    for (Finding f : findings) {
      if (!key(f).equals(key)) {
        throw new IllegalArgumentException("finding of " + f.target() + " at " + f.location()
            + " [" + f.check() + "] does not belong to the group of " + findings.get(0).target());
      }
    }
  }

  /** The groups of every target's findings, in first-appearance order. */
  public static List<FindingGroup> of(List<TargetReport> targets) {
    Map<List<Object>, List<Finding>> groups = new LinkedHashMap<>();
    for (TargetReport t : targets) {
      for (Finding f : t.findings()) {
        groups.computeIfAbsent(key(f), k -> new ArrayList<>()).add(f);
      }
    }
    return groups.values().stream().map(FindingGroup::new).toList();
  }

  /** A group of one finding (e.g. a finding about the run rather than a target). */
  public static FindingGroup of(Finding finding) {
    return new FindingGroup(List.of(finding));
  }

  /**
   * The number a report shows and refers to a group by, by its index in {@link #of(List)}:
   * {@code F1} for the first.
   */
  public static String number(int index) {
    return "F" + (index + 1);
  }

  /** The finding the group shows: its first; the others differ only in their target. */
  public Finding finding() {
    return findings.get(0);
  }

  /** The targets the finding affects, in report order, each once. */
  public List<String> targets() {
    return findings.stream().map(Finding::target).distinct().toList();
  }

  /**
   * The targets as one line, {@code overlays/kind, clusters/kind}, naming at most {@code max}
   * and counting the rest: {@code a, b, c and 4 more}.
   */
  public String targetList(int max) {
    List<String> all = targets();
    if (all.size() <= max) {
      return String.join(", ", all);
    }
    return String.join(", ", all.subList(0, max)) + " and " + (all.size() - max) + " more";
  }

  /**
   * What two findings must share to be one group. The target is part of it only when the
   * location is not known, so such a finding is never merged with another target's.
   */
  private static List<Object> key(Finding f) {
    Waiver w = f.waiver();
    return Arrays.asList(f.location().isKnown() ? "" : f.target(), f.location(), f.check(),
        f.object(), f.message(), f.severity(), f.requirement(), f.hint(),
        w == null ? null : Arrays.asList(w.reason(), w.owner(), w.expires()));
  }
}
