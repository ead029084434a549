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

  @Test
  void identifies_the_validator_by_its_render_and_model_classes_when_keying_the_cache() {
    String build = GateFactory.validatorBuild();
    org.junit.jupiter.api.Assertions.assertTrue(build.matches("validator [0-9a-f]{64}"), build);
    assertEquals(build, GateFactory.validatorBuild(), "the same classes: the same identity");
  }

  @Test
  void identifies_kustomize_by_version_and_binary_when_keying_the_cache(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
    java.nio.file.Path bin = java.nio.file.Files.writeString(tmp.resolve("kustomize"), "v1");
    String first = GateFactory.kustomizeIdentity(bin, "v5.8.2");
    org.junit.jupiter.api.Assertions.assertTrue(first.startsWith("v5.8.2|" + bin.toRealPath()
        + "|2|"), first);
    java.nio.file.Files.writeString(bin, "v2 build");
    org.junit.jupiter.api.Assertions.assertNotEquals(first,
        GateFactory.kustomizeIdentity(bin, "v5.8.2"), "another binary at the same path");
  }
}
