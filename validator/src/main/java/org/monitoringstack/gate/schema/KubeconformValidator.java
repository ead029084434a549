package org.monitoringstack.gate.schema;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.monitoringstack.gate.exec.Folders;
import org.monitoringstack.gate.exec.ProcessResult;
import org.monitoringstack.gate.exec.ProcessRunner;
import org.monitoringstack.gate.exec.ProcessSpec;
import org.monitoringstack.gate.exec.ToolException;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.model.Severity;
import org.monitoringstack.gate.model.RenderedTarget;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Validates every object of every target with ONE kubeconform process against the offline
 * catalog: {@code kubeconform -strict -output json -summary -verbose -n N -schema-location
 * <catalog template> <files...>}, each object written to its own file so every result maps back
 * to exactly one resource and target. Never the default (remote) schema location, never {@code
 * -ignore-missing-schemas}: an object without a schema is a {@code schema.missing} finding.
 */
public final class KubeconformValidator implements SchemaValidator {

  public static final String CHECK_INVALID = "schema.kubeconform";
  public static final String CHECK_MISSING = "schema.missing";

  private static final int OUTPUT_LINES_QUOTED = 5;

  private final Path kubeconform;
  private final SchemaCatalog.Catalog catalog;
  private final ProcessRunner runner;
  private final int parallelism;
  private final Duration timeout;
  private final Path workDir;
  private final FieldLocator locator;

