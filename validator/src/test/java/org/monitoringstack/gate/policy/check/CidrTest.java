package org.monitoringstack.gate.policy.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

  @ParameterizedTest(name = "{0} within {1}: {2}")
  @CsvSource({
      "10.10.0.0/24,    10.10.0.0/16,  true",
      "10.10.0.0/16,    10.10.0.0/16,  true",
      "10.10.0.0/15,    10.10.0.0/16,  false",
      "10.11.0.0/24,    10.10.0.0/16,  false",
      "0.0.0.0/0,       10.0.0.0/8,    false",
      "10.0.0.0/8,      0.0.0.0/0,     true",
      "192.168.100.7/32, 192.168.100.0/24, true",
      "fd00:1::/64,     fd00::/16,     true",
      "fd00:1::/64,     10.0.0.0/8,    false",
  })
  void tells_whether_a_block_is_inside_another(String inner, String outer, boolean within) {
    assertEquals(within, Cidr.parse(inner).orElseThrow().within(Cidr.parse(outer).orElseThrow()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.0", "10.0.0.0/33", "example.com/24", "10.0.0.0/x", ""})
  void rejects_text_that_is_not_a_block(String text) {
    assertTrue(Cidr.parse(text).isEmpty());
  }
}
