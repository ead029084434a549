package org.monitoringstack.gate.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.monitoringstack.gate.exec.SystemProcessRunner;
import org.monitoringstack.gate.exec.ToolException;
import org.monitoringstack.gate.impact.ChangedTargets;
import org.monitoringstack.gate.model.GateReport;
import org.monitoringstack.gate.model.Target;
import org.monitoringstack.gate.pipeline.Gate;
import org.monitoringstack.gate.pipeline.GateFactory;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.check.CheckRegistry;
import org.monitoringstack.gate.policy.PolicyException;
import org.monitoringstack.gate.render.TargetDiscovery;
import org.monitoringstack.gate.render.TargetSelectionException;
import org.monitoringstack.gate.report.HtmlReport;
import org.monitoringstack.gate.report.JsonReport;
import org.monitoringstack.gate.report.JunitReport;
import org.monitoringstack.gate.report.MarkdownReport;
import org.monitoringstack.gate.report.ReportWriter;
import org.monitoringstack.gate.report.RequirementCatalog;
import org.monitoringstack.gate.report.RequirementCatalogException;
import org.monitoringstack.gate.report.SarifReport;
import org.monitoringstack.gate.report.TextReport;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gitops-validate [PATH...]}: renders the repository's targets (or those the paths and
 * {@code --changed-since} select), validates them and writes one report per {@code --format}.
 * {@code gitops-validate generate [PATH]}: the Argo CD Config Management Plugin's command. Exit 0
 * when no unwaived error was found, 1 when one was, 2 on a usage error or when a tool or policy
 * file is unusable.
 */
public final class Main {

  public static final int OK = 0;
  public static final int FINDINGS = 1;
  public static final int FAILURE = 2;

  static final String VERSION = "gitops-validate 0.1.0";

  /** Set by {@code validator/bin/gitops-validate}: its repository, used outside any checkout. */
  static final String REPO_VARIABLE = "GITOPS_VALIDATE_REPO";

  /** The report formats. */
  enum Format {
    text, json, junit, sarif, markdown, html;

    /** Whether the writer needs the requirement catalog ({@code policies/requirements.yaml}). */
    boolean needsCatalog() {
      return this != text && this != json;
    }

    /** The format a report file's extension names, when {@code --format} is not given. */
    static Optional<Format> ofFile(Path file) {
      String name = file.getFileName() == null ? ""
          : file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
      for (Map.Entry<String, Format> e : EXTENSIONS) {
        if (name.endsWith(e.getKey())) {
          return Optional.of(e.getValue());
        }
      }
      return Optional.empty();
    }

    /** The format whose name {@code value} is (any case), e.g. {@code --output json}. */
    static Optional<Format> named(String value) {
      for (Format f : values()) {
        if (f.name().equalsIgnoreCase(value)) {
          return Optional.of(f);
        }
      }
      return Optional.empty();
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
      version = VERSION,
      sortOptions = false,
      subcommands = Generate.class,
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

    @Option(names = "--no-cache",
        description = "Read and write no render, schema-result or policy-result cache: the "
            + "authoritative run (the tools and the schema catalog are still used).")
    boolean noCache;
  }

  @Command(
      name = "generate",
      mixinStandardHelpOptions = true,
      version = VERSION,
      sortOptions = false,
      description = {
        "Argo CD Config Management Plugin mode: gates the target that PATH is or lies in "
            + "against its bound profile and, when it passes, prints kustomize's plain output "
            + "for PATH (what Argo CD applies) on standard output; otherwise prints the "
            + "findings on standard error and prints nothing on standard output.",
        "Reads ARGOCD_APP_SOURCE_PATH (the repository root is the working directory minus "
            + "it), ARGOCD_APP_NAME, ARGOCD_APP_REVISION and ARGOCD_APP_SOURCE_REPO_URL.",
        "Exit codes: 0 manifests printed, 1 error findings, 2 usage or tool failure."
      })
  static final class Generate {
    @Parameters(paramLabel = "PATH", arity = "0..1",
        description = "The Application's source folder (default: the working directory, as "
            + "Argo CD runs plugins).")
    String path;

    @Option(names = "--repo", paramLabel = "DIR",
        description = "Repository root (default: from ARGOCD_APP_SOURCE_PATH, else the "
            + "nearest folder above PATH that contains validator/toolchain.properties).")
    Path repo;

    @Option(names = "--progress", description = "Print progress on standard error.")
    boolean progress;

    @Option(names = "--timeout", paramLabel = "SECONDS",
        description = "Time limit for one kustomize build (default: ${DEFAULT-VALUE}).",
        defaultValue = "120")
    long timeoutSeconds;
  }