  /**
   * @param parallelism kubeconform's {@code -n} (number of cores)
   * @param timeout for the whole kubeconform run
   * @param workDir where the per-object files go (in a fresh folder, deleted afterwards)
   * @param locator where the field a validation error names is set (e.g. a patch line)
   */
  public KubeconformValidator(Path kubeconform, SchemaCatalog.Catalog catalog, ProcessRunner runner,
      int parallelism, Duration timeout, Path workDir, FieldLocator locator) {
    this.kubeconform = Objects.requireNonNull(kubeconform, "kubeconform");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.runner = Objects.requireNonNull(runner, "runner");
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be >= 1, was " + parallelism);
    }
    this.parallelism = parallelism;
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.workDir = Objects.requireNonNull(workDir, "workDir");
    this.locator = Objects.requireNonNull(locator, "locator");
  }

  /** One object handed to kubeconform: the file it was written to and where it came from. */
  private record Entry(RenderedTarget rendered, Resource resource) {
    String target() {
      return rendered.target().id();
    }
  }

  @Override
  public Map<String, List<Finding>> validate(List<RenderedTarget> targets) {
    Map<String, List<Finding>> findings = new LinkedHashMap<>();
    for (RenderedTarget t : targets) {
      findings.put(t.target().id(), new ArrayList<>());
    }
    Path folder;
    try {
      Files.createDirectories(workDir);
      folder = Files.createTempDirectory(workDir, "kubeconform-");
    } catch (IOException e) {
      throw new ToolException("cannot create a temporary folder in " + workDir + ": " + e.getMessage(), e);
    }
    try {
      Map<String, Entry> byFile = new LinkedHashMap<>();
      int index = 0;
      for (RenderedTarget t : targets) {
        for (Resource resource : t.resources()) {
          index++;
          Path file = folder.resolve(String.format("%05d.json", index));
          try {
            Files.write(file, OpenApiConverter.JSON.writeValueAsBytes(jsonSafe(resource.body())));
          } catch (IOException e) {
            throw new ToolException("cannot write " + file + ": " + e.getMessage(), e);
          }
          byFile.put(file.toString(), new Entry(t, resource));
        }
      }
      if (byFile.isEmpty()) {
        return freeze(findings);
      }
      List<String> argv = new ArrayList<>(List.of(
          kubeconform.toString(), "-strict", "-output", "json", "-summary", "-verbose",
          "-n", Integer.toString(parallelism), "-schema-location", catalog.locationTemplate()));
      argv.addAll(byFile.keySet());
      ProcessResult result = runner.run(ProcessSpec.of(argv, timeout).inDirectory(folder));
      String display = String.join(" ", argv.subList(0, 10)) + " <" + byFile.size() + " files>";
      JsonNode json = parse(result, display);
      Set<String> seen = new HashSet<>();
      for (JsonNode item : json.path("resources")) {
        String filename = item.path("filename").asString("");
        String file = byFile.containsKey(filename) ? filename : folder.resolve(filename).toString();
        Entry entry = byFile.get(file);
        if (entry == null) {
          continue;
        }
        seen.add(file);
        findings.get(entry.target()).addAll(toFindings(entry, item));
      }
      byFile.forEach((file, entry) -> {
        if (!seen.contains(file)) {
          findings.get(entry.target()).add(finding(CHECK_INVALID, entry,
              "kubeconform reported no result for this object", ""));
        }
      });
      return freeze(findings);
    } finally {
      Folders.deleteQuietly(folder);
    }
  }

  private static JsonNode parse(ProcessResult result, String display) {
    String stdout = result.stdout();
    JsonNode json = null;
    if (!stdout.isBlank()) {
      try {
        json = OpenApiConverter.JSON.readTree(stdout);
      } catch (JacksonException e) {
        json = null;
      }
    }
    if (json == null || !json.isObject() || !json.path("resources").isArray()) {
      String shown = stdout.isBlank() ? result.stderr() : stdout;
      List<String> lines = shown.strip().lines().limit(OUTPUT_LINES_QUOTED).toList();
      throw new ToolException("`" + display + "` printed output that is not kubeconform's JSON report"
          + " (exit code " + result.exitCode() + "):\n"
          + (lines.isEmpty() ? "  (no output)" : String.join("\n", lines.stream().map(l -> "  " + l).toList())));
    }
    return json;
  }

  /** The apiVersions the catalog does have for {@code kind} in the same group, sorted. */
  List<String> otherVersions(String apiVersion, String kind) {
    int slash = apiVersion.indexOf('/');
    String group = slash < 0 ? apiVersion : apiVersion.substring(0, slash);
    Path groupDir = catalog.dir().resolve(group);
    String prefix = kind.toLowerCase(Locale.ROOT) + "_";
    if (group.isEmpty() || group.contains("..") || !Files.isDirectory(groupDir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(groupDir)) {
      return files.map(f -> f.getFileName().toString())
          .filter(n -> n.startsWith(prefix) && n.endsWith(".json"))
          .map(n -> n.substring(prefix.length(), n.length() - ".json".length()))
          .map(version -> slash < 0 ? version : group + "/" + version)
          .sorted()
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  private List<Finding> toFindings(Entry entry, JsonNode item) {
    String status = item.path("status").asString("");
    String msg = item.path("msg").asString("");
    List<Finding> out = new ArrayList<>();
    switch (status) {
      case "statusInvalid" -> {
        JsonNode errors = item.path("validationErrors");
        if (errors.isArray() && !errors.isEmpty()) {
          for (JsonNode error : errors) {
            String pointer = error.path("path").asString("");
            String path = fieldPath(pointer);
            String text = error.path("msg").asString("");
            out.add(Finding.of(CHECK_INVALID, Severity.ERROR, "", entry.target(),
                entry.resource().ref(), locator.locate(entry.rendered(), entry.resource(),
                    offendingField(pointer, text)),
                path.isEmpty() ? text : path + ": " + text,
                "compare the field with the schema of " + entry.resource().apiVersion() + " "
                    + entry.resource().kind()));
          }
        } else {
          out.add(finding(CHECK_INVALID, entry, msg, ""));
        }
      }
      case "statusError" -> {
        if (msg.startsWith("could not find schema")) {
          Resource r = entry.resource();
          List<String> others = otherVersions(r.apiVersion(), r.kind());
          out.add(finding(CHECK_MISSING, entry,
              "no schema for " + r.apiVersion() + " " + r.kind() + " in the offline catalog",
              others.isEmpty()
                  ? "if it is a custom resource, add its CRD source (crd.<name>.module/.version/.dirs)"
                      + " to validator/toolchain.properties; otherwise check the apiVersion and kind"
                  : "the catalog has " + r.kind() + " as " + String.join(", ", others)
                      + ": use one of those apiVersions, or pin the CRD source that serves "
                      + r.apiVersion() + " in validator/toolchain.properties"));
        } else {
          out.add(finding(CHECK_INVALID, entry, msg, ""));
        }
      }
      default -> {
        // statusValid, statusSkipped (nothing is skipped: no -skip), empty documents
      }
    }
    return out;
  }

  private static final Pattern ADDITIONAL = Pattern.compile("^additional properties '([^']+)'");

  /**
   * The field an error is about, dotted with numeric list steps: the pointer's field, and for
   * {@code additional properties 'x' not allowed} the (first) unknown property under it.
   */
  static String offendingField(String pointer, String message) {
    List<String> steps = new ArrayList<>(steps(pointer));
    Matcher extra = ADDITIONAL.matcher(message);
    if (extra.find()) {
      steps.add(extra.group(1));
    }
    return String.join(".", steps);
  }

  /** The unescaped steps of a JSON pointer. */
  private static List<String> steps(String pointer) {
    return Arrays.stream(pointer.split("/")).filter(step -> !step.isEmpty())
        .map(step -> step.replace("~1", "/").replace("~0", "~")).toList();
  }

  /** {@code /spec/containers/0/name} as {@code spec.containers[0].name}. */
  static String fieldPath(String pointer) {
    StringBuilder out = new StringBuilder();
    for (String name : steps(pointer)) {
      if (name.chars().allMatch(Character::isDigit)) {
        out.append('[').append(name).append(']');
      } else {
        if (out.length() > 0) {
          out.append('.');
        }
        out.append(name);
      }
    }
    return out.toString();
  }

  private static Finding finding(String check, Entry entry, String message, String hint) {
    return Finding.of(check, Severity.ERROR, "", entry.target(), entry.resource().ref(),
        entry.resource().source(), message, hint);
  }

  private static Map<String, List<Finding>> freeze(Map<String, List<Finding>> findings) {
    findings.replaceAll((target, list) -> List.copyOf(list));
    return Collections.unmodifiableMap(findings);
  }

  /** The parsed YAML tree with values JSON cannot hold (timestamps, binary) as strings. */
  static Object jsonSafe(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), jsonSafe(v)));
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      list.forEach(v -> out.add(jsonSafe(v)));
      return out;
    }
    if (value instanceof Date date) {
      return DateTimeFormatter.ISO_INSTANT.format(date.toInstant());
    }
    if (value instanceof byte[] bytes) {
      return Base64.getEncoder().encodeToString(bytes);
    }
    if (value == null || value instanceof String || value instanceof Number
        || value instanceof Boolean) {
      return value;
    }
    return value.toString();
  }
}
