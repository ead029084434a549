package org.monitoringstack.gate.render;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.ObjectRef;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.model.Severity;
import org.monitoringstack.gate.model.Target;
import org.monitoringstack.gate.yaml.SafeYaml;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The Applications that Argo CD ApplicationSets generate for one cluster folder, as the
 * ApplicationSet controller would: for every git files generator ({@code
 * spec.generators[].git.files[].path}, globs with {@code *} and {@code **}, {@code exclude:
 * true} entries honoured) whose glob matches a file of the cluster folder, one Application from
 * the generator's {@code template} merged over {@code spec.template} (the generator's field wins
 * where it sets one, maps merge key by key, a list is taken whole), with that file's
 * parameters: its YAML keys ({@code {{ .data.cluster }}}) and {@code path.path}, {@code
 * path.basename}, {@code path.filename}. Only plain parameter references are expanded;
 * anything else in {@code {{ }}} (functions, pipelines), a key the file does not set, or a
 * values file that is not a YAML mapping is a {@code render.applicationset} finding at the
 * ApplicationSet. Each generated Application keeps the ApplicationSet's source location; the
 * ApplicationSets that generate for the folder are returned too, since what orders their
 * Applications ({@code spec.strategy}) is theirs.
 */
final class ApplicationSets {

  static final String CHECK = "render.applicationset";
  private static final Pattern EXPR = Pattern.compile("\\{\\{(.*?)}}");
  private static final Pattern PARAM =
      Pattern.compile("\\s*\\.([A-Za-z0-9_]+(?:\\.[A-Za-z0-9_]+)*)\\s*");

  private final Path repoRoot;

  ApplicationSets(Path repoRoot) {
    this.repoRoot = Objects.requireNonNull(repoRoot, "repoRoot");
  }

  /**
   * What the ApplicationSets generate for the target's folder, with any findings.
   *
   * @param sets the ApplicationSets that generate at least one Application for it
   */
  record Generated(List<Resource> applications, List<Resource> sets, List<Finding> findings) {
    Generated {
      applications = List.copyOf(applications);
      sets = List.copyOf(sets);
      findings = List.copyOf(findings);
    }
  }

  Generated generate(Target target, List<Resource> fleet) {
    List<Resource> apps = new ArrayList<>();
    List<Resource> sets = new ArrayList<>();
    List<Finding> findings = new ArrayList<>();
    List<String> files = filesOf(target.dir());
    for (Resource set : fleet) {
      if (!set.group().equals("argoproj.io") || !set.is("ApplicationSet")) {
        continue;
      }
      for (Object generator : list(set.at("spec.generators").orElse(null))) {
        for (String file : matching(generator, files)) {
          if (!sets.contains(set)) {
            sets.add(set);
          }
          expand(target, set, template(set, generator), file, apps, findings);
        }
      }
    }
    return new Generated(apps, sets, findings);
  }

  /** The generator's {@code template} merged over the set's {@code spec.template}. */
  private static Object template(Resource set, Object generator) {
    Object base = set.at("spec.template").orElse(Map.of());
    Object own = generator instanceof Map<?, ?> g ? g.values().stream()
        .flatMap(config -> Resource.at(config, "template").stream()).findFirst().orElse(null)
        : null;
    return own == null ? base : merge(own, base);
  }

  /** {@code over} where it sets a value, else {@code under}; maps merge key by key. */
  private static Object merge(Object over, Object under) {
    if (over instanceof Map<?, ?> o && under instanceof Map<?, ?> u) {
      Map<String, Object> out = new LinkedHashMap<>();
      u.forEach((k, v) -> out.put(String.valueOf(k), v));
      o.forEach((k, v) -> out.put(String.valueOf(k), out.containsKey(String.valueOf(k))
          ? merge(v, out.get(String.valueOf(k))) : v));
      return out;
    }
    boolean unset = over == null || "".equals(over)
        || (over instanceof List<?> l && l.isEmpty());
    return unset ? under : over;
  }

