package org.monitoringstack.gate.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SafeYamlTest {

  @Test
  void reports_duplicate_key_with_line_when_a_key_repeats() {
    SafeYaml.Problem p = SafeYaml.check("a: 1\nb:\n  c: 2\n  c: 3\n").orElseThrow();
    assertEquals(4, p.line());
    assertTrue(p.message().contains("found duplicate key c"), p.message());
  }

  @Test
  void refuses_alias_bomb_and_points_at_first_anchor() {
    StringBuilder bomb = new StringBuilder("kind: Bomb\nspec:\n  a: &a [x, x, x]\n");
    String prev = "a";
    for (char c = 'b'; c <= 'j'; c++) {
      bomb.append("  ").append(c).append(": &").append(c).append(" [");
      bomb.append(String.join(",", java.util.Collections.nCopies(9, "*" + prev))).append("]\n");
      prev = String.valueOf(c);
    }
    SafeYaml.Problem p = SafeYaml.check(bomb.toString()).orElseThrow();
    assertEquals(3, p.line());
    assertTrue(p.message().startsWith("too many aliases (more than 50 collections"), p.message());
  }

  @Test
  void reports_malformed_yaml_with_line_and_column() {
    SafeYaml.Problem p = SafeYaml.check("data:\n  a: [unclosed\n  b: c\n").orElseThrow();
    assertEquals(3, p.line());
    assertTrue(p.message().contains("expected ',' or ']'"), p.message());
  }

  @ParameterizedTest(name = "{0} stays a {1}")
  @CsvSource({
    "'d: 2024-01-01', java.lang.String",
    "'d: 42', java.lang.Integer",
    "'d: true', java.lang.Boolean",
    "'d: \"42\"', java.lang.String"
  })
  void resolves_scalars_like_kubernetes_when_loading(String yaml, String type) {
    Object value = ((Map<?, ?>) SafeYaml.loadAll(yaml).get(0)).get("d");
    assertEquals(type, value.getClass().getName());
  }

  @Test
  void refuses_custom_tags_when_loading() {
    assertTrue(SafeYaml.check("a: !!javax.script.ScriptEngineManager [x]\n").isPresent());
  }

  @Test
  void loads_every_document_when_stream_has_several() {
    assertEquals(List.of(Map.of("a", 1), Map.of("b", 2)),
        SafeYaml.loadAll("a: 1\n---\nb: 2\n").stream().filter(d -> d != null).toList());
  }
}
