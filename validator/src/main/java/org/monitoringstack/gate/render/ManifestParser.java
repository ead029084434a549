package org.monitoringstack.gate.render;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.ObjectRef;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.model.Severity;
import org.monitoringstack.gate.model.SourceLocation;
import org.monitoringstack.gate.model.Target;
import org.monitoringstack.gate.yaml.SafeYaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Parses kustomize's output (a multi-document YAML stream) into {@link Resource}s. Each object's
 * source file comes from kustomize's {@code config.kubernetes.io/origin} annotation (paths
 * relative to the folder kustomize built, {@code originBase}), made relative to the repository
 * root; its line is where the object's document starts in that file. The annotation, and an
 * annotations map it leaves empty, are stripped from the object. Thread-safe: source files are
 * read once and cached.
 */
public final class ManifestParser {

  /** The annotation kustomize writes for {@code buildMetadata: [originAnnotations]}. */
  public static final String ORIGIN = "config.kubernetes.io/origin";

  private final Path repoRoot;
  private final Map<Path, List<DocStart>> documents = new ConcurrentHashMap<>();

  public ManifestParser(Path repoRoot) {
    this.repoRoot = realPath(Objects.requireNonNull(repoRoot, "repoRoot"));
  }

  /**
   * The parsed objects, or a {@code render.yaml} finding when the stream exceeds a limit of the
   * safe loader (size, aliases, nesting).
   */
  public record Parsed(List<Resource> resources, List<Finding> findings) {
    public Parsed {
      resources = List.copyOf(resources);
      findings = List.copyOf(findings);
    }
  }

  /**
   * @param stream kustomize's stdout
   * @param originBase the folder kustomize built: origin paths are relative to it
   * @throws NotManifests when the stream is not YAML or holds a document that is not an object
   */
  public Parsed parse(Target target, String stream, Path originBase) {
    List<Object> docs;
    try {
      docs = SafeYaml.loadAll(stream);
    } catch (MarkedYAMLException e) {
      // kustomize always prints well-formed YAML: a syntax error is the binary's, not the input's
      throw new NotManifests(outputProblem(e, stream));
    } catch (YAMLException e) {
      // a limit (size, aliases, nesting): the input is too big or hostile
      return new Parsed(List.of(), List.of(yamlFinding(target, SourceLocation.of(target.id()),
          "kustomize output is not readable YAML: " + outputProblem(e, stream))));
    }
    List<Resource> out = new ArrayList<>();
    for (Object doc : docs) {
      if (doc == null) {
        continue;
      }
      if (!(doc instanceof Map<?, ?> raw)) {
        throw new NotManifests("a document that is not an object: " + abbreviate(doc));
      }
      out.add(toResource(raw, originBase));
    }
    return new Parsed(out, List.of());
  }

  private static String outputProblem(YAMLException e, String stream) {
    SafeYaml.Problem p = SafeYaml.describe(e, stream);
    return p.message() + (p.line() > 0 ? " (output line " + p.line() + ")" : "");
  }

  /**
   * The output is not a YAML stream of objects (a syntax error, a scalar document): kustomize
   * never prints that, so the binary is not a working kustomize. The message says what was wrong.
   */
  static final class NotManifests extends RuntimeException {
    NotManifests(String message) {
      super(message);
    }
  }

  @SuppressWarnings("unchecked")
  private Resource toResource(Map<?, ?> raw, Path originBase) {
    Map<String, Object> body = new LinkedHashMap<>();
    raw.forEach((k, v) -> body.put(String.valueOf(k), v));
    String origin = null;
    if (body.get("metadata") instanceof Map<?, ?> metadata) {
      Map<String, Object> meta = new LinkedHashMap<>((Map<String, Object>) metadata);
      if (meta.get("annotations") instanceof Map<?, ?> annotations) {
        Map<String, Object> ann = new LinkedHashMap<>((Map<String, Object>) annotations);
        Object value = ann.remove(ORIGIN);
        origin = value == null ? null : String.valueOf(value);
        if (ann.isEmpty()) {
          meta.remove("annotations");
        } else {
          meta.put("annotations", ann);
        }
      }
      body.put("metadata", meta);
    }
    ObjectRef ref = new ObjectRef(
        str(body.get("apiVersion")),
        str(body.get("kind")),
        str(Resource.at(body, "metadata.namespace").orElse(null)),
        str(Resource.at(body, "metadata.name").orElse(null)));
    return new Resource(ref, body, locate(ref, origin, originBase));
  }

