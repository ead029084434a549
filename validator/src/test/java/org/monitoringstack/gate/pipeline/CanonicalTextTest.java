package org.monitoringstack.gate.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.monitoringstack.gate.model.ObjectRef;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.model.SourceLocation;

class CanonicalTextTest {

  static String digest(Object spec, String file, int line) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("kind", "ConfigMap");
    body.put("data", spec);
    return new CanonicalText().add("format").add(List.of(new Resource(
        new ObjectRef("v1", "ConfigMap", "monitoring", "x"), body,
        new SourceLocation(file, line)))).digest();
  }

  @Test
  void gives_the_same_digest_when_the_objects_are_equal() {
    assertEquals(digest(Map.of("a", "1"), "f.yaml", 1), digest(Map.of("a", "1"), "f.yaml", 1));
    assertEquals(64, digest(Map.of(), "f.yaml", 1).length());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"number or text", "boolean or text", "null or text",
      "list or map", "key boundary", "other line", "other file"})
  void gives_another_digest_when_anything_differs(String change) {
    List<String> pair = switch (change) {
      case "number or text" -> List.of(digest(Map.of("a", "1"), "f", 1),
          digest(Map.of("a", 1), "f", 1));
      case "boolean or text" -> List.of(digest(Map.of("a", "true"), "f", 1),
          digest(Map.of("a", true), "f", 1));
      case "null or text" -> List.of(digest(Map.of("a", "~"), "f", 1),
          digest(nullValue(), "f", 1));
      case "list or map" -> List.of(digest(Map.of("a", "1"), "f", 1),
          digest(List.of("a", "1"), "f", 1));
      case "key boundary" -> List.of(digest(Map.of("a", "1"), "f", 1),
          digest(Map.of("a1", ""), "f", 1));
      case "other line" -> List.of(digest(Map.of("a", "1"), "f", 1),
          digest(Map.of("a", "1"), "f", 2));
      case "other file" -> List.of(digest(Map.of("a", "1"), "f", 1),
          digest(Map.of("a", "1"), "g", 1));
      default -> throw new IllegalArgumentException(change);
    };
    assertNotEquals(pair.get(0), pair.get(1));
  }

  private static Map<String, Object> nullValue() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("a", null);
    return m;
  }

  @Test
  void tells_string_parts_apart_when_their_boundaries_differ() {
    assertNotEquals(new CanonicalText().add("ab").add("c").digest(),
        new CanonicalText().add("a").add("bc").digest());
  }
}
