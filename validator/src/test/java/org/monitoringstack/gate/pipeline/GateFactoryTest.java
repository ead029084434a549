package org.monitoringstack.gate.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class GateFactoryTest {

  @Test
  void schema_built_in_background_throws_its_tool_exception_when_validating() {
    org.monitoringstack.gate.exec.ToolException noGo =
        new org.monitoringstack.gate.exec.ToolException("go not found: install Go 1.2x");
    org.monitoringstack.gate.schema.SchemaValidator schema = GateFactory.inBackground(() -> {
      throw noGo;
    });
    assertSame(noGo, assertThrows(org.monitoringstack.gate.exec.ToolException.class,
        () -> schema.validate(List.of())));
  }

  @Test
  void schema_built_in_background_validates_once_built() {
    org.monitoringstack.gate.schema.SchemaValidator schema =
        GateFactory.inBackground(() -> targets -> java.util.Map.of("overlays/kind", List.of()));
    assertEquals(java.util.Map.of("overlays/kind", List.of()), schema.validate(List.of()));
  }
}
