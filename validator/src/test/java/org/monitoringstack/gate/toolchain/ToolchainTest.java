package org.monitoringstack.gate.toolchain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.monitoringstack.gate.exec.ProcessResult;
import org.monitoringstack.gate.exec.ProcessRunner;
import org.monitoringstack.gate.exec.ProcessSpec;
import org.monitoringstack.gate.exec.ToolException;

class ToolchainTest {

  static final String KUSTOMIZE_INSTALL = "sigs.k8s.io/kustomize/kustomize/v5@v5.8.2";
  static final String KUBECONFORM_INSTALL = "github.com/yannh/kubeconform/cmd/kubeconform@v0.7.0";

  @TempDir Path root;
  @TempDir Path goHome;
  Path bin;
  Path go;
  final List<String> progress = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void setUp() throws IOException {
    Files.createDirectories(root.resolve("validator"));
    Files.copy(PinsTest.FIXTURES.resolve("complete.properties"),
        root.resolve("validator/toolchain.properties"));
    bin = root.resolve(".tools/bin");
    go = executable(goHome.resolve("go"), "#!/bin/sh\n");
  }

  /** A runner that answers from {@code reply} and remembers every spec it got. */
  static final class StubRunner implements ProcessRunner {
    final List<ProcessSpec> specs = Collections.synchronizedList(new ArrayList<>());
    final Function<ProcessSpec, ProcessResult> reply;

    StubRunner(Function<ProcessSpec, ProcessResult> reply) {
      this.reply = reply;
    }

    @Override
    public ProcessResult run(ProcessSpec spec) {
      specs.add(spec);
      return reply.apply(spec);
    }

    List<List<String>> argvs() {
      synchronized (specs) {
        return specs.stream().map(ProcessSpec::command).toList();
      }
    }
  }

  static ProcessResult result(ProcessSpec spec, int exit, String stdout, String stderr) {
    return new ProcessResult(spec.command(), exit, stdout, stderr, Duration.ofMillis(5));
  }

