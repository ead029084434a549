package org.monitoringstack.gate.toolchain;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.monitoringstack.gate.cache.FileIdentity;
import org.monitoringstack.gate.exec.Folders;
import org.monitoringstack.gate.exec.ProcessResult;
import org.monitoringstack.gate.exec.ProcessRunner;
import org.monitoringstack.gate.exec.ProcessSpec;
import org.monitoringstack.gate.exec.ToolException;

/**
 * The tools the gate runs, each at the version {@code validator/toolchain.properties} pins.
 * {@link #resolve} finds each one in this order: the override variable ({@code KUSTOMIZE_BIN},
 * {@code PROMTOOL_BIN}, ...; asked for its version so that a broken or hanging binary is one clear
 * error), then {@code .tools/bin/<tool>} if it is the pinned version (by what it prints, else by
 * the module versions Go recorded in the binary), then a build into {@code .tools/bin/}: {@code go
 * install pkg@version}, or {@code go build} in a copy of the tool's wrapper module. The tools are
 * resolved concurrently, each build in its own staging folder moved into place when complete. A
 * binary of {@code .tools/bin/} that was verified is remembered by path, size and modification
 * time under {@code .cache/toolchain/}, so warm runs start no version process.
 */
public record Toolchain(Map<String, Path> tools, Pins pins) {

  /** Where the pins live, relative to the repository root. */
  public static final String PINS_FILE = "validator/toolchain.properties";

  /** Where the tools are built into, relative to the repository root (git-ignored). */
  public static final String TOOLS_BIN = ".tools/bin";

  /**
   * The tools a gate run needs: rendering, schema validation, and the checks that run the
   * images' own validators (amtool on Alertmanager configurations, promtool on rules).
   */
  public static final List<String> GATE_TOOLS =
      List.of("kustomize", "kubeconform", "amtool", "promtool");

  /** The tools the live stage adds: a private control plane and the operator. */
  public static final List<String> LIVE_TOOLS =
      List.of("etcd", "kube-apiserver", "prometheus-operator");

  /**
   * Where a binary of {@code .tools/bin/} that was verified is remembered (path, size,
   * modification time, version), so that later runs skip asking it: git-ignored.
   */
  static final String VERIFIED_DIR = ".cache/toolchain";

  static final Duration VERSION_TIMEOUT = Duration.ofSeconds(15);
  static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(60);
  static final Duration HEARTBEAT = Duration.ofSeconds(30);
  private static final int STDERR_TAIL_LINES = 8;
  /** {@code v5.8.2} alone or inside {@code {Version:kustomize/v5.8.2 ...}}. */
  private static final Pattern PRINTED_VERSION =
      Pattern.compile("(?<![\\w.])v\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?");
  /** {@code promtool, version 3.14.0 (branch: ...)}. */
  private static final Pattern SAID_VERSION =
      Pattern.compile("(?i)\\bversion:?\\s+v?(\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?)");

  public Toolchain {
    tools = Map.copyOf(tools);
    Objects.requireNonNull(pins, "pins");
  }

  /** The resolved binary of {@code name}; only tools passed to {@link #resolve} are present. */
  public Path path(String name) {
    Path path = tools.get(name);
    if (path == null) {
      throw new IllegalStateException(name + " was not resolved (resolved: " + tools.keySet() + ")");
    }
    return path;
  }

  public Path kustomize() {
    return path("kustomize");
  }

  public Path kubeconform() {
    return path("kubeconform");
  }

  /** Resolves {@link #GATE_TOOLS}. */
  public static Toolchain resolve(
      Path repoRoot, Map<String, String> env, ProcessRunner runner, Consumer<String> progress) {
    return resolve(repoRoot, env, runner, progress, GATE_TOOLS);
  }

