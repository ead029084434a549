package org.monitoringstack.gate.toolchain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.monitoringstack.gate.exec.ProcessResult;
import org.monitoringstack.gate.exec.ProcessRunner;
import org.monitoringstack.gate.exec.ProcessSpec;
import org.monitoringstack.gate.exec.ToolException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fetches a pinned Go module into the Go module cache with {@code go mod download -json
 * MODULE@VERSION} and returns its extracted folder (the JSON's {@code Dir}). Offline once the
 * module is in the cache. Results are remembered per instance.
 */
public class ModuleFetcher {

  static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(10);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final ProcessRunner runner;
  private final Map<String, String> env;
  private final Map<String, Path> fetched = new ConcurrentHashMap<>();

  /** Uses the JVM's environment to find {@code go}. */
  public ModuleFetcher(ProcessRunner runner) {
    this(runner, System.getenv());
  }

  /** {@code env} supplies PATH (to find {@code go}) and GOFLAGS. */
  public ModuleFetcher(ProcessRunner runner, Map<String, String> env) {
    this.runner = Objects.requireNonNull(runner, "runner");
    this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
  }

  /** The folder holding {@code module@version}'s files (read-only, in the Go module cache). */
  public Path download(String module, String version) {
    return fetched.computeIfAbsent(module + "@" + version, this::fetch);
  }

  private Path fetch(String coordinates) {
    Optional<Path> go = Toolchain.findOnPath("go", env);
    if (go.isEmpty()) {
      throw new ToolException("Go is not available to download " + coordinates
          + " (the offline schema catalog is generated from it): install Go 1.26 or newer"
          + " (Debian: apt-get install golang-go)");
    }
    String command = "go mod download -json " + coordinates;
    Path scratch;
    try {
      scratch = Files.createTempDirectory("gitops-validate-modfetch-");
    } catch (IOException e) {
      throw new ToolException("cannot create a temporary folder for `" + command + "`: " + e.getMessage(), e);
    }
    try {
      ProcessResult result = runner.run(
          ProcessSpec.of(List.of(go.get().toString(), "mod", "download", "-json", coordinates),
                  DOWNLOAD_TIMEOUT)
              .inDirectory(scratch)
              .withEnvironment(Toolchain.goEnvironment(env)));
      JsonNode json;
      try {
        json = JSON.readTree(result.stdout());
      } catch (JacksonException e) {
        json = null;
      }
      String proxy = "\nThe Go module proxy must be reachable to fetch " + coordinates
          + " the first time (afterwards it is read from the Go module cache)";
      if (json == null || !json.isObject()) {
        throw new ToolException("`" + command + "` failed (exit code " + result.exitCode() + "):\n"
            + Toolchain.errorOutput(result) + proxy);
      }
      JsonNode error = json.get("Error");
      if (error != null && !error.asString().isBlank()) {
        throw new ToolException("`" + command + "` failed: " + error.asString() + proxy);
      }
      JsonNode dir = json.get("Dir");
      if (dir == null || dir.asString().isBlank()) {
        throw new ToolException("`" + command + "` printed no \"Dir\" (exit code "
            + result.exitCode() + "): " + Toolchain.tail(result.stdout()));
      }
      Path path = Path.of(dir.asString());
      if (!Files.isDirectory(path)) {
        throw new ToolException("`" + command + "` reported Dir " + path + ", which does not exist");
      }
      return path;
    } finally {
      try {
        Files.deleteIfExists(scratch);
      } catch (IOException e) {
        // an empty temporary folder left behind is harmless
      }
    }
  }
}
