package org.monitoringstack.gate.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What every writer over the requirement catalog shares: the ReportWriter contract. */
class RequirementCatalogWritersTest {

  static Stream<Arguments> writers() {
    RequirementCatalog catalog = RequirementCatalogSamples.catalog();
    return Stream.of(
        Arguments.of("junit", new JunitReport(catalog)),
        Arguments.of("sarif", new SarifReport(catalog)),
        Arguments.of("markdown", new MarkdownReport(catalog)),
        Arguments.of("html", new HtmlReport(catalog)));
  }

  /** A writer that remembers being closed. */
  static final class Tracking extends StringWriter {
    boolean closed;

    @Override
    public void close() throws IOException {
      closed = true;
      super.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("writers")
  void leaves_the_writer_open_when_done(String name, ReportWriter writer) throws IOException {
    Tracking out = new Tracking();
    writer.write(RequirementCatalogSamples.report(), out);
    assertFalse(out.closed, name + " closed its writer");
    assertTrue(out.toString().endsWith("\n"), name + " ends with a newline");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("writers")
  void writes_the_same_bytes_when_run_twice(String name, ReportWriter writer)
      throws IOException {
    StringWriter a = new StringWriter();
    StringWriter b = new StringWriter();
    writer.write(RequirementCatalogSamples.report(), a);
    writer.write(RequirementCatalogSamples.report(), b);
    assertTrue(a.toString().equals(b.toString()), name + " is deterministic");
  }
}
