package org.monitoringstack.gate.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PromDurationTest {

  @ParameterizedTest(name = "{0} = {1} ms")
  @CsvSource({
      "30s, 30000",
      "15d, 1296000000",
      "2w, 1209600000",
      "1h30m, 5400000",
      "500ms, 500",
      "1y, 31536000000",
      "1d12h, 129600000"
  })
  void parses_length_when_duration_is_valid(String text, long millis) {
    assertEquals(Duration.ofMillis(millis), PromDuration.parse(text).duration());
  }

  @ParameterizedTest(name = "''{0}'' is rejected")
  @ValueSource(strings = {"", "15", "15 days", "1m1h", "30S", "1.5h", "-1s"})
  void rejects_text_when_not_a_duration(String text) {
    assertTrue(PromDuration.tryParse(text).isEmpty());
  }

  @ParameterizedTest(name = "{0} < {1}")
  @CsvSource({"14d23h, 15d", "29s, 30s", "5000ms, 30s", "24h, 15d"})
  void orders_by_length_when_units_differ(String shorter, String longer) {
    assertTrue(PromDuration.parse(shorter).isShorterThan(PromDuration.parse(longer)));
  }
}
