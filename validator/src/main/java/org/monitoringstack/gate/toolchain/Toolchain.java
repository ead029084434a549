package org.monitoringstack.gate.toolchain;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.monitoringstack.gate.exec.ProcessResult;
import org.monitoringstack.gate.exec.ProcessRunner;
import org.monitoringstack.gate.exec.ProcessSpec;
import org.monitoringstack.gate.exec.ToolException;

/**
 * The two tools the gate runs, at their pinned versions. {@link #resolve} finds each one in this
 * order: the override variable ({@code KUSTOMIZE_BIN}, {@code KUBECONFORM_BIN}), then {@code
 * .tools/bin/<tool>} if it reports the pinned version, then {@code go install MODULE@VERSION}
 * into {@code .tools/bin/} (both tools concurrently when both are missing). A binary of {@code
 * .tools/bin/} that reported its pinned version is remembered by path, size and modification
 * time under {@code .cache/toolchain/}, so warm runs start no version process.
 */
public record Toolchain(Path kustomize, Path kubeconform, Pins pins) {

  /** Where the pins live, relative to the repository root. */
  public static final String PINS_FILE = "validator/toolchain.properties";

  /** Where {@code go install} puts the tools, relative to the repository root (git-ignored). */
  public static final String TOOLS_BIN = ".tools/bin";

  /**
   * Where a binary of {@code .tools/bin/} that reported its pinned version is remembered (path,
   * size, modification time, version), so that later runs skip asking it: git-ignored.
   */
  static final String VERIFIED_DIR = ".cache/toolchain";

  static final Duration VERSION_TIMEOUT = Duration.ofSeconds(30);
  static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(15);
  private static final int STDERR_TAIL_LINES = 8;
  /** {@code v5.8.2} alone or inside {@code {Version:kustomize/v5.8.2 ...}}. */
  private static final java.util.regex.Pattern PRINTED_VERSION =
      java.util.regex.Pattern.compile("(?<![\\w.])v\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?");

  public Toolchain {
    Objects.requireNonNull(kustomize, "kustomize");
    Objects.requireNonNull(kubeconform, "kubeconform");
    Objects.requireNonNull(pins, "pins");
  }

  /** One tool: its name, override variable, version command, and pinned module and version. */
  record Tool(String name, String overrideVariable, List<String> versionArgs, String module,
      String version) {

    String coordinates() {
      return module + "@" + version;
    }
  }

