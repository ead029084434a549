package org.monitoringstack.gate.policy.check;

import static org.monitoringstack.gate.policy.ParsedYaml.map;
import static org.monitoringstack.gate.policy.ParsedYaml.maps;
import static org.monitoringstack.gate.policy.ParsedYaml.str;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.monitoringstack.gate.exec.ToolException;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.model.Target;
import org.monitoringstack.gate.policy.Workload;

/**
 * Finds the configuration each Alertmanager resource of the render runs with. The operator reads
 * key {@code alertmanager.yaml} of the Secret {@code spec.configSecret} (default {@code
 * alertmanager-<name>}) of the Alertmanager's namespace. Looked for, in order:
 *
 * <ol>
 *   <li>a Secret of that name, or of that name with a kustomize hash suffix ({@code
 *       <name>-<10 characters>}: a generated Secret referenced from a field kustomize does not
 *       rewrite);
 *   <li>an external-secrets.io ExternalSecret whose target ({@code spec.target.name}, default its
 *       own name) is that Secret: {@code spec.target.template.data."alertmanager.yaml"} or a
 *       {@code templateFrom} ConfigMap item of that key. Go-template placeholders ({@code {{
 *       .slack_url }}}) are replaced by syntactically valid dummies chosen by the YAML key they
 *       stand for (URL, host:port, address, text); the escapes {@code {{ "{{" }}} and {@code {{
 *       "}}" }}} become the braces Alertmanager's own templates need;
 *   <li>a ConfigMap of that name (with or without suffix).
 * </ol>
 */
final class AlertmanagerConfigs {

  static final String KEY = "alertmanager.yaml";

  private AlertmanagerConfigs() {}

  /**
   * The configuration an Alertmanager runs with.
   *
   * @param source the object that holds it
   * @param path where in {@code source} (for locating findings)
   * @param text the configuration, placeholders substituted; empty when not in git
   * @param problem why the configuration cannot be read, empty when {@code text} is usable
   */
  record Config(Resource source, String path, String text, String problem) {}

  /**
   * The file a hint tells the user to edit for the routes and receivers of {@code config}: the
   * {@value #KEY} beside the object's source when it exists (a generator's {@code files} entry
   * keeps the file name as its key, and the production ExternalSecret's template is filled from
   * one by a replacement), else the object's own file.
   */
  static String fileToEdit(Config config, Target target) {
    String file = config.source().source().file();
    Path root = target.dir();
    for (int i = 0; root != null && i < Path.of(target.id()).getNameCount(); i++) {
      root = root.getParent();
    }
    Path dir = Path.of(file).getParent();
    String sibling = dir == null ? KEY : dir.resolve(KEY).toString();
    return root != null && !sibling.equals(file) && Files.isRegularFile(root.resolve(sibling))
        ? sibling : file;
  }

