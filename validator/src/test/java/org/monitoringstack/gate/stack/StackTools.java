package org.monitoringstack.gate.stack;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.monitoringstack.gate.exec.ProcessResult;
import org.monitoringstack.gate.exec.ProcessSpec;
import org.monitoringstack.gate.exec.SystemProcessRunner;
import org.monitoringstack.gate.toolchain.TestToolchain;
import org.monitoringstack.gate.yaml.SafeYaml;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

/**
 * What the stack tests share: the repository root, the external tools they run (promtool,
 * amtool, kustomize, at their pinned versions) and a safe YAML loader. A tool that cannot be had
 * fails the test with the toolchain's message; it never skips.
 */
final class StackTools {

  static final Duration TIMEOUT = Duration.ofSeconds(120);

  /** An external program the tests need, by its name in validator/toolchain.properties. */
  enum Tool {
    PROMTOOL("promtool"),
    AMTOOL("amtool"),
    KUSTOMIZE("kustomize");

    final String program;

    Tool(String program) {
      this.program = program;
    }
  }

  private StackTools() {}

  /** The repository root: the folder that holds {@code validator/pom.xml}, found upwards from here. */
  static Path repoRoot() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("validator").resolve("pom.xml"))) {
        return p;
      }
    }
    throw new IllegalStateException("no repository root (a folder with validator/pom.xml) above " + dir);
  }

  /**
   * The tool's executable at its pinned version, resolved as the gate resolves it (the {@code
   * <TOOL>_BIN} override, then {@code .tools/bin/}, then a build), never from PATH.
   */
  static Path require(Tool tool) {
    return TestToolchain.tool(tool.program);
  }

  static ProcessResult run(Tool tool, Path workingDir, String... args) {
    List<String> command = new ArrayList<>();
    command.add(require(tool).toString());
    command.addAll(List.of(args));
    return new SystemProcessRunner().run(ProcessSpec.of(command, TIMEOUT).inDirectory(workingDir));
  }

  /** The message to show when a tool's exit code is not the expected one. */
  static String explain(ProcessResult result) {
    return "`" + String.join(" ", result.command()) + "` exited " + result.exitCode()
        + "\n--- stdout ---\n" + result.stdout() + "\n--- stderr ---\n" + result.stderr();
  }

  /** Reads through the validator's safe loader; writes block style. */
  static Yaml yaml() {
    DumperOptions dump = new DumperOptions();
    dump.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    dump.setWidth(200);
    LoaderOptions options = SafeYaml.options();
    return new Yaml(new SafeConstructor(options), new Representer(dump), dump, options);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> loadMap(Path file) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      Object doc = yaml().load(reader);
      if (!(doc instanceof Map)) {
        return fail(file + ": expected one YAML mapping, found " + (doc == null ? "nothing" : doc.getClass().getSimpleName()));
      }
      return (Map<String, Object>) doc;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every YAML document of a multi-document stream (e.g. kustomize output), nulls dropped. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> loadAll(String text) {
    List<Map<String, Object>> docs = new ArrayList<>();
    for (Object doc : yaml().loadAll(text)) {
      if (doc instanceof Map) {
        docs.add((Map<String, Object>) doc);
      }
    }
    return docs;
  }

  static void write(Path file, Object data) {
    try {
      Files.writeString(file, yaml().dump(data), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Path> list(Path dir, String glob) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileSystem().getPathMatcher("glob:" + glob).matches(p.getFileName()))
          .sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return o instanceof Map ? (Map<String, Object>) o : Map.of();
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object o) {
    return o instanceof List ? (List<Object>) o : List.of();
  }
}
