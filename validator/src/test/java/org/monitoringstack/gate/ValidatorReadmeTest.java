package org.monitoringstack.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * validator/README.md's recipes name only what exists: every path, class, member, test method
 * and check ID in backticks is found in the repository, so a rename cannot leave a recipe
 * pointing nowhere.
 */
class ValidatorReadmeTest {

  private static final Pattern CODE = Pattern.compile("`([^`\\s]+)`");

  private static Path root;
  private static String readme;
  private static String sources;

  @BeforeAll
  static void read() throws IOException {
    Path here = Path.of("").toAbsolutePath();
    root = here.getFileName().toString().equals("validator") ? here.getParent() : here;
    readme = Files.readString(root.resolve("validator/README.md"));
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.walk(root.resolve("validator/src"))) {
      files.filter(p -> p.toString().endsWith(".java")).sorted().forEach(p -> {
        try {
          all.append(Files.readString(p)).append('\n');
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
    sources = all.toString();
  }

  private static List<String> tokens() {
    List<String> out = new ArrayList<>();
    Matcher m = CODE.matcher(readme);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @Test
  void has_the_three_recipes() {
    assertEquals(List.of("## Add a check", "## Add a profile", "## Add an output format"),
        readme.lines().filter(l -> l.startsWith("## ")).toList());
  }

  @Test
  void names_only_paths_that_exist() {
    List<String> missing = new ArrayList<>();
    for (String t : tokens()) {
      if (!t.contains("/") || t.startsWith("--")) {
        continue;
      }
      // a placeholder such as <id>: the folder above it must exist
      String path = t.contains("<") ? t.substring(0, t.lastIndexOf('/', t.indexOf('<'))) : t;
      if (!Files.exists(root.resolve(path))) {
        missing.add(t);
      }
    }
    assertEquals(List.of(), missing);
  }

  @Test
  void names_only_classes_members_tests_and_checks_that_exist() {
    List<String> missing = new ArrayList<>();
    int seen = 0;
    for (String t : tokens()) {
      if (t.contains("/") || t.contains("<") || t.startsWith("--")) {
        continue;
      }
      String name = t.replaceFirst("\\.java$", "").replaceFirst("\\(.*\\)$", "");
      name = name.substring(name.lastIndexOf('.') + 1);
      boolean found;
      if (t.matches("[a-z]+\\.[a-z-]+")) { // a check or finding ID
        found = sources.contains("\"" + t + "\"");
      } else if (name.matches("[A-Z][A-Za-z]*")) { // a class, or a member such as Format
        found = Pattern.compile(
            "(class|interface|enum|record) " + name + "\\b|\\b" + name + " = ").matcher(sources)
            .find();
      } else if (name.matches("[a-z]+(_[a-z0-9]+)+")) { // a test method or an ArchUnit rule
        found = sources.contains("void " + name + "(") || sources.contains("ArchRule " + name
            + " =");
      } else if (t.contains("(")) { // a method
        found = sources.contains(" " + name + "(");
      } else {
        continue;
      }
      seen++;
      if (!found) {
        missing.add(t);
      }
    }
    assertEquals(List.of(), missing);
    assertTrue(seen >= 15, "the recipes name the classes they use: " + seen);
  }
}
