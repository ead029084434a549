package org.monitoringstack.gate.policy.check;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.monitoringstack.gate.exec.ProcessResult;
import org.monitoringstack.gate.exec.ProcessRunner;
import org.monitoringstack.gate.exec.ProcessSpec;
import org.monitoringstack.gate.exec.ToolException;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;

/**
 * {@code alerting.config-valid} (HA-4): {@code amtool check-config} accepts the configuration
 * each Alertmanager runs with (found by {@link AlertmanagerConfigs}, template placeholders
 * replaced by dummies), written to a temporary file that is deleted afterwards.
 *
 * <p>amtool is the one the toolchain resolved (the pinned version, the Alertmanager image's), or
 * the check's {@code amtool} param. A tool that cannot run is not a finding: the {@link
 * ToolException} ends the run with exit code 2 and one message, instead of one finding per
 * target.
 */
final class AlertingConfigValidCheck extends Check {

  static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final ProcessRunner runner;
  private final Supplier<Path> amtool;

  /**
   * @param runner runs amtool
   * @param amtool the resolved amtool binary, asked for only when a configuration is checked
   */
  AlertingConfigValidCheck(ProcessRunner runner, Supplier<Path> amtool) {
    super("alerting.config-valid", "HA-4",
        "amtool check-config accepts the rendered Alertmanager configuration.");
    this.runner = Objects.requireNonNull(runner, "runner");
    this.amtool = Objects.requireNonNull(amtool, "amtool");
  }

  @Override
  protected void run(CheckContext context, List<Finding> out) {
    for (AlertmanagerConfigs.Lookup lookup : AlertmanagerConfigs.lookups(context.resources())) {
      if (AlertingRedundantChannelsCheck.routing(context, lookup, out).isEmpty()) {
        continue;
      }
      AlertmanagerConfigs.Config config = lookup.config().get();
      String binary = context.params().optionalString("amtool")
          .orElseGet(() -> amtool.get().toString());
      AlertmanagerConfigs.withFile(config, file -> {
        ProcessResult result = runner.run(
            ProcessSpec.of(List.of(binary, "check-config", file.toString()), TIMEOUT));
        if (result.succeeded()) {
          return;
        }
        String output = (result.stdout() + "\n" + result.stderr()).replace(file.toString(),
                AlertmanagerConfigs.KEY).lines().map(String::strip).filter(l -> !l.isEmpty())
            .collect(Collectors.joining(" | "));
        out.add(context.finding(config.source(), config.path(),
            "amtool check-config rejects the Alertmanager configuration"
                + ": expected a configuration amtool accepts, found: " + output,
            "run amtool check-config on the configuration (template placeholders replaced) and"
                + " fix what it reports"));
      });
    }
  }
}
