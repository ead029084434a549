package org.monitoringstack.gate.policy.check;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
 * <p>amtool is param {@code amtool} (a path or a program name), else {@code amtool} on PATH. When
 * it is missing the check does not pass silently: it reports one finding per Alertmanager (at the
 * check's severity) naming what to install, and the other checks still run.
 */
public final class AlertingConfigValidCheck implements Check {

  static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final ProcessRunner runner;
  private final Supplier<String> searchPath;

  public AlertingConfigValidCheck(ProcessRunner runner) {
    this(runner, () -> Objects.requireNonNullElse(System.getenv("PATH"), ""));
  }

  AlertingConfigValidCheck(ProcessRunner runner, Supplier<String> searchPath) {
    this.runner = Objects.requireNonNull(runner, "runner");
    this.searchPath = Objects.requireNonNull(searchPath, "searchPath");
  }

  @Override
  public String id() {
    return "alerting.config-valid";
  }

  @Override
  public String requirement() {
    return "HA-4";
  }

  @Override
  public String description() {
    return "amtool check-config accepts the rendered Alertmanager configuration.";
  }

  @Override
  public List<Finding> evaluate(CheckContext context) {
    List<Finding> out = new ArrayList<>();
    List<AlertmanagerConfigs.Lookup> lookups = AlertmanagerConfigs.lookups(context.resources());
    if (lookups.isEmpty()) {
      return out;
    }
    Optional<String> amtool = context.params().optionalString("amtool")
        .or(() -> onPath("amtool"));
    for (AlertmanagerConfigs.Lookup lookup : lookups) {
      if (AlertingRedundantChannelsCheck.routing(context, lookup, out).isEmpty()) {
        continue;
      }
      AlertmanagerConfigs.Config config = lookup.config().get();
      if (amtool.isEmpty()) {
        out.add(context.finding(config.source(), config.path(),
            "the Alertmanager configuration was not checked:"
                + " expected amtool (param amtool or on PATH), found none",
            "install amtool (Debian/Ubuntu package prometheus-alertmanager, or the amtool"
                + " binary of an Alertmanager release) or set the check's amtool param"));
        continue;
      }
      check(context, amtool.get(), config).ifPresent(out::add);
    }
    return out;
  }

  private Optional<Finding> check(CheckContext context, String amtool,
      AlertmanagerConfigs.Config config) {
    Path file = null;
    try {
      file = Files.createTempFile("alertmanager-", ".yaml");
      Files.writeString(file, config.text(), StandardCharsets.UTF_8);
      ProcessResult result = runner.run(
          ProcessSpec.of(List.of(amtool, "check-config", file.toString()), TIMEOUT));
      if (result.succeeded()) {
        return Optional.empty();
      }
      String output = (result.stdout() + "\n" + result.stderr()).replace(file.toString(),
              AlertmanagerConfigs.KEY).lines().map(String::strip).filter(l -> !l.isEmpty())
          .collect(Collectors.joining(" | "));
      return Optional.of(context.finding(config.source(), config.path(),
          "amtool check-config rejects the Alertmanager configuration"
              + ": expected a configuration amtool accepts, found: " + output,
          "run amtool check-config on the configuration (template placeholders replaced) and"
              + " fix what it reports"));
    } catch (ToolException e) {
      return Optional.of(context.finding(config.source(), config.path(),
          "the Alertmanager configuration was not checked: "
              + e.getMessage(),
          "install amtool (Debian/Ubuntu package prometheus-alertmanager) or fix the check's"
              + " amtool param"));
    } catch (IOException e) {
      throw new ToolException("cannot write a temporary file for amtool: " + e.getMessage(), e);
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          // a leftover temporary file is harmless
        }
      }
    }
  }

  private Optional<String> onPath(String program) {
    for (String dir : searchPath.get().split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, program);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate.toString());
      }
    }
    return Optional.empty();
  }
}
