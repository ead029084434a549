package org.monitoringstack.gate.render;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.monitoringstack.gate.kustomization.Kustomization;
import org.monitoringstack.gate.kustomization.KustomizationException;
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

  private Optional<Issue> scanDir(Path dir, Set<Path> visited) {
    if (!visited.add(dir) || !dir.startsWith(repoRoot)) {
      return Optional.empty();
    }
    Optional<Path> file = Kustomization.find(dir);
    if (file.isEmpty()) {
      return Optional.empty();
    }
    Optional<Issue> own = check(file.get());
    if (own.isPresent()) {
      return own;
    }
    Kustomization kustomization;
    try {
      kustomization = Kustomization.read(file.get());
    } catch (KustomizationException e) {
      return Optional.empty();
    }
    for (Kustomization.Entry ref : references(kustomization)) {
      String entry = ref.value();
      if (ref.isRemote(dir)) {
        return Optional.of(new Issue(file.get(), new SafeYaml.Problem("remote base '" + entry
            + "': the gate does not fetch remote bases (it reads nothing from the web)",
            ref.line()), true));
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

  /** The files and folders a kustomization names, in the order kustomize reads them. */
  private static List<Kustomization.Entry> references(Kustomization k) {
    return Stream.of(k.resources(), k.components(), k.bases(), paths(k.patchesStrategicMerge()),
        k.crds(), k.configurations(), k.transformers(), k.generators(), k.validators(),
        paths(k.patches()), paths(k.patchesJson6902()), k.replacements())
        .flatMap(List::stream).toList();
  }

  private static List<Kustomization.Entry> paths(List<Kustomization.Patch> patches) {
    return patches.stream().map(Kustomization.Patch::path).filter(Objects::nonNull).toList();
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
