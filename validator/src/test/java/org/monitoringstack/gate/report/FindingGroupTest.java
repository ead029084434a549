package org.monitoringstack.gate.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.ObjectRef;
import org.monitoringstack.gate.model.Severity;
import org.monitoringstack.gate.model.SourceLocation;
import org.monitoringstack.gate.model.Target;
import org.monitoringstack.gate.model.TargetReport;
import org.monitoringstack.gate.model.Waiver;

class FindingGroupTest {

  private static final ObjectRef GRAFANA =
      new ObjectRef("apps/v1", "Deployment", "monitoring", "grafana");
  private static final SourceLocation LINE_36 =
      new SourceLocation("base/grafana/grafana-deployment.yaml", 36);

  private static Finding password(String target) {
    return Finding.of("auth.grafana-password-policy", Severity.ERROR, "SEC-2", target, GRAFANA,
        LINE_36, "password policy is off", "set GF_AUTH_BASIC_PASSWORD_POLICY: true");
  }

  private static Waiver waiver(String target, String reason) {
    return new Waiver("auth.grafana-password-policy", target, "*", reason, "sre",
        LocalDate.of(2027, 1, 31), new SourceLocation("policies/waivers.yaml", 4));
  }

  private static TargetReport target(String id, Finding... findings) {
    return new TargetReport(new Target(id, Target.Kind.CLUSTER, Path.of("/r", id)), "kind", 1,
        List.of(findings));
  }

  private static List<List<String>> targetsOfEachGroup(List<FindingGroup> groups) {
    return groups.stream().map(FindingGroup::targets).toList();
  }

  @Test
  void makes_one_group_naming_both_targets_when_two_targets_report_the_same_finding() {
    List<FindingGroup> groups = FindingGroup.of(List.of(
        target("overlays/kind", password("overlays/kind")),
        target("clusters/kind", password("clusters/kind"))));
    assertEquals(1, groups.size());
    assertEquals(List.of("overlays/kind", "clusters/kind"), groups.get(0).targets());
    assertEquals(password("overlays/kind"), groups.get(0).finding());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "severity differs, severity",
    "one is waived, waived",
    "waiver reasons differ, reason",
    "lines differ, line",
    "messages differ, message",
    "objects differ, object",
    "hints differ, hint",
  })
  void keeps_two_groups_when_what_the_line_shows_differs_between_targets(String name,
      String what) {
    UnaryOperator<Finding> change = switch (what) {
      case "severity" -> f -> f.withSeverity(Severity.WARNING);
      case "waived" -> f -> f.withWaiver(waiver(f.target(), "pending"));
      case "reason" -> f -> f.withWaiver(waiver(f.target(), "another reason"));
      case "line" -> f -> with(f, f.object(), f.location().withLine(37), f.message(), f.hint());
      case "message" -> f -> with(f, f.object(), f.location(), "policy is off", f.hint());
      case "object" -> f -> with(f, ObjectRef.NONE, f.location(), f.message(), f.hint());
      case "hint" -> f -> with(f, f.object(), f.location(), f.message(), "");
      default -> throw new IllegalArgumentException(what);
    };
    Finding first = password("overlays/kind");
    Finding second = password("clusters/kind");
    if (what.equals("reason")) {
      first = first.withWaiver(waiver(first.target(), "pending"));
    }
    List<FindingGroup> groups = FindingGroup.of(List.of(target("overlays/kind", first),
        target("clusters/kind", change.apply(second))));
    assertEquals(List.of(List.of("overlays/kind"), List.of("clusters/kind")),
        targetsOfEachGroup(groups));
  }

  private static Finding with(Finding f, ObjectRef object, SourceLocation location,
      String message, String hint) {
    return new Finding(f.check(), f.severity(), f.requirement(), f.target(), object, location,
        message, hint, f.waiver());
  }

  @Test
  void merges_waived_findings_when_their_waivers_say_the_same() {
    List<FindingGroup> groups = FindingGroup.of(List.of(
        target("overlays/kind", password("overlays/kind")
            .withWaiver(waiver("overlays/kind", "pending"))),
        target("clusters/kind", password("clusters/kind")
            .withWaiver(waiver("clusters/kind", "pending")))));
    assertEquals(List.of(List.of("overlays/kind", "clusters/kind")), targetsOfEachGroup(groups));
    assertEquals(2, groups.get(0).findings().size());
  }

  @Test
  void keeps_each_target_apart_when_the_location_is_not_known() {
    Finding empty = Finding.of("render.empty", Severity.ERROR, "", "overlays/kind",
        ObjectRef.NONE, SourceLocation.UNKNOWN, "kustomize rendered no objects", "");
    Finding sameElsewhere = new Finding(empty.check(), empty.severity(), empty.requirement(),
        "clusters/kind", empty.object(), empty.location(), empty.message(), empty.hint(), null);
    List<FindingGroup> groups = FindingGroup.of(List.of(target("overlays/kind", empty),
        target("clusters/kind", sameElsewhere)));
    assertEquals(List.of(List.of("overlays/kind"), List.of("clusters/kind")),
        targetsOfEachGroup(groups));
  }

  @Test
  void orders_groups_by_first_appearance_and_targets_by_report_order() {
    Finding other = Finding.of("images.pinned", Severity.WARNING, "", "clusters/a", GRAFANA,
        new SourceLocation("base/grafana/grafana-deployment.yaml", 21), "not pinned", "");
    List<FindingGroup> groups = FindingGroup.of(List.of(
        target("clusters/b", password("clusters/b")),
        target("clusters/a", other, password("clusters/a")),
        target("clusters/c", password("clusters/c"), password("clusters/c"))));
    assertEquals(List.of("auth.grafana-password-policy", "images.pinned"),
        groups.stream().map(g -> g.finding().check()).toList());
    assertEquals(List.of(List.of("clusters/b", "clusters/a", "clusters/c"),
        List.of("clusters/a")), targetsOfEachGroup(groups));
  }

  @ParameterizedTest(name = "{0} targets, at most {1} -> {2}")
  @CsvSource(delimiter = '|', textBlock = """
      1 | 5 | t1
      5 | 5 | t1, t2, t3, t4, t5
      7 | 5 | t1, t2, t3, t4, t5 and 2 more
      3 | 1 | t1 and 2 more
      """)
  void names_at_most_the_given_number_of_targets_and_counts_the_rest(int count, int max,
      String expected) {
    List<Finding> findings = new java.util.ArrayList<>();
    for (int i = 1; i <= count; i++) {
      findings.add(password("t" + i));
    }
    assertEquals(expected, new FindingGroup(findings).targetList(max));
  }

  @Test
  void refuses_findings_that_do_not_belong_together() {
    assertThrows(IllegalArgumentException.class, () -> new FindingGroup(List.of(
        password("a"), password("b").withSeverity(Severity.WARNING))));
    assertThrows(IllegalArgumentException.class, () -> new FindingGroup(List.of()));
  }
}
