package org.monitoringstack.gate.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.TargetReport;
import org.monitoringstack.gate.yaml.SafeYaml;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The migration guide's numbered requirements ({@code policies/requirements.yaml}) and the checks
 * that enforce them, and the readiness of one target against each of them.
 *
 * <p>A requirement's status in a target: {@link Status#NOT_APPLICABLE} when the target's profile
 * is not among the requirement's profiles; otherwise {@link Status#FAIL} when a finding whose
 * requirement is this ID (or a rolled-up one) or whose check is one of their checks is an
 * unwaived error; else {@link Status#WAIVED} when such a finding is waived; else {@link
 * Status#MANUAL} when a person still has to confirm it; else {@link Status#PASS}.
 */
public final class RequirementCatalog {

  /** Where the catalog lives, relative to the repository root. */
  public static final String FILE = "policies/requirements.yaml";

  /** Readiness of one requirement in one target. */
  public enum Status {
    PASS, FAIL, WAIVED, MANUAL, NOT_APPLICABLE;

    /** The word the reports print. */
    public String label() {
      return this == NOT_APPLICABLE ? "n/a" : name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One numbered statement of the guide; {@code profiles} lists the profiles it applies to, empty
   * for every profile of {@code policies/profiles/}.
   */
  public record Requirement(
      String id,
      String section,
      String statement,
      List<String> checks,
      List<String> rollsUp,
      boolean manual,
      String manualStep,
      List<String> profiles) {

    public Requirement {
      if (id.isBlank()) {
        throw new IllegalArgumentException("requirement id must not be blank");
      }
      checks = List.copyOf(checks);
      rollsUp = List.copyOf(rollsUp);
      profiles = List.copyOf(profiles);
    }

    /** True for the production checklist items (CL-1..10). */
    public boolean isChecklistItem() {
      return id.startsWith("CL-");
    }
  }

  private static final Set<String> KEYS = Set.of(
      "id", "section", "statement", "checks", "rollsUp", "manual", "manualStep", "profiles");

  /** Where the environment profiles live, relative to the repository root. */
  public static final String PROFILES_DIR = "policies/profiles";

  private final Map<String, Requirement> byId;
  private final Map<String, Set<String>> enabledChecks;

  private RequirementCatalog(
      List<Requirement> requirements, Map<String, Set<String>> enabledChecks) {
    Map<String, Set<String>> enabled = new LinkedHashMap<>();
    enabledChecks.forEach((k, v) -> enabled.put(k, Set.copyOf(v)));
    this.enabledChecks = Collections.unmodifiableMap(enabled);
    Map<String, Requirement> map = new LinkedHashMap<>();
    for (Requirement r : requirements) {
      if (map.put(r.id(), r) != null) {
        throw new RequirementCatalogException("requirement " + r.id() + " is declared twice");
      }
    }
    for (Requirement r : requirements) {
      for (String ref : r.rollsUp()) {
        if (!map.containsKey(ref)) {
          throw new RequirementCatalogException(
              "requirement " + r.id() + " rolls up unknown requirement " + ref);
        }
      }
    }
    this.byId = Collections.unmodifiableMap(map);
  }

  /**
   * Loads {@code <repoRoot>/policies/requirements.yaml}, with the checks each environment profile
   * of {@code policies/profiles/} enables (see {@link #withEnabledChecks}).
   */
  public static RequirementCatalog load(Path repoRoot) {
    Path file = repoRoot.resolve(FILE);
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), FILE)
          .withEnabledChecks(enabledChecks(repoRoot));
    } catch (NoSuchFileException e) {
      throw new RequirementCatalogException(FILE + ": not found under " + repoRoot);
    } catch (IOException e) {
      throw new RequirementCatalogException(FILE + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** Parses catalog YAML; {@code name} is used in messages. */
  public static RequirementCatalog parse(String yaml, String name) {
    Object root;
    try {
      root = SafeYaml.load(yaml);
    } catch (YAMLException e) {
      throw new RequirementCatalogException(name + ": not valid YAML: " + e.getMessage(), e);
    }
    if (!(root instanceof Map<?, ?> top) || !(top.get("requirements") instanceof List<?> items)) {
      throw new RequirementCatalogException(name + ": expected a top-level 'requirements' list");
    }
    List<Requirement> out = new ArrayList<>();
    int index = 0;
    for (Object item : items) {
      String where = name + ": requirements[" + index++ + "]";
      if (!(item instanceof Map<?, ?> m)) {
        throw new RequirementCatalogException(where + ": expected a mapping");
      }
      for (Object key : m.keySet()) {
        if (!KEYS.contains(String.valueOf(key))) {
          throw new RequirementCatalogException(where + ": unknown field '" + key + "'");
        }
      }
      String id = text(m, "id", where, true);
      where = name + ": requirement " + id;
      Object manual = m.get("manual");
      if (manual != null && !(manual instanceof Boolean)) {
        throw new RequirementCatalogException(where + ": 'manual' must be true or false");
      }
      out.add(new Requirement(
          id,
          text(m, "section", where, false),
          text(m, "statement", where, true),
          strings(m, "checks", where),
          strings(m, "rollsUp", where),
          Boolean.TRUE.equals(manual),
          text(m, "manualStep", where, false),
          strings(m, "profiles", where)));
    }
    return new RequirementCatalog(out, Map.of());
  }

  /**
   * The same catalog, knowing which checks each profile runs: in a target bound to one of these
   * profiles, a requirement none of whose checks (its own or rolled up) runs is shown as not
   * applicable unless a person has to confirm it ({@code manual}), instead of passing unseen.
   */
  public RequirementCatalog withEnabledChecks(Map<String, Set<String>> checksByProfile) {
    return new RequirementCatalog(List.copyOf(byId.values()), checksByProfile);
  }

  /**
   * The checks each profile in {@code <repoRoot>/policies/profiles/} enables ({@code checks:}
   * entries whose severity is not {@code off}), by profile name (the {@code profile:} field, else
   * the file name). Unreadable files are skipped: the policy stage reports them.
   */
  public static Map<String, Set<String>> enabledChecks(Path repoRoot) {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    Path dir = repoRoot.resolve(PROFILES_DIR);
    if (!Files.isDirectory(dir)) {
      return out;
    }
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml")).sorted()
          .toList();
    } catch (IOException e) {
      return out;
    }
    for (Path file : files) {
      try {
        Object doc = SafeYaml.load(Files.readString(file, StandardCharsets.UTF_8));
        if (!(doc instanceof Map<?, ?> m) || !(m.get("checks") instanceof Map<?, ?> checks)) {
          continue;
        }
        String name = m.get("profile") instanceof String p
            ? p : file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        Set<String> enabled = new LinkedHashSet<>();
        checks.forEach((id, conf) -> {
          Object severity = conf instanceof Map<?, ?> c ? c.get("severity") : conf;
          // YAML 1.1 reads a bare `off` as false
          boolean off = Boolean.FALSE.equals(severity) || "off".equals(severity);
          if (!off) {
            enabled.add(String.valueOf(id));
          }
        });
        out.put(name, enabled);
      } catch (IOException | RuntimeException e) {
        // the policy stage reports a bad profile; the reports fall back to the catalog
      }
    }
    return out;
  }

  /** The checks a profile runs, when known (see {@link #withEnabledChecks}). */
  public Optional<Set<String>> enabledChecks(String profile) {
    return Optional.ofNullable(enabledChecks.get(profile));
  }

  /** Every requirement, in file order. */
  public List<Requirement> requirements() {
    return List.copyOf(byId.values());
  }

  /** The checklist items CL-1..10 first, then every other requirement, each in file order. */
  public List<Requirement> checklistOrder() {
    return byId.values().stream().sorted(Comparator.comparing(r -> !r.isChecklistItem())).toList();
  }

  public Optional<Requirement> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** Every check ID any requirement names, in file order, without duplicates. */
  public List<String> checkIds() {
    return byId.values().stream().flatMap(r -> r.checks().stream()).distinct().toList();
  }

  /** The first requirement that names the check, if any. */
  public Optional<Requirement> requirementOfCheck(String checkId) {
    return byId.values().stream().filter(r -> r.checks().contains(checkId)).findFirst();
  }

  /** The requirement IDs (itself and, transitively, those it rolls up). */
  public Set<String> closure(Requirement requirement) {
    Set<String> ids = new LinkedHashSet<>();
    collect(requirement, ids);
    return ids;
  }

  private void collect(Requirement r, Set<String> seen) {
    if (!seen.add(r.id())) {
      return;
    }
    for (String ref : r.rollsUp()) {
      collect(byId.get(ref), seen);
    }
  }

  /** The checks of the requirement and of those it rolls up. */
  private Set<String> closureChecks(Requirement requirement) {
    return closure(requirement).stream().flatMap(id -> byId.get(id).checks().stream())
        .collect(Collectors.toSet());
  }

  /** The findings of a target that bear on a requirement (its own and those it rolls up). */
  private List<Finding> findingsFor(Requirement requirement, TargetReport target) {
    Set<String> ids = closure(requirement);
    Set<String> checks = closureChecks(requirement);
    return target.findings().stream()
        .filter(f -> ids.contains(f.requirement()) || checks.contains(f.check()))
        .toList();
  }

  /**
   * The findings of a target that no requirement covers: neither their requirement ID is in the
   * catalog nor their check is one of a requirement's checks (e.g. {@code schema.kubeconform},
   * {@code render.kustomize}, {@code images.pinned}). The readiness reports show them as one
   * more row, {@value #OTHER_ROW}, so a target that fails only on them is not shown as ready.
   */
  private List<Finding> uncoveredFindings(TargetReport target) {
    List<String> checks = checkIds();
    return target.findings().stream()
        .filter(f -> !byId.containsKey(f.requirement()) && !checks.contains(f.check()))
        .toList();
  }

  /** The label of the readiness row for {@link #uncoveredFindings}. */
  public static final String OTHER_ROW = "Other";

  /** The statement of that row. */
  public static final String OTHER_STATEMENT =
      "Rendering, schema validity and the checks not tied to one requirement.";

  /**
   * One row of a target's readiness checklist: a requirement (or the {@value #OTHER_ROW} row),
   * its status in the target and the findings that bear on it.
   */
  public record Row(
      String id, String statement, String manualStep, Status status, List<Finding> findings) {

    /** The area the row belongs to (see {@link RequirementCatalog#area}). */
    public String area() {
      return RequirementCatalog.area(id);
    }
  }

  /**
   * A target's readiness, as the readiness reports show it: every requirement in {@link
   * #checklistOrder}, then the {@value #OTHER_ROW} row.
   */
  public List<Row> readiness(TargetReport target) {
    List<Row> rows = new ArrayList<>();
    for (Requirement r : checklistOrder()) {
      rows.add(new Row(r.id(), r.statement(), r.manualStep(), status(r, target),
          findingsFor(r, target)));
    }
    List<Finding> uncovered = uncoveredFindings(target);
    rows.add(new Row(OTHER_ROW, OTHER_STATEMENT, "", status(uncovered, false), uncovered));
    return rows;
  }

  /**
   * A requirement's area: its ID without the number ({@code SEC-2}: {@code SEC}, {@code CL-10}:
   * {@code CL}); the {@value #OTHER_ROW} row is an area of its own.
   */
  public static String area(String requirementId) {
    return requirementId.replaceFirst("-\\d+$", "");
  }

  /**
   * The areas of {@link #readiness} rows, in their order ({@code CL} first, {@value #OTHER_ROW}
   * last), each with the section of its first requirement ({@code SEC}: {@code Security}).
   */
  public Map<String, String> areas() {
    Map<String, String> out = new LinkedHashMap<>();
    for (Requirement r : checklistOrder()) {
      out.putIfAbsent(area(r.id()), r.section().isEmpty() ? area(r.id()) : r.section());
    }
    out.put(OTHER_ROW, OTHER_STATEMENT);
    return Collections.unmodifiableMap(out);
  }

  /**
   * Whether the requirement applies to the target's profile (all do for an unbound target): the
   * requirement names no profiles or names the target's, and, when the checks the profile runs
   * are known, one of the requirement's checks (or of those it rolls up) runs or it is manual.
   */
  private boolean applies(Requirement requirement, TargetReport target) {
    String profile = target.profile();
    if (profile.isEmpty()) {
      return true;
    }
    if (!requirement.profiles().isEmpty() && !requirement.profiles().contains(profile)) {
      return false;
    }
    Set<String> enabled = enabledChecks.get(profile);
    if (enabled == null || requirement.manual()) {
      return true;
    }
    Set<String> checks = closureChecks(requirement);
    return checks.isEmpty() || checks.stream().anyMatch(enabled::contains);
  }

  /**
   * The readiness of a requirement in a target; manual also when neither it nor anything it
   * rolls up has an automated check.
   */
  public Status status(Requirement requirement, TargetReport target) {
    return !applies(requirement, target) ? Status.NOT_APPLICABLE
        : status(findingsFor(requirement, target),
            requirement.manual() || closureChecks(requirement).isEmpty());
  }

  /** Fail, waived, else manual or pass, by the findings that bear on a row. */
  private static Status status(List<Finding> findings, boolean manual) {
    if (findings.stream().anyMatch(Finding::blocks)) {
      return Status.FAIL;
    }
    if (findings.stream().anyMatch(Finding::isWaived)) {
      return Status.WAIVED;
    }
    return manual ? Status.MANUAL : Status.PASS;
  }

  private static String text(Map<?, ?> m, String key, String where, boolean required) {
    Object v = m.get(key);
    if (v == null) {
      if (required) {
        throw new RequirementCatalogException(where + ": '" + key + "' is required");
      }
      return "";
    }
    if (v instanceof Map<?, ?> || v instanceof List<?>) {
      throw new RequirementCatalogException(where + ": '" + key + "' must be text");
    }
    return String.valueOf(v).trim();
  }

  private static List<String> strings(Map<?, ?> m, String key, String where) {
    Object v = m.get(key);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List<?> list)) {
      throw new RequirementCatalogException(where + ": '" + key + "' must be a list");
    }
    List<String> out = new ArrayList<>();
    for (Object o : list) {
      if (o instanceof Map<?, ?> || o instanceof List<?> || o == null) {
        throw new RequirementCatalogException(where + ": '" + key + "' must list plain names");
      }
      out.add(String.valueOf(o));
    }
    return out;
  }
}
