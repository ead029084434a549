package org.monitoringstack.gate.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.ObjectRef;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.model.Severity;
import org.monitoringstack.gate.model.SourceLocation;
import org.monitoringstack.gate.model.Target;
import org.monitoringstack.gate.model.Waiver;
import org.monitoringstack.gate.yaml.SafeYaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The repository's {@code policies/} folder: {@code profiles/<name>.yaml}, {@code bindings.yaml}
 * and {@code waivers.yaml}, each validated against our JSON Schema and then against the check
 * registry (an unknown check ID is an error, as is a binding to a missing profile).
 *
 * <p>A broken policy file is not a finding of any target: {@link #load} collects every problem
 * of every file (each at its file and line) and throws one {@link InvalidFiles} with all of them,
 * which ends the run with exit code 2.
 *
 * <p>Every profile lists every registered check (a missing one is a problem of the profile
 * file, so that a check a profile forgot cannot silently not run); checks listed with severity
 * {@code off} are not run. A check that throws is reported as a {@code policy.check-failed}
 * error instead of stopping the run.
 */
public final class PolicyFiles implements PolicySet {

  /** The label of a policy file's problem in {@link InvalidFiles}' message (not a finding). */
  public static final String INVALID_FILE = "policy.invalid-file";
  public static final String UNBOUND_TARGET = "policy.unbound-target";
  public static final String WAIVER_EXPIRED = "policy.waiver-expired";
  public static final String WAIVER_UNUSED = "policy.waiver-unused";
  public static final String CHECK_FAILED = "policy.check-failed";
  /**
   * The profile value naming the admin networks; a cluster target with a values file ({@link
   * ClusterValues}) gets its own {@code data.adminCidr} instead.
   */
  public static final String ADMIN_CIDRS = "adminCidrs";

  /** The findings of the policy machinery itself (for help text and waiver validation). */
  public static final Set<String> OWN_IDS =
      Set.of(UNBOUND_TARGET, WAIVER_EXPIRED, WAIVER_UNUSED, CHECK_FAILED);

  static final String BINDINGS_FILE = "policies/bindings.yaml";
  static final String WAIVERS_FILE = "policies/waivers.yaml";
  static final String PROFILES_DIR = "policies/profiles";

  /** How a profile configures one check; {@code severity} empty means {@code off}. */
  public record Setting(Optional<Severity> severity, Map<String, Object> params, int line) {
    public Setting {
      params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    public boolean isOff() {
      return severity.isEmpty();
    }
  }

  /** One loaded profile. */
  public record Profile(
      String name, String file, Map<String, Object> values, Map<String, Setting> checks) {
    public Profile {
      values = values == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(values));
      checks = Collections.unmodifiableMap(new LinkedHashMap<>(checks));
    }
  }

  /** One entry of bindings.yaml: a target path or pattern and its profile. */
  public record Binding(String target, String profile, int line) {}

  private final List<Check> checks;
  private final Map<String, Profile> profiles;
  private final List<Binding> bindings;
  private final List<Waiver> waivers;
  private final CheckContext.Locator locator;
  private final Path repoRoot;

  private PolicyFiles(
      Path repoRoot,
      List<Check> checks,
      Map<String, Profile> profiles,
      List<Binding> bindings,
      List<Waiver> waivers,
      CheckContext.Locator locator) {
    this.checks = List.copyOf(checks);
    this.profiles = Collections.unmodifiableMap(new LinkedHashMap<>(profiles));
    this.bindings = List.copyOf(bindings);
    this.waivers = List.copyOf(waivers);
    this.locator = locator;
    this.repoRoot = repoRoot;
  }

  /** What is wrong in one policy file, at its line (0 when unknown), and how to fix it. */
  public record Problem(SourceLocation location, String message, String hint) {
    @Override
    public String toString() {
      return location + ": [" + INVALID_FILE + "] " + message
          + (hint.isEmpty() ? "" : " (" + hint + ")");
    }
  }

  /**
   * The policy files cannot be used: every problem found, each at its file and line, in one
   * message. The run stops with exit code 2; no target is judged against broken policies.
   */
  public static final class InvalidFiles extends PolicyException {
    private final transient List<Problem> problems;

    InvalidFiles(List<Problem> problems) {
      super(message(problems));
      this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
      return problems;
    }

    private static String message(List<Problem> problems) {
      List<String> each = problems.stream().map(Problem::toString).toList();
      return problems.size() == 1 ? each.get(0)
          : problems.size() + " problems in the policy files: " + String.join("; ", each);
    }
  }

  /**
   * Loads {@code <repoRoot>/policies} with the given checks (the registry's in {@code
   * policy.check}, or a test's own).
   *
   * @throws InvalidFiles when a policy file is unusable
   */
  public static PolicyFiles load(Path repoRoot, List<Check> checks, CheckContext.Locator locator) {
    return new Loader(repoRoot, checks).load(locator);
  }

  public Map<String, Profile> profiles() {
    return profiles;
  }

  public List<Binding> bindings() {
    return bindings;
  }

  public List<Waiver> waivers() {
    return waivers;
  }

  /** The profile of the target's own binding, else of the first pattern that matches it. */
  @Override
  public Optional<String> profileFor(Target target) {
    return bindings.stream().sorted(Comparator.comparing(b -> b.target().contains("*")))
        .filter(b -> Glob.matches(b.target(), target.id())).findFirst().map(Binding::profile);
  }

  @Override
  public List<Finding> evaluate(Target target, List<Resource> resources) {
    List<Finding> out = new ArrayList<>();
    Optional<String> bound = profileFor(target);
    if (bound.isEmpty()) {
      out.add(Finding.of(UNBOUND_TARGET, Severity.ERROR, "", target.id(), ObjectRef.NONE,
          SourceLocation.of(BINDINGS_FILE),
          "target " + target.id() + " is not bound to any profile in " + BINDINGS_FILE
              + "; expected an entry whose target matches it, found none",
          "add '- {target: " + target.id() + ", profile: <profile>}' to " + BINDINGS_FILE
              + " (profiles: " + String.join(", ", profiles.keySet()) + ")"));
      return out;
    }
    // loading checked that every binding names an existing profile
    Profile profile = profiles.get(bound.get());
    CheckContext.Locator targetLocator =
        locator instanceof SourceLocator source ? source.forTarget(target, resources) : locator;
    // a cluster's own admin networks are those of its values file, not a list in the profile
    List<String> ownAdminCidrs = target.kind() == Target.Kind.CLUSTER
        ? ClusterValues.read(repoRoot, target.dir()).map(ClusterValues::adminCidrs)
            .orElse(List.of())
        : List.of();
    for (Check check : checks) {
      Setting setting = profile.checks().get(check.id());
      if (setting == null || setting.isOff()) {
        continue;
      }
      Map<String, Object> params = new LinkedHashMap<>(profile.values());
      if (!ownAdminCidrs.isEmpty()) {
        params.put(ADMIN_CIDRS, ownAdminCidrs);
      }
      params.putAll(setting.params());
      CheckContext context = new CheckContext(check, target, resources,
          new Params(check.id(), params), setting.severity().get(), targetLocator);
      try {
        out.addAll(check.evaluate(context));
      } catch (org.monitoringstack.gate.exec.ToolException e) {
        throw e; // a tool that cannot run ends the run (exit 2), not a finding per target
      } catch (RuntimeException e) {
        String message = e instanceof PolicyException ? e.getMessage()
            : "check " + check.id() + " failed on this target: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage());
        out.add(Finding.of(CHECK_FAILED, Severity.ERROR, check.requirement(), target.id(),
            ObjectRef.NONE, new SourceLocation(profile.file(), setting.line()), message,
            "fix the parameters of " + check.id() + " in " + profile.file()
                + ", or report the failure to the validator's maintainers"));
      }
    }
    return out;
  }

  @Override
  public WaiverOutcome applyWaivers(
      List<Finding> findings, List<Target> targetsRun, LocalDate today) {
    return Waivers.apply(waivers, findings, targetsRun, today);
  }

  /** {@code *} within one path segment, {@code **} across segments; the rest literal. */
  static final class Glob {
    private static final Map<String, Pattern> CACHE = new ConcurrentHashMap<>();

    private Glob() {}

    static boolean matches(String glob, String text) {
      if (!glob.contains("*")) {
        return glob.equals(text);
      }
      return CACHE.computeIfAbsent(glob, Glob::compile).matcher(text).matches();
    }

    private static Pattern compile(String glob) {
      StringBuilder re = new StringBuilder();
      for (int i = 0; i < glob.length(); i++) {
        char c = glob.charAt(i);
        if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
          re.append(".*");
          i++;
        } else if (c == '*') {
          re.append("[^/]*");
        } else {
          re.append(Pattern.quote(String.valueOf(c)));
        }
      }
      return Pattern.compile(re.toString());
    }
  }

  /** Reads and validates the files; collects every problem instead of stopping at the first. */
  private static final class Loader {
    private final Path repoRoot;
    private final List<Check> checks;
    private final Set<String> knownIds = new TreeSet<>();
    private final List<Problem> problems = new ArrayList<>();

    Loader(Path repoRoot, List<Check> checks) {
      this.repoRoot = Objects.requireNonNull(repoRoot, "repoRoot");
      this.checks = List.copyOf(checks);
      for (Check c : checks) {
        if (!knownIds.add(c.id())) {
          throw new IllegalArgumentException("two checks share the ID " + c.id());
        }
      }
    }

    PolicyFiles load(CheckContext.Locator locator) {
      Map<String, Profile> profiles = loadProfiles();
      List<Binding> bindings = loadBindings(profiles);
      List<Waiver> waivers = loadWaivers();
      if (!problems.isEmpty()) {
        throw new InvalidFiles(problems);
      }
      return new PolicyFiles(repoRoot, checks, profiles, bindings, waivers, locator);
    }

    private Map<String, Profile> loadProfiles() {
      Map<String, Profile> out = new LinkedHashMap<>();
      Path dir = repoRoot.resolve(PROFILES_DIR);
      if (!Files.isDirectory(dir)) {
        problem(PROFILES_DIR, 0, "the profiles folder " + PROFILES_DIR + " is missing",
            "create one YAML file per environment profile in " + PROFILES_DIR);
        return out;
      }
      List<Path> files;
      try (Stream<Path> s = Files.list(dir)) {
        files = s.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml"))
            .sorted().toList();
      } catch (IOException e) {
        problem(PROFILES_DIR, 0, "cannot list " + PROFILES_DIR + ": " + e.getMessage(), "");
        return out;
      }
      for (Path file : files) {
        String rel = PROFILES_DIR + "/" + file.getFileName();
        String stem = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        Node doc = read(rel, PolicySchemas.Kind.PROFILE);
        if (doc == null) {
          // still known by name, so that a binding to it is not reported as a second problem
          out.put(stem, new Profile(stem, rel, Map.of(), Map.of()));
          continue;
        }
        Map<String, Object> plain = plain(doc);
        String name = String.valueOf(plain.get("profile"));
        if (!name.equals(stem)) {
          problem(rel, SafeYaml.line(SafeYaml.entry(doc, "profile").getValueNode()),
              "profile name '" + name + "' does not match its file name; expected '" + stem + "'",
              "rename the file or set 'profile: " + stem + "'");
        }
        Map<String, Setting> settings = new LinkedHashMap<>();
        NodeTuple checksEntry = SafeYaml.entry(doc, "checks");
        for (NodeTuple t : ((MappingNode) checksEntry.getValueNode()).getValue()) {
          String id = SafeYaml.keyOf(t);
          int line = SafeYaml.line(t.getKeyNode());
          if (!knownIds.contains(id)) {
            problem(rel, line, "unknown check '" + id + "'; expected one of: "
                + String.join(", ", knownIds),
                "correct the check ID, or remove it if the check does not exist in this version");
            continue;
          }
          Map<String, Object> s = plain(t.getValueNode());
          String sev = String.valueOf(s.get("severity"));
          settings.put(id, new Setting(sev.equals("off") ? Optional.empty()
              : Optional.of(Severity.parse(sev)), cast(s.get("params")), line));
        }
        Set<String> missing = new TreeSet<>(knownIds);
        missing.removeAll(settings.keySet());
        if (!missing.isEmpty()) {
          problem(rel, SafeYaml.line(checksEntry.getKeyNode()), "profile '" + stem
              + "' does not list " + missing.size() + " registered check"
              + (missing.size() == 1 ? "" : "s") + ": " + String.join(", ", missing)
              + "; expected every registered check, explicitly {severity: off} where unused",
              "add each under checks:, as '<check>: {severity: off}' or with a severity");
        }
        out.put(stem, new Profile(stem, rel, cast(plain.get("values")), settings));
      }
      return out;
    }

    private List<Binding> loadBindings(Map<String, Profile> profiles) {
      Node doc = read(BINDINGS_FILE, PolicySchemas.Kind.BINDINGS);
      if (doc == null) {
        return List.of();
      }
      List<Binding> out = new ArrayList<>();
      Set<String> targets = new HashSet<>();
      for (Node item : ((SequenceNode) SafeYaml.entry(doc, "bindings").getValueNode())
          .getValue()) {
        Map<String, Object> b = plain(item);
        Binding binding = new Binding(String.valueOf(b.get("target")),
            String.valueOf(b.get("profile")), SafeYaml.line(item));
        if (!profiles.containsKey(binding.profile())) {
          problem(BINDINGS_FILE, binding.line(), "target " + binding.target()
              + " is bound to profile '" + binding.profile() + "', which does not exist; expected"
              + " one of: " + String.join(", ", profiles.keySet()),
              "add " + PROFILES_DIR + "/" + binding.profile() + ".yaml or correct the name");
        }
        if (!targets.add(binding.target())) {
          problem(BINDINGS_FILE, binding.line(), "target " + binding.target()
              + " is bound twice; expected one binding per target",
              "delete one of the two entries");
        }
        out.add(binding);
      }
      return out;
    }

    private List<Waiver> loadWaivers() {
      if (!Files.exists(repoRoot.resolve(WAIVERS_FILE))) {
        return List.of();
      }
      Node doc = read(WAIVERS_FILE, PolicySchemas.Kind.WAIVERS);
      if (doc == null) {
        return List.of();
      }
      List<Waiver> out = new ArrayList<>();
      for (Node item : ((SequenceNode) SafeYaml.entry(doc, "waivers").getValueNode())
          .getValue()) {
        Map<String, Object> w = plain(item);
        int line = SafeYaml.line(item);
        String check = String.valueOf(w.get("check"));
        if (!knownIds.contains(check) && !OWN_IDS.contains(check)) {
          problem(WAIVERS_FILE, line, "waiver for unknown check '" + check + "'; expected one of: "
              + String.join(", ", knownIds), "correct the check ID or delete the waiver");
          continue;
        }
        LocalDate expires;
        try {
          expires = LocalDate.parse(String.valueOf(w.get("expires")));
        } catch (DateTimeParseException e) {
          NodeTuple at = SafeYaml.entry(item, "expires");
          problem(WAIVERS_FILE, at == null ? line : SafeYaml.line(at.getValueNode()),
              "waiver expiry '" + w.get("expires")
              + "' is not a calendar date; expected YYYY-MM-DD", "write a real date");
          continue;
        }
        out.add(new Waiver(check, String.valueOf(w.get("target")),
            String.valueOf(w.get("resource")), String.valueOf(w.get("reason")),
            String.valueOf(w.get("owner")), expires, new SourceLocation(WAIVERS_FILE, line)));
      }
      return out;
    }

    /** Reads, parses and schema-validates one file; null (with problems recorded) if unusable. */
    private Node read(String rel, PolicySchemas.Kind kind) {
      Path file = repoRoot.resolve(rel);
      String text;
      try {
        text = Files.readString(file);
      } catch (IOException e) {
        problem(rel, 0, "cannot read " + rel + (Files.exists(file) ? ": " + e.getMessage()
            : ": the file is missing"), "restore " + rel);
        return null;
      }
      Node doc;
      try {
        doc = SafeYaml.composeOne(text, SafeYaml.Scalars.CORE);
      } catch (SafeYaml.YamlException e) {
        problem(rel, e.line(), "not valid YAML: " + e.getMessage(), "fix the YAML syntax");
        return null;
      }
      List<PolicySchemas.Problem> schemaProblems = PolicySchemas.validate(kind, doc);
      for (PolicySchemas.Problem p : schemaProblems) {
        problem(rel, p.line(), "does not match the " + kind.schemaName() + " schema: "
            + p.message(), "see validator/src/main/resources" + kind.resourcePath()
            + " for the expected shape");
      }
      return schemaProblems.isEmpty() ? doc : null;
    }

    /** A mapping the schema has already checked, as plain Java values. */
    private static Map<String, Object> plain(Node mapping) {
      return cast(SafeYaml.toPlain(mapping));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object mapping) {
      return (Map<String, Object>) mapping;
    }

    private void problem(String file, int line, String message, String hint) {
      problems.add(new Problem(new SourceLocation(file, line), message, hint));
    }
  }
}
