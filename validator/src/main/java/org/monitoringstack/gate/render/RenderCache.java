package org.monitoringstack.gate.render;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.monitoringstack.gate.model.SourceLocation;

/**
 * kustomize's output for a folder, cached under the git-ignored {@code .cache/render/} and keyed
 * by the content of every input file, the folder, and the kustomize binary. Building with origin
 * annotations costs kustomize about ten times a plain build, so a warm run reads the cache
 * instead. Only successful builds are cached. A cache that cannot be written is skipped.
 */
final class RenderCache {

  /** Bump when the cached format or what goes into a build changes. */
  private static final String FORMAT = "render-cache-1";

  private static final String HEADER = "# gitops-validate render cache; wrapper: ";

  /**
   * A cached build: kustomize's stdout, the folder its origin paths are relative to, and the
   * source location of each object in order (so a hit need not read the source files).
   */
  record Entry(String stdout, Path originBase, List<SourceLocation> sources) {
    Entry {
      sources = List.copyOf(sources);
    }
  }

  private final Path dir;
  private final Path repoRoot;
  private final RenderInputs inputs;

  RenderCache(Path repoRoot) {
    this.repoRoot = ManifestParser.realPath(repoRoot);
    this.dir = this.repoRoot.resolve(".cache/render");
    this.inputs = new RenderInputs(this.repoRoot);
  }

  /** The cache key of a build of {@code target}, empty when it is not cacheable. */
  Optional<String> key(Path target, Path kustomize) {
    Optional<List<Path>> files = inputs.of(target);
    if (files.isEmpty()) {
      return Optional.empty();
    }
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      update(digest, FORMAT);
      update(digest, repoRoot.toString());
      update(digest, ManifestParser.realPath(target).toString());
      Path tool = ManifestParser.realPath(kustomize);
      update(digest, tool + ":" + Files.size(tool) + ":" + Files.getLastModifiedTime(tool));
      for (Path f : files.get()) {
        update(digest, repoRoot.relativize(f).toString());
        try (InputStream in = Files.newInputStream(f)) {
          byte[] buffer = new byte[8192];
          for (int n; (n = in.read(buffer)) > 0; ) {
            digest.update(buffer, 0, n);
          }
        }
        digest.update((byte) 0);
      }
      return Optional.of(HexFormat.of().formatHex(digest.digest()));
    } catch (IOException | NoSuchAlgorithmException e) {
      return Optional.empty();
    }
  }

  Optional<Entry> get(String key) {
    Path file = dir.resolve(key + ".yaml");
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      int newline = text.indexOf('\n');
      if (!text.startsWith(HEADER) || newline < 0) {
        return Optional.empty();
      }
      List<SourceLocation> sources = new java.util.ArrayList<>();
      Path sidecar = dir.resolve(key + ".sources");
      if (Files.isRegularFile(sidecar)) {
        for (String line : Files.readAllLines(sidecar, StandardCharsets.UTF_8)) {
          int tab = line.indexOf('\t');
          if (tab > 0) {
            sources.add(new SourceLocation(line.substring(tab + 1),
                Integer.parseInt(line.substring(0, tab))));
          }
        }
      }
      return Optional.of(new Entry(text.substring(newline + 1),
          Path.of(text.substring(HEADER.length(), newline)), sources));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  void put(String key, Entry entry) {
    try {
      Files.createDirectories(dir);
      StringBuilder sources = new StringBuilder();
      entry.sources().forEach(l -> sources.append(l.line()).append('\t').append(l.file())
          .append('\n'));
      Path sidecar = Files.createTempFile(dir, key, ".tmp");
      Files.writeString(sidecar, sources, StandardCharsets.UTF_8);
      Files.move(sidecar, dir.resolve(key + ".sources"), StandardCopyOption.REPLACE_EXISTING);
      Path temp = Files.createTempFile(dir, key, ".tmp");
      Files.writeString(temp, HEADER + entry.originBase() + "\n" + entry.stdout(),
          StandardCharsets.UTF_8);
      try {
        Files.move(temp, dir.resolve(key + ".yaml"), StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, dir.resolve(key + ".yaml"), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      // a read-only checkout: run without the cache
    }
  }

  private static void update(MessageDigest digest, String s) {
    digest.update(s.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) 0);
  }
}
