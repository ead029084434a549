/**
 * The one way the validator reads YAML: {@link org.monitoringstack.gate.yaml.SafeYaml}, SnakeYAML
 * behind its safe constructor with limits on aliases, nesting and size, duplicate keys rejected,
 * and node marks kept for line numbers. A bottom layer like {@code model} and {@code exec}: it
 * depends on nothing else in the validator, and every stage may use it.
 */
package org.monitoringstack.gate.yaml;
