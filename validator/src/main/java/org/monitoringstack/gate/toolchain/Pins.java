package org.monitoringstack.gate.toolchain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.monitoringstack.gate.exec.ToolException;

/**
 * Every external version the gate depends on, read from {@code validator/toolchain.properties}:
 * the two tools (Go module and version each), the Kubernetes module whose OpenAPI v3 spec gives
 * the built-in schemas, and the modules whose CRDs give the custom resource schemas.
 */
public record Pins(
    String kustomizeModule,
    String kustomizeVersion,
    String kubeconformModule,
    String kubeconformVersion,
    String kubernetesModule,
    String kubernetesVersion,
    String kubernetesOpenapiDir,
    List<CrdSource> crds) {

  /** A module that ships CustomResourceDefinitions, and the folders inside it that hold them. */
  public record CrdSource(String name, String module, String version, List<String> dirs) {

    public CrdSource {
      requireText(name, "name");
      requireText(module, "module");
      requireText(version, "version");
      dirs = List.copyOf(dirs);
      if (dirs.isEmpty()) {
        throw new IllegalArgumentException("CRD source " + name + " has no dirs");
      }
    }

    /** {@code module@version}, as {@code go mod download} takes it. */
    public String coordinates() {
      return module + "@" + version;
    }
  }

  private static final Pattern VERSION = Pattern.compile("v\\d+\\.\\d+\\.\\d+([-+][0-9A-Za-z.+-]+)?");
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Pattern CRD_KEY = Pattern.compile("crd\\.([a-z0-9][a-z0-9-]*)\\.(module|version|dirs)");
  private static final List<String> REQUIRED =
      List.of(
          "kustomize.module",
          "kustomize.version",
          "kubeconform.module",
          "kubeconform.version",
          "kubernetes.module",
          "kubernetes.version",
          "kubernetes.openapi.dir");

  public Pins {
    requireText(kustomizeModule, "kustomizeModule");
    requireText(kustomizeVersion, "kustomizeVersion");
    requireText(kubeconformModule, "kubeconformModule");
    requireText(kubeconformVersion, "kubeconformVersion");
    requireText(kubernetesModule, "kubernetesModule");
    requireText(kubernetesVersion, "kubernetesVersion");
    requireText(kubernetesOpenapiDir, "kubernetesOpenapiDir");
    crds = List.copyOf(crds);
  }

  /**
   * Reads the pins file. Every problem (missing file, malformed line, unknown, duplicate or
   * missing key, a version that is not {@code vX.Y.Z}) is a {@link ToolException} whose message
   * names the file, the key and the line.
   */
  public static Pins load(Path propertiesFile) {
    List<String> lines;
    try {
      lines = Files.readAllLines(propertiesFile, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ToolException(propertiesFile + ": the toolchain pins file does not exist");
    } catch (IOException e) {
      throw new ToolException(propertiesFile + ": cannot read the toolchain pins file: " + e.getMessage(), e);
    }
    Map<String, Entry> entries = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      int lineNo = i + 1;
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith("!")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new ToolException(
            at(propertiesFile, lineNo) + "malformed line \"" + line + "\": expected key=value");
      }
      String key = line.substring(0, eq).strip();
      String value = line.substring(eq + 1).strip();
      if (!KEY.matcher(key).matches()) {
        throw new ToolException(at(propertiesFile, lineNo) + "malformed key \"" + key + "\"");
      }
      if (!REQUIRED.contains(key) && !CRD_KEY.matcher(key).matches()) {
        throw new ToolException(
            at(propertiesFile, lineNo) + "unknown key " + key
                + " (expected one of " + String.join(", ", REQUIRED)
                + " or crd.<name>.module/.version/.dirs)");
      }
      if (value.isEmpty()) {
        throw new ToolException(at(propertiesFile, lineNo) + key + " has no value");
      }
      Entry previous = entries.put(key, new Entry(value, lineNo));
      if (previous != null) {
        throw new ToolException(
            at(propertiesFile, lineNo) + key + " is set twice (first on line " + previous.line + ")");
      }
      if (key.endsWith(".version") && !VERSION.matcher(value).matches()) {
        throw new ToolException(
            at(propertiesFile, lineNo) + key + " must be a version like v1.2.3, was \"" + value + "\"");
      }
    }
    for (String key : REQUIRED) {
      if (!entries.containsKey(key)) {
        String group = key.substring(0, key.indexOf('.'));
        int near = entries.entrySet().stream()
            .filter(e -> e.getKey().startsWith(group + "."))
            .mapToInt(e -> e.getValue().line)
            .min()
            .orElse(0);
        throw new ToolException(
            at(propertiesFile, near) + "missing key " + key
                + (near > 0 ? " (the " + group + " pins start on this line)" : ""));
      }
    }
    Map<String, Map<String, Entry>> crdParts = new TreeMap<>();
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      Matcher m = CRD_KEY.matcher(e.getKey());
      if (m.matches()) {
        crdParts.computeIfAbsent(m.group(1), n -> new LinkedHashMap<>()).put(m.group(2), e.getValue());
      }
    }
    List<CrdSource> crds = new ArrayList<>();
    for (Map.Entry<String, Map<String, Entry>> crd : crdParts.entrySet()) {
      String name = crd.getKey();
      Map<String, Entry> parts = crd.getValue();
      int firstLine = parts.values().stream().mapToInt(Entry::line).min().orElse(0);
      for (String part : List.of("module", "version", "dirs")) {
        if (!parts.containsKey(part)) {
          throw new ToolException(
              at(propertiesFile, firstLine) + "missing key crd." + name + "." + part
                  + " (CRD source " + name + " is declared on this line)");
        }
      }
      Entry dirsEntry = parts.get("dirs");
      List<String> dirs = Arrays.stream(dirsEntry.value.split(","))
          .map(String::strip)
          .toList();
      for (String dir : dirs) {
        if (dir.isEmpty() || dir.startsWith("/") || Set.of(dir.split("/")).contains("..")) {
          throw new ToolException(
              at(propertiesFile, dirsEntry.line) + "crd." + name
                  + ".dirs must list relative folders inside the module, separated by commas, was \""
                  + dirsEntry.value + "\"");
        }
      }
      crds.add(new CrdSource(name, parts.get("module").value, parts.get("version").value, dirs));
    }
    return new Pins(
        entries.get("kustomize.module").value,
        entries.get("kustomize.version").value,
        entries.get("kubeconform.module").value,
        entries.get("kubeconform.version").value,
        entries.get("kubernetes.module").value,
        entries.get("kubernetes.version").value,
        entries.get("kubernetes.openapi.dir").value,
        crds);
  }

  /**
   * A short hash (12 hex digits) of every pin that changes the generated schemas: the Kubernetes
   * module, version and spec folder, and every CRD source. Tool pins are not part of it.
   */
  public String cacheKey() {
    StringBuilder text = new StringBuilder();
    text.append("kubernetes=").append(kubernetesModule).append('@').append(kubernetesVersion)
        .append(':').append(kubernetesOpenapiDir).append('\n');
    crds.stream()
        .sorted(Comparator.comparing(CrdSource::name))
        .forEach(c -> text.append("crd.").append(c.name()).append('=').append(c.coordinates())
            .append(':').append(String.join(",", c.dirs())).append('\n'));
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(text.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  private record Entry(String value, int line) {}

  private static String at(Path file, int line) {
    return line > 0 ? file + ":" + line + ": " : file + ": ";
  }

  private static void requireText(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }
}
