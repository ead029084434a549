package org.monitoringstack.gate.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SafeYamlTest {

  @Test
  void keeps_off_yes_and_dates_as_text_when_reading_core_schema() {
    Object plain = SafeYaml.toPlain(SafeYaml.composeOne(
        "a: off\nb: yes\nc: 2026-01-31\nd: true\ne: 3\nf: 1.5\ng: ~\nh: '3'\n"));
    Map<String, Object> expected = new java.util.LinkedHashMap<>();
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
  void rejects_duplicate_keys_with_their_line() {
    SafeYaml.YamlException e = assertThrows(SafeYaml.YamlException.class,
        () -> SafeYaml.composeAll("a: 1\nb:\n  c: 1\n  c: 2\n"));
    assertEquals("duplicate key 'c'", e.getMessage());
    assertEquals(4, e.line());
  }

  @Test
  void rejects_custom_tags_when_composing() {
    SafeYaml.YamlException e = assertThrows(SafeYaml.YamlException.class,
        () -> SafeYaml.toPlain(SafeYaml.composeOne("a: !!javax.script.ScriptEngineManager []\n")));
    assertTrue(e.getMessage().contains("not allowed") || e.getMessage().contains("Global tag"),
        e.getMessage());
  }

  @Test
  void reports_several_documents_when_one_is_expected() {
    SafeYaml.YamlException e = assertThrows(SafeYaml.YamlException.class,
        () -> SafeYaml.composeOne("a: 1\n---\nb: 2\n"));
    assertEquals("expected exactly one YAML document, found 2", e.getMessage());
  }

  @Test
  void drops_empty_documents_when_composing_a_stream() {
    assertEquals(2, SafeYaml.composeAll("---\na: 1\n---\n---\nb: [1]\n").size());
    assertEquals(List.of(1), ((Map<?, ?>) SafeYaml.toPlain(
        SafeYaml.composeAll("---\nb: [1]\n").get(0))).get("b"));
  }
}
