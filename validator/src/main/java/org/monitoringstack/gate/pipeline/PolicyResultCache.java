package org.monitoringstack.gate.pipeline;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.monitoringstack.gate.cache.Digest;
import org.monitoringstack.gate.cache.FileIdentity;
import org.monitoringstack.gate.exec.SystemProcessRunner;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.model.Target;
import org.monitoringstack.gate.policy.check.CheckRegistry;
import org.monitoringstack.gate.policy.PolicySet;
import org.monitoringstack.gate.toolchain.Toolchain;

/**
 * Remembers the policy findings of a target in the git-ignored {@code .cache/policy-results/},
 * keyed by everything the checks can see: the target, its rendered objects (content and source
 * location), every source file of the repository (the {@code policies/} folder, and the
 * kustomizations and patches the source locator reads), the validator build and its check IDs,
 * and the amtool and promtool the toolchain uses. A target seen before skips every check; any
 * other target runs them all. Waivers are applied afterwards to cached and fresh findings alike,
 * so expiry dates stay current. A cache that cannot be read or written is ignored.
 */
final class PolicyResultCache implements PolicySet {

  private static final String FORMAT = "policy-results-1";

  /** Folders of the repository whose files no check reads (tools, caches, the validator). */
  private static final List<String> SKIPPED = List.of("validator", "target", "reports",
      "node_modules");

  private final PolicySet inner;
  private final FindingStore store;
  private final CompletableFuture<String> base;

  /**
   * @param inner the policies that evaluate a miss (and answer everything else)
   * @param repoRoot the repository whose source files are part of every key
   * @param dir where entries are kept
   * @param identity the validator build and its environment, worked out in the background
   */
  PolicyResultCache(PolicySet inner, Path repoRoot, Path dir, Supplier<String> identity) {
    this.inner = Objects.requireNonNull(inner, "inner");
    this.store = new FindingStore(dir);
    // hashing the build and the repository overlaps with resolving the tools and rendering
    this.base = CompletableFuture.supplyAsync(() -> identity.get() + "|" + sourcesDigest(repoRoot),
        task -> Gate.daemon("policy-cache-key").newThread(task).start());
  }

  /** The cache the real gate uses: keyed by this build of the validator and its checks. */
  static PolicySet standard(PolicySet inner, Path repoRoot) {
    return new PolicyResultCache(inner, repoRoot, repoRoot.resolve(".cache/policy-results"),
        () -> buildIdentity(repoRoot));
  }

  @Override
  public Optional<String> profileFor(Target target) {
    return inner.profileFor(target);
  }

  @Override
  public List<Finding> evaluate(Target target, List<Resource> resources) {
    String key;
    try {
      key = key(target, resources);
    } catch (RuntimeException e) {
      return inner.evaluate(target, resources); // no key, no cache
    }
    return store.read(key).orElseGet(() -> {
      List<Finding> findings = inner.evaluate(target, resources);
      if (findings.stream().noneMatch(Finding::isWaived)) {
        store.write(key, findings);
      }
      return findings;
    });
  }

  @Override
  public WaiverOutcome applyWaivers(List<Finding> findings, List<Target> targetsRun,
      LocalDate today) {
    return inner.applyWaivers(findings, targetsRun, today);
  }

  String key(Target target, List<Resource> resources) {
    return new CanonicalText().add(FORMAT).add(base.join()).add(target.id())
        .add(target.kind().name()).add(target.dir().toString()).add(resources).digest();
  }

  /**
   * Every source file of the repository, path and content: the {@code policies/} folder and
   * whatever a check or the source locator may read besides the rendered objects. Hidden folders
   * (.git, .cache, .tools) and the validator's own folder are skipped, except its pins.
   */
  static String sourcesDigest(Path repoRoot) {
    Digest digest = new Digest();
    Path root = repoRoot.toAbsolutePath().normalize();
    List<Path> files = new ArrayList<>();
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
          String name = d.getFileName() == null ? "" : d.getFileName().toString();
          return !d.equals(root) && (name.startsWith(".") || SKIPPED.contains(name))
              ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
          if (attrs.isRegularFile()) {
            files.add(f);
          }
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException | RuntimeException e) {
      return "unreadable:" + System.nanoTime(); // never matches: no cache this run
    }
    files.add(root.resolve(Toolchain.PINS_FILE));
    files.sort(null);
    files.forEach(file -> digest.add(root.relativize(file).toString()).addFile(file));
    return digest.hex();
  }

  /**
   * This build of the validator ({@link FileIdentity#codeOf}), the IDs of its checks, and the
   * tools checks run (amtool, promtool): each the override variable ({@code AMTOOL_BIN}) or
   * {@code .tools/bin/<tool>}. The pins file that says which version they must be is one of the
   * {@link #sourcesDigest sources}.
   */
  static String buildIdentity(Path repoRoot) {
    Digest digest = new Digest().add(FileIdentity.codeOf(PolicyResultCache.class));
    try {
      CheckRegistry.all(repoRoot, new SystemProcessRunner()).forEach(c -> digest.add(c.id()));
    } catch (RuntimeException e) {
      digest.add("no-registry");
    }
    for (String tool : List.of("amtool", "promtool")) {
      String override = System.getenv(tool.toUpperCase(java.util.Locale.ROOT) + "_BIN");
      digest.add(FileIdentity.of(override != null && !override.isBlank()
          ? Path.of(override.strip()) : repoRoot.resolve(Toolchain.TOOLS_BIN).resolve(tool)));
    }
    return digest.hex();
  }
}
