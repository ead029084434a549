package org.monitoringstack.gate.toolchain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.monitoringstack.gate.cache.Digest;
import org.monitoringstack.gate.exec.ToolException;

/**
 * Every external version the gate depends on, read from {@code validator/toolchain.properties}:
 * the tools it runs (each built from a Go module at a pinned version), the Kubernetes module
 * whose OpenAPI v3 spec gives the built-in schemas, and the modules whose CRDs give the custom
 * resource schemas.
 */
public record Pins(
    Map<String, ToolPin> tools,
    String kubernetesModule,
    String kubernetesVersion,
    String kubernetesOpenapiDir,
    List<CrdSource> crds) {

  /**
   * One tool: the Go package of its {@code main}, the module that holds it and that module's
   * version, and either nothing ({@code go install pkg@version}) or a wrapper module (a folder
   * of {@code validator/} with a go.mod that requires the module and restates its exclude and
   * replace directives, built with {@code go build}). {@code probe} is the argument list that
   * makes the binary print its version; {@code ldflags} are passed to the build ({@code
   * {version}} and {@code {release}} stand for the module version and the image version).
   */
  public record ToolPin(String name, String pkg, String module, String version,
      Optional<Path> wrapper, List<String> probe, String ldflags, String about) {

    public ToolPin {
      requireText(name, "name");
      requireText(pkg, "pkg");
      requireText(module, "module");
      requireText(version, "version");
      Objects.requireNonNull(wrapper, "wrapper");
      probe = List.copyOf(probe);
      ldflags = Objects.requireNonNullElse(ldflags, "");
      about = Objects.requireNonNullElse(about, "");
    }

    /** The variable that points the gate at a binary of the user's: {@code PROMTOOL_BIN}. */
    public String overrideVariable() {
      return name.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_BIN";
    }

    /** {@code pkg@version}, as {@code go install} takes it. */
    public String coordinates() {
      return pkg + "@" + version;
    }

    /**
     * The version users know the tool by: a Prometheus module v0.314.0 is release v3.14.0
     * (Prometheus tags its Go module v0.MAJORMINOR.PATCH); other modules are their release.
     */
    public String release() {
      return Pins.release(module, version);
    }

    /** The ldflags with their placeholders filled in. */
    public String resolvedLdflags() {
      String[] parts = release().substring(1).split("[.-]");
      return ldflags.replace("{version}", version).replace("{release}", release().substring(1))
          .replace("{major}", parts[0]).replace("{minor}", parts.length > 1 ? parts[1] : "0");
    }
  }

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
  /** {@code kubernetes.module} and {@code crd.version} have this shape too, but are no tools. */
  private static final Pattern TOOL_KEY = Pattern.compile("(?!kubernetes\\.|crd\\.)"
      + "([a-z][a-z0-9-]*)\\.(module|version|package|wrapper|probe|ldflags|about)");
  private static final List<String> KUBERNETES_KEYS =
      List.of("kubernetes.module", "kubernetes.version", "kubernetes.openapi.dir");
  /** The tools every run needs; others (promtool, amtool, ...) are pinned the same way. */
  static final List<String> REQUIRED_TOOLS = List.of("kustomize", "kubeconform");
  private static final String KEY_FORMS = "<tool>.module/.version, <tool>.package/.wrapper,"
      + " <tool>.probe/.ldflags/.about, kubernetes.module/.version/.openapi.dir"
      + " or crd.<name>.module/.version/.dirs";
  /** {@code require github.com/prometheus/prometheus v0.314.0}, alone or inside a block. */
  private static final Pattern REQUIRE =
      Pattern.compile("^\\s*(?:require\\s+)?([A-Za-z0-9._~/-]+)\\s+(v\\S+)(\\s*//.*)?$");

  public Pins {
    tools = Map.copyOf(tools);
    requireText(kubernetesModule, "kubernetesModule");
    requireText(kubernetesVersion, "kubernetesVersion");
    requireText(kubernetesOpenapiDir, "kubernetesOpenapiDir");
    crds = List.copyOf(crds);
  }

  /** The pin of {@code name}, or a {@link ToolException} saying it is not pinned. */
  public ToolPin tool(String name) {
    ToolPin pin = tools.get(name);
    if (pin == null) {
      throw new ToolException(name + " is not pinned in validator/toolchain.properties (add "
          + name + ".module and " + name + ".version, or " + name + ".package and " + name
          + ".wrapper)");
    }
    return pin;
  }

  /**
   * The image tag that a module version corresponds to. Prometheus' Go module is tagged
   * v0.MAJORMINOR.PATCH for release vMAJOR.MINOR.PATCH (v0.314.0 is v3.14.0); every other module
   * is tagged like its release.
   */
  public static String release(String module, String version) {
    Matcher m = Pattern.compile("v0\\.(\\d)(\\d{2})\\.(\\d+)").matcher(version);
    if (module.startsWith("github.com/prometheus/prometheus") && m.matches()) {
      return "v" + m.group(1) + "." + Integer.parseInt(m.group(2)) + "." + m.group(3);
    }
    return version;
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
      if (!KUBERNETES_KEYS.contains(key) && !CRD_KEY.matcher(key).matches()
          && !TOOL_KEY.matcher(key).matches()) {
        throw new ToolException(
            at(propertiesFile, lineNo) + "unknown key " + key + " (expected " + KEY_FORMS + ")");
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
    List<String> required = new ArrayList<>(KUBERNETES_KEYS);
    for (String tool : REQUIRED_TOOLS) {
      if (!entries.containsKey(tool + ".package")) {
        required.add(tool + ".module");
        required.add(tool + ".version");
      }
    }
    for (String key : required) {
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
    List<CrdSource> crds = new ArrayList<>();
    for (Map.Entry<String, Map<String, Entry>> crd : byName(entries, CRD_KEY).entrySet()) {
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
        tools(propertiesFile, entries),
        entries.get("kubernetes.module").value,
        entries.get("kubernetes.version").value,
        entries.get("kubernetes.openapi.dir").value,
        crds);
  }

  /** The tool pins among {@code entries}, each checked for a complete, consistent set of keys. */
  private static Map<String, ToolPin> tools(Path file, Map<String, Entry> entries) {
    Map<String, ToolPin> out = new TreeMap<>();
    for (Map.Entry<String, Map<String, Entry>> tool : byName(entries, TOOL_KEY).entrySet()) {
      String name = tool.getKey();
      Map<String, Entry> keys = tool.getValue();
      int firstLine = keys.values().stream().mapToInt(Entry::line).min().orElse(0);
      boolean wrapped = keys.containsKey("wrapper") || keys.containsKey("package");
      List<String> needed = wrapped ? List.of("package", "wrapper") : List.of("module", "version");
      for (String part : needed) {
        if (!keys.containsKey(part)) {
          throw new ToolException(at(file, firstLine) + "missing key " + name + "." + part
              + " (tool " + name + " is declared on this line; pin a tool with " + name
              + ".module and " + name + ".version, or with " + name + ".package and " + name
              + ".wrapper)");
        }
      }
      for (String other : wrapped ? List.of("module", "version") : List.of("package", "wrapper")) {
        if (keys.containsKey(other)) {
          throw new ToolException(at(file, keys.get(other).line) + name + "." + other
              + " cannot be combined with " + name + "." + needed.get(0) + " and " + name + "."
              + needed.get(1) + " (a tool is pinned by module and version, or by package and"
              + " wrapper module)");
        }
      }
      List<String> probe = keys.containsKey("probe")
          ? Arrays.stream(keys.get("probe").value.split("\\s+")).toList()
          : List.of("--version");
      String ldflags = keys.containsKey("ldflags") ? keys.get("ldflags").value : "";
      String about = keys.containsKey("about") ? keys.get("about").value : "";
      if (wrapped) {
        Entry wrapperEntry = keys.get("wrapper");
        String dir = wrapperEntry.value;
        if (dir.startsWith("/") || Set.of(dir.split("/")).contains("..")) {
          throw new ToolException(at(file, wrapperEntry.line) + name
              + ".wrapper must be a folder inside validator/, was \"" + dir + "\"");
        }
        Path wrapper = file.toAbsolutePath().getParent().resolve(dir).normalize();
        String pkg = keys.get("package").value;
        Require required = requireOf(file, wrapperEntry.line, name, wrapper, pkg);
        out.put(name, new ToolPin(name, pkg, required.module(), required.version(),
            Optional.of(wrapper), probe, ldflags, about));
      } else {
        String pkg = keys.get("module").value;
        out.put(name, new ToolPin(name, pkg, pkg, keys.get("version").value, Optional.empty(),
            probe, ldflags, about));
      }
    }
    return out;
  }

  /** The entries whose key matches {@code key}, by name (its group 1) and part (group 2). */
  private static Map<String, Map<String, Entry>> byName(Map<String, Entry> entries, Pattern key) {
    Map<String, Map<String, Entry>> parts = new TreeMap<>();
    entries.forEach((k, e) -> {
      Matcher m = key.matcher(k);
      if (m.matches()) {
        parts.computeIfAbsent(m.group(1), n -> new LinkedHashMap<>()).put(m.group(2), e);
      }
    });
    return parts;
  }

  private record Require(String module, String version) {}

  /**
   * The requirement of the wrapper's go.mod whose module holds {@code pkg} (the longest module
   * path that is {@code pkg} or a prefix of it): the one place a wrapped tool's version is pinned.
   */
  private static Require requireOf(Path file, int line, String name, Path wrapper, String pkg) {
    Path goMod = wrapper.resolve("go.mod");
    List<String> lines;
    try {
      lines = Files.readAllLines(goMod, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ToolException(at(file, line) + name + ".wrapper: " + goMod
          + " does not exist: the wrapper folder must hold the go.mod that pins " + name);
    } catch (IOException e) {
      throw new ToolException(at(file, line) + name + ".wrapper: cannot read " + goMod + ": "
          + e.getMessage());
    }
    Require best = null;
    boolean inRequire = false;
    for (String raw : lines) {
      String text = raw.strip();
      if (text.startsWith("require (")) {
        inRequire = true;
        continue;
      }
      if (inRequire && text.equals(")")) {
        inRequire = false;
        continue;
      }
      if (!inRequire && !text.startsWith("require ")) {
        continue;
      }
      Matcher m = REQUIRE.matcher(text);
      if (m.matches()) {
        String module = m.group(1);
        if ((pkg.equals(module) || pkg.startsWith(module + "/"))
            && (best == null || module.length() > best.module().length())) {
          best = new Require(module, m.group(2));
        }
      }
    }
    if (best == null) {
      throw new ToolException(at(file, line) + goMod + " requires no module that holds " + pkg
          + ": add `require <module> <version>` for it");
    }
    if (!VERSION.matcher(best.version()).matches()) {
      throw new ToolException(at(file, line) + goMod + " requires " + best.module() + " at \""
          + best.version() + "\": pin a release version like v1.2.3");
    }
    return best;
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
    return Digest.of(text.toString()).substring(0, 12);
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
