package org.monitoringstack.gate.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigestTest {

  @Test
  void tells_apart_parts_that_concatenate_to_the_same_text() {
    assertNotEquals(new Digest().add("ab").add("c").hex(), new Digest().add("a").add("bc").hex());
    assertEquals(new Digest().add("ab").add("c").hex(), new Digest().add("ab").add("c").hex());
  }

  @Test
  void tells_a_missing_file_from_one_whose_content_is_the_word_missing(@TempDir Path tmp)
      throws Exception {
    Path file = tmp.resolve("patch.yaml");
    String missing = new Digest().addFile(file).hex();
    Files.writeString(file, "missing");
    String present = new Digest().addFile(file).hex();
    assertNotEquals(missing, present);
    Files.writeString(file, "retention: 1d\n");
    assertNotEquals(present, new Digest().addFile(file).hex(), "an edit is another key");
  }

  @Test
  void is_the_sha256_of_a_text() {
    assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        Digest.of(""));
  }
}
