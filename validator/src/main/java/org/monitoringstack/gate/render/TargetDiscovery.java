package org.monitoringstack.gate.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.monitoringstack.gate.kustomization.Kustomization;
import org.monitoringstack.gate.kustomization.KustomizationException;
import org.monitoringstack.gate.model.Target;

/**
 * Finds the targets of a repository: every folder under {@code overlays/} whose kustomization is
 * not a {@code kind: Component} (and nothing under {@code overlays/components/}), and every
 * folder directly under {@code clusters/}. Sorted by ID; overlays first, then clusters.
 */
public final class TargetDiscovery {

  private final Path repoRoot;

  public TargetDiscovery(Path repoRoot) {
    this.repoRoot = ManifestParser.realPath(Objects.requireNonNull(repoRoot, "repoRoot"));
  }

  /** Every target of the repository. */
  public List<Target> all() {
    List<Target> out = new ArrayList<>();
    Path overlays = repoRoot.resolve("overlays");
    if (Files.isDirectory(overlays)) {
      try (Stream<Path> walk = Files.walk(overlays)) {
        walk.filter(Files::isDirectory)
            .filter(d -> !d.startsWith(overlays.resolve("components")))
            .filter(d -> Kustomization.find(d).isPresent())
            .filter(d -> !isComponent(d))
            .map(d -> new Target(id(d), Target.Kind.OVERLAY, d))
            .sorted(Comparator.comparing(Target::id))
            .forEach(out::add);
      } catch (IOException | UncheckedIOException e) {
        throw new TargetSelectionException("cannot list " + overlays + ": " + e.getMessage());
      }
    }
    Path clusters = repoRoot.resolve("clusters");
    if (Files.isDirectory(clusters)) {
      try (Stream<Path> list = Files.list(clusters)) {
        list.filter(Files::isDirectory)
            .filter(d -> !d.getFileName().toString().startsWith("."))
            .map(d -> new Target(id(d), Target.Kind.CLUSTER, d))
            .sorted(Comparator.comparing(Target::id))
            .forEach(out::add);
      } catch (IOException e) {
        throw new TargetSelectionException("cannot list " + clusters + ": " + e.getMessage());
      }
    }
    return out;
  }

  /**
   * The targets that the given paths select (each path is a target or inside one), in discovery
   * order. No paths: every target. Relative paths are resolved against {@code cwd}.
   *
   * @throws TargetSelectionException when a path does not exist or is in no target
   */
  public List<Target> select(List<String> paths, Path cwd) {
    List<Target> all = all();
    if (paths.isEmpty()) {
      return all;
    }
    Set<Target> chosen = new LinkedHashSet<>();
    for (String given : paths) {
      Path p = ManifestParser.realPath(cwd.resolve(given).normalize());
      if (!Files.exists(p)) {
        throw new TargetSelectionException(given + ": no such file or directory");
      }
      Optional<Target> owner = all.stream()
          .filter(t -> p.startsWith(ManifestParser.realPath(t.dir())))
          .max(Comparator.comparingInt(t -> t.dir().getNameCount()));
      if (owner.isEmpty()) {
        // name the folder as the repository knows it: "." from Argo CD's working directory
        // says nothing in a sync log
        String shown = p.startsWith(repoRoot) && !p.equals(repoRoot) ? id(p) : given;
        throw new TargetSelectionException(shown + ": not a target: give a folder under "
            + "overlays/ with a kustomization (not a Component) or a folder under clusters/"
            + (all.isEmpty() ? "" : " (targets: " + String.join(", ",
                all.stream().map(Target::id).toList()) + ")"));
      }
      chosen.add(owner.get());
    }
    return all.stream().filter(chosen::contains).toList();
  }

  private String id(Path dir) {
    return repoRoot.relativize(dir).toString().replace('\\', '/');
  }

  private static boolean isComponent(Path dir) {
    try {
      return Kustomization.readDir(dir).map(k -> "Component".equals(k.kind())).orElse(false);
    } catch (KustomizationException e) {
      return false; // not readable: a target whose rendering will say what is wrong
    }
  }
}
