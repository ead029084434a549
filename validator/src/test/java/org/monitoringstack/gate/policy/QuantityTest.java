package org.monitoringstack.gate.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QuantityTest {

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource({
      "500m, 0.5",
      "1, 1",
      "1.5, 1.5",
      "1000m, 1",
      "128Mi, 134217728",
      "4Gi, 4294967296",
      "1G, 1000000000",
      "1k, 1000",
      "1Ki, 1024",
      "1e3, 1000",
      "100u, 0.0001",
      "2Ti, 2199023255552"
  })
  void parses_value_when_quantity_is_valid(String text, String value) {
    assertEquals(0, new BigDecimal(value).compareTo(Quantity.parse(text).value()), text);
  }

  @ParameterizedTest(name = "{0} < {1}")
  @CsvSource({"999m, 1", "1G, 1Gi", "4095Mi, 4Gi", "199m, 0.2", "50G, 50Gi"})
  void orders_by_value_when_units_differ(String smaller, String larger) {
    assertTrue(Quantity.parse(smaller).isLessThan(Quantity.parse(larger)));
  }

  @ParameterizedTest(name = "''{0}'' is rejected")
  @ValueSource(strings = {"", "4 Gi", "4GB", "Gi", "1.2.3", "-"})
  void rejects_text_when_not_a_quantity(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Quantity.parse(text));
    assertEquals("'" + text + "' is not a Kubernetes quantity", e.getMessage());
  }

  @ParameterizedTest(name = "number {0}")
  @ValueSource(ints = {0, 1, 2})
  void accepts_yaml_numbers_when_parsing(int n) {
    assertEquals(0, BigDecimal.valueOf(n).compareTo(Quantity.parse(n).value()));
  }
}
