package org.monitoringstack.gate.policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.monitoringstack.gate.model.ObjectRef;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.model.SourceLocation;
import org.monitoringstack.gate.model.Target;
import org.monitoringstack.gate.yaml.SafeYaml;
import org.yaml.snakeyaml.nodes.Node;

/** Test helpers: policy fixtures as Resources, the repository root, a production target. */
public final class PolicyFixtures {

  /** Root of the policy fixtures; fixture sources are relative to it, as repo files are. */
  public static final Path ROOT = Path.of("src/test/resources/fixtures/policy").toAbsolutePath();

  /** The repository root (tests run in validator/). */
  public static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  public static final Target PRODUCTION =
      new Target("overlays/production", Target.Kind.OVERLAY, REPO.resolve("overlays/production"));

  private PolicyFixtures() {}

  /** Every document of a fixture file as a Resource whose source is that file and line. */
  @SuppressWarnings("unchecked")
  public static List<Resource> resources(String relative) {
    String text;
    try {
      text = Files.readString(ROOT.resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Resource> out = new ArrayList<>();
    for (Node doc : SafeYaml.composeAll(text, SafeYaml.Scalars.CORE)) {
      Map<String, Object> body = (Map<String, Object>) SafeYaml.toPlain(doc);
      Map<String, Object> meta = (Map<String, Object>) body.getOrDefault("metadata", Map.of());
      out.add(new Resource(
          new ObjectRef(str(body.get("apiVersion")), str(body.get("kind")),
              str(meta.get("namespace")), str(meta.get("name"))),
          body, new SourceLocation(relative, SafeYaml.line(doc))));
    }
    return out;
  }

  private static String str(Object o) {
    return o == null ? "" : String.valueOf(o);
  }
}