  /**
   * Reads {@code validator/toolchain.properties} under {@code repoRoot} and finds or installs both
   * tools. {@code env} is the user's environment (PATH, the override variables, GOFLAGS); {@code
   * progress} receives one-line notes such as "installing kustomize v5.8.2 ...".
   */
  public static Toolchain resolve(
      Path repoRoot, Map<String, String> env, ProcessRunner runner, Consumer<String> progress) {
    Objects.requireNonNull(repoRoot, "repoRoot");
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(runner, "runner");
    Objects.requireNonNull(progress, "progress");
    Path root = repoRoot.toAbsolutePath().normalize();
    Pins pins = Pins.load(root.resolve(PINS_FILE));
    Tool kustomize = new Tool("kustomize", "KUSTOMIZE_BIN", List.of("version"),
        pins.kustomizeModule(), pins.kustomizeVersion());
    Tool kubeconform = new Tool("kubeconform", "KUBECONFORM_BIN", List.of("-v"),
        pins.kubeconformModule(), pins.kubeconformVersion());
    Resolver resolver = new Resolver(root, env, runner, progress,
        new java.util.concurrent.ConcurrentHashMap<>());

    ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "toolchain-resolve");
      t.setDaemon(true);
      return t;
    });
    try {
      CompletableFuture<Path> kustomizePath =
          CompletableFuture.supplyAsync(() -> resolver.find(kustomize), pool);
      CompletableFuture<Path> kubeconformPath =
          CompletableFuture.supplyAsync(() -> resolver.find(kubeconform), pool);
      Toolchain toolchain = new Toolchain(join(kustomizePath), join(kubeconformPath), pins);
      // remembered only when both resolved: a failed resolve leaves no thread writing files
      resolver.verified().forEach(Toolchain::writeQuietly);
      return toolchain;
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

  /** The lookup for one tool; stateless apart from its inputs, so both tools run concurrently. */
  private record Resolver(Path root, Map<String, String> env, ProcessRunner runner,
      Consumer<String> progress, Map<Path, String> verified) {

    Path find(Tool tool) {
      String override = env.get(tool.overrideVariable());
      if (override != null && !override.isBlank()) {
        Path path = Path.of(override.strip());
        if (!Files.isRegularFile(path)) {
          throw new ToolException(tool.overrideVariable() + "=" + override + " does not exist: point "
              + tool.overrideVariable() + " at a " + tool.name() + " " + tool.version()
              + " binary, or unset it to let the validator install one into " + TOOLS_BIN + "/");
        }
        if (!Files.isExecutable(path)) {
          throw new ToolException(tool.overrideVariable() + "=" + override + " is not executable (chmod +x "
              + override + ")");
        }
        return path.toAbsolutePath();
      }
      Path installed = root.resolve(TOOLS_BIN).resolve(tool.name());
      if (Files.isRegularFile(installed) && Files.isExecutable(installed)) {
        Path memo = root.resolve(VERIFIED_DIR).resolve(tool.name());
        Optional<String> stamp = stamp(installed, tool.version());
        if (stamp.isPresent() && stamp.equals(readQuietly(memo))) {
          return installed; // this very binary reported the pinned version before
        }
        Optional<String> found = installedVersion(tool, installed);
        if (found.isPresent() && found.get().equals(tool.version())) {
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
     * The version the binary reports ({@code kustomize version} prints {@code v5.8.2}). A binary
     * built by {@code go install} without release flags prints {@code development} or nothing
     * useful; then the module version Go embedded in the binary's build info decides.
     */
    Optional<String> installedVersion(Tool tool, Path binary) {
      List<String> argv = new ArrayList<>();
      argv.add(binary.toString());
      argv.addAll(tool.versionArgs());
      ProcessResult result;
      try {
        result = runner.run(ProcessSpec.of(argv, VERSION_TIMEOUT));
      } catch (ToolException e) {
        return Optional.empty();
      }
      if (result.succeeded()) {
        java.util.regex.Matcher version = PRINTED_VERSION.matcher(result.stdout() + "\n" + result.stderr());
        if (version.find()) {
          return Optional.of(version.group());
        }
      }
      return embeddedModuleVersion(binary, tool.module());
    }

    Path install(Tool tool, Path target) {
      Optional<Path> go = findOnPath("go", env);
      if (go.isEmpty()) {
        throw new ToolException(tool.name() + " " + tool.version()
            + " is not installed and Go is not available to install it: install Go 1.26 or newer"
            + " (Debian: apt-get install golang-go), or set " + tool.overrideVariable() + " to a "
            + tool.name() + " " + tool.version() + " binary");
      }
      Path bin = target.getParent();
      try {
        Files.createDirectories(bin);
      } catch (IOException e) {
        throw new ToolException("cannot create " + bin + ": " + e.getMessage(), e);
      }
      progress.accept("installing " + tool.name() + " " + tool.version() + " into " + TOOLS_BIN
          + "/ with go install (first run only)");
      Map<String, String> goEnv = goEnvironment(env);
      goEnv.put("GOBIN", bin.toString());
      ProcessSpec spec = ProcessSpec.of(
              List.of(go.get().toString(), "install", tool.coordinates()), INSTALL_TIMEOUT)
          .inDirectory(bin)
          .withEnvironment(goEnv);
      ProcessResult result = runner.run(spec);
      String command = "go install " + tool.coordinates();
      if (!result.succeeded()) {
        throw new ToolException("`" + command + "` failed (exit code " + result.exitCode() + "):\n"
            + indent(tail(result.stderr().isBlank() ? result.stdout() : result.stderr()))
            + "\nInstalling " + tool.name() + " " + tool.version()
            + " needs the Go module proxy to be reachable (check GOPROXY and the network) and Go"
            + " 1.26 or newer; or set " + tool.overrideVariable() + " to a " + tool.name() + " "
            + tool.version() + " binary");
      }
      if (!Files.isRegularFile(target)) {
        throw new ToolException("`" + command + "` succeeded but " + target + " does not exist");
      }
      progress.accept("installed " + tool.name() + " " + tool.version() + " in "
          + result.elapsed().toSeconds() + "s");
      return target;
    }
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
    String flags = env.getOrDefault("GOFLAGS", "").strip();
    List<String> kept = Arrays.stream(flags.split("\\s+"))
        .filter(f -> !f.isEmpty() && !f.startsWith("-mod="))
        .collect(java.util.stream.Collectors.toCollection(ArrayList::new));
    kept.add("-mod=mod");
    return String.join(" ", kept);
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
    byte[] needle = ("path\t" + packagePath + "\nmod\t").getBytes(StandardCharsets.UTF_8);
    byte[] window = new byte[1 << 20];
    int carry = 0;
    try (InputStream in = Files.newInputStream(binary)) {
      int read;
      while ((read = in.readNBytes(window, carry, window.length - carry)) > 0) {
        int length = carry + read;
        int at = indexOf(window, length, needle);
        if (at >= 0) {
          int start = at + needle.length;
          // need the rest of the mod line; read more if it crosses the window end
          int end = start;
          while (end < length && window[end] != '\n') {
            end++;
          }
          if (end == length && length == window.length) {
            byte[] rest = in.readNBytes(512);
            byte[] joined = Arrays.copyOf(Arrays.copyOfRange(window, start, length),
                length - start + rest.length);
            System.arraycopy(rest, 0, joined, length - start, rest.length);
            return modLineVersion(new String(joined, StandardCharsets.UTF_8));
          }
          return modLineVersion(new String(window, start, end - start, StandardCharsets.UTF_8));
        }
        carry = Math.min(needle.length + 256, length);
        System.arraycopy(window, length - carry, window, 0, carry);
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** What identifies a verified binary: its real path, size, modification time and version. */
  static Optional<String> stamp(Path binary, String version) {
    try {
      Path real = binary.toRealPath();
      return Optional.of(real + "\t" + Files.size(real) + "\t"
          + Files.getLastModifiedTime(real).toMillis() + "\t" + version);
    } catch (IOException e) {
      return Optional.empty();
    }
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
      Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      // a read-only checkout: verify again next time
    }
  }

  private static Optional<String> modLineVersion(String line) {
    String[] fields = line.split("[\t\n]");
    return fields.length >= 2 && fields[1].startsWith("v") ? Optional.of(fields[1]) : Optional.empty();
  }

  private static int indexOf(byte[] haystack, int length, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  static String tail(String text) {
    List<String> lines = text.strip().lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - STDERR_TAIL_LINES), lines.size()));
  }

  private static String indent(String text) {
    return text.isEmpty() ? "  (no output)" : text.lines().map(l -> "  " + l)
        .collect(java.util.stream.Collectors.joining("\n"));
  }
}
