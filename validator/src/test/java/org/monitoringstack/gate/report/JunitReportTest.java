package org.monitoringstack.gate.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.monitoringstack.gate.model.GateReport;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class JunitReportTest {

  private static String render(GateReport report) throws Exception {
    StringWriter out = new StringWriter();
    new JunitReport(RequirementCatalogSamples.catalog()).write(report, out);
    return out.toString();
  }

  private static Document parse(String xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  private static Element suite(Document doc, String name) {
    NodeList suites = doc.getElementsByTagName("testsuite");
    for (int i = 0; i < suites.getLength(); i++) {
      Element e = (Element) suites.item(i);
      if (e.getAttribute("name").equals(name)) {
        return e;
      }
    }
    throw new AssertionError("no testsuite " + name);
  }

  private static Element testcase(Element suite, String name) {
    NodeList cases = suite.getElementsByTagName("testcase");
    for (int i = 0; i < cases.getLength(); i++) {
      Element e = (Element) cases.item(i);
      if (e.getAttribute("name").equals(name)) {
        return e;
      }
    }
    throw new AssertionError("no testcase " + name + " in " + suite.getAttribute("name"));
  }

  private static List<String> caseNames(Element suite) {
    List<String> names = new ArrayList<>();
    NodeList cases = suite.getElementsByTagName("testcase");
    for (int i = 0; i < cases.getLength(); i++) {
      names.add(((Element) cases.item(i)).getAttribute("name"));
    }
    return names;
  }

  @Test
  void counts_tests_failures_and_skips_when_one_target_fails() throws Exception {
    Document doc = parse(render(RequirementCatalogSamples.report()));
    Element root = doc.getDocumentElement();
    assertEquals("testsuites", root.getTagName());
    assertEquals("11", root.getAttribute("tests"));
    assertEquals("2", root.getAttribute("failures"));
    assertEquals("1", root.getAttribute("skipped"));
    assertEquals("0", root.getAttribute("errors"));
    assertEquals("1.534", root.getAttribute("time"));
    assertEquals(3, doc.getElementsByTagName("testsuite").getLength());
    Element prod = suite(doc, "overlays/production");
    assertEquals("5", prod.getAttribute("tests"));
    assertEquals("2", prod.getAttribute("failures"));
    assertEquals("1", prod.getAttribute("skipped"));
    Element kind = suite(doc, "overlays/kind");
    assertEquals("0", kind.getAttribute("failures"));
    assertEquals("0", kind.getAttribute("skipped"));
  }

  @Test
  void lists_catalog_checks_then_checks_with_findings_when_writing_a_suite() throws Exception {
    Document doc = parse(render(RequirementCatalogSamples.report()));
    List<String> expected = List.of("monitoring.coverage", "prometheus.retention",
        "ha.grafana-replicas", "resources.present", "images.pinned");
    assertEquals(expected, caseNames(suite(doc, "overlays/kind")));
    assertEquals(expected, caseNames(suite(doc, "overlays/production")));
    assertEquals(List.of("policy.waiver-unused"), caseNames(suite(doc, JunitReport.RUN_SUITE)));
  }

  @Test
  void reports_file_line_and_escaped_message_when_a_check_fails() throws Exception {
    String xml = render(RequirementCatalogSamples.report());
    assertTrue(xml.contains("&lt;short&gt; &amp; below"), xml);
    Element retention = testcase(suite(parse(xml), "overlays/production"),
        "prometheus.retention");
    assertEquals("overlays/production/prometheus-retention.yaml", retention.getAttribute("file"));
    assertEquals("9", retention.getAttribute("line"));
    assertEquals("overlays/production", retention.getAttribute("classname"));
    Element failure = (Element) retention.getElementsByTagName("failure").item(0);
    assertEquals("overlays/production/prometheus-retention.yaml:9: [prometheus.retention] "
        + "Prometheus/main: retention is \"7d\" <short> & below the guide, expected \"15d\"",
        failure.getAttribute("message"));
    assertEquals("prometheus.retention", failure.getAttribute("type"));
    assertTrue(failure.getTextContent().contains("  requirement: PERF-1\n"));
    assertTrue(failure.getTextContent().contains("  hint: set spec.retention: 15d\n"));
  }

  @Test
  void fails_without_file_when_the_location_is_unknown() throws Exception {
    Element coverage = testcase(suite(parse(render(RequirementCatalogSamples.report())),
        "overlays/production"), "monitoring.coverage");
    assertEquals("", coverage.getAttribute("file"));
    assertEquals("", coverage.getAttribute("line"));
    Element failure = (Element) coverage.getElementsByTagName("failure").item(0);
    assertEquals("-: [monitoring.coverage] -: Service kube-state-metrics is not scraped by any "
        + "monitor", failure.getAttribute("message"));
  }

  @Test
  void skips_with_the_waiver_reason_when_the_error_is_waived() throws Exception {
    Element replicas = testcase(suite(parse(render(RequirementCatalogSamples.report())),
        "overlays/production"), "ha.grafana-replicas");
    assertEquals(0, replicas.getElementsByTagName("failure").getLength());
    Element skipped = (Element) replicas.getElementsByTagName("skipped").item(0);
    assertEquals("waived: single replica until the shared database lands "
        + "(owner team-observability, expires 2026-12-31)", skipped.getAttribute("message"));
  }

  @Test
  void passes_with_the_warning_in_system_out_when_a_check_only_warns() throws Exception {
    Element pinned = testcase(suite(parse(render(RequirementCatalogSamples.report())),
        "overlays/kind"), "images.pinned");
    assertEquals(0, pinned.getElementsByTagName("failure").getLength());
    assertEquals(0, pinned.getElementsByTagName("skipped").getLength());
    assertEquals("warning: base/grafana/grafana-deployment.yaml:21: [images.pinned] "
        + "Deployment/grafana: image grafana/grafana:latest is not pinned\n"
        + "  hint: pin a version tag or digest\n",
        pinned.getElementsByTagName("system-out").item(0).getTextContent());
  }

  @Test
  void writes_no_run_suite_and_no_failures_when_the_run_is_clean() throws Exception {
    Document doc = parse(render(RequirementCatalogSamples.clean()));
    assertEquals(1, doc.getElementsByTagName("testsuite").getLength());
    assertEquals("4", doc.getDocumentElement().getAttribute("tests"));
    assertEquals("0", doc.getDocumentElement().getAttribute("failures"));
    assertEquals(0, doc.getElementsByTagName("failure").getLength());
  }

  @Test
  void skips_the_checks_the_profile_does_not_run_when_they_are_known() throws Exception {
    StringWriter out = new StringWriter();
    new JunitReport(RequirementCatalogSamples.catalog().withEnabledChecks(
        java.util.Map.of("kind", java.util.Set.of("resources.present"))))
        .write(RequirementCatalogSamples.report(), out);
    Document doc = parse(out.toString());
    Element kind = suite(doc, "overlays/kind");
    assertEquals("3", kind.getAttribute("skipped"), "three catalog checks are off in kind");
    Element coverage = testcase(kind, "monitoring.coverage");
    assertEquals("not run: profile kind does not enable it",
        ((Element) coverage.getElementsByTagName("skipped").item(0)).getAttribute("message"));
    assertEquals(0, testcase(kind, "resources.present").getElementsByTagName("skipped")
        .getLength());
    // a check with findings is reported whatever the profile says
    assertEquals(0, testcase(kind, "images.pinned").getElementsByTagName("skipped").getLength());
    assertEquals("1", suite(doc, "overlays/production").getAttribute("skipped"));
  }

  @Test
  void replaces_control_characters_when_a_message_has_them() {
    assertEquals("bell? tab\t", JunitReport.clean("bell\u0007 tab\t"));
  }
}