  private final Map<String, String> env;
  private final Path cwd;
  private final GateFactory factory;
  private final boolean terminal;
  private final java.time.Instant started;

  /**
   * When the launcher started (epoch milliseconds): the summary's time then counts the whole
   * run as the user waited for it, the validator's one-time build and the tool installs included.
   */
  static final String STARTED_VARIABLE = "GITOPS_VALIDATE_STARTED_MS";

  Main(Map<String, String> env, Path cwd, GateFactory factory, boolean terminal) {
    this.env = Map.copyOf(env);
    this.started = startedAt(env, java.time.Instant.now());
    this.cwd = Objects.requireNonNull(cwd, "cwd");
    this.factory = Objects.requireNonNull(factory, "factory");
    this.terminal = terminal;
  }

  public static void main(String[] args) {
    // a library we use logs through SLF4J without a backend: no "no providers" notice on stderr
    System.setProperty("slf4j.internal.verbosity", "ERROR");
    System.exit(run(
        new PrintWriter(System.out, true, StandardCharsets.UTF_8),
        new PrintWriter(System.err, true, StandardCharsets.UTF_8),
        args));
  }

  /** Runs the command with the process's environment and working directory. */
  public static int run(Writer out, Writer err, String... args) {
    return new Main(System.getenv(), Path.of("").toAbsolutePath(),
        new GateFactory(GateFactory.STANDARD, new SystemProcessRunner()),
        System.console() != null).execute(out, err, args);
  }

  int execute(Writer outWriter, Writer errWriter, String... args) {
    PrintWriter out = printWriter(outWriter);
    PrintWriter err = printWriter(errWriter);
    try {
      return executeChecked(out, err, args);
    } finally {
      out.flush();
      err.flush();
    }
  }

  private int executeChecked(PrintWriter out, PrintWriter err, String... args) {
    Options options = new Options();
    CommandLine cli = new CommandLine(options).setCaseInsensitiveEnumValuesAllowed(true);
    cli.setOut(out);
    cli.setErr(err);
    CommandLine.ParseResult parsed;
    try {
      parsed = cli.parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      err.println("gitops-validate: " + e.getMessage());
      err.println("Try 'gitops-validate --help' for more information.");
      return FAILURE;
    }
    if (parsed.hasSubcommand()) {
      CommandLine sub = parsed.subcommand().commandSpec().commandLine();
      if (sub.isUsageHelpRequested()) {
        sub.usage(out);
        return OK;
      }
      if (sub.isVersionHelpRequested()) {
        sub.printVersionHelp(out);
        return OK;
      }
      return guarded(err, () -> generate(sub.getCommand(), out, err));
    }
    if (cli.isUsageHelpRequested()) {
      cli.usage(out);
      return OK;
    }
    if (cli.isVersionHelpRequested()) {
      cli.printVersionHelp(out);
      return OK;
    }
    if (options.timeoutSeconds <= 0) {
      return usage(err, "--timeout must be a positive number of seconds");
    }
    List<ReportSpec> reports = new ArrayList<>(options.reports);
    if (reports.isEmpty()) {
      reports.add(new ReportSpec());
    }
    for (ReportSpec r : reports) {
      Optional<Format> named = r.output == null ? Optional.empty()
          : Format.named(r.output.toString());
      if (named.isPresent()) {
        return usage(err, "--output " + r.output + " is a format name, but --output takes a "
            + "file: for the " + named.get() + " report use --format " + named.get()
            + " (to standard output) or --format " + named.get() + " --output FILE (e.g. "
            + "--format " + named.get() + " --output reports/gate" + extension(named.get())
            + "); for a file of that name, give ./" + r.output);
      }
      if (r.format == null && r.output != null) {
        r.format = Format.ofFile(r.output).orElse(null);
      }
    }
    if (reports.size() > 1 && reports.stream().anyMatch(r -> r.format == null)) {
      return usage(err, "with several reports, give every --output its own --format or a file "
          + "name whose extension names one (e.g. --format junit --output reports/gate.xml)");
    }
    long toStdout = reports.stream().filter(r -> r.output == null).count();
    if (toStdout > 1) {
      return usage(err, "only one report can go to standard output: give each --format but "
          + "one its own --output FILE");
    }
    if (options.changedSince != null && (options.changedSince.isBlank()
        || options.changedSince.startsWith("-"))) {
      return usage(err, "--changed-since needs a Git revision, e.g. origin/main (was '"
          + options.changedSince + "')");
    }
    return guarded(err, () -> check(options, reports, out, err));
  }