  static Path executable(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  /** Answers version commands with the given outputs and "installs" by creating the binary. */
  StubRunner versionsAndInstalls(String kustomizeVersion, String kubeconformVersion) {
    return new StubRunner(spec -> {
      List<String> argv = spec.command();
      if (argv.get(0).equals(go.toString())) {
        String tool = argv.get(2).equals(KUSTOMIZE_INSTALL) ? "kustomize" : "kubeconform";
        try {
          executable(Path.of(spec.environment().get("GOBIN")).resolve(tool), "#!/bin/sh\n");
        } catch (IOException e) {
          throw new AssertionError(e);
        }
        return result(spec, 0, "", "");
      }
      if (argv.equals(List.of(bin.resolve("kustomize").toString(), "version"))) {
        return result(spec, 0, kustomizeVersion + "\n", "");
      }
      if (argv.equals(List.of(bin.resolve("kubeconform").toString(), "-v"))) {
        return result(spec, 0, kubeconformVersion + "\n", "");
      }
      throw new AssertionError("unexpected command " + argv);
    });
  }

  Map<String, String> envWithGo() {
    return Map.of("PATH", goHome.toString(), "GOFLAGS", "-buildvcs=false -mod=vendor",
        "GOMODCACHE", "/home/dev/go/pkg/mod", "HOME", "/home/dev");
  }

  @Test
  void uses_override_without_running_anything_when_env_vars_are_set() throws IOException {
    Path kustomize = executable(root.resolve("elsewhere/kustomize"), "#!/bin/sh\n");
    Path kubeconform = executable(root.resolve("elsewhere/kubeconform"), "#!/bin/sh\n");
    StubRunner runner = new StubRunner(spec -> {
      throw new AssertionError("nothing should run, ran " + spec.command());
    });

    Toolchain toolchain = Toolchain.resolve(root, Map.of("KUSTOMIZE_BIN", kustomize.toString(),
        "KUBECONFORM_BIN", kubeconform.toString()), runner, progress::add);

    assertEquals(kustomize, toolchain.kustomize());
    assertEquals(kubeconform, toolchain.kubeconform());
    assertEquals("v5.8.2", toolchain.pins().kustomizeVersion());
  }

  @Test
  void fails_clearly_when_override_does_not_exist() {
    StubRunner runner = versionsAndInstalls("v5.8.2", "v0.7.0");
    Path missing = root.resolve("nope/kustomize");

    ToolException e = assertThrows(ToolException.class, () -> Toolchain.resolve(root,
        Map.of("KUSTOMIZE_BIN", missing.toString()), runner, progress::add));

    assertEquals("KUSTOMIZE_BIN=" + missing + " does not exist: point KUSTOMIZE_BIN at a kustomize"
        + " v5.8.2 binary, or unset it to let the validator install one into .tools/bin/",
        e.getMessage());
  }

  @Test
  void fails_clearly_when_override_is_not_executable() throws IOException {
    Path plain = root.resolve("kubeconform.txt");
    Files.writeString(plain, "not a program");
    StubRunner runner = versionsAndInstalls("v5.8.2", "v0.7.0");

    Path kustomize = executable(root.resolve("elsewhere/kustomize"), "#!/bin/sh\n");

    ToolException e = assertThrows(ToolException.class, () -> Toolchain.resolve(root,
        Map.of("KUBECONFORM_BIN", plain.toString(), "KUSTOMIZE_BIN", kustomize.toString()),
        runner, progress::add));

    assertEquals("KUBECONFORM_BIN=" + plain + " is not executable (chmod +x " + plain + ")",
        e.getMessage());
  }

  @Test
  void uses_tools_bin_when_its_versions_match_the_pins() throws IOException {
    executable(bin.resolve("kustomize"), "#!/bin/sh\n");
    executable(bin.resolve("kubeconform"), "#!/bin/sh\n");
    StubRunner runner = versionsAndInstalls("v5.8.2", "v0.7.0");

    Toolchain toolchain = Toolchain.resolve(root, envWithGo(), runner, progress::add);

    assertEquals(bin.resolve("kustomize"), toolchain.kustomize());
    assertEquals(bin.resolve("kubeconform"), toolchain.kubeconform());
    assertEquals(
        List.of(List.of(bin.resolve("kubeconform").toString(), "-v"),
            List.of(bin.resolve("kustomize").toString(), "version")),
        runner.argvs().stream().sorted((a, b) -> a.get(0).compareTo(b.get(0))).toList());
    assertEquals(List.of(), progress);
  }

  @Test
  void skips_the_version_check_when_the_same_binary_reported_the_pin_before() throws IOException {
    executable(bin.resolve("kustomize"), "#!/bin/sh\n");
    executable(bin.resolve("kubeconform"), "#!/bin/sh\n");
    StubRunner runner = versionsAndInstalls("v5.8.2", "v0.7.0");

    Toolchain.resolve(root, envWithGo(), runner, progress::add);
    Toolchain second = Toolchain.resolve(root, envWithGo(), runner, progress::add);
    assertEquals(2, runner.specs.size(), runner.argvs().toString());
    assertEquals(bin.resolve("kustomize"), second.kustomize());

    // another binary at the same path (here: other content and size) is asked again
    executable(bin.resolve("kustomize"), "#!/bin/sh\n# rebuilt\n");
    Toolchain.resolve(root, envWithGo(), runner, progress::add);
    assertEquals(List.of(bin.resolve("kustomize").toString(), "version"),
        runner.argvs().get(2));
    assertEquals(3, runner.specs.size(), runner.argvs().toString());
  }

  @Test
  void asks_again_when_the_remembered_version_is_not_the_pin() throws IOException {
    executable(bin.resolve("kustomize"), "#!/bin/sh\n");
    executable(bin.resolve("kubeconform"), "#!/bin/sh\n");
    Files.createDirectories(root.resolve(".cache/toolchain"));
    Files.writeString(root.resolve(".cache/toolchain/kustomize"),
        Toolchain.stamp(bin.resolve("kustomize"), "v5.7.0").orElseThrow());
    StubRunner runner = versionsAndInstalls("v5.8.2", "v0.7.0");

    Toolchain.resolve(root, envWithGo(), runner, progress::add);

    assertEquals(2, runner.specs.size(), runner.argvs().toString());
  }

  @Test
  void reads_build_info_when_binary_prints_development_instead_of_a_version() throws IOException {
    executable(bin.resolve("kustomize"), "#!/bin/sh\n");
    executable(bin.resolve("kubeconform"), "#!/bin/sh\n# build info\n"
        + "path\tgithub.com/yannh/kubeconform/cmd/kubeconform\n"
        + "mod\tgithub.com/yannh/kubeconform\tv0.7.0\th1:abc=\n");
    StubRunner runner = versionsAndInstalls("v5.8.2", "development");

    Toolchain toolchain = Toolchain.resolve(root, envWithGo(), runner, progress::add);

    assertEquals(bin.resolve("kubeconform"), toolchain.kubeconform());
    assertTrue(runner.argvs().stream().noneMatch(a -> a.get(0).equals(go.toString())),
        runner.argvs().toString());
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"v5.8.2",
      "{Version:kustomize/v5.8.2 GitCommit:abc BuildDate:2026-01-01T00:00:00Z}"})
  void accepts_tools_bin_when_version_output_contains_the_pin(String printed) throws IOException {
    executable(bin.resolve("kustomize"), "#!/bin/sh\n");
    executable(bin.resolve("kubeconform"), "#!/bin/sh\n");
    StubRunner runner = versionsAndInstalls(printed, "v0.7.0");

    Toolchain toolchain = Toolchain.resolve(root, envWithGo(), runner, progress::add);

    assertEquals(bin.resolve("kustomize"), toolchain.kustomize());
    assertEquals(2, runner.specs.size(), runner.argvs().toString());
  }

