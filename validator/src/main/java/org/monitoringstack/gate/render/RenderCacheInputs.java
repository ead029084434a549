package org.monitoringstack.gate.render;

import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import org.monitoringstack.gate.model.Target;

/**
 * What a target's render reads, as the {@link RenderCacheStore} keys it: repository-relative files
 * (existing or not) and folders whose every file counts (each ending in {@code /}; {@code ""} is
 * the whole repository). The pipeline fills it from {@code impact.KustomizeGraph}, so this
 * package does not depend on the impact analysis.
 */
public record RenderCacheInputs(Target target, SortedSet<String> files, SortedSet<String> folders) {

  public RenderCacheInputs {
    Objects.requireNonNull(target, "target");
    files = Collections.unmodifiableSortedSet(new TreeSet<>(files));
    folders = Collections.unmodifiableSortedSet(new TreeSet<>(folders));
  }

  public static RenderCacheInputs of(
      Target target, Collection<String> files, Collection<String> folders) {
    return new RenderCacheInputs(target, new TreeSet<>(files), new TreeSet<>(folders));
  }
}
