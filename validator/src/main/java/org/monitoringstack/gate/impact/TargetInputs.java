package org.monitoringstack.gate.impact;

import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.monitoringstack.gate.model.Target;

/**
 * The repository files one target's render reads: exact files ({@code files}, repository-relative
 * with {@code /}, whether or not they exist: a missing referenced file matters too) and folders
 * ({@code ""} is the whole repository)
 * every file of which counts ({@code folders}, each ending in {@code /}), e.g. a cluster folder or
 * a directory kustomize reads whole.
 */
public record TargetInputs(Target target, SortedSet<String> files, SortedSet<String> folders) {

  public TargetInputs {
    Objects.requireNonNull(target, "target");
    files = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(files));
    folders = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(folders));
    for (String f : folders) {
      if (!f.isEmpty() && !f.endsWith("/")) {
        throw new IllegalArgumentException("folder must end with '/': " + f);
      }
    }
  }

  /** True when a change to this repository path can change the target's render. */
  public boolean reads(String path) {
    if (files.contains(path)) {
      return true;
    }
    for (String folder : folders) {
      if (path.startsWith(folder)) {
        return true;
      }
    }
    return false;
  }

  /** True when some input lies in the given folder ({@code a/b/}), as a file or a folder. */
  public boolean touchesFolder(String folder) {
    for (String f : files) {
      if (f.startsWith(folder)) {
        return true;
      }
    }
    for (String f : folders) {
      if (f.startsWith(folder) || folder.startsWith(f)) {
        return true;
      }
    }
    return false;
  }

  /** Every exact file input. */
  public Set<String> allFiles() {
    return files;
  }
}
