package org.monitoringstack.gate.kustomization;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.monitoringstack.gate.yaml.SafeYaml;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One {@code kustomization.yaml} (or {@code Component}): the fields the gate needs, each file
 * reference with its 1-based line in {@link #file}. Entries that are not text are left out;
 * {@code helmCharts} are kept only to be noted (the gate renders no charts). Missing fields are
 * empty lists or null.
 */
public record Kustomization(
    Path file, String kind, List<Entry> resources, List<Entry> bases, List<Entry> components,
    List<Patch> patches, List<Patch> patchesStrategicMerge, List<Patch> patchesJson6902,
    List<Generator> configMapGenerator, List<Generator> secretGenerator,
    List<Entry> replacements, List<Entry> crds, List<Entry> configurations,
    List<Entry> generators, List<Entry> transformers, List<Entry> validators, Entry openapi,
    List<HelmChart> helmCharts, String helmChartHome, String namespace, String namePrefix,
    String nameSuffix, List<Image> images) {

  /** The file names kustomize looks for in a kustomization folder, in its order. */
  public static final List<String> FILE_NAMES =
      List.of("kustomization.yaml", "kustomization.yml", "Kustomization");

  /** A remote base written as {@code host.domain/org/repo//path}. */
  private static final Pattern REMOTE_HOST =
      Pattern.compile("^[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+/.*");

  /** A text value of the file and the line it is on (0 when unknown). */
  public record Entry(String value, int line) {

    /** A remote reference by its form alone: a URL, {@code git@...} or a {@code ?ref=}. */
    public boolean isRemoteForm() {
      return value.contains("://") || value.startsWith("git@") || value.contains("?ref=");
    }

    /** Remote by form, or {@code host.domain/org/repo} that is no file or folder in {@code dir}. */
    public boolean isRemote(Path dir) {
      if (isRemoteForm()) {
        return true;
      }
      try {
        return REMOTE_HOST.matcher(value).matches() && !Files.exists(dir.resolve(value));
      } catch (InvalidPathException e) {
        return true;
      }
    }
  }

  /** A patch: a file ({@code path}) or inline text ({@code inline}), and its target (or null). */
  public record Patch(Entry path, Entry inline, Map<String, Object> target) {}

  /** A configMapGenerator/secretGenerator: {@code files} (path after any {@code key=}), envs. */
  public record Generator(List<Entry> files, List<Entry> envs) {

    /** The generator fields of a mapping (a kustomization's generator, a plugin's config). */
    public static Generator of(Node node) {
      List<Entry> files = entries(node, "files").stream()
          .map(e -> new Entry(e.value().substring(e.value().indexOf('=') + 1), e.line())).toList();
      List<Entry> envs = new ArrayList<>(entries(node, "envs"));
      Optional.ofNullable(text(node, "env")).ifPresent(envs::add);
      return new Generator(files, List.copyOf(envs));
    }
  }

  /** A Helm chart entry: its values files. */
  public record HelmChart(String name, Entry valuesFile, List<Entry> additionalValuesFiles) {}

  /** An {@code images} entry. */
  public record Image(String name, String newName, String newTag, String digest) {}

  /** The kustomization file of a folder, in kustomize's order of names. */
  public static Optional<Path> find(Path dir) {
    return FILE_NAMES.stream().map(dir::resolve).filter(Files::isRegularFile).findFirst();
  }

  /** Reads the kustomization of a folder; empty when there is none. */
  public static Optional<Kustomization> readDir(Path dir) throws KustomizationException {
    Optional<Path> file = find(dir);
    return file.isEmpty() ? Optional.empty() : Optional.of(read(file.get()));
  }

  /** Reads one kustomization file. */
  public static Kustomization read(Path file) throws KustomizationException {
    try {
      return parse(file, Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new KustomizationException(file, "cannot read: " + e.getMessage(), 0);
    }
  }

  /** Parses the text of a kustomization file. */
  public static Kustomization parse(Path file, String text) throws KustomizationException {
    Node k;
    try {
      k = SafeYaml.composeOne(text, SafeYaml.Scalars.CORE);
    } catch (SafeYaml.YamlException e) {
      throw new KustomizationException(file, e.getMessage(), e.line());
    }
    if (!(k instanceof org.yaml.snakeyaml.nodes.MappingNode)) {
      throw new KustomizationException(file, "a kustomization is a mapping", SafeYaml.line(k));
    }
    Entry home = text(value(k, "helmGlobals"), "chartHome");
    return new Kustomization(file, string(k, "kind"), entries(k, "resources"), entries(k, "bases"),
        entries(k, "components"), patches(k, "patches"), patches(k, "patchesStrategicMerge"),
        patches(k, "patchesJson6902"), generators(k, "configMapGenerator"),
        generators(k, "secretGenerator"),
        items(k, "replacements").stream().map(r -> text(r, "path")).filter(e -> e != null).toList(),
        entries(k, "crds"), entries(k, "configurations"), entries(k, "generators"),
        entries(k, "transformers"), entries(k, "validators"), text(value(k, "openapi"), "path"),
        items(k, "helmCharts").stream().map(c -> new HelmChart(string(c, "name"),
            text(c, "valuesFile"), entries(c, "additionalValuesFiles"))).toList(),
        home == null ? "charts" : home.value(), string(k, "namespace"), string(k, "namePrefix"),
        string(k, "nameSuffix"), items(k, "images").stream().map(i -> new Image(string(i, "name"),
            string(i, "newName"), string(i, "newTag"), string(i, "digest"))).toList());
  }

  private static List<Patch> patches(Node k, String key) {
    List<Patch> out = new ArrayList<>();
    for (Node item : items(k, key)) {
      Entry e = entry(item);
      if (e != null) { // patchesStrategicMerge: a path or text
        out.add(e.value().contains("\n") ? new Patch(null, e, null) : new Patch(e, null, null));
      } else if (!(item instanceof ScalarNode)) {
        Node target = value(item, "target");
        @SuppressWarnings("unchecked")
        Map<String, Object> selector =
            target != null && SafeYaml.toPlain(target) instanceof Map<?, ?> m
                ? Collections.unmodifiableMap((Map<String, Object>) m) : null;
        out.add(new Patch(text(item, "path"), text(item, "patch"), selector));
      }
    }
    return List.copyOf(out);
  }

  private static List<Generator> generators(Node k, String key) {
    return items(k, key).stream().map(Generator::of).toList();
  }

  private static Node value(Node map, String key) {
    NodeTuple t = SafeYaml.entry(map, key);
    return t == null ? null : t.getValueNode();
  }

  private static List<Node> items(Node map, String key) {
    return value(map, key) instanceof SequenceNode seq ? seq.getValue() : List.of();
  }

  private static boolean isNull(ScalarNode s) {
    return Tag.NULL.equals(s.getTag());
  }

  private static Entry text(Node map, String key) {
    return entry(value(map, key));
  }

  /** A text node as an entry; null for anything else. */
  private static Entry entry(Node node) {
    return node instanceof ScalarNode s && !isNull(s) ? new Entry(s.getValue(), SafeYaml.line(s))
        : null;
  }

  private static String string(Node map, String key) {
    Entry e = text(map, key);
    return e == null ? null : e.value();
  }

  private static List<Entry> entries(Node map, String key) {
    return items(map, key).stream().map(Kustomization::entry).filter(Objects::nonNull).toList();
  }
}