  /**
   * Runs {@code work} on the configuration written to a temporary file (deleted afterwards):
   * how amtool reads it.
   */
  static void withFile(Config config, Consumer<Path> work) {
    Path file = null;
    try {
      file = Files.createTempFile("alertmanager-", ".yaml");
      Files.writeString(file, config.text(), StandardCharsets.UTF_8);
      work.accept(file);
    } catch (IOException e) {
      throw new ToolException("cannot write a temporary file for amtool: " + e.getMessage(), e);
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          // a leftover temporary file is harmless
        }
      }
    }
  }

  /** One Alertmanager resource and what was found for it. */
  record Lookup(Resource alertmanager, String secretName, Optional<Config> config) {}

  static List<Lookup> lookups(List<Resource> resources) {
    return Workload.all(resources).stream().filter(StackComponents::isAlertmanager).map(w -> {
      Resource am = w.resource();
      String configSecret = str(am.at("spec.configSecret").orElse(null));
      String secret = configSecret.isEmpty() ? "alertmanager-" + am.name() : configSecret;
      return new Lookup(am, secret, find(resources, am.namespace(), secret));
    }).toList();
  }

  private static boolean named(Resource r, String namespace, String name) {
    return r.namespace().equals(namespace) && (r.name().equals(name)
        || r.name().matches(Pattern.quote(name) + "-[a-z0-9]{10}"));
  }

  private static Optional<Config> find(List<Resource> resources, String ns, String name) {
    for (Resource r : resources) {
      if (r.is("Secret") && r.group().isEmpty() && named(r, ns, name)) {
        String text = PodFiles.data(r).get(KEY);
        String path = r.at("stringData").isPresent() ? "stringData" : "data";
        return Optional.of(text == null
            ? new Config(r, path, "", "has no key " + KEY)
            : new Config(r, path, text, ""));
      }
    }
    for (Resource r : resources) {
      if (!r.is("ExternalSecret") || !r.group().equals("external-secrets.io")
          || !r.namespace().equals(ns)) {
        continue;
      }
      String target = str(r.at("spec.target.name").orElse(null));
      if (!(target.isEmpty() ? named(r, ns, name) : target.equals(name))) {
        continue;
      }
      Object inline = map(r.at("spec.target.template.data").orElse(null)).get(KEY);
      if (inline != null) {
        return Optional.of(new Config(r, "spec.target.template.data", substitute(str(inline)),
            ""));
      }
      for (Map<String, Object> from : maps(r.at("spec.target.template.templateFrom")
          .orElse(null))) {
        Map<String, Object> cmRef = map(from.get("configMap"));
        for (Map<String, Object> item : maps(cmRef.get("items"))) {
          if (!str(item.get("key")).equals(KEY)) {
            continue;
          }
          Optional<Resource> cm = PodFiles.find(resources, "ConfigMap", ns,
              str(cmRef.get("name")));
          if (cm.isPresent() && PodFiles.data(cm.get()).containsKey(KEY)) {
            return Optional.of(new Config(cm.get(), "data",
                substitute(PodFiles.data(cm.get()).get(KEY)), ""));
          }
        }
      }
      return Optional.of(new Config(r, "spec.target", "",
          "takes " + KEY + " whole from the secret store, so the configuration is not in"
          + " git; expected spec.target.template.data with the " + KEY + " template"));
    }
    for (Resource r : resources) {
      if (r.is("ConfigMap") && r.group().isEmpty() && named(r, ns, name)
          && PodFiles.data(r).containsKey(KEY)) {
        return Optional.of(new Config(r, "data", PodFiles.data(r).get(KEY), ""));
      }
    }
    return Optional.empty();
  }

  private static final Pattern ACTION = Pattern.compile(
      "\\{\\{-?\\s*(\"\\{\\{\"|\"\\}\\}\"|`\\{\\{`|`\\}\\}`)\\s*-?\\}\\}|\\{\\{.*?\\}\\}");
  private static final Pattern KEY_BEFORE =
      Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*:\\s*(['\"]?)$");

  /** Replaces Go-template actions by dummies valid for the field they stand for. */
  static String substitute(String template) {
    return Arrays.stream(template.split("\n", -1))
        .map(line -> ACTION.matcher(line).replaceAll(m -> Matcher.quoteReplacement(
            m.group(1) != null ? m.group(1).substring(1, 3) // an escaped brace pair
                : wholeValueKey(line, m.start(), m.end()).map(AlertmanagerConfigs::dummy)
                    .orElse("placeholder"))))
        .collect(Collectors.joining("\n"));
  }

  /** The YAML key whose whole value (block or flow style) is the action at start..end. */
  private static Optional<String> wholeValueKey(String line, int start, int end) {
    Matcher key = KEY_BEFORE.matcher(line.substring(0, start));
    if (!key.find()) {
      return Optional.empty();
    }
    String quote = key.group(2);
    String rest = line.substring(end);
    if (!quote.isEmpty()) {
      if (!rest.startsWith(quote)) {
        return Optional.empty();
      }
      rest = rest.substring(1);
    }
    String t = rest.trim();
    return t.isEmpty() || ",}]#".indexOf(t.charAt(0)) >= 0 ? Optional.of(key.group(1))
        : Optional.empty();
  }

  static String dummy(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    if (k.equals("url") || k.endsWith("_url")) {
      return "https://placeholder.invalid/secret";
    }
    if (k.endsWith("smarthost")) {
      return "smtp.placeholder.invalid:587";
    }
    if (k.equals("to") || k.equals("from") || k.endsWith("_from")) {
      return "alerts@placeholder.invalid";
    }
    return "placeholder";
  }
}
