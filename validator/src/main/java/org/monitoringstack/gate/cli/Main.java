package org.monitoringstack.gate.cli;

import java.io.IOException;
import java.io.PrintWriter;
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
import org.monitoringstack.gate.model.GateReport;
import org.monitoringstack.gate.model.Target;
import org.monitoringstack.gate.pipeline.Gate;
import org.monitoringstack.gate.pipeline.GateFactory;
import org.monitoringstack.gate.policy.PolicyException;
import org.monitoringstack.gate.render.TargetDiscovery;
import org.monitoringstack.gate.render.TargetSelectionException;
import org.monitoringstack.gate.report.JsonReport;
import org.monitoringstack.gate.report.ReportWriter;
import org.monitoringstack.gate.report.TextReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gitops-validate [PATH...]}: renders the repository's targets (or those the paths
 * select), validates them and prints a report. Exit 0 when no unwaived error was found, 1 when
 * one was, 2 on a usage error or when a tool or policy file is unusable.
 */
public final class Main {

  public static final int OK = 0;
  public static final int FINDINGS = 1;
  public static final int FAILURE = 2;

  static final String VERSION = "gitops-validate 0.1.0";

  /** Set by {@code validator/bin/gitops-validate}: its repository, used outside any checkout. */
  static final String REPO_VARIABLE = "GITOPS_VALIDATE_REPO";

  /** The report formats; each maps to its writer. */
  enum Format {
    text(new TextReport()),
    json(new JsonReport());

    final ReportWriter writer;

    Format(ReportWriter writer) {
      this.writer = writer;
    }
  }

  @Command(
      name = "gitops-validate",
      mixinStandardHelpOptions = true,
      version = VERSION,
      sortOptions = false,
      description = {
        "Renders every overlay and cluster of the repository with kustomize, validates every "
            + "object against the offline schemas and enforces the repository's policies.",
        "Exit codes: 0 no unwaived error, 1 error findings, 2 usage or tool failure."
      })
  static final class Options {
    @Parameters(paramLabel = "PATH", arity = "0..*",
        description = "Targets to check (a target folder or a file inside one); "
            + "default: every target.")
    List<String> paths = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT",
        description = "Report format: ${COMPLETION-CANDIDATES} (default: text).")
    List<Format> formats = new ArrayList<>();

    @Option(names = "--output", paramLabel = "FILE",
        description = "Write the report to FILE instead of standard output.")
    Path output;

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
  }

  private final Map<String, String> env;
  private final Path cwd;
  private final GateFactory factory;
  private final boolean terminal;

  Main(Map<String, String> env, Path cwd, GateFactory factory, boolean terminal) {
    this.env = Map.copyOf(env);
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
    try {
      cli.parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      err.println("gitops-validate: " + e.getMessage());
      err.println("Try 'gitops-validate --help' for more information.");
      return FAILURE;
    }
    if (cli.isUsageHelpRequested()) {
      cli.usage(out);
      return OK;
    }
    if (cli.isVersionHelpRequested()) {
      cli.printVersionHelp(out);
      return OK;
    }
    if (options.formats.size() > 1) {
      return usage(err, "give --format once (one report per run for now)");
    }
    if (options.timeoutSeconds <= 0) {
      return usage(err, "--timeout must be a positive number of seconds");
    }
    Format format = options.formats.isEmpty() ? Format.text : options.formats.get(0);
    try {
      Path repo = repoRoot(options.repo);
      List<Target> targets = new TargetDiscovery(repo).select(options.paths, cwd);
      if (targets.isEmpty()) {
        return usage(err, "no targets found in " + repo
            + " (expected folders under overlays/ or clusters/)");
      }
      Consumer<String> progress = options.progress || terminal
          ? line -> {
            synchronized (err) {
              err.println(line);
              err.flush();
            }
          }
          : line -> { };
      Gate gate = factory.create(
          repo, env, Duration.ofSeconds(options.timeoutSeconds), progress);
      GateReport report = gate.run(targets);
      write(report, format.writer, options.output, out);
      return report.passed() ? OK : FINDINGS;
    } catch (ToolException | PolicyException | TargetSelectionException e) {
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
