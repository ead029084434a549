package org.monitoringstack.gate.pipeline;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.monitoringstack.gate.exec.SystemProcessRunner;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.model.Target;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckRegistry;
import org.monitoringstack.gate.policy.PolicySet;

/**
 * Remembers the policy findings of a target in the git-ignored {@code .cache/policy-results/},
 * keyed by everything the checks can see: the target, its rendered objects (content and source
 * location), every source file of the repository (the {@code policies/} folder, and the
 * kustomizations and patches the source locator reads), the validator build and its check IDs,
 * and the amtool the toolchain uses. A target seen before skips every check; any other target runs them
 * all. Waivers are applied afterwards to cached and fresh findings alike, so expiry dates stay
 * current. A cache that cannot be read or written is ignored.
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
    Objects.requireNonNull(repoRoot, "repoRoot");
    Objects.requireNonNull(identity, "identity");
    // hashing the build and the repository overlaps with resolving the tools and rendering
    this.base = CompletableFuture.supplyAsync(() -> identity.get() + "|" + sourcesDigest(repoRoot),
        task -> {
          Thread t = new Thread(task, "policy-cache-key");
          t.setDaemon(true);
          t.start();
        });
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
    Optional<List<Finding>> cached = store.read(key);
    if (cached.isPresent()) {
      return cached.get();
    }
    List<Finding> findings = inner.evaluate(target, resources);
    if (findings.stream().noneMatch(Finding::isWaived)) {
      store.write(key, findings);
    }
    return findings;
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
    MessageDigest digest = sha256();
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
    files.add(root.resolve("validator/toolchain.properties"));
    files.sort(null);
    for (Path file : files) {
      update(digest, root.relativize(file).toString());
      try {
        byte[] content = Files.readAllBytes(file);
        update(digest, Integer.toString(content.length));
        digest.update(content);
      } catch (IOException e) {
        update(digest, "missing");
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /**
   * This build of the validator (its jar, or the files of its classes folder when run from an IDE
   * or a test: path, size and modification time), the IDs of its checks, and the amtool a check
   * runs.
   */
  static String buildIdentity(Path repoRoot) {
    MessageDigest digest = sha256();
    update(digest, codeIdentity());
    try {
      for (Check check : CheckRegistry.all(repoRoot, new SystemProcessRunner())) {
        update(digest, check.id());
      }
    } catch (RuntimeException e) {
      update(digest, "no-registry");
    }
    update(digest, toolIdentity(repoRoot, "amtool"));
    return HexFormat.of().formatHex(digest.digest());
  }

  private static String codeIdentity() {
    CodeSource source = PolicyResultCache.class.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return "unknown:" + System.nanoTime(); // never matches
    }
    MessageDigest digest = sha256();
    try {
      Path code = Path.of(source.getLocation().toURI());
      if (Files.isRegularFile(code)) {
        // the jar: every build writes a new one (reading its entries would cost ~25 ms a run)
        update(digest, code.toRealPath() + "|" + Files.size(code) + "|"
            + Files.getLastModifiedTime(code).toMillis());
      } else {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(code)) {
          files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
          update(digest, code.relativize(f) + "|" + Files.size(f) + "|"
              + Files.getLastModifiedTime(f).toMillis());
        }
      }
    } catch (IOException | URISyntaxException | RuntimeException e) {
      return "unknown:" + System.nanoTime();
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /**
   * The binary a check runs, as the toolchain finds it: the override variable ({@code
   * AMTOOL_BIN}) or {@code .tools/bin/<name>} (real path, size, modification time), and the pins
   * file that says which version it must be.
   */
  private static String toolIdentity(Path repoRoot, String name) {
    String override = System.getenv(name.toUpperCase(java.util.Locale.ROOT) + "_BIN");
    Path binary = override != null && !override.isBlank() ? Path.of(override.strip())
        : repoRoot.resolve(org.monitoringstack.gate.toolchain.Toolchain.TOOLS_BIN).resolve(name);
    StringBuilder id = new StringBuilder();
    try {
      Path real = binary.toRealPath();
      id.append(real).append('|').append(Files.size(real)).append('|')
          .append(Files.getLastModifiedTime(real).toMillis());
    } catch (IOException e) {
      id.append(name).append(": none");
    }
    try {
      id.append('|').append(Files.readString(
          repoRoot.resolve(org.monitoringstack.gate.toolchain.Toolchain.PINS_FILE)));
    } catch (IOException e) {
      id.append("|no pins");
    }
    return id.toString();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void update(MessageDigest digest, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
    digest.update((byte) ':');
    digest.update(bytes);
  }
}
