package org.monitoringstack.gate.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileIdentityTest {

  @Test
  void changes_when_a_binary_is_replaced_at_the_same_path(@TempDir Path tmp) throws Exception {
    Path bin = Files.writeString(tmp.resolve("kustomize"), "v1");
    String first = FileIdentity.of(bin);
    assertTrue(first.startsWith(bin.toRealPath() + "|2|"), first);
    Files.writeString(bin, "v2 build");
    assertNotEquals(first, FileIdentity.of(bin), "another binary at the same path");
  }

  @Test
  void names_a_missing_file(@TempDir Path tmp) {
    Path none = tmp.resolve("amtool");
    assertEquals(none + "|missing", FileIdentity.of(none));
    assertEquals(Optional.empty(), FileIdentity.find(none));
  }

  @Test
  void identifies_the_validator_build_the_same_way_twice() {
    String build = FileIdentity.codeOf(FileIdentity.class);
    assertEquals(build, FileIdentity.codeOf(FileIdentity.class));
    assertTrue(build.matches("[0-9a-f]{64}|.*\\|\\d+\\|\\d+"), build);
  }
}