  /** The repository file (and line) an object came from, from its origin annotation. */
  SourceLocation locate(ObjectRef ref, String origin, Path originBase) {
    if (origin == null || origin.isBlank()) {
      return SourceLocation.UNKNOWN;
    }
    Map<?, ?> fields;
    try {
      List<Object> parsed = SafeYaml.loadAll(origin);
      if (parsed.isEmpty() || !(parsed.get(0) instanceof Map<?, ?> m)) {
        return SourceLocation.UNKNOWN;
      }
      fields = m;
    } catch (YAMLException e) {
      return SourceLocation.UNKNOWN;
    }
    if (fields.get("repo") != null) {
      // a remote base: not a file of this repository
      return SourceLocation.of(str(fields.get("repo")) + "//" + str(fields.get("path")));
    }
    if (fields.get("path") != null) {
      Path file = originBase.resolve(str(fields.get("path"))).normalize();
      return inRepo(file)
          .map(rel -> new SourceLocation(rel, lineOfObject(file, ref)))
          .orElse(SourceLocation.of(str(fields.get("path"))));
    }
    if (fields.get("configuredIn") != null) {
      Path file = originBase.resolve(str(fields.get("configuredIn"))).normalize();
      return inRepo(file)
          .map(rel -> new SourceLocation(rel, lineOfGenerator(file, ref.name())))
          .orElse(SourceLocation.of(str(fields.get("configuredIn"))));
    }
    return SourceLocation.UNKNOWN;
  }

  private Optional<String> inRepo(Path file) {
    Path real = realPath(file);
    if (!real.startsWith(repoRoot)) {
      return Optional.empty();
    }
    return Optional.of(repoRoot.relativize(real).toString().replace('\\', '/'));
  }

  private record DocStart(String kind, String name, int line) {}

  private int lineOfObject(Path file, ObjectRef ref) {
    List<DocStart> docs = documents.computeIfAbsent(realPath(file), ManifestParser::readStarts);
    for (DocStart d : docs) {
      if (d.kind().equals(ref.kind()) && d.name().equals(ref.name())) {
        return d.line();
      }
    }
    // a name prefix or suffix from the overlay: the one document of that kind whose name is in it
    List<DocStart> candidates = docs.stream()
        .filter(d -> d.kind().equals(ref.kind()) && !d.name().isEmpty()
            && ref.name().contains(d.name()))
        .toList();
    if (candidates.size() == 1) {
      return candidates.get(0).line();
    }
    return docs.size() == 1 ? docs.get(0).line() : 0;
  }

  /** The line of the generator ({@code name: x}) whose output is {@code x-<hash>} or {@code x}. */
  private int lineOfGenerator(Path file, String renderedName) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return 0;
    }
    String[] lines = text.split("\n", -1);
    int best = 0;
    int bestLength = 0;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].trim();
      if (line.startsWith("- ")) {
        line = line.substring(2).trim();
      }
      if (!line.startsWith("name:")) {
        continue;
      }
      String name = line.substring(5).trim().replaceAll("^[\"']|[\"']$", "");
      if (!name.isEmpty() && renderedName.contains(name) && name.length() > bestLength) {
        best = i + 1;
        bestLength = name.length();
      }
    }
    return best;
  }

  private static List<DocStart> readStarts(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      return SafeYaml.composeAll(text, SafeYaml.Scalars.KUBERNETES).stream()
          .filter(MappingNode.class::isInstance).map(MappingNode.class::cast)
          .map(map -> new DocStart(scalar(map, "kind"), nestedName(map),
              map.getStartMark().getLine() + 1))
          .toList();
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }

  private static String nestedName(MappingNode map) {
    NodeTuple metadata = SafeYaml.entry(map, "metadata");
    return metadata == null ? "" : scalar(metadata.getValueNode(), "name");
  }

  /** The text under {@code key} ({@link SafeYaml#composeAll} rejects duplicate keys). */
  private static String scalar(Node map, String key) {
    NodeTuple t = SafeYaml.entry(map, key);
    return t != null && t.getValueNode() instanceof ScalarNode v ? v.getValue() : "";
  }

  static Finding yamlFinding(Target target, SourceLocation where, String message) {
    return Finding.of("render.yaml", Severity.ERROR, "", target.id(), ObjectRef.NONE, where,
        message, "fix the YAML so that it loads with a strict parser (no duplicate keys, "
            + "no alias bombs)");
  }

  private static String str(Object o) {
    return o == null ? "" : String.valueOf(o);
  }

  private static String abbreviate(Object o) {
    String s = SafeYaml.oneLine(String.valueOf(o));
    return s.length() > 60 ? s.substring(0, 60) + "..." : s;
  }

  static Path realPath(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException e) {
      return p.toAbsolutePath().normalize();
    }
  }
}
