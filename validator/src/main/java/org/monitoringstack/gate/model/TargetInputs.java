package org.monitoringstack.gate.model;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The repository files one target's render reads, as the kustomization graph ({@code
 * impact.KustomizeGraph}) finds them. One description serves both the render cache (its key is
 * the content of these inputs) and pull-request scoping ({@code --changed-since}: a changed file
 * the target reads selects it), so the two can never disagree.
 *
 * @param files exact files, repository-relative with {@code /}, whether or not they exist (a
 *     missing referenced file matters too)
 * @param folders folders every file of which counts, each ending in {@code /} ({@code ""} is the
 *     whole repository), e.g. a cluster folder or a directory kustomize reads whole
 * @param external what the render reads from outside the repository (a remote base, a path
 *     outside the checkout, a Helm chart): a render with external inputs is never cached
 */
public record TargetInputs(
    Target target, SortedSet<String> files, SortedSet<String> folders, SortedSet<String> external) {

  public TargetInputs {
    Objects.requireNonNull(target, "target");
    files = Collections.unmodifiableSortedSet(new TreeSet<>(files));
    folders = Collections.unmodifiableSortedSet(new TreeSet<>(folders));
    external = Collections.unmodifiableSortedSet(new TreeSet<>(external));
    for (String f : folders) {
      if (!f.isEmpty() && !f.endsWith("/")) {
        throw new IllegalArgumentException("folder must end with '/': " + f);
      }
    }
  }

  /** True when everything the render reads is in the repository (so it can be cached). */
  public boolean local() {
    return external.isEmpty();
  }

  /** True when a change to this repository path can change the target's render. */
  public boolean reads(String path) {
    return files.contains(path) || folders.stream().anyMatch(path::startsWith);
  }

  /** True when some input lies in the given folder ({@code a/b/}), as a file or a folder. */
  public boolean touchesFolder(String folder) {
    return files.stream().anyMatch(f -> f.startsWith(folder))
        || folders.stream().anyMatch(f -> f.startsWith(folder) || folder.startsWith(f));
  }
}