  /** {@link #STARTED_VARIABLE} when it is a time in the last day before {@code now}, else now. */
  static java.time.Instant startedAt(Map<String, String> env, java.time.Instant now) {
    try {
      java.time.Instant at = java.time.Instant.ofEpochMilli(
          Long.parseLong(env.getOrDefault(STARTED_VARIABLE, "").strip()));
      return at.isAfter(now) || at.isBefore(now.minus(Duration.ofDays(1))) ? now : at;
    } catch (NumberFormatException e) {
      return now;
    }
  }

  /** A piece of work that may fail the way a run fails. */
  private interface Work {
    int run() throws IOException;
  }

  /** Turns the run's expected failures into one line on stderr and exit 2. */
  private int guarded(PrintWriter err, Work work) {
    try {
      return work.run();
    } catch (ToolException | PolicyException | TargetSelectionException
        | RequirementCatalogException e) {
      err.println("gitops-validate: " + oneLine(e.getMessage()));
      return FAILURE;
    } catch (IOException e) {
      err.println("gitops-validate: cannot write the report: " + oneLine(e.getMessage()));
      return FAILURE;
    } catch (RuntimeException e) {
      err.println("gitops-validate: internal error: " + e.getClass().getSimpleName() + ": "
          + oneLine(e.getMessage()));
      if (env.containsKey("GITOPS_VALIDATE_DEBUG")) {
        e.printStackTrace(err);
      } else {
        err.println("(set GITOPS_VALIDATE_DEBUG=1 for the stack trace)");
      }
      return FAILURE;
    }
  }

