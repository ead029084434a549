package org.monitoringstack.gate.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.monitoringstack.gate.exec.SystemProcessRunner;
import org.monitoringstack.gate.impact.ChangedTargets;
import org.monitoringstack.gate.model.GateReport;
import org.monitoringstack.gate.model.Target;
import org.monitoringstack.gate.pipeline.GateFactory;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.check.CheckRegistry;
import org.monitoringstack.gate.render.TargetDiscovery;
import org.monitoringstack.gate.report.HtmlReport;
import org.monitoringstack.gate.report.JsonReport;
import org.monitoringstack.gate.report.JunitReport;
import org.monitoringstack.gate.report.MarkdownReport;
import org.monitoringstack.gate.report.ReportWriter;
import org.monitoringstack.gate.report.RequirementCatalog;
import org.monitoringstack.gate.report.SarifReport;
import org.monitoringstack.gate.report.TextReport;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gitops-validate [PATH...]}: renders the repository's targets (or those the paths and
 * {@code --changed-since} select), validates them and writes one report per {@code --format}.
 * {@code terminal}: standard output is a terminal (a text report to it may be coloured).
 */
record CheckCommand(Map<String, String> env, Path cwd, GateFactory factory,
    Consumer<String> progress, Instant started, boolean terminal) {

  /** The environment variable that turns colour off when set to anything (no-color.org). */
  static final String NO_COLOR = "NO_COLOR";

  /** The report formats. */
  enum Format {
    text, json, junit, sarif, markdown, html;

    /** Whether the writer needs the requirement catalog ({@code policies/requirements.yaml}). */
    boolean needsCatalog() {
      return this != text && this != json;
    }

    /** Whether the report names the Git commit the run checked (found once, only then). */
    boolean showsRevision() {
      return this == html;
    }

    /** The format a report file's extension names, when {@code --format} is not given. */
    static Optional<Format> ofFile(Path file) {
      String name = file.getFileName() == null ? ""
          : file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
      return EXTENSIONS.stream().filter(e -> name.endsWith(e.getKey())).map(Map.Entry::getValue)
          .findFirst();
    }

    /** The format whose name {@code value} is (any case), e.g. {@code --output json}. */
    static Optional<Format> named(String value) {
      return Arrays.stream(values()).filter(f -> f.name().equalsIgnoreCase(value)).findFirst();
    }
  }

  /** Report file extensions and their formats; the first that a file name ends with wins. */
  private static final List<Map.Entry<String, Format>> EXTENSIONS = List.of(
      Map.entry(".sarif.json", Format.sarif), Map.entry(".sarif", Format.sarif),
      Map.entry(".json", Format.json), Map.entry(".xml", Format.junit),
      Map.entry(".md", Format.markdown), Map.entry(".html", Format.html),
      Map.entry(".txt", Format.text));

  /** One report: a format and where it goes (standard output when no file is given). */
  static final class ReportSpec {
    @Option(names = "--format", paramLabel = "FORMAT", required = false,
        description = {"Report format: ${COMPLETION-CANDIDATES} (default: text). May be given "
            + "more than once; each --format pairs with the --output next to it."})
    Format format;

    @Option(names = "--output", paramLabel = "FILE", required = false,
        description = {"Write the report of the --format next to it to FILE instead of "
            + "standard output (folders are created). Without --format, FILE's extension names "
            + "the format (.json, .sarif, .xml junit, .md markdown, .html, .txt text). At most "
            + "one report goes to standard output."})
    Path output;
  }

  @Command(
      name = "gitops-validate",
      mixinStandardHelpOptions = true,
      version = Main.VERSION,
      sortOptions = false,
      subcommands = GenerateCommand.Options.class,
      description = {
        "Renders every overlay and cluster of the repository with kustomize, validates every "
            + "object against the offline schemas and enforces the repository's policies.",
        "Exit codes: 0 no unwaived error, 1 error findings, 2 usage or tool failure."
      })
  static final class Options {
    @Parameters(paramLabel = "PATH", arity = "0..*",
        description = "Targets to check (a target folder or a file inside one); "
            + "default: every target. With --changed-since: only the affected ones among them.")
    List<String> paths = new ArrayList<>();

    @ArgGroup(exclusive = false, multiplicity = "0..*")
    List<ReportSpec> reports = new ArrayList<>();

    @Option(names = "--changed-since", paramLabel = "REV",
        description = "Check only the targets whose render can change since the Git revision "
            + "REV (git diff REV plus untracked files, followed through every kustomization); "
            + "a changed file outside base/, overlays/ and clusters/ selects every target.")
    String changedSince;

    @Option(names = "--repo", paramLabel = "DIR",
        description = "Repository root (default: the folder above the working directory "
            + "that contains validator/toolchain.properties, else the launcher's repository).")
    Path repo;

    @Option(names = "--progress",
        description = "Print progress on standard error even when it is not a terminal.")
    boolean progress;

    @Option(names = "--timeout", paramLabel = "SECONDS",
        description = "Time limit for one kustomize build (default: ${DEFAULT-VALUE}).",
        defaultValue = "120")
    long timeoutSeconds;

    @Option(names = {"-q", "--quiet"},
        description = "Text report: only the unwaived errors and the summary line (no target "
            + "lines, warnings, waived findings or notes); no progress unless --progress.")
    boolean quiet;

    @Option(names = "--no-color",
        description = "Never colour the text report. Without it, the error and warning labels "
            + "are coloured only when standard output is a terminal and NO_COLOR is unset; a "
            + "report in a file or a pipe never is.")
    boolean noColor;

    @Option(names = "--no-cache",
        description = "Read and write no render, schema-result or policy-result cache: the "
            + "authoritative run (the tools and the schema catalog are still used).")
    boolean noCache;

    @Option(names = "--live",
        description = "Also apply every target to a private etcd and kube-apiserver on loopback"
            + " and reconcile it with the real Prometheus Operator (live.* findings). The first"
            + " run builds etcd, kube-apiserver and the operator into .tools/bin/ (about 20 min);"
            + " then about 15-30 s per target, two targets at a time on two cores.")
    boolean live;
  }

  /** Checks the options' combination, then runs the gate and writes the reports. */
  int run(Options options, PrintWriter out, PrintWriter err) throws IOException {
    if (options.timeoutSeconds <= 0) {
      return Main.fail(err, "--timeout must be a positive number of seconds");
    }
    List<ReportSpec> reports = new ArrayList<>(options.reports);
    if (reports.isEmpty()) {
      reports.add(new ReportSpec());
    }
    for (ReportSpec r : reports) {
      Optional<Format> named = r.output == null ? Optional.empty()
          : Format.named(r.output.toString());
      if (named.isPresent()) {
        return Main.fail(err, "--output " + r.output + " is a format name, but --output takes "
            + "a file: for the " + named.get() + " report use --format " + named.get()
            + " (to standard output) or --format " + named.get() + " --output FILE (e.g. "
            + "--format " + named.get() + " --output reports/gate" + extension(named.get())
            + "); for a file of that name, give ./" + r.output);
      }
      if (r.format == null && r.output != null) {
        r.format = Format.ofFile(r.output).orElse(null);
      }
    }
    if (reports.size() > 1 && reports.stream().anyMatch(r -> r.format == null)) {
      return Main.fail(err, "with several reports, give every --output its own --format or a "
          + "file name whose extension names one (e.g. --format junit --output reports/gate.xml)");
    }
    if (reports.stream().filter(r -> r.output == null).count() > 1) {
      return Main.fail(err, "only one report can go to standard output: give each --format "
          + "but one its own --output FILE");
    }
    if (options.changedSince != null && (options.changedSince.isBlank()
        || options.changedSince.startsWith("-"))) {
      return Main.fail(err, "--changed-since needs a Git revision, e.g. origin/main (was '"
          + options.changedSince + "')");
    }
    return check(options, reports, out, err);
  }

  private int check(Options options, List<ReportSpec> reports, PrintWriter out, PrintWriter err)
      throws IOException {
    Path repo = RepositoryRoot.of(options.repo, cwd, env);
    TargetDiscovery discovery = new TargetDiscovery(repo);
    List<Target> targets = discovery.select(options.paths, cwd);
    if (targets.isEmpty()) {
      return Main.fail(err, "no targets found in " + repo
          + " (expected folders under overlays/ or clusters/)");
    }
    List<String> notes = new ArrayList<>();
    if (options.changedSince != null) {
      List<Target> all = discovery.all();
      ChangedTargets.Result changed = factory.changedSince(repo, options.changedSince, all);
      notes.addAll(scopeNotes(options.changedSince, changed, all, targets,
          !options.paths.isEmpty()));
      List<String> affected = changed.targets().stream().map(Target::id).toList();
      targets = targets.stream().filter(t -> affected.contains(t.id())).toList();
      if (!options.quiet) {
        synchronized (err) {
          notes.forEach(err::println);
          err.flush();
        }
      }
    }
    // the catalog first: a broken requirements file fails before any rendering
    RequirementCatalog catalog = reports.stream().anyMatch(r -> format(r).needsCatalog())
        ? RequirementCatalog.load(repo) : null;
    GateReport report = targets.isEmpty()
        ? new GateReport(List.of(), List.of(), Duration.ZERO)
        : factory.create(repo, env, Duration.ofSeconds(options.timeoutSeconds), progress,
            !options.noCache, options.live).run(targets);
    String revision = reports.stream().anyMatch(r -> format(r).showsRevision())
        ? factory.revision(repo).orElse("") : "";
    report = report.withNotes(notes).withElapsed(Duration.between(started, Instant.now()))
        .withRun(new GateReport.RunInfo(revision, started));
    for (ReportSpec spec : reports) {
      TextReport text = new TextReport().quiet(options.quiet)
          .colored(spec.output == null && colored(options));
      write(report, writer(format(spec), text, catalog, repo, report), spec.output, out);
    }
    return report.passed() ? Main.OK : Main.FINDINGS;
  }

  /** Colour for standard output: a terminal, no --no-color, and NO_COLOR unset or empty. */
  private boolean colored(Options options) {
    return terminal && !options.noColor && env.getOrDefault(NO_COLOR, "").isEmpty();
  }

  private static Format format(ReportSpec spec) {
    return spec.format == null ? Format.text : spec.format;
  }

  /** The usual extension of a format's report file. */
  private static String extension(Format format) {
    return EXTENSIONS.stream().filter(e -> e.getValue() == format)
        .map(Map.Entry::getKey).reduce((a, b) -> b).orElse("");
  }

  /** What --changed-since selected and why, one line per target. */
  static List<String> scopeNotes(String rev, ChangedTargets.Result changed, List<Target> all,
      List<Target> given, boolean pathsGiven) {
    List<String> notes = new ArrayList<>();
    List<String> givenIds = given.stream().map(Target::id).toList();
    long selected = changed.targets().stream().filter(t -> givenIds.contains(t.id())).count();
    String files = changed.changedFiles().size() == 1
        ? "1 changed file" : changed.changedFiles().size() + " changed files";
    String of = pathsGiven ? " of the " + given.size() + " given" : " of " + all.size();
    if (changed.everything()) {
      String why = changed.reasons().isEmpty() ? "" : changed.reasons().get(0);
      notes.add("changed since " + rev + ": " + files + "; every target" + of + " selected: "
          + why.replaceFirst(": every target$", ""));
      return notes;
    }
    notes.add("changed since " + rev + ": " + files + "; " + selected
        + (selected == 1 ? " target" : " targets") + of + " selected");
    for (int i = 0; i < changed.targets().size(); i++) {
      Target t = changed.targets().get(i);
      if (givenIds.contains(t.id())) {
        notes.add("  " + t.id() + ": reads " + changed.reasons().get(i));
      }
    }
    if (!changed.unread().isEmpty()) {
      notes.add("  read by no target: " + String.join(", ", changed.unread()));
    }
    return notes;
  }

  private ReportWriter writer(Format format, TextReport text, RequirementCatalog catalog,
      Path repo, GateReport report) {
    List<String> notes = report.summaryNotes();
    return switch (format) {
      case text -> text;
      case json -> new JsonReport();
      case junit -> new JunitReport(catalog);
      case sarif -> new SarifReport(catalog, checkDescriptions(repo), null);
      case markdown -> new MarkdownReport(catalog).withNotes(notes);
      case html -> new HtmlReport(catalog).withNotes(notes);
    };
  }

  /** One sentence per check ID, for the SARIF rules' short descriptions. */
  private static Map<String, String> checkDescriptions(Path repo) {
    return CheckRegistry.all(repo, new SystemProcessRunner()).stream().collect(Collectors.toMap(
        Check::id, Check::description, (first, later) -> first, LinkedHashMap::new));
  }

  private void write(GateReport report, ReportWriter writer, Path output, PrintWriter out)
      throws IOException {
    if (output == null) {
      writer.write(report, out);
      return;
    }
    Path file = cwd.resolve(output);
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      writer.write(report, w);
    }
  }
}
