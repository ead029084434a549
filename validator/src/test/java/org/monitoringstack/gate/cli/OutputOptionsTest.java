package org.monitoringstack.gate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.monitoringstack.gate.exec.SystemProcessRunner;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.ObjectRef;
import org.monitoringstack.gate.model.Severity;
import org.monitoringstack.gate.model.SourceLocation;
import org.monitoringstack.gate.pipeline.GateFactory;
import org.monitoringstack.gate.model.RenderedTarget;
import org.monitoringstack.gate.render.TestRepos;
import org.monitoringstack.gate.schema.SchemaValidator;

/** {@code --quiet}, {@code --no-color} and colour on a terminal, through the real CLI. */
class OutputOptionsTest {

  private static final String RED = "\u001b[31m";
  private static final String YELLOW = "\u001b[33m";
  private static final String RESET = "\u001b[0m";

  private static final SourceLocation AT = new SourceLocation("base/app/app-deployment.yaml", 3);

  /** One error and one warning in every target. */
  static final SchemaValidator ONE_ERROR_ONE_WARNING = targets -> {
    Map<String, List<Finding>> out = new HashMap<>();
    for (RenderedTarget t : targets) {
      out.put(t.target().id(), List.of(
          Finding.of("test.error", Severity.ERROR, "", t.target().id(), ObjectRef.NONE, AT,
              "broken", "fix it"),
          Finding.of("test.warning", Severity.WARNING, "", t.target().id(), ObjectRef.NONE, AT,
              "odd", "look at it")));
    }
    return out;
  };

  @TempDir Path tmp;

  private MainTest.Run run(boolean terminal, Map<String, String> env, String... args) {
    Path repo = TestRepos.copy("skeleton", tmp);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = new Main(env, repo, new GateFactory(
        MainTest.wiring(TestRepos.kustomize(), ONE_ERROR_ONE_WARNING), new SystemProcessRunner()),
        terminal).execute(out, err, args);
    return new MainTest.Run(exit, out.toString(), err.toString());
  }

  @Test
  void prints_only_the_errors_and_the_summary_when_quiet() {
    MainTest.Run r = run(false, Map.of(), "--quiet", "overlays/kind");
    assertEquals(1, r.exit(), r.err());
    assertEquals("base/app/app-deployment.yaml:3: [test.error] broken (overlays/kind)\n"
        + "  hint: fix it\n"
        + "FAILED: 1 target, 3 objects, 1 error, 1 warning, 0 waived in 0.0s\n", r.stableOut());
    assertEquals("", r.err());
  }

  @Test
  void lists_targets_warnings_and_notes_when_not_quiet() {
    MainTest.Run r = run(false, Map.of(), "overlays/kind");
    assertEquals(1, r.exit(), r.err());
    assertTrue(r.out().startsWith("overlays/kind: 3 objects, 1 error, 1 warning"), r.out());
    assertTrue(r.out().contains("[test.warning] warning: "), r.out());
    assertTrue(r.out().contains("\nrender cache: "), r.out());
  }

  @Test
  void colours_the_error_and_warning_labels_when_stdout_is_a_terminal() {
    MainTest.Run r = run(true, Map.of(), "overlays/kind");
    assertEquals(1, r.exit(), r.err());
    assertTrue(r.out().contains(": " + RED + "[test.error]" + RESET + " "), r.out());
    assertTrue(r.out().contains(": " + YELLOW + "[test.warning] warning:" + RESET + " "), r.out());
    assertEquals(2, r.out().split("\u001b\\[0m", -1).length - 1, "only the two labels: " + r.out());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      --no-color on a terminal | true  | ''    | --no-color
      NO_COLOR on a terminal   | true  | 1     | ''
      a pipe                   | false | ''    | ''
      """)
  void writes_no_colour_when_asked_or_not_a_terminal(String name, boolean terminal,
      String noColor, String flag) {
    Map<String, String> env = noColor.isEmpty() ? Map.of() : Map.of("NO_COLOR", noColor);
    MainTest.Run r = flag.isEmpty() ? run(terminal, env, "overlays/kind")
        : run(terminal, env, flag, "overlays/kind");
    assertEquals(1, r.exit(), r.err());
    assertTrue(r.out().contains(": [test.error] "), r.out());
    assertFalse(r.out().contains("\u001b"), r.out());
  }

  @Test
  void writes_no_colour_to_a_report_file_when_stdout_is_a_terminal() throws IOException {
    MainTest.Run r = run(true, Map.of(), "--output", "gate.txt", "overlays/kind");
    assertEquals(1, r.exit(), r.err());
    String file = Files.readString(tmp.resolve("skeleton").resolve("gate.txt"));
    assertTrue(file.contains(": [test.error] "), file);
    assertFalse(file.contains("\u001b"), file);
  }
}
