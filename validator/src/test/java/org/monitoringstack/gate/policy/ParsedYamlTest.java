package org.monitoringstack.gate.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParsedYamlTest {

  @ParameterizedTest(name = "{0} is true: {1}, false: {2}")
  @CsvSource({
      "true, true, false", "True, true, false", "TRUE, true, false", "yes, true, false",
      "On, true, false", "false, false, true", "False, false, true", "off, false, true",
      "tRuE, false, false", "1, false, false", "'', false, false", "' true', false, false"})
  void reads_text_as_yaml_reads_a_plain_scalar_when_judging_a_boolean(String text, boolean isTrue,
      boolean isFalse) {
    assertEquals(isTrue, ParsedYaml.isTrue(text));
    assertEquals(isFalse, ParsedYaml.isFalse(text));
  }

  @ParameterizedTest(name = "a parsed {0}")
  @CsvSource({"key: true, true", "key: True, true", "key: yes, true", "key: 'true', true",
      "key: false, false", "key: 1, false", "key: , false"})
  void is_true_for_a_parsed_yaml_true_when_reading_a_manifest(String yaml, boolean expected) {
    assertEquals(expected, ParsedYaml.isTrue(ParsedYaml.map(ParsedYaml.load(yaml)).get("key")));
  }
}
