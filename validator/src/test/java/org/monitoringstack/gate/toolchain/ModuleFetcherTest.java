package org.monitoringstack.gate.toolchain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.monitoringstack.gate.exec.ToolException;
import org.monitoringstack.gate.toolchain.ToolchainTest.StubRunner;

class ModuleFetcherTest {

  @TempDir Path goHome;
  @TempDir Path moduleDir;
  Path go;
  Map<String, String> env;

  @BeforeEach
  void setUp() throws IOException {
    go = ToolchainTest.executable(goHome.resolve("go"), "#!/bin/sh\n");
    env = Map.of("PATH", goHome.toString());
  }

  @Test
  void returns_dir_from_go_mod_download_json_and_remembers_it() {
    StubRunner runner = new StubRunner(spec -> ToolchainTest.result(spec, 0, "{\n"
        + "\t\"Path\": \"k8s.io/kubernetes\",\n\t\"Version\": \"v1.35.4\",\n"
        + "\t\"Dir\": \"" + moduleDir + "\",\n\t\"Sum\": \"h1:x=\"\n}\n", ""));
    ModuleFetcher fetcher = new ModuleFetcher(runner, env);

    Path first = fetcher.download("k8s.io/kubernetes", "v1.35.4");
    Path second = fetcher.download("k8s.io/kubernetes", "v1.35.4");

    assertEquals(moduleDir, first);
    assertEquals(moduleDir, second);
    assertEquals(List.of(List.of(go.toString(), "mod", "download", "-json",
        "k8s.io/kubernetes@v1.35.4")), runner.argvs());
    Path workingDir = runner.specs.get(0).workingDir();
    assertFalse(Files.exists(workingDir), "the temporary working folder is deleted");
    assertEquals("-mod=mod", runner.specs.get(0).environment().get("GOFLAGS"));
  }

  @Test
  void quotes_the_error_field_when_go_reports_one() {
    StubRunner runner = new StubRunner(spec -> ToolchainTest.result(spec, 1, "{\n"
        + "\t\"Path\": \"github.com/fluxcd/source-controller\",\n\t\"Version\": \"v9.9.9\",\n"
        + "\t\"Error\": \"github.com/fluxcd/source-controller@v9.9.9: invalid version: unknown"
        + " revision v9.9.9\"\n}\n", ""));
    ModuleFetcher fetcher = new ModuleFetcher(runner, env);

    ToolException e = assertThrows(ToolException.class,
        () -> fetcher.download("github.com/fluxcd/source-controller", "v9.9.9"));

    assertEquals("`go mod download -json github.com/fluxcd/source-controller@v9.9.9` failed:"
        + " github.com/fluxcd/source-controller@v9.9.9: invalid version: unknown revision v9.9.9\n"
        + "The Go module proxy must be reachable to fetch github.com/fluxcd/source-controller@v9.9.9"
        + " the first time (afterwards it is read from the Go module cache)", e.getMessage());
  }

  @Test
  void quotes_stderr_when_output_is_not_json() {
    StubRunner runner = new StubRunner(spec -> ToolchainTest.result(spec, 1, "",
        "go: cannot find main module\n"));
    ModuleFetcher fetcher = new ModuleFetcher(runner, env);

    ToolException e = assertThrows(ToolException.class,
        () -> fetcher.download("k8s.io/kubernetes", "v1.35.4"));

    assertEquals("`go mod download -json k8s.io/kubernetes@v1.35.4` failed (exit code 1):\n"
        + "go: cannot find main module\n"
        + "The Go module proxy must be reachable to fetch k8s.io/kubernetes@v1.35.4 the first time"
        + " (afterwards it is read from the Go module cache)", e.getMessage());
  }

  @Test
  void explains_how_to_get_go_when_it_is_not_on_path() {
    StubRunner runner = new StubRunner(spec -> {
      throw new AssertionError("nothing should run");
    });
    ModuleFetcher fetcher = new ModuleFetcher(runner, Map.of("PATH", ""));

    ToolException e = assertThrows(ToolException.class,
        () -> fetcher.download("k8s.io/kubernetes", "v1.35.4"));

    assertEquals("Go is not available to download k8s.io/kubernetes@v1.35.4 (the offline schema"
        + " catalog is generated from it): install Go 1.26 or newer (Debian: apt-get install"
        + " golang-go)", e.getMessage());
  }
}
