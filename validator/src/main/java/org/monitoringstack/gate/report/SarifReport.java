package org.monitoringstack.gate.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.GateReport;
import org.monitoringstack.gate.model.Severity;
import org.monitoringstack.gate.model.SourceLocation;
import org.monitoringstack.gate.model.Waiver;
import org.monitoringstack.gate.report.RequirementCatalog.Requirement;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * SARIF 2.1.0 for code scanning: one rule per check ID (its requirement ID and help text from the
 * requirement catalog, the check's description and the findings' hints), one result per {@link
 * FindingGroup} (a finding several targets share at one source line is one result) located at
 * its source file and line relative to the repository root ({@code uriBaseId} {@value
 * #SRCROOT}), level from the severity, waived findings carried as accepted external suppressions.
 * A finding whose location is unknown is located at its target's {@code kustomization.yaml}.
 *
 * <p>Each result names its targets in its message ({@code [overlays/kind, clusters/kind] ...},
 * at most {@value #MESSAGE_TARGETS}, then {@code and N more}) and all of them in {@code
 * properties.targets}, and carries under {@code partialFingerprints} the key {@value
 * #FINGERPRINT}: the SHA-256 of what identifies it whatever the targets (see {@link
 * #fingerprint}), so code scanning keeps one alert for it across runs, however many targets
 * share it.
 */
public final class SarifReport implements ReportWriter {

  /** The base URI ID all artifact locations are relative to: the repository root. */
  public static final String SRCROOT = "SRCROOT";

  /** The {@code partialFingerprints} key of a result's identity, versioned as SARIF suggests. */
  static final String FINGERPRINT = "gateFinding/v1";

  /** Targets a result's message names before it counts the rest. */
  static final int MESSAGE_TARGETS = 5;

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final RequirementCatalog catalog;
  private final Map<String, String> descriptions;
  private final Path repoRoot;

  /**
   * @param catalog the requirements, for each rule's requirement ID and help text
   * @param descriptions one sentence per check ID (the checks' descriptions); may be empty
   * @param repoRoot the repository root, written as {@code originalUriBaseIds}; null to leave the
   *     base to the consumer (code scanning resolves it to the checkout)
   */
  public SarifReport(RequirementCatalog catalog, Map<String, String> descriptions, Path repoRoot) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.descriptions = Map.copyOf(descriptions);
    this.repoRoot = repoRoot;
  }

  public SarifReport(RequirementCatalog catalog) {
    this(catalog, Map.of(), null);
  }

  @Override
  public void write(GateReport report, Writer out) throws IOException {
    try {
      out.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(report)));
      out.write('\n');
    } catch (JacksonException e) {
      throw new IOException("cannot write the SARIF report: " + e.getOriginalMessage(), e);
    }
  }

  ObjectNode toJson(GateReport report) {
    List<Finding> findings = new ArrayList<>();
    report.targets().forEach(t -> findings.addAll(t.findings()));
    findings.addAll(report.runFindings());

    Set<String> ruleIds = new LinkedHashSet<>(catalog.checkIds());
    findings.forEach(f -> ruleIds.add(f.check()));
    Map<String, Integer> ruleIndex = new LinkedHashMap<>();

    ObjectNode root = JSON.createObjectNode();
    root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    root.put("version", "2.1.0");
    ObjectNode run = root.putArray("runs").addObject();
    ObjectNode driver = run.putObject("tool").putObject("driver");
    driver.put("name", "gitops-validate");
    driver.put("informationUri", "https://git.example.com/platform/monitoring-gitops");
    ArrayNode rules = driver.putArray("rules");
    for (String id : ruleIds) {
      ruleIndex.put(id, ruleIndex.size());
      rules.add(rule(id, findings));
    }
    if (repoRoot != null) {
      String uri = repoRoot.toAbsolutePath().normalize().toUri().toString();
      run.putObject("originalUriBaseIds").putObject(SRCROOT)
          .put("uri", uri.endsWith("/") ? uri : uri + "/");
    }
    List<FindingGroup> groups = new ArrayList<>(FindingGroup.of(report.targets()));
    report.runFindings().forEach(f -> groups.add(FindingGroup.of(f)));
    ArrayNode results = run.putArray("results");
    for (FindingGroup g : groups) {
      results.add(result(g, ruleIndex.get(g.finding().check())));
    }
    run.putObject("properties")
        .put("targets", report.targets().size())
        .put("passed", report.passed());
    return root;
  }

  private ObjectNode rule(String id, List<Finding> findings) {
    Optional<Requirement> requirement = catalog.requirementOfCheck(id);
    String requirementId = requirement.map(Requirement::id)
        .or(() -> findings.stream().filter(f -> f.check().equals(id))
            .map(Finding::requirement).filter(r -> !r.isEmpty()).findFirst())
        .orElse("");
    Optional<Requirement> described = requirement.or(() -> catalog.find(requirementId));
    String shortText = descriptions.getOrDefault(id,
        described.map(Requirement::statement).orElse("Policy check " + id + "."));
    String hint = findings.stream().filter(f -> f.check().equals(id))
        .map(Finding::hint).filter(h -> !h.isEmpty()).findFirst().orElse("");

    ObjectNode rule = JSON.createObjectNode();
    rule.put("id", id);
    rule.put("name", ruleName(id));
    rule.putObject("shortDescription").put("text", shortText);
    rule.putObject("fullDescription").put("text", shortText
        + described.map(r -> " Requirement " + r.id() + ": " + r.statement()).orElse(""));
    boolean enforces = !requirementId.isEmpty();
    String statement = enforces ? described.map(r -> ": " + r.statement()).orElse("") : "";
    String help = "Check " + id + (enforces ? " enforces " + requirementId : "") + statement;
    String markdown = "**Check** `" + id + "`"
        + (enforces ? " enforces **" + requirementId + "**" : "") + statement + "\n";
    if (!help.endsWith(".")) {
      help += ".";
    }
    if (!hint.isEmpty()) {
      help += " How to fix: " + hint;
      markdown += "\n**How to fix:** " + hint + "\n";
    }
    rule.putObject("help").put("text", help).put("markdown", markdown);
    rule.putObject("defaultConfiguration").put("level", "error");
    ObjectNode props = rule.putObject("properties");
    if (enforces) {
      props.put("requirement", requirementId);
    }
    ArrayNode tags = props.putArray("tags").add("monitoring-gate");
    if (enforces) {
      tags.add(requirementId);
    }
    return rule;
  }

  private static ObjectNode result(FindingGroup group, int index) {
    Finding f = group.finding();
    ObjectNode result = JSON.createObjectNode();
    result.put("ruleId", f.check());
    result.put("ruleIndex", index);
    result.put("level", level(f.severity()));
    result.putObject("message").put("text", "[" + group.targetList(MESSAGE_TARGETS) + "] "
        + (f.object().display().equals("-") ? "" : f.object().display() + ": ") + f.message()
        + (f.location().isKnown() ? ""
            : " (source location unknown; reported at the target's kustomization)")
        + (f.hint().isEmpty() ? "" : " Fix: " + f.hint()));
    ObjectNode location = result.putArray("locations").addObject();
    location.set("physicalLocation", physical(located(f)));
    if (!f.object().display().equals("-")) {
      ArrayNode logicals = location.putArray("logicalLocations");
      for (String target : group.targets()) {
        logicals.addObject().put("name", f.object().display())
            .put("fullyQualifiedName", target + "/" + f.object().kind() + "/"
                + (f.object().namespace().isEmpty() ? "" : f.object().namespace() + "/")
                + f.object().name())
            .put("kind", "resource");
      }
    }
    result.putObject("partialFingerprints").put(FINGERPRINT, fingerprint(f));
    ObjectNode props = result.putObject("properties");
    group.targets().forEach(props.putArray("targets")::add);
    props.put("severity", f.severity().label());
    if (!f.requirement().isEmpty()) {
      props.put("requirement", f.requirement());
    }
    List<Waiver> waivers = group.findings().stream().map(Finding::waiver)
        .filter(Objects::nonNull).distinct().toList();
    if (!waivers.isEmpty()) {
      ArrayNode suppressions = result.putArray("suppressions");
      waivers.forEach(w -> suppressions.add(suppression(w)));
    }
    return result;
  }

  /**
   * A result's identity, the same in every run and whatever targets share it: the lower-case hex
   * SHA-256 of its check ID, reported file and line (see {@link #located}), object ({@code
   * apiVersion}, kind, namespace, name), message, severity and whether it is waived, each
   * followed by a NUL. Two results of one run never share it unless they differ only in hint or
   * waiver text.
   */
  static String fingerprint(Finding f) {
    SourceLocation where = located(f);
    String identity = String.join("\0", f.check(), where.file(), Integer.toString(where.line()),
        f.object().apiVersion(), f.object().kind(), f.object().namespace(), f.object().name(),
        f.message(), f.severity().label(), f.isWaived() ? "waived" : "open") + "\0";
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(identity.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** The finding's location, or its target's kustomization when unknown. */
  static SourceLocation located(Finding f) {
    return f.location().isKnown()
        ? f.location()
        : SourceLocation.of(f.target() + "/kustomization.yaml");
  }

  private static ObjectNode physical(SourceLocation where) {
    ObjectNode physical = JSON.createObjectNode();
    physical.putObject("artifactLocation").put("uri", uri(where.file())).put("uriBaseId", SRCROOT);
    if (where.line() > 0) {
      physical.putObject("region").put("startLine", where.line());
    }
    return physical;
  }

  private static ObjectNode suppression(Waiver w) {
    ObjectNode s = JSON.createObjectNode().put("kind", "external").put("status", "accepted")
        .put("justification", w.reason() + " (owner " + w.owner() + ", expires " + w.expires()
            + ")");
    if (w.declaredAt().isKnown()) {
      s.putObject("location").set("physicalLocation", physical(w.declaredAt()));
    }
    return s;
  }

  /** A relative URI reference: path segments percent-encoded where needed, {@code /} kept. */
  static String uri(String path) {
    StringBuilder out = new StringBuilder();
    for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "-._~/".indexOf(c) >= 0;
      if (plain) {
        out.append((char) c);
      } else {
        out.append('%').append(String.format("%02X", c));
      }
    }
    return out.toString();
  }

  static String level(Severity severity) {
    return switch (severity) {
      case ERROR -> "error";
      case WARNING -> "warning";
      case INFO -> "note";
    };
  }

  /** {@code prometheus.retention} -> {@code PrometheusRetention}, as SARIF rule names go. */
  static String ruleName(String id) {
    StringBuilder out = new StringBuilder();
    boolean upper = true;
    for (char c : id.toCharArray()) {
      if (Character.isLetterOrDigit(c)) {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      } else {
        upper = true;
      }
    }
    return out.toString();
  }
}