  /**
   * Reads {@code validator/toolchain.properties} under {@code repoRoot} and finds or builds the
   * tools {@code names}. {@code env} is the user's environment (PATH, the override variables,
   * GOFLAGS); {@code progress} receives one-line notes such as "installing promtool v3.14.0 ...".
   *
   * @throws ToolException when a tool is not pinned, an override is unusable, or a build fails
   */
  public static Toolchain resolve(Path repoRoot, Map<String, String> env, ProcessRunner runner,
      Consumer<String> progress, List<String> names) {
    Objects.requireNonNull(repoRoot, "repoRoot");
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(runner, "runner");
    Objects.requireNonNull(progress, "progress");
    Path root = repoRoot.toAbsolutePath().normalize();
    Pins pins = Pins.load(root.resolve(PINS_FILE));
    List<Pins.ToolPin> wanted = names.stream().distinct().map(pins::tool).toList();
    Resolver resolver = new Resolver(root, env, runner, progress, new ConcurrentHashMap<>());
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, wanted.size()), r -> {
      Thread t = new Thread(r, "toolchain-resolve");
      t.setDaemon(true);
      return t;
    });
    try {
      Map<String, CompletableFuture<Path>> futures = new LinkedHashMap<>();
      for (Pins.ToolPin tool : wanted) {
        futures.put(tool.name(), CompletableFuture.supplyAsync(() -> resolver.find(tool), pool));
      }
      Map<String, Path> paths = new LinkedHashMap<>();
      for (Map.Entry<String, CompletableFuture<Path>> f : futures.entrySet()) {
        paths.put(f.getKey(), join(f.getValue()));
      }
      // remembered only when all resolved: a failed resolve leaves no thread writing files
      resolver.verified().forEach(Toolchain::writeQuietly);
      return new Toolchain(paths, pins);
    } finally {
      pool.shutdownNow();
    }
  }

  private static Path join(CompletableFuture<Path> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw e;
    }
  }

  /** The lookup for one tool; stateless apart from its inputs, so tools resolve concurrently. */
  private record Resolver(Path root, Map<String, String> env, ProcessRunner runner,
      Consumer<String> progress, Map<Path, String> verified) {

    Path find(Pins.ToolPin tool) {
      String override = env.get(tool.overrideVariable());
      if (override != null && !override.isBlank()) {
        return checkOverride(tool, override.strip());
      }
      Path installed = root.resolve(TOOLS_BIN).resolve(tool.name());
      if (Files.isRegularFile(installed) && Files.isExecutable(installed)) {
        Path memo = root.resolve(VERIFIED_DIR).resolve(tool.name());
        Optional<String> stamp = stamp(installed, identity(tool));
        if (stamp.isPresent() && stamp.equals(readQuietly(memo))) {
          return installed; // this very binary was verified before
        }
        Optional<String> found = installedVersion(tool, installed);
        if (found.isPresent() && sameVersion(tool, found.get())) {
          stamp.ifPresent(s -> verified.put(memo, s));
          return installed;
        }
        progress.accept(tool.name() + " in " + TOOLS_BIN + "/ is "
            + found.orElse("of an unknown version") + ", the pin is " + tool.version()
            + ": reinstalling");
      }
      return install(tool, installed);
    }

    /**
     * An override must exist, be executable and answer its version command within {@link
     * #VERSION_TIMEOUT}: a binary that fails or hangs is one error here, not a finding per
     * target later. Another version than the pin is used, with a warning.
     */
    Path checkOverride(Pins.ToolPin tool, String override) {
      String variable = tool.overrideVariable();
      String advice = variable + " at " + tool.name() + " " + tool.release()
          + ", or unset it to let the validator install one into " + TOOLS_BIN + "/";
      Path path = Path.of(override);
      if (!Files.isRegularFile(path)) {
        throw new ToolException(variable + "=" + override + " does not exist: point " + advice);
      }
      if (!Files.isExecutable(path)) {
        throw new ToolException(variable + "=" + override + " is not executable (chmod +x "
            + override + ")");
      }
      Path memo = root.resolve(VERIFIED_DIR).resolve(tool.name() + ".override");
      Optional<String> stamp = stamp(path, identity(tool));
      if (stamp.isPresent() && stamp.equals(readQuietly(memo))) {
        return path.toAbsolutePath(); // this very binary answered with the pinned version before
      }
      List<String> argv = versionCommand(tool, path.toAbsolutePath());
      ProcessResult result;
      try {
        result = runner.run(ProcessSpec.of(argv, VERSION_TIMEOUT));
      } catch (ToolException e) {
        throw new ToolException(variable + "=" + override + " is not a usable " + tool.name()
            + ": " + e.getMessage() + ". Point " + advice, e);
      }
      if (!result.succeeded()) {
        String output = errorOutput(result);
        throw new ToolException(variable + "=" + override + " is not a usable " + tool.name()
            + ": `" + String.join(" ", argv) + "` exited with " + result.exitCode()
            + (output.isEmpty() ? " and printed nothing." : ":\n" + indent(output))
            + "\nPoint " + advice);
      }
      Optional<String> printed = version(tool, path, result);
      if (printed.isEmpty() || !sameVersion(tool, printed.get())) {
        progress.accept("warning: " + variable + "=" + override + " is "
            + printed.map(v -> tool.name() + " " + v).orElse("of a version it does not print")
            + ", the pin is " + tool.release() + ": its verdicts may differ from CI's");
      } else {
        stamp.ifPresent(s -> verified.put(memo, s));
      }
      return path.toAbsolutePath();
    }

    /**
     * The version the binary reports ({@code kustomize version} prints {@code v5.8.2}, {@code
     * promtool --version} prints {@code version 3.14.0}). A binary built without release flags
     * prints {@code development} or an empty version; then Go's build info in the binary decides.
     */
    Optional<String> installedVersion(Pins.ToolPin tool, Path binary) {
      try {
        ProcessResult result =
            runner.run(ProcessSpec.of(versionCommand(tool, binary), VERSION_TIMEOUT));
        if (result.succeeded()) {
          return version(tool, binary, result);
        }
      } catch (ToolException e) {
        // a binary that hangs or cannot start is rebuilt
      }
      return embeddedVersion(tool, binary);
    }

    Path install(Pins.ToolPin tool, Path target) {
      Optional<Path> go = findOnPath("go", env);
      if (go.isEmpty()) {
        throw new ToolException(tool.name() + " " + tool.release()
            + " is not installed and Go is not available to install it: install Go 1.26 or newer"
            + " (Debian: apt-get install golang-go), or set " + tool.overrideVariable() + " to "
            + tool.name() + " " + tool.release());
      }
      Path tools = target.getParent().getParent();
      Path staging;
      try {
        Files.createDirectories(target.getParent());
        staging = Files.createTempDirectory(tools, "build-" + tool.name() + "-");
      } catch (IOException e) {
        throw new ToolException("cannot create a build folder in " + tools + ": " + e.getMessage(), e);
      }
      try {
        String command;
        Path dir = staging;
        List<String> argv = new ArrayList<>(List.of(go.get().toString()));
        Map<String, String> goEnv = goEnvironment(env);
        if (tool.wrapper().isEmpty()) {
          goEnv.put("GOBIN", staging.toString());
          command = "go install " + tool.coordinates();
          argv.add("install");
        } else {
          Path module = copyWrapper(tool, staging.resolve("module"));
          dir = module;
          goEnv.put("GOWORK", "off");
          if (generates(module)) {
            // generated sources the build needs (e.g. the operator's client), in the copy only
            String generate = "go generate . (wrapper module "
                + root.relativize(tool.wrapper().get()) + ")";
            progress.accept("generating sources for " + tool.name() + " " + tool.release()
                + " (" + generate + ")...");
            ProcessResult generated = withHeartbeat(tool, () -> runner.run(ProcessSpec.of(
                    List.of(go.get().toString(), "generate", "."), INSTALL_TIMEOUT)
                .inDirectory(module).withEnvironment(goEnv)));
            if (!generated.succeeded()) {
              throw new ToolException(failed(generate, generated));
            }
          }
          command = "go build " + tool.pkg() + " (wrapper module " + root.relativize(
              tool.wrapper().get()) + ", " + tool.module() + " " + tool.version() + ")";
          argv.addAll(List.of("build", "-trimpath", "-o", staging.resolve(tool.name()).toString()));
        }
        if (!tool.resolvedLdflags().isEmpty()) {
          argv.add("-ldflags=" + tool.resolvedLdflags());
        }
        argv.add(tool.wrapper().isEmpty() ? tool.coordinates() : tool.pkg());
        ProcessSpec spec =
            ProcessSpec.of(argv, INSTALL_TIMEOUT).inDirectory(dir).withEnvironment(goEnv);
        progress.accept("installing " + tool.name() + " " + tool.release() + " into " + TOOLS_BIN
            + "/ (" + (tool.wrapper().isEmpty() ? "go install" : "go build")
            + (tool.about().isEmpty() ? "" : ", " + tool.about()) + ")...");
        ProcessResult result = withHeartbeat(tool, () -> runner.run(spec));
        if (!result.succeeded()) {
          throw new ToolException(failed(command, result) + "\nInstalling " + tool.name()
              + " " + tool.release() + " needs the Go module proxy to be reachable (check GOPROXY"
              + " and the network) and Go 1.26 or newer; or set " + tool.overrideVariable()
              + " to " + tool.name() + " " + tool.release());
        }
        Path built = staging.resolve(tool.name());
        if (!Files.isRegularFile(built)) {
          throw new ToolException("`" + command + "` succeeded but made no " + built);
        }
        try {
          Files.move(built, target, StandardCopyOption.REPLACE_EXISTING,
              StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
          throw new ToolException("cannot move " + built + " to " + target + ": " + e.getMessage(), e);
        }
        progress.accept("installed " + tool.name() + " " + tool.release() + " in "
            + result.elapsed().toSeconds() + "s");
        stamp(target, identity(tool)).ifPresent(s ->
            verified.put(root.resolve(VERIFIED_DIR).resolve(tool.name()), s));
        return target;
      } finally {
        Folders.deleteQuietly(staging);
      }
    }

    /**
     * Copies the wrapper folder (its go.mod, go.sum and any Go files): Go may edit them, and
     * {@code go generate} writes into the copy, never into the repository.
     */
    Path copyWrapper(Pins.ToolPin tool, Path module) {
      Path wrapper = tool.wrapper().get();
      try (var files = Files.walk(wrapper)) {
        for (Path from : files.sorted().toList()) {
          Path to = module.resolve(wrapper.relativize(from).toString());
          if (Files.isDirectory(from)) {
            Files.createDirectories(to);
          } else if (Files.isRegularFile(from)) {
            Files.copy(from, to);
          }
        }
        return module;
      } catch (IOException e) {
        throw new ToolException("cannot copy the wrapper module " + wrapper + " for "
            + tool.name() + ": " + e.getMessage(), e);
      }
    }

    /** True when a Go file of the wrapper's root has {@code //go:generate} directives. */
    static boolean generates(Path module) {
      try (var files = Files.list(module)) {
        for (Path f : files.filter(f -> f.toString().endsWith(".go")).toList()) {
          if (Files.readString(f).contains("//go:generate ")) {
            return true;
          }
        }
        return false;
      } catch (IOException e) {
        return false;
      }
    }

    /** Runs {@code work}, saying every {@link #HEARTBEAT} that the build is still going. */
    ProcessResult withHeartbeat(Pins.ToolPin tool, Supplier<ProcessResult> work) {
      long start = System.nanoTime();
      ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "toolchain-heartbeat");
        t.setDaemon(true);
        return t;
      });
      timer.scheduleAtFixedRate(() -> progress.accept("still building " + tool.name() + " ("
              + Duration.ofNanos(System.nanoTime() - start).toSeconds() + "s)..."),
          HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
      try {
        return work.get();
      } finally {
        timer.shutdownNow();
      }
    }
  }

  /** What, besides the binary, a remembered verification depends on: the pin of the tool. */
  static String identity(Pins.ToolPin tool) {
    return tool.pkg() + "@" + tool.version() + (tool.ldflags().isEmpty() ? "" : " " + tool.resolvedLdflags());
  }

  /** True when {@code found} ({@code v3.14.0}, {@code v0.314.0}) is the pinned tool. */
  static boolean sameVersion(Pins.ToolPin tool, String found) {
    return found.equals(tool.version()) || found.equals(tool.release());
  }

  /** The binary with the arguments that make it print its version. */
  static List<String> versionCommand(Pins.ToolPin tool, Path binary) {
    return Stream.concat(Stream.of(binary.toString()), tool.probe().stream()).toList();
  }

  /**
   * The version a version command printed when it is the pin; else the one Go's build info
   * records, if any (a go install without release flags prints "development"); else the printed.
   */
  static Optional<String> version(Pins.ToolPin tool, Path binary, ProcessResult result) {
    Optional<String> printed = printedVersion(result.stdout() + "\n" + result.stderr());
    if (printed.isPresent() && sameVersion(tool, printed.get())) {
      return printed;
    }
    Optional<String> embedded = embeddedVersion(tool, binary);
    return embedded.isPresent() ? embedded : printed;
  }

  /** The version a version command printed, with a leading {@code v}. */
  static Optional<String> printedVersion(String output) {
    Matcher v = PRINTED_VERSION.matcher(output);
    if (v.find()) {
      return Optional.of(v.group());
    }
    Matcher said = SAID_VERSION.matcher(output);
    return said.find() ? Optional.of("v" + said.group(1)) : Optional.empty();
  }

  /**
   * The version Go recorded for the tool in the binary's build info: the main module's for a
   * {@code go install}, the required module's for a wrapper build (its main module is the
   * wrapper, version {@code (devel)}).
   */
  static Optional<String> embeddedVersion(Pins.ToolPin tool, Path binary) {
    return tool.wrapper().isEmpty()
        ? embeddedModuleVersion(binary, tool.pkg())
        : buildInfo(binary, tool.pkg()).flatMap(info -> moduleVersion(info, tool.module()));
  }

  /**
   * The Go settings of the user's environment that must reach {@code go} as they are (module
   * cache, proxy, toolchain), plus GOFLAGS with {@code -mod=mod}.
   */
  static Map<String, String> goEnvironment(Map<String, String> env) {
    Map<String, String> goEnv = new LinkedHashMap<>();
    for (String name : List.of("GOPATH", "GOMODCACHE", "GOCACHE", "GOPROXY", "GONOSUMDB",
        "GOPRIVATE", "GOTOOLCHAIN")) {
      String value = env.get(name);
      if (value != null && !value.isBlank()) {
        goEnv.put(name, value);
      }
    }
    goEnv.put("GOFLAGS", goFlags(env));
    return goEnv;
  }

  /** The user's GOFLAGS plus {@code -mod=mod}, so a vendor setting cannot break the install. */
  static String goFlags(Map<String, String> env) {
    Stream<String> kept = Arrays.stream(env.getOrDefault("GOFLAGS", "").strip().split("\\s+"))
        .filter(f -> !f.isEmpty() && !f.startsWith("-mod="));
    return Stream.concat(kept, Stream.of("-mod=mod")).collect(Collectors.joining(" "));
  }

  /** An executable called {@code name} in one of the PATH folders of {@code env}. */
  public static Optional<Path> findOnPath(String name, Map<String, String> env) {
    String path = env.getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isBlank()) {
        continue;
      }
      Path candidate = Path.of(dir).resolve(name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * The version of {@code packagePath}'s main module recorded in a Go binary's build info, which
   * Go stores as text: {@code path\t<package>\nmod\t<module>\t<version>\t<sum>}.
   */
  static Optional<String> embeddedModuleVersion(Path binary, String packagePath) {
    return buildInfo(binary, packagePath).flatMap(info -> info.lines()
        .filter(l -> l.startsWith("mod\t")).findFirst()
        .map(l -> l.split("\t"))
        .filter(f -> f.length >= 3 && f[2].startsWith("v"))
        .map(f -> f[2]));
  }

  /**
   * The version of {@code module} in build info text: its {@code mod} or {@code dep} line, or
   * the {@code =>} line that follows it when the module is replaced by another version.
   */
  static Optional<String> moduleVersion(String info, String module) {
    List<String> lines = info.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String[] f = lines.get(i).split("\t");
      if (f.length >= 3 && (f[0].equals("mod") || f[0].equals("dep")) && f[1].equals(module)) {
        if (i + 1 < lines.size() && lines.get(i + 1).startsWith("=>\t")) {
          String[] r = lines.get(i + 1).split("\t");
          return r.length >= 3 && r[2].startsWith("v") ? Optional.of(r[2]) : Optional.empty();
        }
        return f[2].startsWith("v") ? Optional.of(f[2]) : Optional.empty();
      }
    }
    return Optional.empty();
  }

  /**
   * The build info block of a Go binary built from {@code packagePath}: the text from {@code
   * path\t<package>} to the first line that is not {@code mod}, {@code dep}, {@code =>} or {@code
   * build}. Read in 1 MiB windows, so a 150 MB binary is scanned without being loaded.
   */
  static Optional<String> buildInfo(Path binary, String packagePath) {
    // ISO-8859-1 turns each byte into one char, so the binary is searched as text
    String needle = new String(("path\t" + packagePath + "\n").getBytes(StandardCharsets.UTF_8),
        StandardCharsets.ISO_8859_1);
    int keep = 64 * 1024;
    byte[] window = new byte[1 << 20];
    int carry = 0;
    try (InputStream in = Files.newInputStream(binary)) {
      int read;
      while ((read = in.readNBytes(window, carry, window.length - carry)) > 0) {
        int length = carry + read;
        String text = new String(window, 0, length, StandardCharsets.ISO_8859_1);
        int at = text.indexOf(needle);
        if (at >= 0) {
          String rest = text.substring(at + needle.length());
          if (rest.length() < keep) {
            rest += new String(in.readNBytes(keep - rest.length()), StandardCharsets.ISO_8859_1);
          }
          return Optional.of(Arrays.stream(rest.split("\n", -1))
              .takeWhile(l -> l.startsWith("mod\t") || l.startsWith("dep\t")
                  || l.startsWith("=>\t") || l.startsWith("build\t"))
              .map(l -> l + "\n").collect(Collectors.joining()));
        }
        carry = Math.min(needle.length(), length);
        System.arraycopy(window, length - carry, window, 0, carry);
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** What identifies a verified binary: its real path, size, modification time and version. */
  static Optional<String> stamp(Path binary, String version) {
    return FileIdentity.find(binary).map(id -> id + "\t" + version);
  }

  private static Optional<String> readQuietly(Path file) {
    try {
      return Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static void writeQuietly(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
      Files.writeString(temp, text + "\n", StandardCharsets.UTF_8);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      // a read-only checkout: verify again next time
    }
  }

  /** {@code `command` failed (exit code N):} and the end of what it printed, indented. */
  private static String failed(String command, ProcessResult result) {
    return "`" + command + "` failed (exit code " + result.exitCode() + "):\n"
        + indent(errorOutput(result));
  }

  /** The end of a failed command's stderr, or of its stdout when stderr is empty. */
  static String errorOutput(ProcessResult result) {
    return tail(result.stderr().isBlank() ? result.stdout() : result.stderr());
  }

  static String tail(String text) {
    List<String> lines = text.strip().lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - STDERR_TAIL_LINES), lines.size()));
  }

  private static String indent(String text) {
    return text.isEmpty() ? "  (no output)" : text.lines().map(l -> "  " + l)
        .collect(Collectors.joining("\n"));
  }
}
