package org.monitoringstack.gate.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class GoRuntimeTest {

  @Test
  void relaxes_the_go_collector_when_the_user_did_not_tune_it() {
    assertEquals(Map.of("GOGC", "800", "GOMEMLIMIT", "1GiB"),
        GoRuntime.forEnvironment(Map.of("PATH", "/usr/bin")));
  }

  @Test
  void leaves_the_users_own_settings_alone_when_they_are_set() {
    assertEquals(Map.of("GOMEMLIMIT", "1GiB"), GoRuntime.forEnvironment(Map.of("GOGC", "50")));
    assertEquals(Map.of(), GoRuntime.forEnvironment(Map.of("GOGC", "off", "GOMEMLIMIT", "2GiB")));
  }
}
