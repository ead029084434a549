package org.monitoringstack.gate.policy.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlertmanagerConfigsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiterString = " => ", value = {
      "slack_api_url: '{{ .slack_url }}' => slack_api_url: 'https://placeholder.invalid/secret'",
      "  smtp_smarthost: {{ .host }} =>   smtp_smarthost: smtp.placeholder.invalid:587",
      "- {to: \"{{ .mail }}\", send_resolved: true}"
          + " => - {to: \"alerts@placeholder.invalid\", send_resolved: true}",
      "webhook_configs: [{url: '{{ .dms }}'}]"
          + " => webhook_configs: [{url: 'https://placeholder.invalid/secret'}]",
      "routing_key: '{{ .key | toString }}' => routing_key: 'placeholder'",
      "api_url: https://hooks.example.invalid/{{ .path }}"
          + " => api_url: https://hooks.example.invalid/placeholder",
      "text: '{{ \"{{\" }} .CommonAnnotations.summary {{ \"}}\" }}'"
          + " => text: '{{ .CommonAnnotations.summary }}'",
      "title: '{{ `{{` }} .Status {{ `}}` }} {{ .env }}' => title: '{{ .Status }} placeholder'",
  })
  void substitutes_placeholders_by_valid_dummies_and_unescapes_braces(String template,
      String expected) {
    assertEquals(expected, AlertmanagerConfigs.substitute(template));
  }
}
