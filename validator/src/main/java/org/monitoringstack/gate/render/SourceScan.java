package org.monitoringstack.gate.render;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.monitoringstack.gate.yaml.SafeYaml;

/**
 * Reads the YAML files a kustomization uses (its own file, resources, components, patches,
 * transformers, generators...) through the safe loader before kustomize runs, following
 * folders inside the repository. kustomize expands alias bombs (gigabytes of memory) and names
 * neither file nor true line for duplicate keys; this finds them first, with file and line.
 * A remote base (a URL, {@code host.domain/org/repo//path}, {@code ?ref=}) is an issue too, at
 * its kustomization line: the gate fetches nothing, so kustomize never gets to fetch it.
 * Thread-safe; each file is checked once per run.
 */
final class SourceScan {

  /** A kustomize remote base written as {@code host.domain/org/repo//path} or {@code git@...}. */
  private static final String REMOTE_HOST = "^([A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+/|git@).*";

  static final List<String> KUSTOMIZATION_FILES =
      List.of("kustomization.yaml", "kustomization.yml", "Kustomization");

  private static final List<String> FILE_LISTS = List.of(
      "resources", "components", "bases", "patchesStrategicMerge", "crds", "configurations",
      "transformers", "generators", "validators");
  private static final List<String> PATH_LISTS = List.of(
      "patches", "patchesJson6902", "replacements");

  /** A YAML problem in a repository file, or ({@code remote}) a remote base it lists. */
  record Issue(Path file, SafeYaml.Problem problem, boolean remote) {}

  private final Path repoRoot;
  private final Map<Path, Optional<SafeYaml.Problem>> checked = new ConcurrentHashMap<>();

  SourceScan(Path repoRoot) {
    this.repoRoot = ManifestParser.realPath(repoRoot);
  }

  /** The first problem among the files the kustomization in {@code dir} uses. */
  Optional<Issue> scan(Path dir) {
    return scanDir(ManifestParser.realPath(dir), new HashSet<>());
  }

  static Optional<Path> kustomizationFile(Path dir) {
    for (String name : KUSTOMIZATION_FILES) {
      Path p = dir.resolve(name);
      if (Files.isRegularFile(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  private Optional<Issue> scanDir(Path dir, Set<Path> visited) {
    if (!visited.add(dir) || !dir.startsWith(repoRoot)) {
      return Optional.empty();
    }
    Optional<Path> file = kustomizationFile(dir);
    if (file.isEmpty()) {
      return Optional.empty();
    }
    Optional<Issue> own = check(file.get());
    if (own.isPresent()) {
      return own;
    }
    Map<?, ?> kustomization;
    try {
      List<Object> docs = SafeYaml.loadAll(Files.readString(file.get(), StandardCharsets.UTF_8));
      if (docs.isEmpty() || !(docs.get(0) instanceof Map<?, ?> m)) {
        return Optional.empty();
      }
      kustomization = m;
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    for (String entry : entries(kustomization)) {
      if (isRemote(dir, entry)) {
        return Optional.of(new Issue(file.get(), new SafeYaml.Problem("remote base '" + entry
            + "': the gate does not fetch remote bases (it reads nothing from the web)",
            KustomizeErrors.lineContaining(file.get(), entry)), true));
      }
      Path p = dir.resolve(entry).normalize();
      Path real = ManifestParser.realPath(p);
      if (!real.startsWith(repoRoot)) {
        continue;
      }
      Optional<Issue> issue = Files.isDirectory(real)
          ? scanDir(real, visited)
          : Files.isRegularFile(real) && isYaml(real) ? check(real) : Optional.empty();
      if (issue.isPresent()) {
        return issue;
      }
    }
    return Optional.empty();
  }

  /** A URL or {@code host/org/repo} that is not a file or folder here. */
  private static boolean isRemote(Path dir, String entry) {
    if (!(entry.contains("://") || entry.contains("?ref=") || entry.matches(REMOTE_HOST))) {
      return false;
    }
    try {
      return !Files.exists(dir.resolve(entry));
    } catch (java.nio.file.InvalidPathException e) {
      return true;
    }
  }

  private static List<String> entries(Map<?, ?> kustomization) {
    List<String> out = new ArrayList<>();
    for (String key : FILE_LISTS) {
      if (kustomization.get(key) instanceof List<?> list) {
        list.stream().filter(String.class::isInstance).map(String.class::cast).forEach(out::add);
      }
    }
    for (String key : PATH_LISTS) {
      if (kustomization.get(key) instanceof List<?> list) {
        for (Object item : list) {
          if (item instanceof Map<?, ?> m && m.get("path") instanceof String s) {
            out.add(s);
          }
        }
      }
    }
    return out;
  }

  private static boolean isYaml(Path p) {
    String name = p.getFileName().toString();
    return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
  }

  private Optional<Issue> check(Path file) {
    Path real = ManifestParser.realPath(file);
    return checked.computeIfAbsent(real, SourceScan::checkFile)
        .map(p -> new Issue(real, p, false));
  }

  private static Optional<SafeYaml.Problem> checkFile(Path file) {
    try {
      return SafeYaml.check(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Optional.empty(); // unreadable: kustomize will say so
    }
  }
}