  @Test
  void installs_with_go_install_when_tools_bin_has_another_version() throws IOException {
    executable(bin.resolve("kustomize"), "#!/bin/sh\n");
    executable(bin.resolve("kubeconform"), "#!/bin/sh\n");
    StubRunner runner = versionsAndInstalls("v5.7.1", "v0.7.0");

    Toolchain toolchain = Toolchain.resolve(root, envWithGo(), runner, progress::add);

    assertEquals(bin.resolve("kustomize"), toolchain.kustomize());
    List<ProcessSpec> installs = runner.specs.stream()
        .filter(s -> s.command().get(0).equals(go.toString())).toList();
    assertEquals(1, installs.size());
    ProcessSpec install = installs.get(0);
    assertEquals(List.of(go.toString(), "install", KUSTOMIZE_INSTALL), install.command());
    assertEquals(Map.of("GOBIN", bin.toString(), "GOFLAGS", "-buildvcs=false -mod=mod",
        "GOMODCACHE", "/home/dev/go/pkg/mod"), install.environment());
    assertTrue(progress.contains(
        "kustomize in .tools/bin/ is v5.7.1, the pin is v5.8.2: reinstalling"), progress.toString());
    assertTrue(progress.contains(
        "installing kustomize v5.8.2 into .tools/bin/ with go install (first run only)"),
        progress.toString());
  }

  @Test
  void installs_both_tools_concurrently_when_both_are_missing() {
    CountDownLatch bothStarted = new CountDownLatch(2);
    StubRunner installs = versionsAndInstalls("v5.8.2", "v0.7.0");
    StubRunner runner = new StubRunner(spec -> {
      bothStarted.countDown();
      try {
        if (!bothStarted.await(10, TimeUnit.SECONDS)) {
          throw new AssertionError("the two installs did not run at the same time");
        }
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
      return installs.run(spec);
    });

    Toolchain toolchain = Toolchain.resolve(root, envWithGo(), runner, progress::add);

    assertEquals(bin.resolve("kustomize"), toolchain.kustomize());
    assertEquals(bin.resolve("kubeconform"), toolchain.kubeconform());
    assertEquals(
        List.of(List.of(go.toString(), "install", KUBECONFORM_INSTALL),
            List.of(go.toString(), "install", KUSTOMIZE_INSTALL)),
        runner.argvs().stream().sorted((a, b) -> a.get(2).compareTo(b.get(2))).toList());
  }

  @Test
  void explains_how_to_get_go_when_a_tool_is_missing_and_go_is_not_on_path() throws IOException {
    executable(bin.resolve("kubeconform"), "#!/bin/sh\n");
    StubRunner runner = versionsAndInstalls("v5.8.2", "v0.7.0");

    ToolException e = assertThrows(ToolException.class, () -> Toolchain.resolve(root,
        Map.of("PATH", root.resolve("empty").toString()), runner, progress::add));

    assertEquals("kustomize v5.8.2 is not installed and Go is not available to install it:"
        + " install Go 1.26 or newer (Debian: apt-get install golang-go), or set KUSTOMIZE_BIN to"
        + " a kustomize v5.8.2 binary", e.getMessage());
  }

  @Test
  void quotes_command_and_stderr_tail_when_go_install_fails() throws IOException {
    executable(bin.resolve("kustomize"), "#!/bin/sh\n");
    StubRunner runner = new StubRunner(spec -> {
      if (spec.command().get(0).equals(go.toString())) {
        return result(spec, 1, "", "go: downloading github.com/yannh/kubeconform v0.7.0\n"
            + "go: github.com/yannh/kubeconform/cmd/kubeconform@v0.7.0: dial tcp: lookup proxy:"
            + " no such host\n");
      }
      return result(spec, 0, "v5.8.2\n", "");
    });

    ToolException e = assertThrows(ToolException.class,
        () -> Toolchain.resolve(root, envWithGo(), runner, progress::add));

    assertEquals("`go install " + KUBECONFORM_INSTALL + "` failed (exit code 1):\n"
        + "  go: downloading github.com/yannh/kubeconform v0.7.0\n"
        + "  go: github.com/yannh/kubeconform/cmd/kubeconform@v0.7.0: dial tcp: lookup proxy: no"
        + " such host\n"
        + "Installing kubeconform v0.7.0 needs the Go module proxy to be reachable (check GOPROXY"
        + " and the network) and Go 1.26 or newer; or set KUBECONFORM_BIN to a kubeconform v0.7.0"
        + " binary",
        e.getMessage());
  }

  @Test
  void finds_module_version_in_go_build_info_across_read_windows() throws IOException {
    byte[] padding = new byte[(1 << 20) - 20];
    byte[] info = ("path\tsigs.k8s.io/kustomize/kustomize/v5\nmod\tsigs.k8s.io/kustomize/kustomize/v5"
        + "\tv5.8.2\th1:x=\n").getBytes(StandardCharsets.UTF_8);
    Path binary = root.resolve("fake-binary");
    Files.write(binary, padding);
    Files.write(binary, info, java.nio.file.StandardOpenOption.APPEND);

    assertEquals(java.util.Optional.of("v5.8.2"),
        Toolchain.embeddedModuleVersion(binary, "sigs.k8s.io/kustomize/kustomize/v5"));
    assertEquals(java.util.Optional.empty(),
        Toolchain.embeddedModuleVersion(binary, "github.com/yannh/kubeconform/cmd/kubeconform"));
  }
}
