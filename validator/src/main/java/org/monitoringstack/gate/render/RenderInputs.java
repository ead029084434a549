package org.monitoringstack.gate.render;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.monitoringstack.gate.yaml.SafeYaml;

/**
 * The files a {@code kustomize build} of a folder reads: every file under every kustomization
 * folder it reaches (through {@code resources}, {@code components} and the like), and every file
 * any kustomization names (patches, generator sources). Empty when the build reads something
 * that is not a file of this repository (a remote base, a path outside it): such a build is
 * never cached.
 */
final class RenderInputs {

  /** A kustomize remote base written as {@code host.domain/org/repo//path}. */
  private static final String REMOTE_HOST = "^[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+/.*";

  private final Path repoRoot;

  RenderInputs(Path repoRoot) {
    this.repoRoot = ManifestParser.realPath(repoRoot);
  }

  /** The sorted input files of a build of {@code dir}, or empty when it cannot be cached. */
  Optional<List<Path>> of(Path dir) {
    Set<Path> files = new TreeSet<>();
    try {
      return walk(ManifestParser.realPath(dir), files, new HashSet<>())
          ? Optional.of(List.copyOf(files)) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // unreadable or malformed: the build reports it, uncached
    }
  }

  private boolean walk(Path dir, Set<Path> files, Set<Path> visited) throws IOException {
    if (!dir.startsWith(repoRoot)) {
      return false;
    }
    if (!visited.add(dir)) {
      return true;
    }
    Optional<Path> kustomization = SourceScan.kustomizationFile(dir);
    if (kustomization.isEmpty()) {
      return true; // kustomize fails; nothing to cache then anyway
    }
    try (Stream<Path> all = Files.walk(dir)) {
      all.filter(Files::isRegularFile).map(ManifestParser::realPath).forEach(files::add);
    }
    List<Object> docs = SafeYaml.loadAll(Files.readString(kustomization.get(),
        StandardCharsets.UTF_8));
    if (docs.isEmpty() || !(docs.get(0) instanceof Map<?, ?> k)) {
      return true;
    }
    if (k.containsKey("helmCharts") || k.containsKey("helmGlobals")) {
      return false; // charts come from elsewhere
    }
    for (String list : List.of("resources", "components", "bases")) {
      for (String s : strings(k.get(list), new java.util.ArrayList<>())) {
        if (s.contains("://") || s.contains("?ref=") || s.startsWith("git@")
            || (s.matches(REMOTE_HOST) && !Files.exists(dir.resolve(s)))) {
          return false; // a remote base
        }
      }
    }
    for (String s : strings(k, new java.util.ArrayList<>())) {
      for (String candidate : s.contains("=") ? List.of(s, s.substring(s.indexOf('=') + 1))
          : List.of(s)) {
        if (candidate.isBlank() || candidate.contains("\n")) {
          continue;
        }
        Path p;
        try {
          p = dir.resolve(candidate).normalize();
        } catch (java.nio.file.InvalidPathException e) {
          continue;
        }
        if (!Files.exists(p) || candidate.equals(".")) {
          continue;
        }
        Path real = ManifestParser.realPath(p);
        if (!real.startsWith(repoRoot)) {
          return false;
        }
        if (Files.isDirectory(real)) {
          if (!walk(real, files, visited)) {
            return false;
          }
        } else {
          files.add(real);
        }
      }
    }
    return true;
  }

  private static List<String> strings(Object node, List<String> out) {
    if (node instanceof String s) {
      out.add(s);
    } else if (node instanceof Map<?, ?> m) {
      m.values().forEach(v -> strings(v, out));
    } else if (node instanceof List<?> l) {
      l.forEach(v -> strings(v, out));
    }
    return out;
  }
}
