package org.monitoringstack.gate.policy.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.monitoringstack.gate.policy.ParsedYaml;

class AlertRoutingTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiterString = " => ", value = {
      "severity=\"critical\" => severity = critical",
      "severity=critical => severity = critical",
      "alertname!~\"Watchdog|InfoInhibitor\" => alertname !~ Watchdog|InfoInhibitor",
      "{team=~\"db.*\", env!=dev} => team =~ db.*; env != dev",
  })
  void parses_matchers(String text, String expected) {
    assertEquals(expected, String.join("; ", AlertRouting.parseMatchers(text).stream()
        .map(m -> m.name() + " " + m.op() + " " + m.value()).toList()));
  }

  @Test
  void routes_with_first_match_continue_and_inherited_receivers() {
    AlertRouting routing = AlertRouting.of(ParsedYaml.load(String.join("\n",
        "route:",
        "  receiver: default",
        "  routes:",
        "    - matchers: [team=db]",
        "      continue: true",
        "      routes: [{matchers: [severity=critical], receiver: db-pager}]",
        "    - matchers: ['severity=~\"crit.*\"']",
        "      receiver: pager",
        "    - matchers: [severity=critical]",
        "      receiver: never",
        "receivers: [{name: default}, {name: db-pager}, {name: pager}, {name: never}]")));
    assertEquals(List.of("route.routes.0.routes.0", "route.routes.1"), paths(routing,
        Map.of("team", "db", "severity", "critical")));
    assertEquals(List.of("route.routes.0"), paths(routing, Map.of("team", "db")));
    assertEquals("default", routing.route(Map.of("team", "db")).get(0).receiver());
    assertEquals(List.of("route"), paths(routing, Map.of("severity", "warning")));
  }

  private static List<String> paths(AlertRouting routing, Map<String, String> labels) {
    return routing.route(labels).stream().map(AlertRouting.Route::path).toList();
  }
}
