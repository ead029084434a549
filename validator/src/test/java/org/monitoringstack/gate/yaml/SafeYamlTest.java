package org.monitoringstack.gate.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.monitoringstack.gate.yaml.SafeYaml.Scalars;

class SafeYamlTest {

  // --- loading like Kubernetes (manifests, kustomizations, rendered output) ---

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

  @Test
  void refuses_nesting_deeper_than_the_limit() {
    String deep = "[".repeat(SafeYaml.MAX_NESTING + 1) + "]".repeat(SafeYaml.MAX_NESTING + 1);
    assertTrue(SafeYaml.check("a: " + deep + "\n").isPresent());
    String fine = "[".repeat(10) + "]".repeat(10);
    assertTrue(SafeYaml.check("a: " + fine + "\n").isEmpty());
  }

  @Test
  void points_at_the_line_of_a_flow_nesting_bomb() {
    String deep = "[".repeat(SafeYaml.MAX_NESTING + 1) + "]".repeat(SafeYaml.MAX_NESTING + 1);
    SafeYaml.Problem p = SafeYaml.check("a: 1\nb: 2\nc: " + deep + "\nd: 4\n").orElseThrow();
    assertEquals(new SafeYaml.Problem("nested more than 100 levels deep; refusing what looks like"
        + " a nesting bomb", 3), p);
  }

  @Test
  void points_at_the_line_of_a_block_nesting_bomb_when_composing() {
    StringBuilder text = new StringBuilder("kind: Profile\nchecks:\n");
    for (int i = 0; i < SafeYaml.MAX_NESTING + 5; i++) {
      text.append("  ".repeat(i + 1)).append("k").append(i).append(":\n");
    }
    text.append("  ".repeat(SafeYaml.MAX_NESTING + 6)).append("v: 1\n");
    SafeYaml.YamlException e = assertThrows(SafeYaml.YamlException.class,
        () -> SafeYaml.composeAll(text.toString(), Scalars.CORE));
    assertTrue(e.getMessage().startsWith("nested more than 100 levels deep"), e.getMessage());
    // the limit is passed around the 100th level, a few lines before the deepest one
    assertTrue(e.line() > 95 && e.line() <= 108, "line " + e.line());
  }

  @Test
  void points_at_the_line_and_column_of_a_nul_byte() {
    SafeYaml.Problem p = SafeYaml.check("a: 1\nb: x\u0000y\n").orElseThrow();
    assertEquals(new SafeYaml.Problem("character U+0000 is not allowed in YAML (column 5)", 2), p);
    SafeYaml.YamlException e = assertThrows(SafeYaml.YamlException.class,
        () -> SafeYaml.composeAll("a: 1\n\u00e9: 2\nc: \u0007\n", Scalars.CORE));
    assertEquals("character U+0007 is not allowed in YAML (column 4)", e.getMessage());
    assertEquals(3, e.line());
  }

  @ParameterizedTest(name = "{0} stays a {1}")
  @CsvSource({
    "'d: 2024-01-01', java.lang.String",
    "'d: 42', java.lang.Integer",
    "'d: true', java.lang.Boolean",
    "'d: on', java.lang.Boolean",
    "'d: \"42\"', java.lang.String"
  })
  void resolves_scalars_like_kubernetes_when_loading(String yaml, String type) {
    Object value = ((Map<?, ?>) SafeYaml.loadAll(yaml).get(0)).get("d");
    assertEquals(type, value.getClass().getName());
  }

  @Test
  void keeps_off_as_a_word_when_loading_core_schema() {
    assertEquals(Map.of("severity", "off"),
        SafeYaml.loadAll("severity: off\n", Scalars.CORE).get(0));
    assertEquals(Map.of("severity", false), SafeYaml.load("severity: off\n"));
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

  @Test
  void refuses_several_documents_when_loading_one() {
    assertThrows(org.yaml.snakeyaml.error.YAMLException.class,
        () -> SafeYaml.load("a: 1\n---\nb: 2\n"));
  }

  // --- composing node trees (policy files, kustomizations and patches for line numbers) ---

  @Test
  void keeps_off_yes_and_dates_as_text_when_reading_core_schema() {
    Object plain = SafeYaml.toPlain(SafeYaml.composeOne(
        "a: off\nb: yes\nc: 2026-01-31\nd: true\ne: 3\nf: 1.5\ng: ~\nh: '3'\n", Scalars.CORE));
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("a", "off");
    expected.put("b", "yes");
    expected.put("c", "2026-01-31");
    expected.put("d", true);
    expected.put("e", 3);
    expected.put("f", 1.5);
    expected.put("g", null);
    expected.put("h", "3");
    assertEquals(expected, plain);
  }

  @Test
  void reads_yes_and_off_as_booleans_when_composing_like_kubernetes() {
    assertEquals(Map.of("a", true, "b", false, "c", "2026-01-31"), SafeYaml.toPlain(
        SafeYaml.composeOne("a: yes\nb: off\nc: 2026-01-31\n", Scalars.KUBERNETES)));
  }

  @Test
  void rejects_duplicate_keys_with_their_line() {
    SafeYaml.YamlException e = assertThrows(SafeYaml.YamlException.class,
        () -> SafeYaml.composeAll("a: 1\nb:\n  c: 1\n  c: 2\n", Scalars.CORE));
    assertEquals("duplicate key 'c'", e.getMessage());
    assertEquals(4, e.line());
    assertEquals(new SafeYaml.Problem("duplicate key 'c'", 4), SafeYaml.describe(e, ""));
  }

  @Test
  void rejects_custom_tags_when_composing() {
    SafeYaml.YamlException e = assertThrows(SafeYaml.YamlException.class,
        () -> SafeYaml.toPlain(SafeYaml.composeOne("a: !!javax.script.ScriptEngineManager []\n",
            Scalars.CORE)));
    assertTrue(e.getMessage().contains("not allowed") || e.getMessage().contains("Global tag"),
        e.getMessage());
  }

  @Test
  void reports_several_documents_when_one_is_expected() {
    SafeYaml.YamlException e = assertThrows(SafeYaml.YamlException.class,
        () -> SafeYaml.composeOne("a: 1\n---\nb: 2\n", Scalars.CORE));
    assertEquals("expected exactly one YAML document, found 2", e.getMessage());
  }

  @Test
  void drops_empty_documents_when_composing_a_stream() {
    assertEquals(2, SafeYaml.composeAll("---\na: 1\n---\n---\nb: [1]\n", Scalars.CORE).size());
    assertEquals(List.of(1), ((Map<?, ?>) SafeYaml.toPlain(
        SafeYaml.composeAll("---\nb: [1]\n", Scalars.CORE).get(0))).get("b"));
  }

  @Test
  void gives_the_line_of_a_node_and_finds_entries_by_key() {
    var doc = SafeYaml.composeOne("a: 1\nmetadata:\n  name: x\n", Scalars.CORE);
    var metadata = SafeYaml.entry(doc, "metadata");
    assertEquals("metadata", SafeYaml.keyOf(metadata));
    assertEquals(2, SafeYaml.line(metadata.getKeyNode()));
    assertEquals(3, SafeYaml.line(SafeYaml.entry(metadata.getValueNode(), "name").getKeyNode()));
    assertEquals(null, SafeYaml.entry(doc, "missing"));
  }
}
