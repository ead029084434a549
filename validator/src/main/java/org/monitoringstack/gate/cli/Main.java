package org.monitoringstack.gate.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.monitoringstack.gate.exec.SystemProcessRunner;
import org.monitoringstack.gate.exec.ToolException;
import org.monitoringstack.gate.pipeline.GateFactory;
import org.monitoringstack.gate.policy.PolicyException;
import org.monitoringstack.gate.render.TargetSelectionException;
import org.monitoringstack.gate.report.RequirementCatalogException;
import picocli.CommandLine;

/**
 * The entry point: parses the arguments and runs {@link CheckCommand} ({@code gitops-validate
 * [PATH...]}) or {@link GenerateCommand} ({@code gitops-validate generate [PATH]}). Exit 0 when
 * no unwaived error was found, 1 when one was, 2 on a usage error or when a tool or policy file
 * is unusable.
 */
public final class Main {

  public static final int OK = 0;
  public static final int FINDINGS = 1;
  public static final int FAILURE = 2;

  static final String VERSION = "gitops-validate 0.1.0";

  /**
   * When the launcher started (epoch milliseconds): the summary's time then counts the whole
   * run as the user waited for it, the validator's one-time build and the tool installs included.
   */
  static final String STARTED_VARIABLE = "GITOPS_VALIDATE_STARTED_MS";

  private final Map<String, String> env;
  private final Path cwd;
  private final GateFactory factory;
  private final boolean terminal;
  private final Instant started;

  Main(Map<String, String> env, Path cwd, GateFactory factory, boolean terminal) {
    this.env = Map.copyOf(env);
    this.started = startedAt(env, Instant.now());
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
    CheckCommand.Options options = new CheckCommand.Options();
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
    // the command run: generate when given, else the check; its own --help and --version
    CommandLine command =
        parsed.hasSubcommand() ? parsed.subcommand().commandSpec().commandLine() : cli;
    if (command.isUsageHelpRequested()) {
      command.usage(out);
      return OK;
    }
    if (command.isVersionHelpRequested()) {
      command.printVersionHelp(out);
      return OK;
    }
    if (parsed.hasSubcommand()) {
      GenerateCommand.Options generate = command.getCommand();
      return guarded(err, () -> new GenerateCommand(env, cwd, factory,
          progress(generate.progress, true, err)).run(generate, out, err));
    }
    return guarded(err, () -> new CheckCommand(env, cwd, factory,
        progress(options.progress, !options.quiet, err), started, terminal)
        .run(options, out, err));
  }

  /** {@link #STARTED_VARIABLE} when it is a time in the last day before {@code now}, else now. */
  static Instant startedAt(Map<String, String> env, Instant now) {
    try {
      Instant at = Instant.ofEpochMilli(
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
      return fail(err, oneLine(e.getMessage()));
    } catch (IOException e) {
      return fail(err, "cannot write the report: " + oneLine(e.getMessage()));
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

  /**
   * Progress lines on stderr when asked for, or on a terminal when wanted. Otherwise (a pipe, CI)
   * only the notices of one-time setup work ({@link #isSetupNotice}), so that a first run that
   * builds tools for minutes says so; {@code --quiet} silences those too.
   */
  private Consumer<String> progress(boolean asked, boolean wanted, PrintWriter err) {
    boolean all = asked || (terminal && wanted);
    if (!all && !wanted) {
      return line -> { };
    }
    return line -> {
      if (all || isSetupNotice(line)) {
        synchronized (err) {
          err.println(line);
          err.flush();
        }
      }
    };
  }

  /**
   * A line about one-time setup: a tool being installed or rebuilt, a build still running, an
   * override of another version than the pin, the schema catalog being generated.
   */
  static boolean isSetupNotice(String line) {
    return line.startsWith("installing ") || line.startsWith("installed ")
        || line.startsWith("still building ") || line.startsWith("warning: ")
        || line.startsWith("generating the offline schema catalog")
        || line.endsWith(": reinstalling");
  }

  /** A usage error or an unusable tool or file: one line on stderr, exit 2. */
  static int fail(PrintWriter err, String message) {
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