  private int check(Options options, List<ReportSpec> reports, PrintWriter out, PrintWriter err)
      throws IOException {
    Path repo = repoRoot(options.repo);
    TargetDiscovery discovery = new TargetDiscovery(repo);
    List<Target> targets = discovery.select(options.paths, cwd);
    if (targets.isEmpty()) {
      return usage(err, "no targets found in " + repo
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
      synchronized (err) {
        notes.forEach(err::println);
        err.flush();
      }
    }
    // the catalog first: a broken requirements file fails before any rendering
    RequirementCatalog catalog = reports.stream().anyMatch(r -> format(r).needsCatalog())
        ? RequirementCatalog.load(repo) : null;
    GateReport report;
    if (targets.isEmpty()) {
      report = new GateReport(List.of(), List.of(), Duration.ZERO);
    } else {
      Gate gate = factory.create(repo, env, Duration.ofSeconds(options.timeoutSeconds),
          progress(options.progress, err), !options.noCache);
      report = gate.run(targets);
    }
    report = report.withNotes(notes)
        .withElapsed(Duration.between(started, java.time.Instant.now()));
    for (ReportSpec spec : reports) {
      write(report, writer(format(spec), catalog, repo, report), spec.output, out);
    }
    return report.passed() ? OK : FINDINGS;
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

  private ReportWriter writer(Format format, RequirementCatalog catalog, Path repo,
      GateReport report) {
    List<String> notes = report.summaryNotes();
    return switch (format) {
      case text -> new TextReport();
      case json -> new JsonReport();
      case junit -> new JunitReport(catalog);
      case sarif -> new SarifReport(catalog, checkDescriptions(repo), null);
      case markdown -> new MarkdownReport(catalog).withNotes(notes);
      case html -> new HtmlReport(catalog).withNotes(notes);
    };
  }

  /** One sentence per check ID, for the SARIF rules' short descriptions. */
  private static Map<String, String> checkDescriptions(Path repo) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (Check c : CheckRegistry.all(repo, new SystemProcessRunner())) {
      out.putIfAbsent(c.id(), c.description());
    }
    return out;
  }

  private Consumer<String> progress(boolean asked, PrintWriter err) {
    return asked || terminal
        ? line -> {
          synchronized (err) {
            err.println(line);
            err.flush();
          }
        }
        : line -> { };
  }

  // ---- generate: the Argo CD Config Management Plugin ----

  /** Argo CD's build environment variables that {@code generate} reads. */
  static final String APP_NAME = "ARGOCD_APP_NAME";
  static final String APP_SOURCE_PATH = "ARGOCD_APP_SOURCE_PATH";
  static final String APP_REPO_URL = "ARGOCD_APP_SOURCE_REPO_URL";
  static final String APP_REVISION = "ARGOCD_APP_REVISION";

  private int generate(Generate options, PrintWriter out, PrintWriter err) throws IOException {
    if (options.timeoutSeconds <= 0) {
      return usage(err, "--timeout must be a positive number of seconds");
    }
    Path source = (options.path == null ? cwd : cwd.resolve(options.path)).normalize();
    if (!Files.isDirectory(source)) {
      return usage(err, "generate: " + source + ": not a folder");
    }
    Path repo = generateRoot(options.repo, source);
    List<Target> targets = new TargetDiscovery(repo).select(
        List.of(options.path == null ? "." : options.path), cwd);
    Target target = targets.get(0);
    GateFactory.Generated generated = factory.generate(repo, env,
        Duration.ofSeconds(options.timeoutSeconds), progress(options.progress, err), target,
        source);
    StringWriter text = new StringWriter();
    new TextReport().write(generated.report(), text);
    if (generated.manifests().isPresent()) {
      // warnings never block; Argo CD keeps stderr in its logs
      boolean anyFinding = generated.report().targets().stream()
          .anyMatch(t -> !t.findings().isEmpty())
          || !generated.report().runFindings().isEmpty();
      if (anyFinding) {
        err.println(heading(target, generated.report()) + " passes with warnings:");
        err.print(text);
      }
      out.print(generated.manifests().get());
      return OK;
    }
    err.println(heading(target, generated.report()) + " does not pass; not generating "
        + "manifests:");
    err.print(text);
    return FINDINGS;
  }

  /** {@code gitops-validate generate: app stack (repo URL @ revision): target clusters/x}. */
  private String heading(Target target, GateReport report) {
    StringBuilder h = new StringBuilder("gitops-validate generate: ");
    String app = env.getOrDefault(APP_NAME, "");
    if (!app.isBlank()) {
      h.append("application ").append(app).append(", ");
    }
    String url = env.getOrDefault(APP_REPO_URL, "");
    String rev = env.getOrDefault(APP_REVISION, "");
    if (!url.isBlank() || !rev.isBlank()) {
      h.append(url.isBlank() ? "revision " + rev : url + (rev.isBlank() ? "" : " @ " + rev))
          .append(", ");
    }
    String profile = report.targets().isEmpty() ? "" : report.targets().get(0).profile();
    h.append("target ").append(target.id())
        .append(profile.isEmpty() ? " (no profile)" : " (profile " + profile + ")");
    return h.toString();
  }

  /**
   * The repository for {@code generate}: {@code --repo}; else the source folder minus {@code
   * ARGOCD_APP_SOURCE_PATH} when it ends with it; else the nearest folder above the source folder
   * with {@code validator/toolchain.properties}. Never the launcher's repository: the gate must
   * check the revision Argo CD checked out.
   */
  private Path generateRoot(Path given, Path source) {
    if (given != null) {
      return repoRoot(given);
    }
    String sourcePath = env.getOrDefault(APP_SOURCE_PATH, "").strip();
    if (!sourcePath.isEmpty() && !sourcePath.equals(".")) {
      Path rel = Path.of(sourcePath).normalize();
      if (!rel.isAbsolute() && source.endsWith(rel)) {
        Path root = source;
        for (int i = 0; i < rel.getNameCount(); i++) {
          root = root.getParent();
        }
        if (root != null && Files.isRegularFile(root.resolve("validator/toolchain.properties"))) {
          return root;
        }
      }
    }
    return findRepoRoot(source).orElseThrow(() -> new TargetSelectionException(
        "cannot find the repository root (a folder with validator/toolchain.properties) above "
            + source + "; give --repo DIR"));
  }

  // ---- shared ----

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

  private Path repoRoot(Path given) {
    if (given != null) {
      Path dir = cwd.resolve(given).normalize();
      if (!Files.isDirectory(dir)) {
        throw new TargetSelectionException("--repo " + given + ": not a folder");
      }
      return dir;
    }
    // outside any checkout: the repository the launcher script belongs to
    return findRepoRoot(cwd)
        .or(() -> Optional.ofNullable(env.get(REPO_VARIABLE)).map(Path::of)
            .filter(p -> Files.isRegularFile(p.resolve("validator/toolchain.properties"))))
        .orElseThrow(() -> new TargetSelectionException(
            "cannot find the repository root (a folder with validator/toolchain.properties) above "
                + cwd + "; give --repo DIR"));
  }

  /** The nearest folder at or above {@code start} that has {@code validator/toolchain.properties}. */
  static Optional<Path> findRepoRoot(Path start) {
    for (Path p = start.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("validator/toolchain.properties"))) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  private static int usage(PrintWriter err, String message) {
    err.println("gitops-validate: " + message);
    return FAILURE;
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s*\\n\\s*", " ").trim();
  }

  private static PrintWriter printWriter(Writer w) {
    return w instanceof PrintWriter pw ? pw : new PrintWriter(w, true);
  }
}
