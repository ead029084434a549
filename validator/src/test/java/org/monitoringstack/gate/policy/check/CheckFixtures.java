package org.monitoringstack.gate.policy.check;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.ObjectRef;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.model.Severity;
import org.monitoringstack.gate.model.SourceLocation;
import org.monitoringstack.gate.model.Target;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;
import org.monitoringstack.gate.policy.Params;
import org.monitoringstack.gate.policy.ParsedYaml;

/**
 * Loads check fixtures ({@code fixtures/checks/<check-id>/<scenario>.yaml}: YAML documents, each
 * one object or a list of objects) into {@link Resource}s, each with the fixture file and the
 * line its document starts at, and runs a check over them.
 */
final class CheckFixtures {

  static final Target TARGET =
      new Target("overlays/test", Target.Kind.OVERLAY, Path.of("overlays/test"));

  private CheckFixtures() {}

  static List<Resource> load(String checkId, String scenario) {
    String file = "fixtures/checks/" + checkId + "/" + scenario + ".yaml";
    try (InputStream in = CheckFixtures.class.getClassLoader().getResourceAsStream(file)) {
      if (in == null) {
        throw new IllegalStateException("missing fixture " + file);
      }
      return parse(file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses YAML text (documents separated by {@code ---}) into resources from {@code file}. */
  static List<Resource> parse(String file, String text) {
    List<Resource> out = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    StringBuilder doc = new StringBuilder();
    int start = 1;
    for (int i = 0; i <= lines.length; i++) {
      boolean end = i == lines.length || lines[i].startsWith("---");
      if (!end) {
        doc.append(lines[i]).append('\n');
        continue;
      }
      add(out, file, start, doc.toString());
      doc.setLength(0);
      start = i + 2;
    }
    return out;
  }

  private static void add(List<Resource> out, String file, int line, String text) {
    if (text.isBlank()) {
      return;
    }
    Object parsed = ParsedYaml.load(text);
    List<Object> items = parsed instanceof List<?> l ? new ArrayList<>(l) : List.of(parsed);
    for (Object item : items) {
      Map<String, Object> body = ParsedYaml.map(item);
      if (body.isEmpty()) {
        continue;
      }
      ObjectRef ref = new ObjectRef(ParsedYaml.str(body.get("apiVersion")),
          ParsedYaml.str(body.get("kind")),
          ParsedYaml.str(ParsedYaml.at(body, "metadata.namespace").orElse(null)),
          ParsedYaml.str(ParsedYaml.at(body, "metadata.name").orElse(null)));
      out.add(new Resource(ref, body, new SourceLocation(file, line)));
    }
  }

  static CheckContext context(Check check, List<Resource> resources, Map<String, Object> params) {
    return new CheckContext(check, TARGET, resources, new Params(check.id(), params),
        Severity.ERROR, CheckContext.Locator.OBJECT_SOURCE);
  }

  static List<Finding> run(Check check, String scenario, Map<String, Object> params) {
    return check.evaluate(context(check, load(check.id(), scenario), params));
  }

  /** The findings' messages, after asserting every one carries the check's ID. */
  static List<String> messages(Check check, List<Finding> findings) {
    for (Finding f : findings) {
      if (!f.check().equals(check.id())) {
        throw new AssertionError("finding of " + f.check() + " from check " + check.id());
      }
      if (f.hint().isBlank()) {
        throw new AssertionError("finding without a fix hint: " + f.message());
      }
      if (!f.location().isKnown()) {
        throw new AssertionError("finding without a location: " + f.message());
      }
    }
    return findings.stream().map(Finding::message).toList();
  }

  static List<String> messages(Check check, String scenario, Map<String, Object> params) {
    return messages(check, run(check, scenario, params));
  }

  /**
   * The findings as the text report shows them after the location: {@code Kind/name: message}
   * (only the message for a finding about the target), after the checks {@link #messages} makes.
   */
  static List<String> reported(Check check, List<Finding> findings) {
    messages(check, findings);
    return findings.stream().map(f -> f.object().equals(ObjectRef.NONE) ? f.message()
        : f.object().display() + ": " + f.message()).toList();
  }

  static List<String> reported(Check check, String scenario, Map<String, Object> params) {
    return reported(check, run(check, scenario, params));
  }
}
