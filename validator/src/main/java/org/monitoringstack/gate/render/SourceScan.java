package org.monitoringstack.gate.render;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

  /**
   * What an issue is: unreadable YAML, a remote base, a path outside the repository, or one back
   * to a kustomization that includes this one.
   */
  enum Kind { YAML, REMOTE, OUTSIDE, CYCLE }

  /** A problem of a repository file, or of an entry (at its line) of a kustomization. */
  record Issue(Path file, SafeYaml.Problem problem, Kind kind) {}

  private final Path repoRoot;
  private final Map<Path, Optional<SafeYaml.Problem>> checked = new ConcurrentHashMap<>();

  SourceScan(Path repoRoot) {
    this.repoRoot = ManifestParser.realPath(repoRoot);
  }

  /** The first problem among the files the kustomization in {@code dir} uses. */
  Optional<Issue> scan(Path dir) {
    return scanDir(ManifestParser.realPath(dir), new HashSet<>(), new ArrayList<>());
  }

  /** {@code chain}: the folders whose kustomizations led here, to tell a cycle from a diamond. */
  private Optional<Issue> scanDir(Path dir, Set<Path> visited, List<Path> chain) {
    if (!visited.add(dir) || !dir.startsWith(repoRoot)) {
      return Optional.empty();
    }
    chain.add(dir);
    try {
      return Kustomization.find(dir).flatMap(file -> scanKustomization(file, dir, visited, chain));
    } finally {
      chain.remove(chain.size() - 1);
    }
  }

  private Optional<Issue> scanKustomization(Path file, Path dir, Set<Path> visited,
      List<Path> chain) {
    Optional<Issue> own = check(file);
    if (own.isPresent()) {
      return own;
    }
    Kustomization kustomization;
    try {
      kustomization = Kustomization.read(file);
    } catch (KustomizationException e) {
      return Optional.empty();
    }
    for (Kustomization.Entry ref : references(kustomization)) {
      String entry = ref.value();
      if (ref.isRemote(dir)) {
        return issue(file, ref, Kind.REMOTE, "remote base '" + entry
            + "': the gate does not fetch remote bases (it reads nothing from the web)");
      }
      Path real = ManifestParser.realPath(dir.resolve(entry).normalize());
      if (!real.startsWith(repoRoot) && Files.exists(real)) {
        return issue(file, ref, Kind.OUTSIDE, "'" + entry + "' is outside the repository ("
            + real + "): a kustomization may use only files of this repository, which is all"
            + " Argo CD and Flux sync");
      }
      if (!real.startsWith(repoRoot)) {
        continue; // kustomize says it does not exist
      }
      if (chain.contains(real)) {
        return issue(file, ref, Kind.CYCLE, "'" + entry + "' leads back to "
            + (real.equals(repoRoot) ? "." : repoRoot.relativize(real))
            + ", whose kustomization includes this one: a cycle kustomize cannot build");
      }
      Optional<Issue> issue = Files.isDirectory(real)
          ? scanDir(real, visited, chain)
          : Files.isRegularFile(real) && isYaml(real) ? check(real) : Optional.empty();
      if (issue.isPresent()) {
        return issue;
      }
    }
    return Optional.empty();
  }

  private static Optional<Issue> issue(Path file, Kustomization.Entry ref, Kind kind,
      String message) {
    return Optional.of(new Issue(file, new SafeYaml.Problem(message, ref.line()), kind));
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
    return p.getFileName().toString().matches(".*\\.(yaml|yml|json)");
  }

  private Optional<Issue> check(Path file) {
    Path real = ManifestParser.realPath(file);
    return checked.computeIfAbsent(real, SourceScan::checkFile)
        .map(p -> new Issue(real, p, Kind.YAML));
  }

  private static Optional<SafeYaml.Problem> checkFile(Path file) {
    try {
      return SafeYaml.check(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Optional.empty(); // unreadable: kustomize will say so
    }
  }
}
