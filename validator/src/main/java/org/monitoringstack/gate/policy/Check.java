package org.monitoringstack.gate.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.monitoringstack.gate.model.Finding;

/**
 * One policy check, and the only way to write one: a final class that passes its identity to
 * this constructor (the one place its ID and requirement are written) and adds its findings in
 * {@link #run}. Stateless: everything it needs comes through the {@link CheckContext}, which also
 * builds its findings (severity, target, requirement and location are filled in there).
 */
public abstract class Check {

  private final String id;
  private final String requirement;
  private final String description;

  /**
   * @param id stable ID, e.g. {@code prometheus.retention}
   * @param requirement the REQUIREMENTS.md ID it enforces, e.g. {@code PERF-1}, or {@code ""}
   * @param description one sentence: what the check enforces (help text and SARIF rules)
   */
  protected Check(String id, String requirement, String description) {
    this.id = Objects.requireNonNull(id, "id");
    this.requirement = Objects.requireNonNull(requirement, "requirement");
    this.description = Objects.requireNonNull(description, "description");
  }

  public final String id() {
    return id;
  }

  public final String requirement() {
    return requirement;
  }

  public final String description() {
    return description;
  }

  /** Evaluates the check over one rendered target. */
  public final List<Finding> evaluate(CheckContext context) {
    List<Finding> out = new ArrayList<>();
    run(context, out);
    return out;
  }

  /** Adds the check's findings about one target, built with {@code context.finding(...)}. */
  protected abstract void run(CheckContext context, List<Finding> out);
}
