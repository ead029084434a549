package org.monitoringstack.gate.policy;

import java.util.List;
import java.util.Objects;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.ObjectRef;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.model.Severity;
import org.monitoringstack.gate.model.SourceLocation;
import org.monitoringstack.gate.model.Target;

/**
 * Everything a {@link Check} sees of one target: its rendered objects, the parameters and
 * severity its bound profile gives the check, and a way to locate a field in the source files.
 * Checks build findings through {@link #finding} so every finding is complete and consistent.
 */
public final class CheckContext {

  /** Finds the source file and line of a field of a rendered object. */
  @FunctionalInterface
  public interface Locator {
    /**
     * @param resource the object
     * @param fieldPath dotted path ({@code spec.retention}; list items by index), or empty for the
     *     object itself
     */
    SourceLocation locate(Resource resource, String fieldPath);

    /** The object's own source location, whatever the field. */
    Locator OBJECT_SOURCE = (resource, path) -> resource.source();
  }

  private final Check check;
  private final Target target;
  private final List<Resource> resources;
  private final Params params;
  private final Severity severity;
  private final Locator locator;

  public CheckContext(
      Check check,
      Target target,
      List<Resource> resources,
      Params params,
      Severity severity,
      Locator locator) {
    this.check = Objects.requireNonNull(check, "check");
    this.target = Objects.requireNonNull(target, "target");
    this.resources = List.copyOf(resources);
    this.params = Objects.requireNonNull(params, "params");
    this.severity = Objects.requireNonNull(severity, "severity");
    this.locator = Objects.requireNonNull(locator, "locator");
  }

  public Target target() {
    return target;
  }

  public List<Resource> resources() {
    return resources;
  }

  /** The rendered objects of one kind, in render order. */
  public List<Resource> ofKind(String kind) {
    return resources.stream().filter(r -> r.is(kind)).toList();
  }

  /** The rendered objects of one API group and kind, in render order. */
  public List<Resource> ofKind(String group, String kind) {
    return resources.stream().filter(r -> r.is(kind) && r.group().equals(group)).toList();
  }

  public Params params() {
    return params;
  }

  public Severity severity() {
    return severity;
  }

  /** A finding about a field of an object, at the line where that field is (or would be). */
  public Finding finding(Resource resource, String fieldPath, String message, String hint) {
    return finding(resource.ref(), locator.locate(resource, fieldPath == null ? "" : fieldPath),
        message, hint);
  }

  /** A finding at a line of a repository file that is not a rendered object (a values file). */
  public Finding fileFinding(SourceLocation at, String message, String hint) {
    return finding(ObjectRef.NONE, Objects.requireNonNull(at, "at"), message, hint);
  }

  /** A finding about the target as a whole (something is missing from it). */
  public Finding targetFinding(String message, String hint) {
    return finding(ObjectRef.NONE, SourceLocation.of(target.id() + "/kustomization.yaml"), message,
        hint);
  }

  private Finding finding(ObjectRef object, SourceLocation at, String message, String hint) {
    return Finding.of(check.id(), severity, check.requirement(), target.id(), object, at, message,
        hint);
  }
}
