package org.monitoringstack.gate.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ContentStoreTest {

  private static final String KEY = Digest.of("a key");

  @TempDir Path dir;

  @Test
  void reads_back_what_it_wrote() {
    ContentStore store = new ContentStore(dir.resolve("store"));
    assertEquals(Optional.empty(), store.read(KEY));
    assertTrue(store.write(KEY, "retention: 15d\n"));
    assertEquals(Optional.of("retention: 15d\n"), store.read(KEY));
  }

  static Stream<Arguments> poisonings() {
    return Stream.<Arguments>of(
        Arguments.of("payload edited", (UnaryOperator<String>) s -> s.replace("1d", "15d")),
        Arguments.of("payload truncated", (UnaryOperator<String>) s -> s.substring(0,
            s.length() - 3)),
        Arguments.of("payload emptied", (UnaryOperator<String>) s -> s.substring(0,
            s.indexOf('\n') + 1)),
        Arguments.of("header removed", (UnaryOperator<String>) s -> s.substring(
            s.indexOf('\n') + 1)),
        Arguments.of("header of another format", (UnaryOperator<String>) s -> s.replace(
            ContentStore.FORMAT, "gate-cache/0")),
        Arguments.of("empty file", (UnaryOperator<String>) s -> ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("poisonings")
  void misses_and_is_rewritten_when_an_entry_does_not_match_its_digest(String name,
      UnaryOperator<String> poison) throws IOException {
    ContentStore store = new ContentStore(dir);
    store.write(KEY, "retention: 1d\nerrors: 3\n");
    Path file = dir.resolve(KEY);
    Files.writeString(file, poison.apply(Files.readString(file, StandardCharsets.UTF_8)));

    assertEquals(Optional.empty(), store.read(KEY), name);
    store.write(KEY, "retention: 1d\nerrors: 3\n");
    assertEquals(Optional.of("retention: 1d\nerrors: 3\n"), store.read(KEY), "rewritten");
  }

  @Test
  void misses_when_an_entry_is_copied_under_another_key() throws IOException {
    ContentStore store = new ContentStore(dir);
    String other = Digest.of("another key");
    store.write(KEY, "passed");
    Files.copy(dir.resolve(KEY), dir.resolve(other));
    assertEquals(Optional.empty(), store.read(other));
  }

  @Test
  void leaves_no_temporary_file_behind() throws IOException {
    ContentStore store = new ContentStore(dir);
    store.write(KEY, "one");
    store.write(KEY, "two");
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(java.util.List.of(dir.resolve(KEY)), files.toList());
    }
  }

  @Test
  void stores_nothing_and_does_not_fail_when_the_folder_cannot_be_created() throws IOException {
    Path file = Files.writeString(dir.resolve("not-a-folder"), "");
    ContentStore store = new ContentStore(file.resolve("store"));
    assertFalse(store.write(KEY, "x"));
    assertEquals(Optional.empty(), store.read(KEY));
  }

  @Test
  void rejects_a_key_that_is_not_a_file_name() {
    ContentStore store = new ContentStore(dir);
    assertThrows(IllegalArgumentException.class, () -> store.read("../escape"));
  }
}
