package org.monitoringstack.gate.report;

import java.io.IOException;
import java.io.Writer;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.GateReport;
import org.monitoringstack.gate.model.Severity;
import org.monitoringstack.gate.model.TargetReport;
import org.monitoringstack.gate.model.Waiver;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The machine report: {@code {"targets":[{"path","profile","resources","findings":[...]}],
 * "runFindings":[...],"summary":{...,"renderCache":{"hits","misses"},"notes":[...]}}}. Field
 * names are a contract: tools read them.
 */
public final class JsonReport implements ReportWriter {

  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  @Override
  public void write(GateReport report, Writer out) throws IOException {
    out.write(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(report)));
    out.write("\n");
    out.flush();
  }

  static ObjectNode toJson(GateReport report) {
    ObjectNode root = MAPPER.createObjectNode();
    ArrayNode targets = root.putArray("targets");
    for (TargetReport t : report.targets()) {
      ObjectNode node = targets.addObject();
      node.put("path", t.target().id());
      node.put("profile", t.profile());
      node.put("resources", t.resources());
      ArrayNode findings = node.putArray("findings");
      t.findings().forEach(f -> finding(findings.addObject(), f));
    }
    ArrayNode run = root.putArray("runFindings");
    report.runFindings().forEach(f -> finding(run.addObject(), f));
    ObjectNode summary = root.putObject("summary");
    summary.put("targets", report.targets().size());
    summary.put("resources", report.resources());
    summary.put("errors", report.count(Severity.ERROR));
    summary.put("warnings", report.count(Severity.WARNING));
    summary.put("waived", report.waived());
    summary.put("passed", report.passed());
    summary.put("elapsedMs", report.elapsed().toMillis());
    ObjectNode cache = summary.putObject("renderCache");
    cache.put("hits", report.renderCache().hits());
    cache.put("misses", report.renderCache().misses());
    ArrayNode notes = summary.putArray("notes");
    report.notes().forEach(notes::add);
    return root;
  }

  private static void finding(ObjectNode node, Finding f) {
    node.put("check", f.check());
    node.put("severity", f.severity().label());
    node.put("requirement", f.requirement());
    node.put("kind", f.object().kind());
    node.put("name", f.object().name());
    node.put("namespace", f.object().namespace());
    node.put("file", f.location().file());
    node.put("line", f.location().line());
    node.put("message", f.message());
    node.put("hint", f.hint());
    Waiver w = f.waiver();
    if (w == null) {
      node.putNull("waived");
    } else {
      node.putObject("waived").put("reason", w.reason()).put("owner", w.owner())
          .put("expires", w.expires().toString()).put("declaredAt", w.declaredAt().toString());
    }
  }
}
