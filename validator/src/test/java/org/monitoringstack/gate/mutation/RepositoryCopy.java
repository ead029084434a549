package org.monitoringstack.gate.mutation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

/**
 * A throw-away copy of what the gate reads from the repository ({@code base/}, {@code overlays/},
 * {@code clusters/}, {@code policies/}, the tool pins), so that it can be mutated and gated
 * without touching the real repository. The real repository's generated schema catalog is linked
 * in (never generated again), and the copy's render and schema-result caches are links to
 * caches shared by every copy under the same parent: a copy made again at the same place with
 * the same content (the next run of the suite) is not rendered again.
 */
final class RepositoryCopy {

  static final List<String> FOLDERS = List.of("base", "overlays", "clusters", "fleet", "policies");
  static final String PINS = "validator/toolchain.properties";
  static final String WRAPPERS = "validator/tools";
  static final String CATALOG = ".cache/schemas";
  /** The gate's caches in a copy, each linked to {@code <parent>/.<name>}. */
  static final List<String> SHARED_CACHES = List.of("render", "schema-results");

  private RepositoryCopy() {}

  /**
   * Copies {@code repo} into {@code parent/name} (replacing what is there); returns the copy's
   * root.
   */
  static Path of(Path repo, Path parent, String name) {
    try {
      Path root = parent.resolve(name);
      if (Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        delete(root);
      }
      Files.createDirectories(root);
      for (String folder : FOLDERS) {
        copyTree(repo.resolve(folder), root.resolve(folder));
      }
      Files.createDirectories(root.resolve(PINS).getParent());
      Files.copy(repo.resolve(PINS), root.resolve(PINS));
      copyTree(repo.resolve(WRAPPERS), root.resolve(WRAPPERS)); // the pins read their go.mod
      Files.createDirectories(root.resolve(CATALOG).getParent());
      Files.createSymbolicLink(root.resolve(CATALOG), repo.resolve(CATALOG).toAbsolutePath());
      for (String cache : SHARED_CACHES) {
        Path shared = Files.createDirectories(parent.resolve("." + cache));
        Files.createSymbolicLink(root.resolve(".cache").resolve(cache), shared.toAbsolutePath());
      }
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the mutation file and lists it in its folder's kustomization. */
  static void apply(Path root, Mutation m) {
    Path folder = root.resolve(m.folder());
    Path kustomization = folder.resolve("kustomization.yaml");
    try {
      if (m.edit() == Mutation.Edit.REPLACE) {
        Path file = folder.resolve(m.selector());
        String[] change = m.content().split(" => ", 2);
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (!text.contains(change[0])) {
          throw new IllegalStateException(m.name() + ": " + m.selector() + " has no '"
              + change[0] + "'");
        }
        Files.writeString(file, text.replace(change[0], change[1]), StandardCharsets.UTF_8);
        return;
      }
      Files.writeString(folder.resolve(Mutation.FILE), m.content(), StandardCharsets.UTF_8);
      Map<String, Object> doc = load(Files.readString(kustomization, StandardCharsets.UTF_8));
      if (m.edit() == Mutation.Edit.RESOURCE) {
        list(doc, "resources").add(Mutation.FILE);
      } else {
        Map<String, Object> patch = new LinkedHashMap<>();
        patch.put("path", Mutation.FILE);
        if (!m.selector().isEmpty()) {
          String[] s = m.selector().split("/", -1);
          Map<String, Object> target = new LinkedHashMap<>();
          if (!s[0].isEmpty()) {
            target.put("group", s[0]);
          }
          target.put("version", s[1]);
          target.put("kind", s[2]);
          target.put("name", s[3]);
          patch.put("target", target);
        }
        list(doc, "patches").add(patch);
      }
      DumperOptions options = new DumperOptions();
      options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
      Files.writeString(kustomization,
          new Yaml(new SafeConstructor(new LoaderOptions()), new Representer(options), options)
              .dump(doc), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Removes a copy (the linked catalog is unlinked, never followed). */
  static void delete(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          // a leftover file in the temporary folder is harmless
        }
      });
    } catch (IOException e) {
      // idem
    }
  }

  /**
   * Keeps the {@code keep} newest entries of each shared cache under {@code parent} (an entry is
   * the files of one key, {@code <key>.*}): entries of copies whose content changed since are
   * never read again.
   */
  static void prune(Path parent, int keep) {
    for (String cache : SHARED_CACHES) {
      Path dir = parent.resolve("." + cache);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> files = Files.list(dir)) {
        Map<String, List<Path>> entries = files.filter(Files::isRegularFile)
            .collect(java.util.stream.Collectors.groupingBy(RepositoryCopy::key));
        List<List<Path>> old = entries.values().stream()
            .sorted(Comparator.comparing((List<Path> e) -> e.stream().map(RepositoryCopy::modified)
                .max(Comparator.naturalOrder()).orElseThrow()).reversed())
            .skip(keep).toList();
        for (List<Path> entry : old) {
          for (Path p : entry) {
            Files.deleteIfExists(p);
          }
        }
      } catch (IOException e) {
        // a cache that cannot be pruned only costs disk space
      }
    }
  }

  private static String key(Path file) {
    String name = file.getFileName().toString();
    int dot = name.indexOf('.');
    return dot < 0 ? name : name.substring(0, dot);
  }

  private static java.nio.file.attribute.FileTime modified(Path p) {
    try {
      return Files.getLastModifiedTime(p);
    } catch (IOException e) {
      return java.nio.file.attribute.FileTime.fromMillis(0);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> load(String text) {
    Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    if (!(doc instanceof Map<?, ?>)) {
      throw new IllegalStateException("kustomization is not a mapping");
    }
    return (Map<String, Object>) doc;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Map<String, Object> doc, String key) {
    Object value = doc.get(key);
    List<Object> out = value instanceof List<?> l ? new ArrayList<>((List<Object>) l)
        : new ArrayList<>();
    doc.put(key, out);
    return out;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    if (!Files.isDirectory(from)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path dest = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(p, dest, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }
}
