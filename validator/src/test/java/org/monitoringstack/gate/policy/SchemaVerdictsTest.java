package org.monitoringstack.gate.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaVerdictsTest {

  @TempDir Path dir;

  @Test
  void remembers_only_the_exact_text_and_kind_that_were_accepted() {
    SchemaVerdicts verdicts = new SchemaVerdicts(dir.resolve("v"));
    assertFalse(verdicts.accepted(PolicySchemas.Kind.PROFILE, "profile: kind\n"));

    verdicts.remember(PolicySchemas.Kind.PROFILE, "profile: kind\n");

    SchemaVerdicts next = new SchemaVerdicts(dir.resolve("v"));
    assertTrue(next.accepted(PolicySchemas.Kind.PROFILE, "profile: kind\n"));
    assertFalse(next.accepted(PolicySchemas.Kind.PROFILE, "profile: kind \n"));
    assertFalse(next.accepted(PolicySchemas.Kind.WAIVERS, "profile: kind\n"));
  }

  @Test
  void forgets_nothing_and_writes_nothing_when_the_folder_cannot_be_written() throws IOException {
    Files.writeString(dir.resolve("file"), "not a folder");
    SchemaVerdicts verdicts = new SchemaVerdicts(dir.resolve("file/v"));
    verdicts.remember(PolicySchemas.Kind.BINDINGS, "bindings: []\n");
    assertFalse(verdicts.accepted(PolicySchemas.Kind.BINDINGS, "bindings: []\n"));
  }

  @Test
  void reports_schema_problems_again_when_a_rejected_file_is_loaded_twice() throws IOException {
    Path repo = dir.resolve("repo");
    Files.createDirectories(repo.resolve("policies/profiles"));
    Files.writeString(repo.resolve("policies/profiles/kind.yaml"),
        "profile: kind\nchecks: {}\nunknown: 1\n");
    Files.writeString(repo.resolve("policies/bindings.yaml"),
        "bindings:\n  - {target: overlays/kind, profile: kind}\n");

    List<String> first = messages(repo);
    List<String> second = messages(repo);

    assertEquals(first, second);
    assertTrue(first.stream().anyMatch(m -> m.contains("does not match the profile schema")),
        first.toString());
    try (Stream<Path> verdicts = Files.list(repo.resolve(".cache/policy-schemas"))) {
      assertEquals(1, verdicts.count(), "only bindings.yaml was accepted");
    }
  }

  private static List<String> messages(Path repo) {
    return org.junit.jupiter.api.Assertions.assertThrows(PolicyFiles.InvalidFiles.class,
        () -> PolicyFiles.load(repo, List.of(), CheckContext.Locator.OBJECT_SOURCE))
        .problems().stream().map(f -> f.location().file() + ": " + f.message()).toList();
  }
}
