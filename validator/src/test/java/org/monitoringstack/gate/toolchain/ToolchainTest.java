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

  /** The two tools of the fixture's pins that these tests resolve. */
  static final List<String> TWO = List.of("kustomize", "kubeconform");

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
    Files.createDirectories(root.resolve("validator/wrapper"));
    Files.copy(PinsTest.FIXTURES.resolve("wrapper/go.mod"), root.resolve("validator/wrapper/go.mod"));
    Files.copy(PinsTest.FIXTURES.resolve("wrapper/go.sum"), root.resolve("validator/wrapper/go.sum"));
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
      if (argv.size() == 2 && argv.get(1).equals("version")) {
        return result(spec, 0, kustomizeVersion + "\n", "");
      }
      if (argv.size() == 2 && argv.get(1).equals("-v")) {
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
  void uses_override_after_asking_its_version_when_env_vars_are_set() throws IOException {
    Path kustomize = executable(root.resolve("elsewhere/kustomize"), "#!/bin/sh\n");
    Path kubeconform = executable(root.resolve("elsewhere/kubeconform"), "#!/bin/sh\n");
    StubRunner runner = versionsAndInstalls("v5.8.2", "v0.7.0");

    Toolchain toolchain = Toolchain.resolve(root, Map.of("KUSTOMIZE_BIN", kustomize.toString(),
        "KUBECONFORM_BIN", kubeconform.toString()), runner, progress::add, TWO);

    assertEquals(kustomize, toolchain.kustomize());
    assertEquals(kubeconform, toolchain.kubeconform());
    assertEquals("v5.8.2", toolchain.pins().tool("kustomize").version());
    assertEquals(List.of(List.of(kubeconform.toString(), "-v"),
        List.of(kustomize.toString(), "version")),
        runner.argvs().stream().sorted((a, b) -> a.get(0).compareTo(b.get(0))).toList());
    assertEquals(List.of(), progress);
  }

  @Test
  void fails_clearly_when_override_does_not_exist() {
    StubRunner runner = versionsAndInstalls("v5.8.2", "v0.7.0");
    Path missing = root.resolve("nope/kustomize");

    ToolException e = assertThrows(ToolException.class, () -> Toolchain.resolve(root,
        Map.of("KUSTOMIZE_BIN", missing.toString()), runner, progress::add, TWO));

    assertEquals("KUSTOMIZE_BIN=" + missing + " does not exist: point KUSTOMIZE_BIN at kustomize"
        + " v5.8.2, or unset it to let the validator install one into .tools/bin/",
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
        runner, progress::add, TWO));

    assertEquals("KUBECONFORM_BIN=" + plain + " is not executable (chmod +x " + plain + ")",
        e.getMessage());
  }

  @Test
  void uses_tools_bin_when_its_versions_match_the_pins() throws IOException {
    executable(bin.resolve("kustomize"), "#!/bin/sh\n");
    executable(bin.resolve("kubeconform"), "#!/bin/sh\n");
    StubRunner runner = versionsAndInstalls("v5.8.2", "v0.7.0");

    Toolchain toolchain = Toolchain.resolve(root, envWithGo(), runner, progress::add, TWO);

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

    Toolchain.resolve(root, envWithGo(), runner, progress::add, TWO);
    Toolchain second = Toolchain.resolve(root, envWithGo(), runner, progress::add, TWO);
    assertEquals(2, runner.specs.size(), runner.argvs().toString());
    assertEquals(bin.resolve("kustomize"), second.kustomize());

    // another binary at the same path (here: other content and size) is asked again
    executable(bin.resolve("kustomize"), "#!/bin/sh\n# rebuilt\n");
    Toolchain.resolve(root, envWithGo(), runner, progress::add, TWO);
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

    Toolchain.resolve(root, envWithGo(), runner, progress::add, TWO);

    assertEquals(2, runner.specs.size(), runner.argvs().toString());
  }

  @Test
  void reads_build_info_when_binary_prints_development_instead_of_a_version() throws IOException {
    executable(bin.resolve("kustomize"), "#!/bin/sh\n");
    executable(bin.resolve("kubeconform"), "#!/bin/sh\n# build info\n"
        + "path\tgithub.com/yannh/kubeconform/cmd/kubeconform\n"
        + "mod\tgithub.com/yannh/kubeconform\tv0.7.0\th1:abc=\n");
    StubRunner runner = versionsAndInstalls("v5.8.2", "development");

    Toolchain toolchain = Toolchain.resolve(root, envWithGo(), runner, progress::add, TWO);

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

    Toolchain toolchain = Toolchain.resolve(root, envWithGo(), runner, progress::add, TWO);

    assertEquals(bin.resolve("kustomize"), toolchain.kustomize());
    assertEquals(2, runner.specs.size(), runner.argvs().toString());
  }

  @Test
  void installs_with_go_install_when_tools_bin_has_another_version() throws IOException {
    executable(bin.resolve("kustomize"), "#!/bin/sh\n");
    executable(bin.resolve("kubeconform"), "#!/bin/sh\n");
    StubRunner runner = versionsAndInstalls("v5.7.1", "v0.7.0");

    Toolchain toolchain = Toolchain.resolve(root, envWithGo(), runner, progress::add, TWO);

    assertEquals(bin.resolve("kustomize"), toolchain.kustomize());
    List<ProcessSpec> installs = runner.specs.stream()
        .filter(s -> s.command().get(0).equals(go.toString())).toList();
    assertEquals(1, installs.size());
    ProcessSpec install = installs.get(0);
    assertEquals(List.of(go.toString(), "install", KUSTOMIZE_INSTALL), install.command());
    Path gobin = Path.of(install.environment().get("GOBIN"));
    assertEquals(root.resolve(".tools"), gobin.getParent());
    assertTrue(gobin.getFileName().toString().startsWith("build-kustomize-"), gobin.toString());
    assertEquals(Map.of("GOBIN", gobin.toString(), "GOFLAGS", "-buildvcs=false -mod=mod",
        "GOMODCACHE", "/home/dev/go/pkg/mod"), install.environment());
    assertTrue(Files.notExists(gobin), "the staging folder is removed after the install");
    assertTrue(progress.contains(
        "kustomize in .tools/bin/ is v5.7.1, the pin is v5.8.2: reinstalling"), progress.toString());
    assertTrue(progress.contains(
        "installing kustomize v5.8.2 into .tools/bin/ (go install)..."),
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

    Toolchain toolchain = Toolchain.resolve(root, envWithGo(), runner, progress::add, TWO);

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
        Map.of("PATH", root.resolve("empty").toString()), runner, progress::add, TWO));

    assertEquals("kustomize v5.8.2 is not installed and Go is not available to install it:"
        + " install Go 1.26 or newer (Debian: apt-get install golang-go), or set KUSTOMIZE_BIN to"
        + " kustomize v5.8.2", e.getMessage());
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
        () -> Toolchain.resolve(root, envWithGo(), runner, progress::add, TWO));

    assertEquals("`go install " + KUBECONFORM_INSTALL + "` failed (exit code 1):\n"
        + "  go: downloading github.com/yannh/kubeconform v0.7.0\n"
        + "  go: github.com/yannh/kubeconform/cmd/kubeconform@v0.7.0: dial tcp: lookup proxy: no"
        + " such host\n"
        + "Installing kubeconform v0.7.0 needs the Go module proxy to be reachable (check GOPROXY"
        + " and the network) and Go 1.26 or newer; or set KUBECONFORM_BIN to kubeconform v0.7.0",
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

  @Test
  void fails_with_one_message_when_the_override_fails_its_version_command() throws IOException {
    Path broken = executable(root.resolve("elsewhere/promtool"), "#!/bin/sh\nexit 1\n");
    StubRunner runner = new StubRunner(spec -> result(spec, 1, "", "segmentation fault\n"));

    ToolException e = assertThrows(ToolException.class, () -> Toolchain.resolve(root,
        Map.of("PROMTOOL_BIN", broken.toString()), runner, progress::add, List.of("promtool")));

    assertEquals("PROMTOOL_BIN=" + broken + " is not a usable promtool: `" + broken
        + " --version` exited with 1:\n  segmentation fault\nPoint PROMTOOL_BIN at promtool"
        + " v3.14.0, or unset it to let the validator install one into .tools/bin/",
        e.getMessage());
  }

  @Test
  void fails_with_one_message_when_the_override_hangs() throws IOException {
    Path hanging = executable(root.resolve("elsewhere/amtool"), "#!/bin/sh\nsleep 600\n");
    StubRunner runner = new StubRunner(spec -> {
      assertEquals(Toolchain.VERSION_TIMEOUT, spec.timeout());
      throw new ToolException("`" + spec.display() + "` did not finish within 15s and was stopped");
    });

    ToolException e = assertThrows(ToolException.class, () -> Toolchain.resolve(root,
        Map.of("AMTOOL_BIN", hanging.toString()), runner, progress::add, List.of("amtool")));

    assertEquals("AMTOOL_BIN=" + hanging + " is not a usable amtool: `" + hanging
        + " --version` did not finish within 15s and was stopped. Point AMTOOL_BIN at amtool"
        + " v0.34.1, or unset it to let the validator install one into .tools/bin/",
        e.getMessage());
  }

  @Test
  void warns_but_uses_an_override_of_another_version() throws IOException {
    Path old = executable(root.resolve("elsewhere/promtool"), "#!/bin/sh\n");
    StubRunner runner = new StubRunner(spec -> result(spec, 0,
        "promtool, version 2.42.0 (branch: debian/sid, revision: 2.42.0+ds-5)\n", ""));

    Toolchain toolchain = Toolchain.resolve(root, Map.of("PROMTOOL_BIN", old.toString()), runner,
        progress::add, List.of("promtool"));

    assertEquals(old, toolchain.path("promtool"));
    assertEquals(List.of("warning: PROMTOOL_BIN=" + old + " is promtool v2.42.0, the pin is"
        + " v3.14.0: its verdicts may differ from CI's"), progress);
  }

  @Test
  void accepts_an_override_that_prints_development_when_its_build_info_is_the_pin()
      throws IOException {
    Path own = executable(root.resolve("elsewhere/kubeconform"), "#!/bin/sh\n# build info\n"
        + "path\tgithub.com/yannh/kubeconform/cmd/kubeconform\n"
        + "mod\tgithub.com/yannh/kubeconform\tv0.7.0\th1:abc=\n");
    StubRunner runner = new StubRunner(spec -> result(spec, 0, "development\n", ""));

    Toolchain toolchain = Toolchain.resolve(root, Map.of("KUBECONFORM_BIN", own.toString()),
        runner, progress::add, List.of("kubeconform"));

    assertEquals(own, toolchain.kubeconform());
    assertEquals(List.of(), progress);
  }

  @Test
  void accepts_an_override_that_prints_the_image_version() throws IOException {
    Path good = executable(root.resolve("elsewhere/promtool"), "#!/bin/sh\n");
    StubRunner runner = new StubRunner(spec -> result(spec, 0,
        "promtool, version 3.14.0 (branch: , revision: )\n", ""));

    Toolchain.resolve(root, Map.of("PROMTOOL_BIN", good.toString()), runner, progress::add,
        List.of("promtool"));

    assertEquals(List.of(), progress);
  }

  @Test
  void builds_a_wrapped_tool_in_a_copy_of_its_wrapper_module() throws IOException {
    Path wrapper = root.resolve("validator/wrapper");
    String goMod = Files.readString(wrapper.resolve("go.mod"));
    List<String> modulesSeen = new ArrayList<>();
    StubRunner runner = new StubRunner(spec -> {
      List<String> argv = spec.command();
      assertEquals(go.toString(), argv.get(0), "only go runs: " + argv);
      Path module = spec.workingDir();
      modulesSeen.add(module.toString());
      try {
        assertEquals(goMod, Files.readString(module.resolve("go.mod")));
        Files.writeString(module.resolve("go.mod"), "edited by go\n");
        executable(Path.of(argv.get(argv.indexOf("-o") + 1)), "#!/bin/sh\n");
      } catch (IOException e) {
        throw new AssertionError(e);
      }
      return result(spec, 0, "", "");
    });

    Toolchain toolchain = Toolchain.resolve(root, envWithGo(), runner, progress::add,
        List.of("promtool"));

    assertEquals(bin.resolve("promtool"), toolchain.path("promtool"));
    ProcessSpec build = runner.specs.get(0);
    assertEquals(List.of(go.toString(), "build", "-trimpath", "-o"), build.command().subList(0, 4));
    assertEquals(List.of("-ldflags=-X github.com/prometheus/common/version.Version=3.14.0",
        "github.com/prometheus/prometheus/cmd/promtool"), build.command().subList(5, 7));
    assertEquals("off", build.environment().get("GOWORK"));
    assertTrue(modulesSeen.get(0).startsWith(root.resolve(".tools/build-promtool-").toString()),
        modulesSeen.toString());
    assertEquals(goMod, Files.readString(wrapper.resolve("go.mod")), "the repository is not edited");
    assertTrue(Files.notExists(Path.of(modulesSeen.get(0))), "the staging folder is removed");
    assertEquals("installing promtool v3.14.0 into .tools/bin/ (go build)...", progress.get(0));
    assertTrue(progress.get(1).matches("installed promtool v3\\.14\\.0 in \\d+s"), progress.toString());
  }

  @Test
  void accepts_a_wrapped_tool_whose_build_info_names_the_pinned_module_version()
      throws IOException {
    executable(bin.resolve("promtool"), "#!/bin/sh\n# build info\n"
        + "path\tgithub.com/prometheus/prometheus/cmd/promtool\n"
        + "mod\texample.com/wrapper\t(devel)\t\n"
        + "dep\tgithub.com/prometheus/common\tv0.67.0\th1:x=\n"
        + "dep\tgithub.com/prometheus/prometheus\tv0.314.0\th1:y=\n"
        + "build\t-trimpath=true\n");
    StubRunner runner = new StubRunner(spec -> result(spec, 0, "promtool, version  (branch: )\n", ""));

    Toolchain toolchain = Toolchain.resolve(root, envWithGo(), runner, progress::add,
        List.of("promtool"));

    assertEquals(bin.resolve("promtool"), toolchain.path("promtool"));
    assertEquals(List.of(), progress);
  }

  @Test
  void rebuilds_a_wrapped_tool_whose_build_info_names_another_version() throws IOException {
    executable(bin.resolve("promtool"), "#!/bin/sh\n# build info\n"
        + "path\tgithub.com/prometheus/prometheus/cmd/promtool\n"
        + "mod\texample.com/wrapper\t(devel)\t\n"
        + "dep\tgithub.com/prometheus/prometheus\tv0.313.0\th1:y=\n");
    StubRunner runner = new StubRunner(spec -> {
      if (spec.command().get(0).equals(go.toString())) {
        List<String> argv = spec.command();
        try {
          executable(Path.of(argv.get(argv.indexOf("-o") + 1)), "#!/bin/sh\n");
        } catch (IOException e) {
          throw new AssertionError(e);
        }
      }
      return result(spec, 0, "", "");
    });

    Toolchain.resolve(root, envWithGo(), runner, progress::add, List.of("promtool"));

    assertEquals("promtool in .tools/bin/ is v0.313.0, the pin is v0.314.0: reinstalling",
        progress.get(0));
  }

  @Test
  void reads_the_replacement_version_of_a_replaced_module() {
    String info = "mod\tx\t(devel)\t\ndep\tcloud.google.com/go\tv0.100.0\t\n"
        + "=>\tcloud.google.com/go\tv0.123.0\th1:z=\ndep\tother\tv1.0.0\th1:a=\n";

    assertEquals(java.util.Optional.of("v0.123.0"), Toolchain.moduleVersion(info, "cloud.google.com/go"));
    assertEquals(java.util.Optional.of("v1.0.0"), Toolchain.moduleVersion(info, "other"));
    assertEquals(java.util.Optional.empty(), Toolchain.moduleVersion(info, "x"));
  }
}