  private void expand(Target target, Resource set, Object setTemplate, String file,
      List<Resource> apps, List<Finding> findings) {
    Map<String, Object> params = new LinkedHashMap<>();
    try {
      List<Object> docs = SafeYaml.loadAll(
          Files.readString(repoRoot.resolve(file), StandardCharsets.UTF_8));
      if (docs.size() != 1 || !(docs.get(0) instanceof Map<?, ?> m)) {
        findings.add(finding(target, set, file + ", which " + set.ref().display()
            + " generates Applications from, is not one YAML mapping; expected the cluster's"
            + " values object", "keep exactly one object in " + file));
        return;
      }
      m.forEach((k, v) -> params.put(String.valueOf(k), v));
    } catch (IOException | YAMLException e) {
      findings.add(finding(target, set, "cannot read " + file + ", which " + set.ref().display()
          + " generates Applications from: " + SafeYaml.oneLine(String.valueOf(e.getMessage())),
          "fix the YAML of " + file));
      return;
    }
    int slash = file.lastIndexOf('/');
    String dir = slash < 0 ? "" : file.substring(0, slash);
    params.put("path", Map.of("path", dir,
        "basename", dir.substring(dir.lastIndexOf('/') + 1),
        "filename", file.substring(slash + 1)));
    List<String> problems = new ArrayList<>();
    Object template = substitute(setTemplate, params, problems);
    if (!problems.isEmpty()) {
      findings.add(finding(target, set, "cannot generate the Application for " + file + ": "
          + String.join("; ", problems), "set the parameter in " + file
          + " or use only {{ .key }} references in spec.template"));
      return;
    }
    Map<String, Object> tpl = template instanceof Map<?, ?> t ? cast(t) : Map.of();
    Map<String, Object> metadata = new LinkedHashMap<>(
        tpl.get("metadata") instanceof Map<?, ?> md ? cast(md) : Map.of());
    metadata.put("namespace", set.namespace());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("apiVersion", "argoproj.io/v1alpha1");
    body.put("kind", "Application");
    body.put("metadata", metadata);
    body.put("spec", tpl.getOrDefault("spec", Map.of()));
    String name = String.valueOf(metadata.getOrDefault("name", ""));
    apps.add(new Resource(new ObjectRef("argoproj.io/v1alpha1", "Application", set.namespace(),
        name), body, set.source()));
  }

  private static Object substitute(Object node, Map<String, Object> params,
      List<String> problems) {
    if (node instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), substitute(v, params, problems)));
      return out;
    }
    if (node instanceof List<?> l) {
      return l.stream().map(v -> substitute(v, params, problems)).toList();
    }
    if (!(node instanceof String s) || !s.contains("{{")) {
      return node;
    }
    Matcher m = EXPR.matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      Matcher p = PARAM.matcher(m.group(1));
      String value = null;
      if (!p.matches()) {
        problems.add("{{" + m.group(1) + "}} is not a plain parameter reference");
      } else {
        Object v = Resource.at(params, p.group(1)).orElse(null);
        if (v == null || v instanceof Map<?, ?> || v instanceof List<?>) {
          problems.add("." + p.group(1) + " is not set (or not a single value)");
        } else {
          value = String.valueOf(v);
        }
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The files of {@code files} that a git files generator selects. */
  private static List<String> matching(Object generator, List<String> files) {
    List<Pattern> include = new ArrayList<>();
    List<Pattern> exclude = new ArrayList<>();
    for (Object f : list(Resource.at(generator, "git.files").orElse(null))) {
      Object path = Resource.at(f, "path").orElse(null);
      if (path instanceof String glob) {
        (Boolean.TRUE.equals(Resource.at(f, "exclude").orElse(null)) ? exclude : include)
            .add(glob(glob));
      }
    }
    return files.stream().filter(file -> include.stream().anyMatch(p -> p.matcher(file).matches())
        && exclude.stream().noneMatch(p -> p.matcher(file).matches())).toList();
  }

  static Pattern glob(String glob) {
    StringBuilder re = new StringBuilder();
    String g = glob.startsWith("/") ? glob.substring(1) : glob;
    for (int i = 0; i < g.length(); i++) {
      char c = g.charAt(i);
      if (c == '*' && i + 1 < g.length() && g.charAt(i + 1) == '*') {
        re.append(".*");
        i++;
      } else if (c == '*') {
        re.append("[^/]*");
      } else if (c == '?') {
        re.append("[^/]");
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString());
  }

  private List<String> filesOf(Path dir) {
    Path real = ManifestParser.realPath(dir);
    Path root = ManifestParser.realPath(repoRoot);
    try (Stream<Path> walk = Files.walk(real)) {
      return walk.filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString().replace('\\', '/')).sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  private static Finding finding(Target target, Resource set, String message, String hint) {
    return Finding.of(CHECK, Severity.ERROR, "", target.id(), set.ref(), set.source(), message,
        hint);
  }

  private static List<?> list(Object o) {
    return o instanceof List<?> l ? l : List.of();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }
}
