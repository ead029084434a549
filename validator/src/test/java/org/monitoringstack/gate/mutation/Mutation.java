package org.monitoringstack.gate.mutation;

import java.util.Objects;
import org.monitoringstack.gate.model.Severity;

/**
 * One requirement broken on purpose: a file added to the kustomization of {@code folder} (a
 * patch, or a resource) in a temporary copy of the repository, the target rendered, and the
 * finding the gate must then report.
 *
 * @param name readable test name, e.g. {@code PERF-1 retention 1d -> prometheus.retention}
 * @param target the target run, {@code overlays/production} or {@code clusters/prod-eu-west}
 * @param folder the folder whose kustomization gets the file (the target or one it renders)
 * @param edit how the file is listed: a patch (strategic merge, or JSON 6902 with a selector) or
 *     a resource
 * @param selector the {@code target:} of a JSON 6902 patch as {@code group/version/Kind/name}
 *     ({@code group} empty for the core group), empty for strategic-merge patches and resources;
 *     for a replacement, the file edited
 * @param content the file's YAML
 * @param check the check ID expected, {@link #NONE} for a requirement met in an equivalent form
 *     (the copy must pass with no finding at all)
 * @param severity its severity: error, or warning for an advisory requirement (then no error
 *     of that check may be reported: the gate must not fail on it)
 * @param object the object it must name ({@code Kind/name}), {@code -} for none
 * @param locatedInMutation whether the finding must point at the mutation file itself (when the
 *     patch sets the field at fault, the locator can point there; a removed field cannot be)
 */
record Mutation(
    String name,
    String target,
    String folder,
    Edit edit,
    String selector,
    String content,
    String check,
    Severity severity,
    String object,
    boolean locatedInMutation) {

  /** How the mutation file is listed in the kustomization. */
  enum Edit {
    PATCH,
    RESOURCE,
    /** Edits a file of {@code folder} in place: {@code selector} names it, {@code content} is
     *  {@code old => new} (a copied cluster's values file that kept its source's value). */
    REPLACE
  }

  /** The {@code check} of an equivalent form: no finding expected. */
  static final String NONE = "-";

  /** The mutation file's name, in {@code folder}. */
  static final String FILE = "mutation.yaml";

  Mutation {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(folder, "folder");
    Objects.requireNonNull(edit, "edit");
    Objects.requireNonNull(selector, "selector");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(object, "object");
    if (!folder.equals(target) && !folder.startsWith(target + "/")
        && !target.startsWith("clusters/")) {
      throw new IllegalArgumentException(
          name + ": folder " + folder + " not rendered by " + target);
    }
    if (edit == Edit.RESOURCE && !selector.isEmpty()) {
      throw new IllegalArgumentException(name + ": a resource has no patch selector");
    }
    if (edit == Edit.REPLACE && (selector.isEmpty() || !content.contains(" => "))) {
      throw new IllegalArgumentException(name + ": a replacement names its file and 'old => new'");
    }
    if (edit != Edit.REPLACE && !selector.isEmpty() && selector.split("/", -1).length != 4) {
      throw new IllegalArgumentException(name + ": selector must be group/version/Kind/name");
    }
  }

  /** The repository path of the mutation file. */
  String file() {
    return folder + "/" + (edit == Edit.REPLACE ? selector : FILE);
  }

  /** A folder name for the mutation's copy: its name in lower case, words joined by '-'. */
  String slug() {
    return name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
        .replaceAll("^-|-$", "");
  }

  @Override
  public String toString() {
    return name;
  }
}
