package org.monitoringstack.gate.policy.check;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.monitoringstack.gate.exec.Folders;
import org.monitoringstack.gate.exec.ProcessResult;
import org.monitoringstack.gate.exec.ProcessRunner;
import org.monitoringstack.gate.exec.ProcessSpec;
import org.monitoringstack.gate.exec.ToolException;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code alerting.rules-valid} (POST-2): {@code promtool check rules}, at the version of the
 * Prometheus image, accepts the rule groups of every rendered PrometheusRule as the overlays
 * leave them (a patch can break an expression that the base's unit tests never see). One
 * promtool run checks all rules of a target; only when it rejects them is each PrometheusRule
 * checked alone, so that the finding is on the object at fault.
 */
final class AlertingRulesValidCheck extends Check {

  static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final ProcessRunner runner;
  private final Supplier<Path> promtool;

  /**
   * @param runner runs promtool
   * @param promtool the resolved promtool binary, asked for only when there are rules to check
   */
  AlertingRulesValidCheck(ProcessRunner runner, Supplier<Path> promtool) {
    super("alerting.rules-valid", "POST-2",
        "promtool check rules accepts the rule groups of every rendered PrometheusRule.");
    this.runner = Objects.requireNonNull(runner, "runner");
    this.promtool = Objects.requireNonNull(promtool, "promtool");
  }

  @Override
  protected void run(CheckContext context, List<Finding> out) {
    List<Resource> rules = context.ofKind(MonitorTargets.GROUP, "PrometheusRule").stream()
        .filter(r -> r.at("spec.groups").isPresent()).toList();
    if (rules.isEmpty()) {
      return;
    }
    String binary = context.params().optionalString("promtool")
        .orElseGet(() -> promtool.get().toString());
    Path dir = null;
    try {
      dir = Files.createTempDirectory("prometheus-rules-");
      Map<Path, Resource> files = new LinkedHashMap<>();
      for (Resource rule : rules) {
        Path file = dir.resolve(files.size() + "-" + rule.name() + ".yaml");
        Files.writeString(file, dump(rule), StandardCharsets.UTF_8);
        files.put(file, rule);
      }
      if (run(binary, List.copyOf(files.keySet())).succeeded()) {
        return;
      }
      for (Map.Entry<Path, Resource> f : files.entrySet()) {
        ProcessResult alone = run(binary, List.of(f.getKey()));
        if (!alone.succeeded()) {
          Resource rule = f.getValue();
          String output = (alone.stdout() + "\n" + alone.stderr())
              .replace(f.getKey().toString(), rule.kind() + "/" + rule.name())
              .lines().map(String::strip)
              .filter(l -> !l.isEmpty() && !l.startsWith("Checking ") && !l.equals("FAILED:"))
              .collect(Collectors.joining(" | "));
          out.add(context.finding(rule, "spec.groups",
              "promtool check rules rejects the rule groups: expected rules promtool accepts,"
                  + " found: " + output,
              "fix the expression or field promtool names (run promtool check rules on the"
                  + " rendered spec); a patch in an overlay may be what broke it"));
        }
      }
      if (out.isEmpty()) {
        throw new ToolException("`" + binary + " check rules` rejected the rules of "
            + context.target().id() + " together but accepted each PrometheusRule alone");
      }
    } catch (IOException e) {
      throw new ToolException("cannot write a temporary file for promtool: " + e.getMessage(), e);
    } finally {
      Folders.deleteQuietly(dir);
    }
  }

  private ProcessResult run(String binary, List<Path> files) {
    return runner.run(ProcessSpec.of(Stream.concat(Stream.of(binary, "check", "rules"),
        files.stream().map(Path::toString)).toList(), TIMEOUT));
  }

  /** The rule file promtool reads: the PrometheusRule's {@code spec} ({@code groups: [...]}). */
  private static String dump(Resource rule) {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setWidth(Integer.MAX_VALUE);
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("groups", rule.at("spec.groups").orElseThrow());
    return new Yaml(options).dump(spec);
  }

}
