package org.monitoringstack.gate.policy.check;

import static org.monitoringstack.gate.policy.ParsedYaml.isTrue;
import static org.monitoringstack.gate.policy.ParsedYaml.list;
import static org.monitoringstack.gate.policy.ParsedYaml.map;
import static org.monitoringstack.gate.policy.ParsedYaml.maps;
import static org.monitoringstack.gate.policy.ParsedYaml.str;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import org.monitoringstack.gate.policy.ParsedYaml;

/**
 * An Alertmanager routing tree and its receivers, parsed from {@code alertmanager.yaml}, routing
 * an alert's labels as Alertmanager does: a route matches when all its matchers ({@code
 * matchers}, {@code match}, {@code match_re}; regular expressions anchored) match; children are
 * tried in order and the first that matches stops the search unless it has {@code continue:
 * true}; when no child matches, the route itself takes the alert; a route without {@code
 * receiver} inherits its parent's. The {@code inhibit_rules} are kept as {@link Inhibition}s.
 *
 * @param receivers the {@code receivers} by name
 */
record AlertRouting(Route root, Map<String, Map<String, Object>> receivers,
    List<Inhibition> inhibitions) {

  /** One label matcher. */
  record LabelMatcher(String name, String op, String value) {
    boolean matches(Map<String, String> labels) {
      String actual = labels.getOrDefault(name, "");
      return switch (op) {
        case "=" -> actual.equals(value);
        case "!=" -> !actual.equals(value);
        case "=~" -> regex(actual);
        case "!~" -> !regex(actual);
        default -> false;
      };
    }

    private boolean regex(String actual) {
      try {
        return Pattern.compile("^(?:" + value + ")$").matcher(actual).matches();
      } catch (PatternSyntaxException e) {
        return false;
      }
    }
  }

  private static boolean all(List<LabelMatcher> matchers, Map<String, String> labels) {
    return matchers.stream().allMatch(m -> m.matches(labels));
  }

  /** One route, with its effective receiver and dotted path in the configuration. */
  record Route(String path, String receiver, List<LabelMatcher> matchers, boolean continues,
      List<Route> children) {

    boolean matches(Map<String, String> labels) {
      return all(matchers, labels);
    }

    /** Does it match alerts by name (as a dead man's switch route matches the Watchdog)? */
    boolean matchesByName() {
      return matchers.stream().anyMatch(m -> m.name().equals("alertname"));
    }
  }

  /**
   * One inhibit rule: while an alert matching {@code source} fires, alerts matching {@code
   * target} that have the same value (or both none) for every label in {@code equal} are not
   * sent. An alert that matches both sides is not inhibited by alerts that equal it.
   */
  record Inhibition(String path, List<LabelMatcher> source, List<LabelMatcher> target,
      List<String> equal) {

    boolean isSource(Map<String, String> labels) {
      return all(source, labels);
    }

    boolean isTarget(Map<String, String> labels) {
      return all(target, labels);
    }
  }

  /** Parses a loaded configuration document. */
  static AlertRouting of(Object config) {
    Map<String, Object> doc = map(config);
    Map<String, Map<String, Object>> receivers = new LinkedHashMap<>();
    for (Map<String, Object> r : maps(doc.get("receivers"))) {
      receivers.put(str(r.get("name")), r);
    }
    List<Inhibition> inhibitions = new ArrayList<>();
    List<Object> rules = list(doc.get("inhibit_rules"));
    for (int i = 0; i < rules.size(); i++) {
      Map<String, Object> rule = map(rules.get(i));
      inhibitions.add(new Inhibition("inhibit_rules." + i, matchers(rule, "source_"),
          matchers(rule, "target_"), list(rule.get("equal")).stream().map(ParsedYaml::str)
              .toList()));
    }
    return new AlertRouting(route(map(doc.get("route")), "route", ""), receivers, inhibitions);
  }

  /** The matchers of a route ({@code prefix} empty) or of one side of an inhibit rule. */
  private static List<LabelMatcher> matchers(Map<String, Object> body, String prefix) {
    List<LabelMatcher> matchers = new ArrayList<>();
    map(body.get(prefix + "match")).forEach((k, v) -> matchers.add(
        new LabelMatcher(k, "=", str(v))));
    map(body.get(prefix + "match_re")).forEach((k, v) -> matchers.add(
        new LabelMatcher(k, "=~", str(v))));
    for (Object m : list(body.get(prefix + "matchers"))) {
      matchers.addAll(parseMatchers(str(m)));
    }
    return matchers;
  }

  private static Route route(Map<String, Object> body, String path, String inherited) {
    String receiver = str(body.get("receiver")).isEmpty() ? inherited : str(body.get("receiver"));
    List<Route> children = new ArrayList<>();
    List<Object> routes = list(body.get("routes"));
    for (int i = 0; i < routes.size(); i++) {
      children.add(route(map(routes.get(i)), path + ".routes." + i, receiver));
    }
    return new Route(path, receiver, matchers(body, ""), isTrue(body.get("continue")), children);
  }

  private static final Pattern MATCHER = Pattern.compile(
      "\\s*([A-Za-z_][A-Za-z0-9_]*|\"[^\"]*\")\\s*(=~|!~|!=|=)\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|[^,]*)"
          + "\\s*");

  static List<LabelMatcher> parseMatchers(String text) {
    String t = text.trim();
    if (t.startsWith("{") && t.endsWith("}")) {
      t = t.substring(1, t.length() - 1);
    }
    List<LabelMatcher> out = new ArrayList<>();
    Matcher m = MATCHER.matcher(t);
    int at = 0;
    while (at < t.length() && m.find(at) && m.start() == at) {
      out.add(new LabelMatcher(unquote(m.group(1)), m.group(2), unquote(m.group(3).trim())));
      at = m.end();
      if (at < t.length() && t.charAt(at) == ',') {
        at++;
      }
    }
    return out;
  }

  private static String unquote(String s) {
    if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
      return s.substring(1, s.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
    }
    return s;
  }

  /** The routes that take an alert with these labels. */
  List<Route> route(Map<String, String> labels) {
    List<Route> out = match(root, labels);
    return out.isEmpty() ? List.of(root) : out;
  }

  private static List<Route> match(Route route, Map<String, String> labels) {
    if (!route.matches(labels)) {
      return List.of();
    }
    List<Route> all = new ArrayList<>();
    for (Route child : route.children()) {
      List<Route> matched = match(child, labels);
      all.addAll(matched);
      if (!matched.isEmpty() && !child.continues()) {
        break;
      }
    }
    return all.isEmpty() ? List.of(route) : all;
  }

  /** The integration types ({@code *_configs} with entries) of the named receivers, sorted. */
  Set<String> integrations(Collection<String> receiverNames) {
    Set<String> out = new TreeSet<>();
    for (String name : receiverNames) {
      map(receivers.get(name)).forEach((k, v) -> {
        if (k.endsWith("_configs") && !list(v).isEmpty()) {
          out.add(k);
        }
      });
    }
    return out;
  }

  /** How messages show labels: {@code name=value} pairs sorted by name. */
  static String display(Map<String, String> labels) {
    return new TreeMap<>(labels).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(", "));
  }

  /** How messages name routes: their paths in the configuration. */
  static String paths(List<Route> routes) {
    return routes.stream().map(Route::path).collect(Collectors.joining(", "));
  }

  /** Does the route match alerts by name and send them somewhere (a dead man's switch)? */
  boolean isDeadMansSwitch(Route route) {
    return route.matchesByName() && !integrations(List.of(route.receiver())).isEmpty();
  }
}
