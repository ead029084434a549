package org.monitoringstack.gate.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.monitoringstack.gate.model.GateReport;
import org.monitoringstack.gate.model.Target;
import org.monitoringstack.gate.pipeline.GateFactory;
import org.monitoringstack.gate.render.TargetDiscovery;
import org.monitoringstack.gate.report.TextReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gitops-validate generate [PATH]}, the Argo CD Config Management Plugin's command: gates
 * the target PATH is or lies in and, when it passes, prints kustomize's output for PATH.
 */
record GenerateCommand(Map<String, String> env, Path cwd, GateFactory factory,
    Consumer<String> progress) {

  /** Argo CD's build environment variables that {@code generate} reads. */
  static final String APP_NAME = "ARGOCD_APP_NAME";
  static final String APP_SOURCE_PATH = "ARGOCD_APP_SOURCE_PATH";
  static final String APP_REPO_URL = "ARGOCD_APP_SOURCE_REPO_URL";
  static final String APP_REVISION = "ARGOCD_APP_REVISION";

  @Command(
      name = "generate",
      mixinStandardHelpOptions = true,
      version = Main.VERSION,
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
  static final class Options {
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

  int run(Options options, PrintWriter out, PrintWriter err) throws IOException {
    if (options.timeoutSeconds <= 0) {
      return Main.fail(err, "--timeout must be a positive number of seconds");
    }
    Path source = (options.path == null ? cwd : cwd.resolve(options.path)).normalize();
    if (!Files.isDirectory(source)) {
      return Main.fail(err, "generate: " + source + ": not a folder");
    }
    Path repo = root(options.repo, source);
    Target target = new TargetDiscovery(repo).select(
        List.of(options.path == null ? "." : options.path), cwd).get(0);
    GateFactory.Generated generated = factory.generate(repo, env,
        Duration.ofSeconds(options.timeoutSeconds), progress, target, source);
    GateReport report = generated.report();
    StringWriter text = new StringWriter();
    new TextReport().write(report, text);
    if (generated.manifests().isPresent()) {
      // warnings never block; Argo CD keeps stderr in its logs
      boolean anyFinding = report.targets().stream().anyMatch(t -> !t.findings().isEmpty())
          || !report.runFindings().isEmpty();
      if (anyFinding) {
        err.println(heading(target, report) + " passes with warnings:");
        err.print(text);
      }
      out.print(generated.manifests().get());
      return Main.OK;
    }
    err.println(heading(target, report) + " does not pass; not generating manifests:");
    err.print(text);
    return Main.FINDINGS;
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
   * The repository: {@code --repo}; else the source folder minus {@code ARGOCD_APP_SOURCE_PATH}
   * when it ends with it; else the nearest repository root above the source folder. Never the
   * launcher's repository: the gate must check the revision Argo CD checked out.
   */
  private Path root(Path given, Path source) {
    if (given != null) {
      return RepositoryRoot.of(given, cwd, env);
    }
    String sourcePath = env.getOrDefault(APP_SOURCE_PATH, "").strip();
    if (!sourcePath.isEmpty() && !sourcePath.equals(".")) {
      Path rel = Path.of(sourcePath).normalize();
      if (!rel.isAbsolute() && source.endsWith(rel)) {
        Path root = source;
        for (int i = 0; i < rel.getNameCount(); i++) {
          root = root.getParent();
        }
        if (root != null && RepositoryRoot.isRoot(root)) {
          return root;
        }
      }
    }
    return RepositoryRoot.above(source).orElseThrow(() -> RepositoryRoot.notFound(source));
  }
}
